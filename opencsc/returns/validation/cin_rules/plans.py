"""Rules on plans: CIN plans, child protection plans and their reviews.

A plan with no end date is open up to the census's reference date (31 March). Source: the
DfE CIN census validation rules for 2024-25 and 2025-26 (cin_rules.txt, reference.md 2.5);
categories of abuse are opencsc.codes.cin.CATEGORY_OF_ABUSE.
"""

import datetime

import polars as pl

from opencsc.codes.cin import CATEGORY_OF_ABUSE

from ..engine import ROW, rule
from .common import YEARS, episodes_with, nfa, rows

EPISODE = ["LAchildID", "CINdetailsID"]
CIN_START, CIN_END = "CINPlanStartDate", "CINPlanEndDate"
CP_START, CP_END = "CPPstartDate", "CPPendDate"
CIN_PLANS, CP_PLANS = "CINplanDates", "ChildProtectionPlans"


# Shared shapes ---------------------------------------------------------------------------

def in_year(column: str, context) -> pl.Expr:
    return pl.col(column).is_between(context.start, context.end)


def during(day: str, start: str, end: str, until: datetime.date, *, end_counts: bool):
    """``day`` falls in the period from ``start`` to ``end`` (or ``until`` if still open).

    The end day counts for overlaps of one kind of plan; it does not where one kind of
    plan may start on the day the other ends (rules 4016, 4017, 4003).
    """
    before_end = pl.col(day) <= pl.col(end) if end_counts else pl.col(day) < pl.col(end)
    open_ = pl.col(end).is_null() & (pl.col(day) <= until)
    return (pl.col(day) >= pl.col(start)) & (before_end.fill_null(False) | open_)


def starts_during_another(frame: pl.DataFrame, keys: list[str], start: str, end: str,
                          until: datetime.date) -> pl.DataFrame:
    """Rows whose start falls within another row's period that shares ``keys``."""
    frame = frame.filter(pl.len().over(keys) > 1)  # most children have one; skip the join
    others = frame.select(*keys, pl.col(ROW).alias("_other"), pl.col(start).alias("_from"),
                          pl.col(end).alias("_to")).drop_nulls("_from")
    pairs = frame.select(ROW, *keys, start).drop_nulls(start).join(others, on=keys)
    inside = during(start, "_from", "_to", until, end_counts=True)
    return pairs.filter((pl.col(ROW) != pl.col("_other")) & inside).select(ROW).unique()


def more_than_one_open(frame: pl.DataFrame, end: str) -> pl.DataFrame:
    is_open = pl.col(end).is_null()
    counted = frame.with_columns(is_open.sum().over("LAchildID").alias("_open"))
    return rows(counted, is_open & (pl.col("_open") > 1))


def with_death_date(tables, name: str) -> pl.DataFrame:
    deaths = tables["ChildIdentifiers"].select("LAchildID", "PersonDeathDate").drop_nulls()
    return tables[name].join(deaths.unique("LAchildID"), on="LAchildID", how="inner")


# CIN plans -------------------------------------------------------------------------------

@rule("cin", "4000", years=YEARS, table=CIN_PLANS, fields=[CIN_START, "ReferralNFA"],
      message="A CIN plan is recorded on a referral that had no further action")
def no_cin_plan_after_nfa(tables, context):
    return rows(episodes_with(tables, CIN_PLANS, "ReferralNFA"), nfa())


@rule("cin", "4001", years=YEARS, table=CIN_PLANS, fields=[CIN_END, CP_END],
      message="A CIN plan and a child protection plan are both open in the same episode")
def not_both_open(tables, context):
    open_cp = tables[CP_PLANS].filter(pl.col(CP_END).is_null()).select(EPISODE)
    open_cin = tables[CIN_PLANS].filter(pl.col(CIN_END).is_null())
    return open_cin.join(open_cp, on=EPISODE, how="semi").select(ROW)


@rule("cin", "4004", years=YEARS, table=CIN_PLANS, fields=[CIN_END],
      message="The child has more than one open CIN plan")
def one_open_cin_plan(tables, context):
    return more_than_one_open(tables[CIN_PLANS], CIN_END)


@rule("cin", "4010", years=YEARS, table=CIN_PLANS, fields=[CIN_START],
      message="A CIN plan has no start date, or starts after 31 March")
def cin_plan_start_present(tables, context):
    start = pl.col(CIN_START)
    return rows(tables[CIN_PLANS], start.is_null() | (start > context.end))


@rule("cin", "4011", years=YEARS, table=CIN_PLANS, fields=[CIN_START, CIN_END],
      message="A CIN plan ends before it starts")
def cin_plan_ends_after_start(tables, context):
    return rows(tables[CIN_PLANS], pl.col(CIN_END) < pl.col(CIN_START))


@rule("cin", "4012Q", years=YEARS, table=CIN_PLANS, fields=[CIN_START, CIN_END],
      message="Check: a CIN plan starts and ends on the same day")
def cin_plan_lasts_a_day(tables, context):
    return rows(tables[CIN_PLANS], pl.col(CIN_END) == pl.col(CIN_START))


@rule("cin", "4013", years=YEARS, table=CIN_PLANS, fields=[CIN_END],
      message="A CIN plan's end date is outside the collection year")
def cin_plan_ends_in_year(tables, context):
    return rows(tables[CIN_PLANS], pl.col(CIN_END).is_not_null() & ~in_year(CIN_END, context))


@rule("cin", "4014", years=YEARS, table=CIN_PLANS, fields=[CIN_START, CIN_END],
      message="A CIN plan starts while another of the child's CIN plans is open")
def cin_plans_do_not_overlap(tables, context):
    return starts_during_another(tables[CIN_PLANS], ["LAchildID"], CIN_START, CIN_END,
                                 context.end)


@rule("cin", "4015", years=YEARS, table=CIN_PLANS, fields=[CIN_START, "CINreferralDate"],
      message="A CIN plan starts before its referral date")
def cin_plan_after_referral(tables, context):
    joined = episodes_with(tables, CIN_PLANS, "CINreferralDate")
    return rows(joined, pl.col(CIN_START) < pl.col("CINreferralDate"))


@rule("cin", "4016", years=YEARS, table=CIN_PLANS, fields=[CIN_START],
      message="A CIN plan starts while the child is on a child protection plan")
def cin_plan_not_during_cp_plan(tables, context):
    cp = tables[CP_PLANS].select("LAchildID", CP_START, CP_END)
    pairs = tables[CIN_PLANS].select(ROW, "LAchildID", CIN_START).join(cp, on="LAchildID")
    inside = during(CIN_START, CP_START, CP_END, context.end, end_counts=False)
    return pairs.filter(inside).select(ROW).unique()


@rule("cin", "4017", years=YEARS, table=CIN_PLANS, fields=[CIN_START, CIN_END],
      message="A child protection plan starts while the child's CIN plan is open")
def cp_plan_not_during_cin_plan(tables, context):
    cp = tables[CP_PLANS].select("LAchildID", CP_START)
    pairs = tables[CIN_PLANS].select(ROW, "LAchildID", CIN_START, CIN_END).join(
        cp, on="LAchildID")
    inside = during(CP_START, CIN_START, CIN_END, context.end, end_counts=False)
    return pairs.filter(inside).select(ROW).unique()


# Child protection plans ------------------------------------------------------------------

@rule("cin", "1105", years=YEARS, table=CP_PLANS, fields=[CP_START, "CINreferralDate"],
      message="A child protection plan starts before its referral date")
def cp_plan_after_referral(tables, context):
    joined = episodes_with(tables, CP_PLANS, "CINreferralDate")
    return rows(joined, pl.col(CP_START) < pl.col("CINreferralDate"))


@rule("cin", "2885", years=YEARS, table=CP_PLANS, fields=[CP_START],
      message="A child protection plan starts on a different day from its initial conference")
def plan_starts_at_conference(tables, context):
    # Only plans starting in the year: the conference of an earlier plan was returned
    # in an earlier census and is not in this one.
    plans = tables[CP_PLANS].filter(in_year(CP_START, context))
    matched = plans.join(conferences(tables), left_on=[*EPISODE, CP_START],
                         right_on=[*EPISODE, "_icpc"], how="semi")
    return plans.join(matched.select(ROW), on=ROW, how="anti").select(ROW)


def conferences(tables) -> pl.DataFrame:
    """Every initial conference, whether recorded on the s47 or on the episode itself."""
    return pl.concat([
        tables[name].select(*EPISODE, pl.col("DateOfInitialCPC").alias("_icpc"))
        for name in ("Section47", "CINdetails")
    ]).drop_nulls("_icpc")


@rule("cin", "2883", years=YEARS, table=CP_PLANS, fields=[CP_START],
      message="More child protection plans start this year than initial conferences are "
              "held")
def no_more_plans_than_conferences(tables, context):
    # The DfE counts across the whole council; to point at rows, we name the plans in
    # episodes that have more plans starting this year than conferences held this year.
    held = (conferences(tables).filter(pl.col("_icpc").is_between(context.start, context.end))
            .group_by(EPISODE).agg(pl.len().alias("_held")))
    starting = tables[CP_PLANS].filter(in_year(CP_START, context))
    if starting.height <= held["_held"].sum():
        return None
    ranked = starting.sort(CP_START, ROW).with_columns(
        pl.int_range(1, pl.len() + 1).over(EPISODE).alias("_nth"))
    joined = ranked.join(held, on=EPISODE, how="left")
    return rows(joined, pl.col("_nth") > pl.col("_held").fill_null(0))


@rule("cin", "8565", years=YEARS, table="CINdetails",
      fields=["CINclosureDate", "DateOfInitialCPC"],
      message="An episode has activity dated after its closure date")
def no_activity_after_closure(tables, context):
    # The DfE files this rule under child protection plans but it covers every activity in
    # the episode, so we report the closed episode.
    closed = (tables["CINdetails"].lazy().filter(pl.col("CINclosureDate").is_not_null())
              .select(ROW, *EPISODE, "CINclosureDate"))
    late = [
        tables[name].lazy().select(*EPISODE, *columns).join(closed, on=EPISODE)
        .filter(pl.any_horizontal(pl.col(c) > pl.col("CINclosureDate") for c in columns))
        .select(ROW)
        for name, columns in ACTIVITY_DATES
    ]
    return pl.concat(late).unique().collect()


ACTIVITY_DATES = [
    ("Assessments", ["AssessmentActualStartDate", "AssessmentAuthorisationDate"]),
    ("Section47", ["S47ActualStartDate", "DateOfInitialCPC"]),
    ("CINdetails", ["DateOfInitialCPC"]),
    (CP_PLANS, [CP_END]),
    (CIN_PLANS, [CIN_START, CIN_END]),
]


@rule("cin", "8720", years=YEARS, table=CP_PLANS, fields=[CP_START],
      message="A child protection plan has no start date, or starts after 31 March")
def cp_plan_start_present(tables, context):
    start = pl.col(CP_START)
    return rows(tables[CP_PLANS], start.is_null() | (start > context.end))


@rule("cin", "8730", years=YEARS, table=CP_PLANS, fields=["NumberOfPreviousCPP"],
      message="The number of previous child protection plans is missing or not a whole "
              "number of zero or more")
def previous_plans_counted(tables, context):
    count = pl.col("NumberOfPreviousCPP").str.strip_chars().cast(pl.Int64, strict=False)
    return rows(tables[CP_PLANS], (count < 0).fill_null(True))


@rule("cin", "8832", years=YEARS, table=CP_PLANS, fields=[CP_START, "ReferralNFA"],
      message="A child protection plan is recorded on a referral that had no further action")
def no_cp_plan_after_nfa(tables, context):
    return rows(episodes_with(tables, CP_PLANS, "ReferralNFA"), nfa())


@rule("cin", "8840", years=YEARS, table=CP_PLANS, fields=[CP_START, CP_END],
      message="A child protection plan starts and ends on the same day")
def cp_plan_lasts_more_than_a_day(tables, context):
    return rows(tables[CP_PLANS], pl.col(CP_END) == pl.col(CP_START))


@rule("cin", "8841", years=YEARS, table=CP_PLANS, fields=[CP_START],
      message="A child protection plan has a review on or before the day it started")
def reviews_after_plan_starts(tables, context):
    reviews = tables["Reviews"].select(*EPISODE, "CPPID", "CPPreviewDate")
    joined = tables[CP_PLANS].join(reviews, on=[*EPISODE, "CPPID"], how="inner")
    return rows(joined, pl.col("CPPreviewDate") <= pl.col(CP_START)).unique()


@rule("cin", "8905", years=YEARS, table=CP_PLANS, fields=["InitialCategoryOfAbuse"],
      message="The initial category of abuse is missing or not in the code set")
def initial_category_valid(tables, context):
    codes = sorted(CATEGORY_OF_ABUSE.codes_for_year(context.year))
    return rows(tables[CP_PLANS], ~pl.col("InitialCategoryOfAbuse").is_in(codes).fill_null(False))


@rule("cin", "8910", years=YEARS, table=CP_PLANS, fields=["LatestCategoryOfAbuse"],
      message="The latest category of abuse is missing or not in the code set")
def latest_category_valid(tables, context):
    codes = sorted(CATEGORY_OF_ABUSE.codes_for_year(context.year))
    return rows(tables[CP_PLANS], ~pl.col("LatestCategoryOfAbuse").is_in(codes).fill_null(False))


@rule("cin", "8915", years=YEARS, table=CP_PLANS, fields=[CP_START],
      message="A child protection plan starts after the child's date of death")
def cp_plan_starts_in_life(tables, context):
    return rows(with_death_date(tables, CP_PLANS), pl.col(CP_START) > pl.col("PersonDeathDate"))


@rule("cin", "8920", years=YEARS, table=CP_PLANS, fields=[CP_END],
      message="A child protection plan ends after the child's date of death")
def cp_plan_ends_in_life(tables, context):
    return rows(with_death_date(tables, CP_PLANS), pl.col(CP_END) > pl.col("PersonDeathDate"))


@rule("cin", "8925", years=YEARS, table=CP_PLANS, fields=[CP_START, CP_END],
      message="A child protection plan ends before it starts")
def cp_plan_ends_after_start(tables, context):
    return rows(tables[CP_PLANS], pl.col(CP_END) < pl.col(CP_START))


@rule("cin", "8930", years=YEARS, table=CP_PLANS, fields=[CP_END],
      message="A child protection plan's end date is outside the collection year")
def cp_plan_ends_in_year(tables, context):
    return rows(tables[CP_PLANS], pl.col(CP_END).is_not_null() & ~in_year(CP_END, context))


@rule("cin", "8935", years=YEARS, table=CP_PLANS, fields=[CP_END],
      message="The child has more than one open child protection plan")
def one_open_cp_plan(tables, context):
    return more_than_one_open(tables[CP_PLANS], CP_END)


@rule("cin", "8940", years=YEARS, table=CP_PLANS, fields=[CP_START, CP_END],
      message="A child protection plan starts while another of the child's plans is open")
def cp_plans_do_not_overlap(tables, context):
    return starts_during_another(tables[CP_PLANS], ["LAchildID"], CP_START, CP_END, context.end)


# Reviews ---------------------------------------------------------------------------------

@rule("cin", "4003", years=YEARS, table="Reviews", fields=["CPPreviewDate"],
      message="A child protection review is held while a CIN plan in the episode is open")
def no_review_during_cin_plan(tables, context):
    plan_ends = tables[CP_PLANS].select(*EPISODE, "CPPID", CP_END)
    cin = tables[CIN_PLANS].select(*EPISODE, CIN_START, CIN_END)
    pairs = (tables["Reviews"].join(plan_ends, on=[*EPISODE, "CPPID"], how="left")
             .join(cin, on=EPISODE, how="inner"))
    inside = during("CPPreviewDate", CIN_START, CIN_END, context.end, end_counts=False)
    # A review that ends the plan may fall on the day a CIN plan takes over.
    ends_plan = (pl.col("CPPreviewDate") == pl.col(CP_END)).fill_null(False)
    return pairs.filter(inside & ~ends_plan).select(ROW).unique()


@rule("cin", "8842Q", years=YEARS, table="Reviews", fields=["CPPreviewDate"],
      message="Check: a review record has no date")
def review_has_date(tables, context):
    return rows(tables["Reviews"], pl.col("CPPreviewDate").is_null())
