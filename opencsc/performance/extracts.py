"""One read of the record for many months: the rows the measures need for a span of
rolling years, read once, then cut to each year in Polars.

The returns' extracts (``census_tables``, ``ssda903_tables``) build every table of a
return for one year from model rows, which at 100,000 children takes seconds a month. The
measures read a few columns of a few tables, so ``read`` fetches those columns for the
whole span straight from the database cursor (no model instances), and ``Record.tables``
applies, for one year, the very rules the extracts apply: the same cohorts, the same
dates blanked when they fall after the year's end. ``tables.tables_for`` (the returns'
own extracts) stays the reference: a test checks that every measure gives the same units
from both, month after month.
"""

import datetime
from dataclasses import dataclass

import polars as pl
from django.db import connection
from django.db.models import F, FloatField, Min, Q, TextField, Value
from django.db.models.functions import Cast, Coalesce
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone

from opencsc.care_leavers.models import KeepInTouch
from opencsc.care_leavers.status import Span, birthday, status_on
from opencsc.casework.models import (
    Assessment,
    Closure,
    Contact,
    CPPlan,
    CPReview,
    InitialConference,
    Referral,
    Section47,
    Visit,
)
from opencsc.casework.timescales import RULES
from opencsc.codes.ssda903 import SHORT_BREAKS
from opencsc.core.working_days import add_months, add_working_days
from opencsc.looked_after.models import Episode, HealthAssessment, MissingEpisode, Review
from opencsc.organisations.models import Team
from opencsc.people.models import Allocation, Person

# The SSDA903 extract's own rules for OC3, used as they are so both agree.
from opencsc.returns.ssda903.extract import (
    CONTACT_AFTER,
    CONTACT_BEFORE,
    LEAVER_STATUSES,
    _age,
    _birthday_in,
    _left_this_year_after_17,
    _unknown,
)

from .tables import ONE_DAY, RollingYear, Tables

LEAVER_AGES = (19, 21)  # the care leaver measures count OC3 rows of these ages only


def read_rows(queryset, columns: dict[str, tuple]) -> pl.DataFrame:
    """Columns of a query, ``{name: (field path or expression, polars type)}``, straight
    from the database cursor into a frame: no model instances, no per-value converters.
    SQLite's driver would parse every date in Python: it is handed them as text (and
    booleans as integers), which Polars parses much faster."""
    sqlite = connection.vendor == "sqlite"
    selected, raw = [], {}
    for name, (path, dtype) in columns.items():
        if dtype == pl.Float64:  # PostgreSQL's decimals arrive as Decimal
            path = Cast(path, FloatField())
        elif sqlite and dtype == pl.Date:
            path = Cast(path, TextField())
        selected.append(path)
        raw[name] = RAW_ON_SQLITE.get(dtype, dtype) if sqlite else dtype
    sql, params = queryset.order_by().values_list(*selected).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        frame = pl.DataFrame(cursor.fetchall(), schema=raw, orient="row")
    return frame.with_columns(_typed(frame[name], dtype) for name, (_, dtype) in
                              columns.items())


RAW_ON_SQLITE = {pl.Date: pl.String, pl.Boolean: pl.Int64}


def _typed(values: pl.Series, dtype) -> pl.Series:
    if dtype == pl.Date and values.dtype == pl.String:
        return values.str.slice(0, 10).str.to_date("%Y-%m-%d")
    return values.cast(dtype)


def _open_from(day, prefix="", field="end_date") -> GreaterThanOrEqual:
    """Not ended before ``day``. (Written as one comparison, not "is null or on or
    after": SQLite plans that "or" as two index searches and runs several times slower.)"""
    return GreaterThanOrEqual(Coalesce(f"{prefix}{field}", Value(datetime.date.max)), day)


@dataclass
class Record:
    """One council's rows for every rolling year ending from ``first`` to ``last``."""

    council: int
    first: RollingYear
    last: RollingYear
    frames: dict[str, pl.DataFrame]
    leavers: list[tuple]  # (LA child ID, born, first end of care, spans, contacts)

    def tables(self, year: RollingYear) -> Tables:
        if not self.first.end <= year.end <= self.last.end:
            raise ValueError(f"The year to {year.end} is outside the span read.")
        f, start, end = self.frames, year.start, year.end
        referrals = f["referrals"].filter(pl.col("referral_date") <= end)
        cohort = referrals.filter(_not_before(pl.col("closure_date"), start))
        return Tables(self.council, year, _cin(f, cohort, start, end),
                      _cla(f, start, end, _oc3(self.leavers, year)),
                      _local(f, referrals, start, end))


def _not_before(column: pl.Expr, day) -> pl.Expr:
    return column.is_null() | (column >= day)


def _by_end(column: str, end) -> pl.Expr:
    """A date left blank when it falls after the end of the year (not yet happened)."""
    return pl.when(pl.col(column) <= end).then(pl.col(column)).alias(column)


def _open_at(column: str, day) -> pl.Expr:
    return pl.col(column).is_null() | (pl.col(column) > day)


# The CIN census, as census_tables builds it ---------------------------------------------

def _cin(f, cohort, start, end) -> dict[str, pl.DataFrame]:
    ids = cohort["pk"].implode()
    in_cohort = pl.col("referral_id").is_in(ids)
    details = cohort.select(
        pl.col("la").alias("LAchildID"), pl.col("pk").alias("CINdetailsID"),
        pl.col("referral_date").alias("CINreferralDate"),
        _by_end("closure_date", end).alias("CINclosureDate"),
        pl.when(pl.col("nfa")).then(pl.lit("true")).otherwise(pl.lit("false"))
        .alias("ReferralNFA"))
    assessments = f["assessments"].filter(
        in_cohort & (pl.col("start_date") <= end)
        & _not_before(pl.col("authorisation_date"), start)).select(
        pl.col("la").alias("LAchildID"), pl.col("referral_id").alias("CINdetailsID"),
        pl.col("start_date").alias("AssessmentActualStartDate"),
        _by_end("authorisation_date", end).alias("AssessmentAuthorisationDate"))
    plans = f["plans"].filter(in_cohort & (pl.col("start_date") <= end)
                              & _not_before(pl.col("end_date"), start))
    reviews = f["plan_reviews"].filter(pl.col("plan_id").is_in(plans["pk"].implode())
                                       & (pl.col("review_date") <= end))
    return {
        "CINdetails": details, "Assessments": assessments,
        "Section47": _section47s(f, in_cohort, start, end),
        "ChildProtectionPlans": plans.select(
            pl.col("la").alias("LAchildID"), pl.col("referral_id").alias("CINdetailsID"),
            pl.col("pk").alias("CPPID"), pl.col("start_date").alias("CPPstartDate"),
            _by_end("end_date", end).alias("CPPendDate"),
            pl.col("previous_plans").cast(pl.String).alias("NumberOfPreviousCPP")),
        "Reviews": reviews.select(pl.col("plan_id").alias("CPPID"),
                                  pl.col("review_date").alias("CPPreviewDate")),
    }


def _section47s(f, in_cohort, start, end) -> pl.DataFrame:
    s47 = f["section47s"].filter(in_cohort & (pl.col("start_date") <= end)).with_columns(
        pl.when(pl.col("conference_date") <= end).then(pl.col("conference_date"))
        .alias("held"))
    # Left out when concluded before the year: conference held, or ended needing none.
    concluded = pl.when(pl.col("held").is_not_null()).then(pl.col("held") < start).otherwise(
        pl.col("icpc_not_required") & pl.col("end_date").is_not_null()
        & (pl.col("end_date") < start))
    return s47.filter(~concluded).select(
        pl.col("la").alias("LAchildID"), pl.col("referral_id").alias("CINdetailsID"),
        pl.col("start_date").alias("S47ActualStartDate"),
        pl.col("target").alias("InitialCPCtarget"), pl.col("held").alias("DateOfInitialCPC"))


# The SSDA903 return, as ssda903_tables builds it ----------------------------------------

def _cla(f, start, end, oc3) -> dict[str, pl.DataFrame]:
    episodes = f["episodes"].filter((pl.col("start_date") <= end)
                                    & _not_before(pl.col("end_date"), start))
    looked_after = episodes["la"].unique().implode()
    missing = f["missing_starts"].filter(pl.col("la").is_in(looked_after)
                                         & pl.col("start_date").is_between(start, end))
    return {
        "Episodes": episodes.select(
            pl.col("la").alias("CHILD"), pl.col("start_date").alias("DECOM"),
            pl.col("reason_new_episode").alias("RNE"), pl.col("legal_status").alias("LS"),
            _by_end("end_date", end).alias("DEC")),
        "OC2": _oc2(f, episodes, start, end),
        "OC3": oc3,
        "Missing": missing.select(pl.col("la").alias("CHILD"), pl.col("kind").alias("MISSING")),
    }


def _oc2(f, episodes, start, end) -> pl.DataFrame:
    """Children looked after throughout the year (the extract's ``_twelve_months``), with
    whether they had a health assessment in it."""
    last = lambda column: pl.col(column).sort_by("start_date", "pk").last()  # noqa: E731
    children = episodes.group_by("la").agg(
        (pl.col("period_id").n_unique() == 1).alias("one_period"),
        last("period_start"), last("end_date"),
        pl.col("legal_status").is_in(sorted(SHORT_BREAKS)).any().alias("short_breaks"))
    children = children.filter(pl.col("one_period") & (pl.col("period_start") <= start)
                                & _open_at("end_date", end) & ~pl.col("short_breaks"))
    assessed = f["health_assessments"].filter(pl.col("day").is_between(start, end))["la"]
    return children.select(pl.col("la").alias("CHILD"), pl.when(
        pl.col("la").is_in(assessed.implode())).then(pl.lit("1")).otherwise(pl.lit("0"))
        .alias("HEALTH_ASSESSMENT"))


def _oc3(leavers, year) -> pl.DataFrame:
    """The OC3 rows of care leavers aged 19 to 21 at the end of the year, by the SSDA903
    extract's rules (``_care_leavers`` and ``_oc3``)."""
    rows = []
    low, high = birthday(year.start, -22), birthday(year.end, -17)
    youngest, oldest = LEAVER_AGES
    for la, born, first_end, spans, contacts in leavers:
        if not (low < born <= high and first_end <= year.end
                and youngest <= _age(born, year.end) <= oldest):
            continue
        spans = [Span(s, e if e is not None and e <= year.end else None, ls)
                 for s, e, ls in spans if s <= year.end]
        day = _birthday_in(born, year)
        if _left_this_year_after_17(born, spans, year) or day is None:
            continue
        if status_on(born, spans, day) in LEAVER_STATUSES:
            rows.append((la, born, *_contact_answers(contacts, day, year)))
    return pl.DataFrame(rows, orient="row", schema={
        "CHILD": pl.String, "DOB": pl.Date, "IN_TOUCH": pl.String, "ACTIV": pl.String,
        "ACCOM": pl.String})


def _contact_answers(contacts, day, year) -> tuple:
    first, last = day - CONTACT_BEFORE, min(day + CONTACT_AFTER, year.end)
    near = [c for c in contacts if first <= c[0] <= last]
    contact = min(near, key=lambda c: abs((c[0] - day).days), default=None)
    in_touch = contact[1] if contact else "NO"
    if contact is None or in_touch != "YES":
        return in_touch, _unknown(in_touch), _unknown(in_touch)
    _, _, activity, accommodation, suitable = contact
    accom = accommodation + ("1" if suitable else "2") if accommodation else "0"
    return in_touch, activity or "0", accom


# The columns no return carries (tables._local) -------------------------------------------

def _local(f, referrals, start, end) -> dict[str, pl.DataFrame]:
    in_year = lambda column: pl.col(column).is_between(start, end)  # noqa: E731
    care = f["care"].filter(_open_at("period_end", end) & (pl.col("period__start_date") <= end)
                            & (pl.col("start_date") <= end)).drop("period_end")
    return {
        "contacts": f["contacts"].filter(in_year("day")).rename({"la": "child"}),
        "referrals": referrals.filter(pl.col("referral_date") >= add_months(start, -12))
        .select("pk", "referral_date", pl.col("la").alias("child")),
        "visits": f["visits"].filter(in_year("visit_date")),
        "care": care.rename({"la": "child"}),
        "reviews": f["care_reviews"].filter((pl.col("review_date") <= end)
                                            & _open_at("period_end", end))
        .select("review_date", pl.col("la").alias("child")),
        "missing": f["missing_ends"].filter(in_year("end_date")).rename({"la": "child"}),
        "closures": f["closures"].filter(in_year("closure_date")).drop("closure_date")
        .rename({"la": "child"}),
        "allocations": _allocations(f["allocations"], start, end),
    }


def _allocations(rows, start, end) -> pl.DataFrame:
    """Each child's team at the end of the year (as ``tables._allocations``): the
    allocation open then, else the latest before it; ``allocated`` if a named worker
    held the case on that day."""
    rows = rows.filter((pl.col("start_date") <= end) & _not_before(pl.col("end_date"), start))
    rows = rows.with_columns(current=_not_before(pl.col("end_date"), end))
    latest = lambda column: pl.col(column).sort_by(  # noqa: E731
        "current", "start_date", "pk").last()
    best = rows.group_by("la").agg(
        latest("team"), latest("service_area"),
        (pl.col("current") & pl.col("worker").is_not_null()).any().alias("allocated"))
    return best.select(pl.col("la").alias("child"), "team", "service_area", "allocated")


# Reading the span ------------------------------------------------------------------------

DAY, TEXT, KEY, FLAG = pl.Date, pl.String, pl.Int64, pl.Boolean
LA = ("child__la_child_id", TEXT)


def read(council, first: RollingYear, last: RollingYear) -> Record:
    """Every row the measures need for the rolling years ending ``first.end`` to
    ``last.end``, for the council's children: what any of those years' cohorts holds."""
    start, end = first.start, last.end
    mine = {"child__responsible_council": council}
    cases = {"referral__child__responsible_council": council}
    # Casework of referrals in some year's cohort: referred by the end, not closed before
    # the first start.
    open_referral = _open_from(start, "referral__", "closure_date")
    case_la = ("referral__child__la_child_id", TEXT)
    frames = {
        "referrals": read_rows(Referral.objects.filter(**mine, referral_date__lte=end).filter(
            Q(_open_from(start, field="closure_date"))
            | Q(referral_date__gte=add_months(start, -12))), {
            "pk": ("pk", KEY), "la": LA, "referral_date": ("referral_date", DAY),
            "closure_date": ("closure_date", DAY), "nfa": ("nfa", FLAG)}),
        "assessments": read_rows(Assessment.objects.filter(
            open_referral, **cases, start_date__lte=end).exclude(
            authorisation_date__lt=start), {
            "referral_id": ("referral_id", KEY), "la": case_la,
            "start_date": ("start_date", DAY),
            "authorisation_date": ("authorisation_date", DAY)}),
        "section47s": _read_section47s(council, open_referral, end),
        "plans": read_rows(CPPlan.objects.filter(
            open_referral, **cases, start_date__lte=end).filter(_open_from(start)), {
            "pk": ("pk", KEY), "referral_id": ("referral_id", KEY), "la": case_la,
            "start_date": ("start_date", DAY), "end_date": ("end_date", DAY),
            "previous_plans": ("previous_plans", KEY)}),
        "plan_reviews": read_rows(CPReview.objects.filter(
            _open_from(start, "plan__"), plan__referral__child__responsible_council=council,
            plan__start_date__lte=end, review_date__lte=end), {
            "plan_id": ("plan_id", KEY), "review_date": ("review_date", DAY)}),
        **_read_care(council, mine, first, last),
        **_read_local(council, mine, cases, first, last),
    }
    return Record(council.pk, first, last, frames, _read_leavers(council, start, end))


def _read_section47s(council, open_referral, end) -> pl.DataFrame:
    s47 = read_rows(Section47.objects.filter(
        open_referral, referral__child__responsible_council=council, start_date__lte=end), {
        "pk": ("pk", KEY), "referral_id": ("referral_id", KEY),
        "la": ("referral__child__la_child_id", TEXT), "start_date": ("start_date", DAY),
        "end_date": ("end_date", DAY), "icpc_not_required": ("icpc_not_required", FLAG),
        "discussion": ("strategy__discussion_date", DAY)})
    held = read_rows(InitialConference.objects.filter(
        section47__referral__child__responsible_council=council,
        section47__start_date__lte=end, conference_date__lte=end), {
        "pk": ("section47_id", KEY), "conference_date": ("conference_date", DAY)})
    due = RULES["icpc"].due
    targets = pl.Series("target", [due(d) if d else None for d in s47["discussion"]],
                        dtype=pl.Date)
    return s47.with_columns(targets).join(held, on="pk", how="left")


def _read_care(council, mine, first, last) -> dict[str, pl.DataFrame]:
    start, end = first.start, last.end
    # Periods of care open at the end of some year of the span (tables._care_history).
    open_period = _open_from(first.end + ONE_DAY, "period__")
    return {
        "episodes": read_rows(Episode.objects.filter(
            **mine, start_date__lte=end).filter(_open_from(start)), {
            "pk": ("pk", KEY), "la": LA, "start_date": ("start_date", DAY),
            "end_date": ("end_date", DAY), "reason_new_episode": ("reason_new_episode", TEXT),
            "legal_status": ("legal_status", TEXT), "period_id": ("period_id", KEY),
            "period_start": ("period__start_date", DAY)}),
        "health_assessments": read_rows(HealthAssessment.objects.filter(
            **mine, assessment_date__range=(start, end)), {
            "la": LA, "day": ("assessment_date", DAY)}),
        "missing_starts": read_rows(MissingEpisode.objects.filter(
            **mine, start_date__range=(start, end)), {
            "la": LA, "kind": ("kind", TEXT), "start_date": ("start_date", DAY)}),
        "care": read_rows(Episode.objects.filter(
            open_period, **mine, period__start_date__lte=end, start_date__lte=end), {
            "la": LA, "born": ("child__date_of_birth", DAY), "start_date": ("start_date", DAY),
            "end_date": ("end_date", DAY), "reason_new_episode": ("reason_new_episode", TEXT),
            "legal_status": ("legal_status", TEXT), "placement_type": ("placement_type", TEXT),
            "period__start_date": ("period__start_date", DAY),
            "placement__distance_miles": ("placement__distance_miles", pl.Float64),
            "period_end": ("period__end_date", DAY)}),
        "care_reviews": read_rows(Review.objects.filter(
            open_period, period__child__responsible_council=council, review_date__lte=end), {
            "review_date": ("review_date", DAY), "la": ("period__child__la_child_id", TEXT),
            "period_end": ("period__end_date", DAY)}),
    }


def _read_local(council, mine, cases, first, last) -> dict[str, pl.DataFrame]:
    start, end = first.start, last.end
    # Child protection visits count only in the last working days of a month.
    recent = add_working_days(first.end, -RULES["cp_visit"].amount)
    case_la = ("referral__child__la_child_id", TEXT)
    return {
        "contacts": _read_contacts(council, start, end),
        "visits": read_rows(Visit.objects.filter(
            **cases, kind=Visit.Kind.CP, child_seen=True, visit_date__range=(recent, end)), {
            "referral_id": ("referral_id", KEY), "visit_date": ("visit_date", DAY)}),
        "missing_ends": read_rows(MissingEpisode.objects.filter(
            **mine, end_date__range=(start, end)), {
            "end_date": ("end_date", DAY),
            "return_interview_offered": ("return_interview_offered", DAY), "la": LA}),
        "closures": read_rows(Closure.objects.filter(
            **cases, approved=True, closure_date__range=(start, end)), {
            "closure_date": ("closure_date", DAY),
            "needs_unmet_service_unavailable": ("needs_unmet_service_unavailable", FLAG),
            "la": case_la}),
        "allocations": _read_allocations(mine, start, end),
    }


def _read_contacts(council, start, end) -> pl.DataFrame:
    """The children named on contacts received from ``start`` to ``end`` (local days), and
    the day. The days' bounds are compared as instants, through the index; SQLite's driver
    would work out each row's local day in Python (a second for 140,000 contacts), so there
    the instant is read as text and Polars finds the day."""
    zone = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time(), zone)
    until = datetime.datetime.combine(end + ONE_DAY, datetime.time(), zone)
    named = Contact.children.through.objects.filter(
        person__responsible_council=council, contact__received_at__gte=since,
        contact__received_at__lt=until)
    la = ("person__la_child_id", TEXT)
    if connection.vendor != "sqlite":
        return read_rows(named, {"la": la, "day": (F("contact__received_at__date"), DAY)})
    instants = read_rows(named, {"la": la, "at": (Cast("contact__received_at", TextField()),
                                                  TEXT)})
    # Stored as UTC text, "YYYY-MM-DD HH:MM:SS" and perhaps a fraction of a second.
    utc = pl.col("at").str.slice(0, 19).str.to_datetime("%Y-%m-%d %H:%M:%S", time_zone="UTC")
    return instants.select("la", day=utc.dt.convert_time_zone(str(zone)).dt.date())


def _read_allocations(mine, start, end) -> pl.DataFrame:
    rows = read_rows(Allocation.objects.filter(
        **mine, start_date__lte=end).filter(_open_from(start)), {
        "pk": ("pk", KEY), "la": LA, "team": ("team_id", KEY), "worker": ("worker_id", KEY),
        "start_date": ("start_date", DAY), "end_date": ("end_date", DAY)})
    areas = read_rows(Team.objects.all(), {"team": ("pk", KEY),
                                           "service_area": ("service_area_id", KEY)})
    return rows.join(areas, on="team", how="left")


def _read_leavers(council, start, end) -> list[tuple]:
    """Young people who may be in some year's OC3 (the extract's ``_care_leavers``
    candidates): born so as to have a 17th to 21st birthday in the span, with a period
    of care ended by its end; with their care episodes and keeping-in-touch contacts."""
    chosen = Person.objects.filter(
        responsible_council=council, periods_of_care__end_date__lte=end,
        date_of_birth__gt=birthday(start, -22), date_of_birth__lte=birthday(end, -17))
    people = list(chosen.annotate(first_end=Min("periods_of_care__end_date")).values_list(
        "pk", "la_child_id", "date_of_birth", "first_end"))
    chosen = chosen.values("pk")
    spans: dict[int, list] = {pk: [] for pk, *_ in people}
    for pk, *span in Episode.objects.filter(child__in=chosen).values_list(
            "child_id", "start_date", "end_date", "legal_status"):
        spans[pk].append(tuple(span))
    contacts: dict[int, list] = {pk: [] for pk in spans}
    for pk, *contact in KeepInTouch.objects.filter(child__in=chosen).order_by(
            "pk").values_list("child_id", "contact_date", "in_touch", "activity",
                              "accommodation", "accommodation_suitable"):
        contacts[pk].append(tuple(contact))
    return [(la, born, first_end, spans[pk], contacts[pk])
            for pk, la, born, first_end in people]
