"""Rules on SWEpisodes: the social workers allocated to each child looked after at 31
March, over the reporting period.

Source: the DfE SSDA903 validation rules as implemented by the open 903 validator
(data-to-insight/csc-validator-be-903, lac2023_24 to lac2025_26 SW rules). The social
worker reporting period starts a year before the collection year, so an allocation may
date back to 1 April of the year before.
"""

import datetime

import polars as pl

from ..engine import rule
from .common import DEC, DECOM, YEARS, before, kept, not_a_date, rows

ID, START, END = pl.col("SW_ID"), pl.col("SW_DECOM"), pl.col("SW_DEC")
REASON = pl.col("SW_REASON")
# Reasons the social worker changed (SW_REASON), from the DfE's 2024-25 guidance.
SW_REASONS = ["MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN",
              "PCCHAN", "SWDIED", "OTHERS"]
# Episodes starting before this date predate the collection of the reason for change.
REASONS_COLLECTED_FROM = datetime.date(2023, 4, 1)


def allocations(tables) -> pl.DataFrame:
    return tables["SWEpisodes"]


def in_order(tables) -> pl.DataFrame:
    """A child's allocations by start, with ``_first`` and ``_last`` (kept for the other
    rules on the same return; compared along the sorted frame, not windowed per child)."""
    def order():
        child = pl.col("CHILD")
        return (allocations(tables).sort("CHILD", "SW_DECOM", nulls_last=False)
                .with_columns(_first=child.ne_missing(child.shift(1)),
                              _last=child.ne_missing(child.shift(-1))))

    return kept(("allocations",), (allocations(tables),), order)


def reporting_start(context) -> datetime.date:
    return context.start.replace(year=context.start.year - 1)


@rule("903", "SW01aSTG1", years=YEARS, table="SWEpisodes", fields=["SW_DECOM", "SW_ID"],
      message="Each social worker episode needs a start date, and one begun before April "
              "2023 a social worker ID")
def complete_before_2023(tables, context):
    early = (START < REASONS_COLLECTED_FROM) & ID.is_null()
    return rows(allocations(tables), START.is_null() | early)


@rule("903", "SW01bSTG1", years=YEARS, table="SWEpisodes",
      fields=["SW_DECOM", "SW_ID", "SW_REASON"],
      message="Each social worker episode needs a start date, and one begun from April "
              "2023 a social worker ID and a reason for the change")
def complete_from_2023(tables, context):
    late = (START >= REASONS_COLLECTED_FROM) & (ID.is_null() | REASON.is_null())
    return rows(allocations(tables), START.is_null() | late)


@rule("903", "SW02STG1", years=YEARS, table="SWEpisodes", fields=["SW_ID"],
      message="The social worker ID must begin with SW (or XX where it is not known)")
def social_worker_id_format(tables, context):
    prefix = ID.str.slice(0, 2).str.to_uppercase()
    return rows(allocations(tables), ID.is_not_null() & ~prefix.is_in(["SW", "XX"]))


@rule("903", "SW04STG1", years=YEARS, table="SWEpisodes", fields=["SW_DECOM"],
      message="The date the social worker episode began is not a real date")
def start_is_a_date(tables, context):
    return rows(allocations(tables), not_a_date(allocations(tables), "SW_DECOM"))


@rule("903", "SW05STG1", years=YEARS, table="SWEpisodes", fields=["SW_DEC"],
      message="The date the social worker episode ended is not a real date")
def end_is_a_date(tables, context):
    return rows(allocations(tables), not_a_date(allocations(tables), "SW_DEC"))


@rule("903", "SW06STG2", years=YEARS, table="SWEpisodes", fields=["SW_DECOM"],
      message="The social worker episode begins after 31 March, outside the reporting "
              "period")
def starts_by_year_end(tables, context):
    return rows(allocations(tables), START > context.end)


@rule("903", "SW07STG2", years=YEARS, table="SWEpisodes", fields=["SW_DEC"],
      message="The social worker episode's end date is outside the reporting period (from "
              "1 April of the year before to 31 March)")
def ends_in_reporting_period(tables, context):
    return rows(allocations(tables), (END < reporting_start(context)) | (END > context.end))


@rule("903", "SW08STG2", years=YEARS, table="SWEpisodes", fields=["SW_DECOM", "SW_DEC"],
      message="A later social worker episode has started but this one has no end date")
def earlier_episodes_ended(tables, context):
    return rows(in_order(tables), ~pl.col("_last") & START.is_not_null() & END.is_null())


@rule("903", "SW09STG2", years=YEARS, table="SWEpisodes", fields=["SW_DECOM", "SW_DEC"],
      message="The social worker episode appears to have lasted less than a day")
def lasted_a_day(tables, context):
    return rows(allocations(tables), END <= START)


@rule("903", "SW10STG2", years=YEARS, table="SWEpisodes", fields=["SW_DECOM", "SW_DEC"],
      message="The social worker episode begins before the previous one ended")
def no_overlap(tables, context):
    ordered = in_order(tables)
    return rows(ordered, START < before("SW_DEC"))


@rule("903", "SW11bSTG2", years=YEARS, table="SWEpisodes", fields=["SW_DEC"],
      message="The child's last social worker episode ended before 31 March and no later "
              "episode is given")
def followed_by_another(tables, context):
    return rows(in_order(tables), pl.col("_last") & (END < context.end))


@rule("903", "SW17STG2", years=YEARS, table="SWEpisodes", fields=["SW_DEC"],
      message="No social worker episode is open at 31 March: the latest one has an end date")
def open_at_year_end(tables, context):
    return rows(in_order(tables), pl.col("_last") & END.is_not_null())


@rule("903", "SW13STG1", years=YEARS, table="SWEpisodes", fields=["SW_REASON"],
      message="The reason the social worker changed is not valid or is missing")
def reason_for_change(tables, context):
    # The child's first allocation in the period need not give a reason for change.
    missing = REASON.is_null() & ~pl.col("_first")
    return rows(in_order(tables), missing | (REASON.is_not_null()
                                             & ~REASON.is_in(SW_REASONS)))


@rule("903", "SW12STG2", years=YEARS, table="Episodes", fields=["DECOM", "DEC"],
      message="The child is looked after at 31 March, so social worker episodes must be "
              "reported from the start of the year (or of care, if later)")
def allocations_cover_the_year(tables, context):
    episodes = tables["Episodes"]
    open_at_end = DEC.is_null() & ~pl.col("LS").is_in(["V3", "V4"])
    began = episodes.group_by("CHILD").agg(DECOM.min().alias("_began"))
    earliest = allocations(tables).group_by("CHILD").agg(START.min().alias("_allocated"))
    joined = (episodes.filter(open_at_end.fill_null(False))
              .join(began, on="CHILD").join(earliest, on="CHILD", how="left"))
    needed_from = pl.max_horizontal(pl.col("_began"), pl.lit(context.start))
    return rows(joined, pl.col("_allocated").is_null()
                | (pl.col("_allocated") > needed_from))
