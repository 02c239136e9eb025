"""Each measure of the catalogue as a function from one council's tables to its units.

A measure returns the rows it counts, one per unit (a referral, a plan, a child), with
the child's LA child ID in ``child`` so the engine can cut by team; a percentage measure
adds a boolean ``hit`` (the unit is in the numerator). Rates per 10,000 count rows.
Column names are the DfE ones of the return tables the rows come from.
"""

import datetime
from collections.abc import Callable
from functools import cache, partial

import polars as pl

from opencsc.casework.timescales import RULES
from opencsc.codes.ssda903 import IN_EDUCATION_EMPLOYMENT_OR_TRAINING
from opencsc.core.working_days import add_months, add_working_days

from .catalogue import MEASURES
from .tables import Tables

SHORT_BREAKS = ["V3", "V4"]
NEW_PLACEMENT = ["S", "P", "B"]  # RNE codes that start a placement with a new carer
# Placed for adoption with the current foster carer: the same carer as the placement before
# (SSDA903 PLACE A3 and A5; DfE long-term stability counts the two placements together).
ADOPTED_BY_CARER = ["A3", "A5"]
EMPTY = pl.DataFrame(schema={"child": pl.String, "hit": pl.Boolean})


def _in_year(t: Tables, column: str) -> pl.Expr:
    return pl.col(column).is_between(t.year.start, t.year.end)


def _units(frame: pl.DataFrame, child: str, hit: pl.Expr | None = None) -> pl.DataFrame:
    columns = [pl.col(child).alias("child")]
    if hit is not None:
        columns.append(hit.fill_null(False).alias("hit"))
    return frame.select(columns)


def _dates(frame: pl.DataFrame, function, *columns) -> pl.Series:
    """A boolean column from a Python function of some date columns (working-day sums)."""
    rows = zip(*(frame[c].to_list() for c in columns), strict=True)
    return pl.Series([bool(function(*row)) for row in rows], dtype=pl.Boolean)


@cache  # pure, and a trend asks for the same due dates month after month
def due_on(code: str, day: datetime.date) -> datetime.date:
    """The due date under the timescale rule ``code`` (``casework.timescales``) from a day."""
    return RULES[code].due(day)


def due(code: str) -> Callable[[datetime.date], datetime.date]:
    return partial(due_on, code)


def _age(born: datetime.date | None, day: datetime.date) -> int | None:
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def timely(first_due: datetime.date, held: list[datetime.date], next_due: Callable,
           since: datetime.date, until: datetime.date) -> tuple[bool, bool]:
    """Whether any review fell due between ``since`` and ``until``, and whether every one
    that did was held by its due date. Each review sets the next one's due date; a due
    date passed by ``until`` with no review counts as late."""
    due, any_due, on_time = first_due, False, True
    for day in sorted(held):
        if due > until:
            break
        if due >= since:
            any_due, on_time = True, on_time and day <= due
        due = next_due(day)
    if due <= until:  # due by the end of the period and still not held: late
        any_due, on_time = True, False
    return any_due, on_time


# Front door ------------------------------------------------------------------------------

def contacts_rate(t: Tables) -> pl.DataFrame:
    return _units(t.local["contacts"], "child")


def _referrals(t: Tables) -> pl.DataFrame:
    return t.cin["CINdetails"].filter(_in_year(t, "CINreferralDate"))


def referrals_rate(t: Tables) -> pl.DataFrame:
    return _units(_referrals(t), "LAchildID")


def referrals_nfa(t: Tables) -> pl.DataFrame:
    return _units(_referrals(t), "LAchildID", pl.col("ReferralNFA") == "true")


def re_referrals(t: Tables) -> pl.DataFrame:
    history = t.local["referrals"].select("child", pl.col("pk").alias("other"),
                                          pl.col("referral_date").alias("before"))
    referrals = _referrals(t)
    repeats = referrals.join(history, left_on="LAchildID", right_on="child").filter(
        (pl.col("other") != pl.col("CINdetailsID")) & (pl.col("before") <= pl.col(
            "CINreferralDate")) & (pl.col("before") >= pl.col("CINreferralDate").dt.offset_by(
                "-12mo")) & ((pl.col("before") < pl.col("CINreferralDate"))
                             | (pl.col("other") < pl.col("CINdetailsID"))))
    return _units(referrals, "LAchildID",
                  pl.col("CINdetailsID").is_in(repeats["CINdetailsID"].implode()))


# Assessment and children in need ---------------------------------------------------------

def assessments_45wd(t: Tables) -> pl.DataFrame:
    done = t.cin["Assessments"].filter(_in_year(t, "AssessmentAuthorisationDate"))
    within = _dates(done, lambda start, end: end <= due("assessment")(start),
                    "AssessmentActualStartDate", "AssessmentAuthorisationDate")
    return done.select(pl.col("LAchildID").alias("child"), within.alias("hit"))


def children_in_need_rate(t: Tables) -> pl.DataFrame:
    open_ = t.cin["CINdetails"].filter(pl.col("CINclosureDate").is_null()
                                       & (pl.col("ReferralNFA") != "true"))
    return _units(open_, "LAchildID").unique()


# Child protection ------------------------------------------------------------------------

def s47_rate(t: Tables) -> pl.DataFrame:
    return _units(t.cin["Section47"].filter(_in_year(t, "S47ActualStartDate")), "LAchildID")


def icpc_15wd(t: Tables) -> pl.DataFrame:
    held = t.cin["Section47"].filter(_in_year(t, "DateOfInitialCPC"))
    return _units(held, "LAchildID", pl.col("DateOfInitialCPC") <= pl.col("InitialCPCtarget"))


def _open_plans(t: Tables) -> pl.DataFrame:
    return t.cin["ChildProtectionPlans"].filter(pl.col("CPPendDate").is_null())


def cp_plans_rate(t: Tables) -> pl.DataFrame:
    return _units(_open_plans(t), "LAchildID").unique()


def cp_repeat(t: Tables) -> pl.DataFrame:
    started = t.cin["ChildProtectionPlans"].filter(_in_year(t, "CPPstartDate"))
    return _units(started, "LAchildID",
                  pl.col("NumberOfPreviousCPP").cast(pl.Int64, strict=False) >= 1)


def cp_two_years(t: Tables) -> pl.DataFrame:
    ended = t.cin["ChildProtectionPlans"].filter(_in_year(t, "CPPendDate"))
    return ended.select(pl.col("LAchildID").alias("child"), _dates(
        ended, lambda start, end: end >= add_months(start, 24), "CPPstartDate",
        "CPPendDate").alias("hit"))


def cp_reviews_on_time(t: Tables) -> pl.DataFrame:
    reviews: dict[int, list] = {}
    for plan, day in t.cin["Reviews"].select("CPPID", "CPPreviewDate").iter_rows():
        reviews.setdefault(plan, []).append(day)
    rows = []
    for child, plan, start in _open_plans(t).select("LAchildID", "CPPID",
                                                    "CPPstartDate").iter_rows():
        due_, on_time = timely(due("rcpc_first")(start), reviews.get(plan, []),
                               due("rcpc"), start, t.year.end)
        if due_:
            rows.append((child, on_time))
    return pl.DataFrame(rows, schema=EMPTY.schema, orient="row")


def cp_visits_on_time(t: Tables) -> pl.DataFrame:
    since = add_working_days(t.year.end, -RULES["cp_visit"].amount)
    seen = t.local["visits"].filter(pl.col("visit_date") >= since)["referral_id"]
    plans = _open_plans(t).filter(pl.col("CPPstartDate") <= since)
    return _units(plans, "LAchildID", pl.col("CINdetailsID").is_in(seen.implode()))


# Children looked after -------------------------------------------------------------------

def _looked_after_at_end(t: Tables) -> pl.DataFrame:
    return t.cla["Episodes"].filter(pl.col("DEC").is_null()
                                    & ~pl.col("LS").is_in(SHORT_BREAKS))


def cla_rate(t: Tables) -> pl.DataFrame:
    return _units(_looked_after_at_end(t), "CHILD").unique()


def cla_three_placements(t: Tables) -> pl.DataFrame:
    episodes = t.cla["Episodes"]
    placements = episodes.group_by("CHILD").agg(
        ((pl.col("RNE").is_in(NEW_PLACEMENT) & (pl.col("DECOM") >= t.year.start)).sum()
         + (pl.col("DECOM").min() < t.year.start).cast(pl.UInt32)).alias("placements"))
    children = _looked_after_at_end(t).select("CHILD").unique()
    return children.join(placements, on="CHILD", how="left").select(
        pl.col("CHILD").alias("child"), (pl.col("placements") >= 3).alias("hit"))


def _care_now(t: Tables) -> pl.DataFrame:
    """One row per child looked after at the end of the year (not on short breaks), with
    when their care began, their current placement with the same carer, and distance."""
    care = t.local["care"]
    current = care.filter(pl.col("end_date").is_null() | (pl.col("end_date") > t.year.end))
    current = current.filter(~pl.col("legal_status").is_in(SHORT_BREAKS))
    new_carer = pl.col("reason_new_episode").is_in(NEW_PLACEMENT) & ~(
        pl.col("placement_type").is_in(ADOPTED_BY_CARER) & (pl.col("reason_new_episode") != "S"))
    carer = care.filter(new_carer).group_by("child").agg(
        pl.col("start_date").max().alias("with_carer_since"))
    # A child with two episodes open (a recording slip) counts once, by the latest.
    return current.join(carer, on="child", how="left").sort("start_date").unique(
        "child", keep="last")


def cla_long_term_stability(t: Tables) -> pl.DataFrame:
    end = t.year.end
    care = _care_now(t)
    care = care.filter(pl.col("period__start_date") <= add_months(end, -30))
    care = care.filter(_dates(care, lambda born: (_age(born, end) or 0) < 16, "born"))
    return _units(care, "child", pl.col("with_carer_since") <= add_months(end, -24))


def cla_over_20_miles(t: Tables) -> pl.DataFrame:
    return _units(_care_now(t), "child", pl.col("placement__distance_miles") > 20)


def _dues(column: str, code: str) -> pl.Expr:
    """The due date under rule ``code`` from each date of a column (each distinct date
    worked out once)."""
    return pl.col(column).map_batches(
        lambda days: days.unique().to_frame("day").with_columns(due=pl.col("day").map_elements(
            due(code), return_dtype=pl.Date)).pipe(
            lambda table: days.replace_strict(table["day"], table["due"], default=None)),
        return_dtype=pl.Date)


def cla_reviews_on_time(t: Tables) -> pl.DataFrame:
    """CPPCR reg 33: the first review within 20 working days of coming into care, the
    second within 3 months of the first, then every 6 months. ``timely``, worked out for
    every child at once: each review is held against the due date the one before it set
    (due dates only move later, so those due after the year are simply not counted)."""
    since, until = t.year.start, t.year.end
    care = _care_now(t).select("child", "period__start_date").with_columns(
        first_due=_dues("period__start_date", "lac_review_first"))
    reviews = t.local["reviews"].join(care, on="child").filter(
        pl.col("review_date") >= pl.col("period__start_date")).sort("child", "review_date")
    first = pl.col("review_date") == pl.col("review_date").min().over("child")
    reviews = reviews.with_columns(
        pl.when(first).then(_dues("review_date", "lac_review_second"))
        .otherwise(_dues("review_date", "lac_review")).alias("next_due"))
    reviews = reviews.with_columns(
        pl.col("next_due").shift(1).over("child").fill_null(pl.col("first_due")).alias("due"))
    counted = (pl.col("due") <= until) & (pl.col("due") >= since)
    held = reviews.group_by("child").agg(
        counted.any().alias("any_counted"),
        (~counted | (pl.col("review_date") <= pl.col("due"))).all().alias("all_on_time"),
        pl.col("next_due").last().alias("last_due"))
    children = care.join(held, on="child", how="left").with_columns(
        (pl.col("last_due").fill_null(pl.col("first_due")) <= until).alias("overdue"))
    children = children.filter(pl.col("any_counted").fill_null(False) | pl.col("overdue"))
    return children.select("child", (pl.col("all_on_time").fill_null(True)
                                     & ~pl.col("overdue")).alias("hit"))


def cla_health_assessments(t: Tables) -> pl.DataFrame:
    return _units(t.cla["OC2"], "CHILD", pl.col("HEALTH_ASSESSMENT") == "1")


def cla_missing(t: Tables) -> pl.DataFrame:
    missing = t.cla["Missing"].filter(pl.col("MISSING") == "M")["CHILD"]
    children = t.cla["Episodes"].select("CHILD").unique()
    return _units(children, "CHILD", pl.col("CHILD").is_in(missing.implode()))


def return_interviews(t: Tables) -> pl.DataFrame:
    episodes = t.local["missing"]
    return episodes.select("child", _dates(
        episodes, lambda end, offered: offered is not None
        and offered <= due("return_interview")(end), "end_date",
        "return_interview_offered").alias("hit"))


# Care leavers ----------------------------------------------------------------------------

def _leavers(t: Tables) -> pl.DataFrame:
    oc3 = t.cla["OC3"]
    return oc3.filter(_dates(oc3, lambda born: 19 <= (_age(born, t.year.end) or 0) <= 21,
                             "DOB"))


def care_leavers_in_touch(t: Tables) -> pl.DataFrame:
    leavers = _leavers(t).filter(~pl.col("IN_TOUCH").is_in(["DIED", "RHOM"]))
    return _units(leavers, "CHILD", pl.col("IN_TOUCH") == "YES")


def care_leavers_suitable(t: Tables) -> pl.DataFrame:
    return _units(_leavers(t), "CHILD", pl.col("ACCOM").str.ends_with("1"))


def care_leavers_eet(t: Tables) -> pl.DataFrame:
    return _units(_leavers(t), "CHILD",
                  pl.col("ACTIV").is_in(sorted(IN_EDUCATION_EMPLOYMENT_OR_TRAINING)))


# Cases -----------------------------------------------------------------------------------

def unallocated_cases(t: Tables) -> pl.DataFrame:
    open_cin = t.cin["CINdetails"].filter(pl.col("CINclosureDate").is_null())["LAchildID"]
    in_care = t.cla["Episodes"].filter(pl.col("DEC").is_null())["CHILD"]
    children = pl.DataFrame({"child": pl.concat([open_cin, in_care]).unique()})
    allocated = t.local["allocations"].filter(pl.col("allocated"))["child"]
    return children.select("child", ~pl.col("child").is_in(allocated.implode()).alias("hit"))


def closed_needs_unmet(t: Tables) -> pl.DataFrame:
    return _units(t.local["closures"], "child", pl.col("needs_unmet_service_unavailable"))


# One function per measure of the catalogue, named by its code (a missing one fails here).
COMPUTE: dict[str, Callable[[Tables], pl.DataFrame]] = {
    m.code: globals()[m.code] for m in MEASURES}
