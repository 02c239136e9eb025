"""Rules on section 47 enquiries and their initial child protection conferences (ICPC).

An enquiry is still open when it has neither a conference date nor the flag that no
conference was needed. Source: the DfE CIN census validation rules for 2024-25 and 2025-26
(cin_rules.txt, reference.md 2.5).
"""

import polars as pl

from opencsc.core.working_days import add_working_days

from ...cin.tables import is_true
from ..engine import ROW, rule
from .common import YEARS, episodes_with, rows

START, TARGET, ICPC = "S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC"
NOT_NEEDED = "ICPCnotRequired"
EPISODE = ["LAchildID", "CINdetailsID"]


def awaiting_conference() -> pl.Expr:
    """No conference yet, and not marked as not needed: a missing flag counts as false."""
    return pl.col(ICPC).is_null() & ~is_true(NOT_NEEDED).fill_null(False)


def at_weekend(column: str) -> pl.Expr:
    return pl.col(column).dt.weekday() >= 6  # ISO weekdays: 6 Saturday, 7 Sunday


@rule("cin", "2889", years=YEARS, table="Section47", fields=[START, "CINreferralDate"],
      message="A section 47 enquiry starts before its referral date")
def enquiry_after_referral(tables, context):
    joined = episodes_with(tables, "Section47", "CINreferralDate")
    return rows(joined, pl.col(START) < pl.col("CINreferralDate"))


@rule("cin", "1104", years=YEARS, table="Section47", fields=[ICPC, "CINreferralDate"],
      message="An initial child protection conference is dated before its referral date")
def conference_after_referral(tables, context):
    joined = episodes_with(tables, "Section47", "CINreferralDate")
    return rows(joined, pl.col(ICPC) < pl.col("CINreferralDate"))


@rule("cin", "8615", years=YEARS, table="Section47", fields=[START, ICPC],
      message="A section 47 enquiry with a conference has no start date, or starts after "
              "the conference")
def enquiry_starts_by_conference(tables, context):
    held = pl.col(ICPC).is_not_null()
    return rows(tables["Section47"],
                held & (pl.col(START).is_null() | (pl.col(START) > pl.col(ICPC))))


@rule("cin", "8715", years=YEARS, table="Section47", fields=[ICPC],
      message="An initial child protection conference is dated outside the collection year")
def conference_in_year(tables, context):
    held = pl.col(ICPC).is_not_null()
    return rows(tables["Section47"], held & ~pl.col(ICPC).is_between(context.start, context.end))


@rule("cin", "8740", years=YEARS, table="Section47", fields=[START, ICPC, NOT_NEEDED],
      message="A section 47 enquiry still awaiting its conference started outside the "
              "collection year")
def open_enquiry_started_in_year(tables, context):
    outside = ~pl.col(START).is_between(context.start, context.end)
    return rows(tables["Section47"], awaiting_conference() & outside)


@rule("cin", "8675Q", years=YEARS, table="Section47", fields=[START, ICPC, NOT_NEEDED],
      message="Check: a section 47 enquiry started more than 15 working days before 31 "
              "March and has no conference date")
def late_conference(tables, context):
    latest_start = add_working_days(context.end, -15)
    return rows(tables["Section47"], awaiting_conference() & (pl.col(START) < latest_start))


@rule("cin", "8839", years=YEARS, table="Section47", fields=[ICPC, NOT_NEEDED],
      message="An episode has more than one section 47 enquiry awaiting its conference")
def one_open_enquiry(tables, context):
    counted = tables["Section47"].with_columns(
        awaiting_conference().sum().over(EPISODE).alias("_open"))
    return rows(counted, awaiting_conference() & (pl.col("_open") > 1))


@rule("cin", "8870Q", years=YEARS, table="Section47", fields=[TARGET],
      message="Check: the target date for the initial conference is a Saturday or Sunday")
def target_not_at_weekend(tables, context):
    return rows(tables["Section47"], at_weekend(TARGET))


@rule("cin", "8875", years=YEARS, table="Section47", fields=[ICPC],
      message="An initial child protection conference is dated on a Saturday or Sunday")
def conference_not_at_weekend(tables, context):
    return rows(tables["Section47"], at_weekend(ICPC))


@rule("cin", "2884", years=YEARS, table="Section47", fields=[ICPC],
      message="The same initial conference is recorded on the section 47 enquiry and on the "
              "episode; record it in one place only")
def conference_recorded_once(tables, context):
    on_episode = tables["CINdetails"].select("LAchildID", ICPC).drop_nulls().unique()
    return tables["Section47"].join(on_episode, on=["LAchildID", ICPC], how="semi").select(ROW)
