"""Rules on PlacedAdoption: decisions that a child should be placed for adoption, and
their reversal.

Source: the DfE SSDA903 validation rules as implemented by the open 903 validator
(data-to-insight/csc-validator-be-903: 115 to 120, 184, 522, 551 to 563, 579, 583, 584,
1003 and the integrity checks; 557 as redefined for 2024-25). A child may have several
decisions; each later one starts only after the earlier was reversed.
"""

import polars as pl

from opencsc.codes.ssda903 import REASON_PLACED_CEASED

from ..engine import rule
from .common import DEC, DECOM, YEARS, before, header_once, not_a_date, rows
from .outcomes import dob_differs, not_in_header

PLACED, CEASED = pl.col("DATE_PLACED"), pl.col("DATE_PLACED_CEASED")
REASON = pl.col("REASON_PLACED_CEASED")
PLACED_FOR_ADOPTION = ["A3", "A4", "A5", "A6"]
ADOPTED = ["E11", "E12"]


def decisions(tables) -> pl.DataFrame:
    return tables["PlacedAdoption"]


def with_child(tables, summary: pl.DataFrame) -> pl.DataFrame:
    return decisions(tables).join(summary, on="CHILD", how="inner")


def first_episode_where(tables, condition: pl.Expr, name: str) -> pl.DataFrame:
    episodes = tables["Episodes"].filter(condition)
    return episodes.group_by("CHILD").agg(DECOM.min().alias(name))


def in_order(tables) -> pl.DataFrame:
    """Each child's decisions by date (undated first), with ``_first`` and ``_last``."""
    child = pl.col("CHILD")
    return (decisions(tables).sort("CHILD", "DATE_PLACED", nulls_last=False)
            .with_columns(_first=child.ne_missing(child.shift(1)),
                          _last=child.ne_missing(child.shift(-1))))


def latest_decisions(tables) -> pl.DataFrame:
    """Each child's most recent decision (by DATE_PLACED)."""
    return in_order(tables).filter(pl.col("_last"))


@rule("903", "115", years=YEARS, table="PlacedAdoption", fields=["DATE_PLACED"],
      message="The date of the decision that the child should be placed for adoption is "
              "not a real date")
def date_placed_is_a_date(tables, context):
    return rows(decisions(tables), not_a_date(decisions(tables), "DATE_PLACED"))


@rule("903", "116", years=YEARS, table="PlacedAdoption", fields=["DATE_PLACED_CEASED"],
      message="The date of the decision that the child should no longer be placed for "
              "adoption is not a real date")
def date_ceased_is_a_date(tables, context):
    return rows(decisions(tables), not_a_date(decisions(tables), "DATE_PLACED_CEASED"))


@rule("903", "119", years=YEARS, table="PlacedAdoption",
      fields=["DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
      message="A reversed decision needs both the date it was reversed and the reason")
def reversal_date_and_reason(tables, context):
    return rows(decisions(tables), CEASED.is_null() != REASON.is_null())


@rule("903", "120", years=YEARS, table="PlacedAdoption", fields=["REASON_PLACED_CEASED"],
      message="The reason the child should no longer be placed for adoption is not one of "
              "RD1 to RD4")
def reversal_reason_code(tables, context):
    return rows(decisions(tables), REASON.is_not_null()
                & ~REASON.is_in(REASON_PLACED_CEASED.codes_for_year()))


@rule("903", "563", years=YEARS, table="PlacedAdoption",
      fields=["DATE_PLACED", "DATE_PLACED_CEASED"],
      message="The decision is recorded as reversed but the date of the decision itself is "
              "blank")
def reversal_needs_a_decision(tables, context):
    return rows(decisions(tables), PLACED.is_null() & (CEASED.is_not_null()
                                                       | REASON.is_not_null()))


@rule("903", "522", years=YEARS, table="PlacedAdoption",
      fields=["DATE_PLACED", "DATE_PLACED_CEASED"],
      message="The decision that the child should be placed for adoption must be on or "
              "before the date it was reversed")
def decided_before_reversed(tables, context):
    return rows(decisions(tables), PLACED > CEASED)


@rule("903", "184", years=YEARS, table="PlacedAdoption", fields=["DATE_PLACED"],
      message="The decision that the child should be placed for adoption is before the "
              "child was born")
def decided_after_birth(tables, context):
    header = header_once(tables).select("CHILD", pl.col("DOB").alias("_born"))
    return rows(with_child(tables, header), PLACED < pl.col("_born"))


@rule("903", "117", years=YEARS, table="PlacedAdoption",
      fields=["DATE_PLACED", "DATE_PLACED_CEASED"],
      message="A decision about placing the child for adoption is dated after 31 March or "
              "after the child left care")
def decided_by_year_end_and_in_care(tables, context):
    latest = (tables["Episodes"].sort("DECOM").group_by("CHILD")
              .agg(DEC.last().alias("_dec"), pl.col("REC").last().alias("_rec")))
    left = pl.when(pl.col("_rec") != "X1").then(pl.col("_dec"))
    joined = decisions(tables).join(latest, on="CHILD", how="left").with_columns(
        _left=left)
    late = [(d > context.end) | (d > pl.col("_left")) for d in (PLACED, CEASED)]
    return rows(joined, pl.any_horizontal(late))


@rule("903", "118", years=YEARS, table="PlacedAdoption", fields=["DATE_PLACED_CEASED"],
      message="The decision that the child should no longer be placed for adoption is "
              "dated before 1 April or before the child's care began")
def reversed_in_year_and_in_care(tables, context):
    began = first_episode_where(tables, ~pl.col("LS").is_in(["V3", "V4"]), "_began")
    joined = decisions(tables).join(began, on="CHILD", how="left")
    return rows(joined, (CEASED < context.start) | (CEASED < pl.col("_began")))


@rule("903", "1003", years=YEARS, table="PlacedAdoption", fields=["DATE_PLACED"],
      message="The decision that the child should be placed for adoption is before the "
              "child's current period of care began")
def decided_during_care(tables, context):
    started = (tables["Episodes"].filter(pl.col("RNE") == "S").group_by("CHILD")
               .agg(DECOM.max().alias("_started")))
    still_open = CEASED.is_null() | (CEASED >= pl.col("_started"))
    return rows(with_child(tables, started), (PLACED < pl.col("_started")) & still_open)


def earliest_decision_after(tables, summary: pl.DataFrame, name: str) -> pl.DataFrame:
    """Each child's earliest decision, where it is dated after the episode date."""
    earliest = in_order(tables).filter(PLACED.is_not_null()).unique("CHILD", keep="first")
    return rows(earliest.join(summary, on="CHILD", how="inner"), PLACED > pl.col(name))


@rule("903", "552", years=YEARS, table="PlacedAdoption", fields=["DATE_PLACED"],
      message="The decision that the child should be placed for adoption must be on or "
              "before the child was placed for adoption")
def decided_before_placement(tables, context):
    placed = first_episode_where(tables, pl.col("PLACE").is_in(PLACED_FOR_ADOPTION),
                                 "_placed")
    return earliest_decision_after(tables, placed, "_placed")


@rule("903", "554", years=YEARS, table="PlacedAdoption", fields=["DATE_PLACED"],
      message="The decision that the child should be placed for adoption must be on or "
              "before the placement order (E1) was granted")
def decided_before_placement_order(tables, context):
    order = first_episode_where(tables, pl.col("LS") == "E1", "_order")
    return earliest_decision_after(tables, order, "_order")


def episodes_without_decision(tables, condition: pl.Expr) -> pl.DataFrame:
    decided = decisions(tables).filter(PLACED.is_not_null()).select("CHILD").unique()
    episodes = tables["Episodes"].filter(condition.fill_null(False))
    return rows(episodes.join(decided, on="CHILD", how="anti"), pl.lit(True))


@rule("903", "551", years=YEARS, table="Episodes", fields=["PLACE"],
      message="The child is placed for adoption but there is no date of the decision that "
              "they should be placed for adoption")
def placement_needs_a_decision(tables, context):
    return episodes_without_decision(tables, pl.col("PLACE").is_in(PLACED_FOR_ADOPTION))


@rule("903", "553", years=YEARS, table="Episodes", fields=["LS"],
      message="A placement order (E1) was granted but there is no date of the decision "
              "that the child should be placed for adoption")
def placement_order_needs_a_decision(tables, context):
    return episodes_without_decision(tables, pl.col("LS") == "E1")


@rule("903", "557", years=YEARS, table="Episodes", fields=["PLACE", "LS", "REC"],
      message="The child was to be placed for adoption and has left care without being "
              "adopted, so the date and reason the decision was reversed must be given")
def reversal_recorded_when_leaving_unadopted(tables, context):
    reversed_ = decisions(tables).filter(CEASED.is_not_null() & REASON.is_not_null())
    episodes = tables["Episodes"]
    for_adoption = pl.col("PLACE").is_in(PLACED_FOR_ADOPTION) | (pl.col("LS") == "E1")
    left = pl.col("REC").is_not_null() & ~pl.col("REC").is_in(["X1", *ADOPTED])
    leaving = episodes.filter((for_adoption & left).fill_null(False))
    return rows(leaving.join(reversed_.select("CHILD").unique(), on="CHILD", how="anti"),
                pl.lit(True))


@rule("903", "558", years=YEARS, table="PlacedAdoption",
      fields=["DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
      message="The child was adopted, so the decision to place them for adoption cannot "
              "have been reversed")
def not_reversed_when_adopted(tables, context):
    adopted = (tables["Episodes"].filter(pl.col("REC").is_in(ADOPTED))
               .select("CHILD").unique())
    latest = latest_decisions(tables).join(adopted, on="CHILD", how="semi")
    return rows(latest, CEASED.is_not_null() | REASON.is_not_null())


@rule("903", "579", years=YEARS, table="PlacedAdoption",
      fields=["DATE_PLACED", "DATE_PLACED_CEASED"],
      message="A new decision that the child should be placed for adoption begins before "
              "the previous decision was reversed")
def decisions_do_not_overlap(tables, context):
    ordered = decisions(tables).filter(PLACED.is_not_null()).sort("CHILD", "DATE_PLACED")
    later = pl.col("CHILD").eq_missing(pl.col("CHILD").shift(1))
    previous = before("DATE_PLACED_CEASED")
    return rows(ordered, later & (previous.is_null() | (PLACED < previous)))


@rule("903", "583", years=YEARS, table="PlacedAdoption",
      fields=["DATE_PLACED", "DATE_PLACED_CEASED"],
      message="There is more than one decision to place the child for adoption, but an "
              "earlier one has not been reversed")
def earlier_decisions_reversed(tables, context):
    open_ = CEASED.is_null()
    ordered = in_order(tables)
    several_open = (ordered.filter(open_).filter(pl.col("CHILD").is_duplicated())
                    .select("CHILD").unique().with_columns(_several=pl.lit(True)))
    joined = ordered.join(several_open, on="CHILD", how="left")
    return rows(joined, open_ & (~pl.col("_last") | pl.col("_several").fill_null(False)))


def last_years_decisions(context) -> pl.DataFrame | None:
    if context.previous is None or "PlacedAdoption" not in context.previous:
        return None
    return context.previous["PlacedAdoption"].select(
        "CHILD", PLACED.alias("_placed_last"), CEASED.alias("_ceased_last"),
        REASON.alias("_reason_last"))


@rule("903", "559", years=YEARS, table="PlacedAdoption", fields=["DATE_PLACED"],
      message="The decision that the child should be placed for adoption is from before "
              "this year but was not in last year's return")
def earlier_decision_reported_last_year(tables, context):
    last = last_years_decisions(context)
    if last is None:
        return None
    reported = last.filter(pl.col("_placed_last").is_not_null()).select("CHILD").unique()
    earlier = decisions(tables).filter(PLACED < context.start)
    return rows(earlier.join(reported, on="CHILD", how="anti"), pl.lit(True))


@rule("903", "560", years=YEARS, table="PlacedAdoption", fields=["DATE_PLACED"],
      message="Last year's open decision that the child should be placed for adoption has "
              "a different date this year, though it was not reversed")
def open_decision_keeps_its_date(tables, context):
    last = last_years_decisions(context)
    if last is None:
        return None
    still_open = last.filter(pl.col("_placed_last").is_not_null()
                             & pl.col("_ceased_last").is_null())
    kept = decisions(tables).join(still_open, left_on=["CHILD", "DATE_PLACED"],
                                  right_on=["CHILD", "_placed_last"], how="semi")
    lost = still_open.join(kept.select("CHILD"), on="CHILD", how="anti")
    return rows(decisions(tables).join(lost, on="CHILD", how="semi"), pl.lit(True))


@rule("903", "561", years=YEARS, table="PlacedAdoption", fields=["DATE_PLACED"],
      message="This decision has the date of one reversed last year; a new decision needs "
              "its own date")
def reversed_decision_not_reopened(tables, context):
    last = last_years_decisions(context)
    if last is None:
        return None
    reversed_ = last.filter(pl.col("_ceased_last").is_not_null()
                            | pl.col("_reason_last").is_not_null())
    joined = decisions(tables).join(reversed_, left_on=["CHILD", "DATE_PLACED"],
                                    right_on=["CHILD", "_placed_last"], how="semi")
    return rows(joined, pl.lit(True))


@rule("903", "584", years=YEARS, table="PlacedAdoption", fields=["DATE_PLACED"],
      message="Last year's decision was reversed, so a decision this year must be dated "
              "after it")
def new_decision_after_reversal(tables, context):
    last = last_years_decisions(context)
    if last is None:
        return None
    reversed_ = last.filter(pl.col("_ceased_last").is_not_null()
                            | pl.col("_reason_last").is_not_null())
    joined = decisions(tables).join(reversed_, on="CHILD", how="inner")
    return rows(joined, PLACED.is_null() | (PLACED <= pl.col("_placed_last")))


@rule("903", "INT02", years=YEARS, table="PlacedAdoption", fields=["CHILD"],
      message="The child in PlacedAdoption is not in the header")
def placed_child_in_header(tables, context):
    return not_in_header(tables, "PlacedAdoption")


@rule("903", "INT12", years=YEARS, table="PlacedAdoption", fields=["DOB"],
      message="The date of birth in PlacedAdoption differs from the child's header")
def placed_dob_matches_header(tables, context):
    return dob_differs(tables, "PlacedAdoption")
