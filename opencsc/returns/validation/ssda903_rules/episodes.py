"""Rules on episodes themselves: their dates, codes, and how one follows another.

Rules on placements are in placements.py, on legal statuses in legal_status.py, and on
the child's age during an episode in ages.py.
"""

import datetime

import polars as pl

from opencsc.codes.ssda903 import (
    CATEGORY_OF_NEED,
    LEGAL_STATUS,
    REASON_EPISODE_CEASED,
    REASON_NEW_EPISODE,
)

from ..engine import ROW, rule
from .common import DEC, DECOM, YEARS, after, in_order, not_a_date, rows

REC, RNE = pl.col("REC"), pl.col("RNE")
ADOPTED = ["E11", "E12"]
FIRST_DATE_COLLECTED = datetime.date(1991, 10, 14)  # the Children Act 1989 in force


def code_not_valid(column: str, codes: set[str]) -> pl.Expr:
    """A code given that is not on the list (a blank is another rule's business)."""
    return pl.col(column).is_not_null() & ~pl.col(column).is_in(sorted(codes))


@rule("903", "141", years=YEARS, table="Episodes", fields=["DECOM"],
      message="The date the episode began is missing or not a real date")
def start_valid(tables, context):
    episodes = tables["Episodes"]
    return rows(episodes, DECOM.is_null() | not_a_date(episodes, "DECOM"))


@rule("903", "147", years=YEARS, table="Episodes", fields=["DEC"],
      message="The date the episode ceased is not a real date")
def end_valid(tables, context):
    return rows(tables["Episodes"], not_a_date(tables["Episodes"], "DEC"))


@rule("903", "143", years=YEARS, table="Episodes", fields=["RNE"],
      message="The reason for new episode is not a DfE code")
def reason_new_valid(tables, context):
    codes = REASON_NEW_EPISODE.codes_for_year(context.year)
    return rows(tables["Episodes"], code_not_valid("RNE", codes))


@rule("903", "144", years=YEARS, table="Episodes", fields=["LS"],
      message="The legal status is not a DfE code")
def legal_status_valid(tables, context):
    codes = LEGAL_STATUS.codes_for_year(context.year)
    return rows(tables["Episodes"], code_not_valid("LS", codes))


@rule("903", "145", years=YEARS, table="Episodes", fields=["CIN"],
      message="The category of need is not a DfE code (N1 to N8)")
def category_of_need_valid(tables, context):
    codes = CATEGORY_OF_NEED.codes_for_year(context.year)
    return rows(tables["Episodes"], code_not_valid("CIN", codes))


@rule("903", "149", years=YEARS, table="Episodes", fields=["REC"],
      message="The reason the episode ceased is not a DfE code")
def reason_ceased_valid(tables, context):
    codes = REASON_EPISODE_CEASED.codes_for_year(context.year)
    return rows(tables["Episodes"], code_not_valid("REC", codes))


@rule("903", "148", years=YEARS, table="Episodes", fields=["DEC", "REC"],
      message="Give both the date and the reason the episode ceased, or neither")
def end_date_and_reason_together(tables, context):
    return rows(tables["Episodes"], DEC.is_null() != REC.is_null())


@rule("903", "353", years=YEARS, table="Episodes", fields=["DECOM"],
      message="The episode began before 14 October 1991")
def start_not_before_1991(tables, context):
    return rows(tables["Episodes"], DECOM < FIRST_DATE_COLLECTED)


@rule("903", "354", years=YEARS, table="Episodes", fields=["DECOM"],
      message="The episode began after the end of the collection year")
def start_in_time(tables, context):
    return rows(tables["Episodes"], DECOM > context.end)


@rule("903", "385", years=YEARS, table="Episodes", fields=["DEC"],
      message="The episode ceased after the end of the collection year")
def end_in_time(tables, context):
    return rows(tables["Episodes"], DEC > context.end)


@rule("903", "355", years=YEARS, table="Episodes", fields=["DECOM", "DEC"],
      message="The episode began and ceased on the same day, so lasted less than 24 hours")
def lasts_a_day(tables, context):
    return rows(tables["Episodes"], DECOM == DEC)


@rule("903", "356", years=YEARS, table="Episodes", fields=["DECOM", "DEC"],
      message="The episode ceased before it began")
def ends_after_start(tables, context):
    return rows(tables["Episodes"], DEC < DECOM)


@rule("903", "142", years=YEARS, table="Episodes", fields=["DEC", "REC"],
      message="A later episode began but this one has no date or reason for ceasing")
def earlier_episodes_end(tables, context):
    ordered = in_order(tables["Episodes"], dated=True)
    return rows(ordered, ~pl.col("_last") & (DEC.is_null() | REC.is_null()))


@rule("903", "357", years=YEARS, table="Episodes", fields=["RNE"],
      message="The child's first episode began in the year but its reason for new episode is "
              "not S (started to be looked after); check for a missing earlier episode")
def first_episode_starts_care(tables, context):
    ordered = in_order(tables["Episodes"], dated=True)
    return rows(ordered, pl.col("_first") & (DECOM >= context.start)
                & (RNE != "S").fill_null(True))


@rule("903", "388", years=YEARS, table="Episodes", fields=["DEC", "REC"],
      message="X1 (a new episode begins) must be used exactly when the next episode begins "
              "the day this one ceases")
def x1_has_continuation(tables, context):
    ordered = in_order(tables["Episodes"], dated=True)
    next_start = after("DECOM")
    followed = next_start.is_not_null() & DEC.is_not_null()
    x1_with_gap = (REC == "X1") & followed & (DEC != next_start)
    continued_without_x1 = (REC != "X1") & followed & (DEC == next_start)
    x1_at_the_end = pl.col("_last") & DEC.is_not_null() & (REC == "X1")
    return rows(ordered, x1_with_gap | continued_without_x1 | x1_at_the_end)


@rule("903", "199", years=YEARS, table="Episodes", fields=["DECOM", "REC"],
      message="The child was adopted from care before this episode began (checked against "
              "this year's and last year's returns)")
def not_adopted_before(tables, context):
    episodes = tables["Episodes"]
    history = [episodes.select("CHILD", "DECOM", "REC")]
    if context.previous is not None and "Episodes" in context.previous:
        history.append(context.previous["Episodes"].select("CHILD", "DECOM", "REC"))
    adoptions = (pl.concat(history).filter(REC.is_in(ADOPTED) & DECOM.is_not_null())
                 .group_by("CHILD").agg(DECOM.min().alias("_adopted_episode")))
    joined = episodes.join(adoptions, on="CHILD", how="inner")
    return joined.filter(DECOM > pl.col("_adopted_episode")).select(ROW)
