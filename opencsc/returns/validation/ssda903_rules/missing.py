"""Rules on the Missing table: periods when a looked-after child was missing (M) or away
from placement without authorisation (A). Each period has valid dates inside the year,
does not overlap another, falls within the child's care, and is closed when care ends.
"""

import polars as pl

from opencsc.codes.ssda903 import MISSING_TYPE

from ..engine import ROW, rule
from .common import DEC, DECOM, YEARS, header_once, not_a_date, rows, years_after

KIND, START, END = pl.col("MISSING"), pl.col("MIS_START"), pl.col("MIS_END")
NO_FINDINGS = None
REC_NOT_E8 = pl.col("REC").ne_missing(pl.lit("E8"))


def periods_of_care(episodes: pl.DataFrame) -> pl.DataFrame:
    """Each child's periods of care: runs of episodes, each starting the day the last one
    ceased. ``_care_end`` is null for a period still open."""
    child = pl.col("CHILD")
    dated = episodes.filter(DECOM.is_not_null()).sort("CHILD", "DECOM")
    new_period = (child.ne_missing(child.shift(1))
                  | DEC.shift(1).is_null() | (DECOM != DEC.shift(1)))
    marked = dated.with_columns(new_period.fill_null(True).cum_sum().alias("_period"))
    return marked.group_by("_period").agg(
        child.first(), DECOM.first().alias("_care_start"), DEC.last().alias("_care_end"))


def missing_within_care(tables) -> pl.DataFrame:
    """Each missing period with a start date, with ``_in_care``: whether it began inside
    one of the child's periods of care, and ``_open_care``: whether that period is open."""
    missing = tables["Missing"].filter(START.is_not_null())
    care = periods_of_care(tables["Episodes"])
    inside = (START >= pl.col("_care_start")) & (
        pl.col("_care_end").is_null() | (START <= pl.col("_care_end")))
    paired = missing.select(ROW, "CHILD", "MIS_START").join(care, on="CHILD", how="inner")
    found = (paired.filter(inside).group_by(ROW)
             .agg(pl.col("_care_end").is_null().any().alias("_open_care")))
    return (missing.join(found, on=ROW, how="left")
            .with_columns(pl.col("_open_care").is_not_null().alias("_in_care")))


@rule("903", "564", years=YEARS, table="Missing", fields=["MISSING", "MIS_START"],
      message="The child was missing or away without authorisation, but the date it started "
              "is blank")
def start_given(tables, context):
    return rows(tables["Missing"], KIND.is_not_null() & START.is_null())


@rule("903", "565", years=YEARS, table="Missing", fields=["MISSING", "MIS_START"],
      message="The date the child went missing or away is given, but not whether they were "
              "missing (M) or away (A)")
def kind_given_with_start(tables, context):
    return rows(tables["Missing"], START.is_not_null() & KIND.is_null())


@rule("903", "566", years=YEARS, table="Missing", fields=["MISSING", "MIS_END"],
      message="The date the missing or away period ended is given, but not whether the child "
              "was missing (M) or away (A)")
def kind_given_with_end(tables, context):
    return rows(tables["Missing"], END.is_not_null() & KIND.is_null())


@rule("903", "567", years=YEARS, table="Missing", fields=["MIS_START", "MIS_END"],
      message="The missing or away period ends before it started")
def ends_after_start(tables, context):
    return rows(tables["Missing"], END < START)


@rule("903", "570", years=YEARS, table="Missing", fields=["MIS_START"],
      message="The missing or away period starts after the end of the collection year")
def starts_in_year(tables, context):
    return rows(tables["Missing"], START > context.end)


@rule("903", "571", years=YEARS, table="Missing", fields=["MIS_END"],
      message="The missing or away period ends outside the collection year")
def ends_in_year(tables, context):
    return rows(tables["Missing"], (END < context.start) | (END > context.end))


@rule("903", "574", years=YEARS, table="Missing", fields=["MIS_START", "MIS_END"],
      message="The missing or away period starts while the child's previous one is still "
              "open, or overlaps it")
def no_overlap(tables, context):
    child = pl.col("CHILD")
    ordered = tables["Missing"].filter(START.is_not_null()).sort("CHILD", "MIS_START")
    same_child = child.eq_missing(child.shift(1))
    overlaps = END.shift(1).is_null() | (START < END.shift(1))
    return rows(ordered, same_child & overlaps)


@rule("903", "575", years=YEARS, table="Missing", fields=["MIS_END"],
      message="The placement the child went missing or away from has ended, but the missing "
              "or away period has no end date")
def closed_when_placement_ends(tables, context):
    open_periods = tables["Missing"].filter(START.is_not_null() & END.is_null())
    ended = tables["Episodes"].filter(DEC.is_not_null()).select("CHILD", "DECOM", "DEC")
    joined = open_periods.join(ended, on="CHILD", how="inner")
    return rows(joined, (START >= DECOM) & (START <= DEC))


@rule("903", "576", years=YEARS, table="Missing", fields=["MIS_START"],
      message="Last year's return ended with this child missing or away, but this year's "
              "first missing or away period does not start on the same date")
def open_period_carries_over(tables, context):
    previous = context.previous
    if previous is None or previous.get("Missing") is None:
        return NO_FINDINGS
    still_open = (previous["Missing"].filter(START.is_not_null() & END.is_null())
                  .select("CHILD", START.alias("_open_start")))
    first = tables["Missing"].sort("CHILD", "MIS_START", nulls_last=True).unique(
        "CHILD", keep="first")
    joined = first.join(still_open, on="CHILD", how="inner")
    return rows(joined, START.ne_missing(pl.col("_open_start")))


@rule("903", "577", years=YEARS, table="Missing", fields=["MIS_END"],
      message="The child's care has ended, but a missing or away period has no end date")
def closed_when_care_ends(tables, context):
    periods = missing_within_care(tables)
    return rows(periods, END.is_null() & ~pl.col("_open_care").fill_null(False))


@rule("903", "578", years=YEARS, table="Missing", fields=["MIS_START"],
      message="The missing or away period starts after the child ceased to be looked after")
def starts_before_care_ended(tables, context):
    periods = missing_within_care(tables)
    care = periods_of_care(tables["Episodes"]).filter(pl.col("_care_end").is_not_null())
    ended_before = (periods.filter(~pl.col("_in_care")).join(care, on="CHILD", how="inner")
                    .filter(START > pl.col("_care_end")).select(ROW).unique())
    return ended_before


@rule("903", "580", years=YEARS, table="Episodes", fields=["REC", "DEC"],
      message="The child was missing when care ended on their 18th birthday, so the reason "
              "the episode ceased must be E8")
def missing_at_18_ends_with_e8(tables, context):
    missing = tables["Missing"].join(header_once(tables).select("CHILD", "DOB"), on="CHILD",
                                     how="left", suffix="_header")
    dob = pl.coalesce(pl.col("DOB"), pl.col("DOB_header"))
    at_18 = (missing.filter(END == years_after(dob, 18))
             .select("CHILD", END.alias("_missing_until")).unique())
    joined = tables["Episodes"].join(at_18, on="CHILD", how="inner")
    return rows(joined, (DEC == pl.col("_missing_until")) & REC_NOT_E8)



@rule("903", "581", years=YEARS, table="Missing", fields=["MIS_START"],
      message="The missing or away period starts when the child was not looked after")
def starts_in_care(tables, context):
    missing = tables["Missing"].filter(START.is_not_null())
    episodes = tables["Episodes"].filter(DECOM.is_not_null()).select("CHILD", "DECOM", "DEC")
    inside = (START >= DECOM) & (DEC.is_null() | (START <= DEC))
    within = (missing.select(ROW, "CHILD", "MIS_START").join(episodes, on="CHILD")
              .filter(inside).select(ROW).unique())
    return missing.join(within, on=ROW, how="anti").select(ROW)


@rule("903", "586", years=YEARS, table="Missing", fields=["MIS_START", "DOB"],
      message="The missing or away period starts on or before the child's date of birth")
def starts_after_birth(tables, context):
    return rows(tables["Missing"], START <= pl.col("DOB"))


@rule("903", "1004", years=YEARS, table="Missing", fields=["MIS_START"],
      message="The date the missing or away period started is not a real date")
def start_is_a_date(tables, context):
    return rows(tables["Missing"], not_a_date(tables["Missing"], "MIS_START"))


@rule("903", "1005", years=YEARS, table="Missing", fields=["MIS_END"],
      message="The date the missing or away period ended is not a real date")
def end_is_a_date(tables, context):
    return rows(tables["Missing"], not_a_date(tables["Missing"], "MIS_END"))


@rule("903", "1006", years=YEARS, table="Missing", fields=["MISSING"],
      message="Missing or away must be M (missing) or A (away without authorisation)")
def kind_valid(tables, context):
    codes = sorted(MISSING_TYPE.codes_for_year(context.year))
    return rows(tables["Missing"], KIND.is_not_null() & ~KIND.is_in(codes))


@rule("903", "INT04", years=YEARS, table="Missing", fields=["CHILD"],
      message="This child is in the Missing table but not in the Header")
def missing_child_in_header(tables, context):
    known = tables["Header"].select("CHILD").unique()
    return tables["Missing"].join(known, on="CHILD", how="anti").select(ROW)


@rule("903", "INT13", years=YEARS, table="Missing", fields=["DOB"],
      message="The date of birth in the Missing table differs from the Header's")
def missing_dob_matches_header(tables, context):
    header = header_once(tables).select("CHILD", pl.col("DOB").alias("_header_dob"))
    joined = tables["Missing"].join(header, on="CHILD", how="inner")
    return rows(joined, pl.col("DOB").ne_missing(pl.col("_header_dob")))
