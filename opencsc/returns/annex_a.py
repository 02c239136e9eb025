"""Ofsted Annex A (ILACS child-level lists 1 to 11) as an .xlsx workbook, built from the record.

``read_record`` reads one council's record as it stood on ``as_of`` into Polars frames:
anything dated after it is left out, and a closure, authorisation or end after it counts as
not yet happened. Each list is then a pure function of those frames and a ``Window``: one
row per event (contact, referral, assessment, enquiry) dated in the look-back window, or per
episode, plan or child open at any time in it. Columns follow shared/domain/reference.md
section 4, which mirrors Ofsted's template. Counts "in the last 12 months" always look back
12 months from ``as_of``, whatever the window. The record holds no early help episodes and
no adopter recruitment yet, so lists 2 and 11 are their headers alone.

Where the template leaves a reading open, these lists take the following one:
- List 5 has a row per section 47 enquiry; a conference held without one is counted in
  "Number of ICPCs" but has no row of its own.
- List 6 lists CIN episodes (referrals that were not NFA); the case status is the first of
  looked after, CP plan, CIN plan, open assessment that holds on ``as_of``, or closed.
- List 8 has a row per child, for their latest period of care in the window. "Second or
  subsequent period" is Y when that period began in the last 12 months after an earlier
  one. The last IRO contact is the latest review with an IRO recorded; placement location
  is "In" when the LA of placement is the council's own (DfE or ONS code).
- List 9 lists the council's relevant, former relevant and qualifying care leavers on
  ``as_of`` (eligible children are still looked after, in list 8).
- List 10's "fostering for adoption" placement is the first in a U2 or U5 placement (a
  foster carer who is also an approved adopter); the record has no family identifier yet.
"""

import datetime
from dataclasses import dataclass

import openpyxl
import polars as pl
from django.utils import timezone
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from opencsc.care_leavers.models import KeepInTouch, PersonalAdviser
from opencsc.care_leavers.status import Span, Status, status_on
from opencsc.casework.models import (
    Assessment,
    CINPlan,
    Contact,
    CPPlan,
    CPReview,
    InitialConference,
    Referral,
    Section47,
    Visit,
)
from opencsc.codes.cin import REFERRAL_SOURCE
from opencsc.looked_after import models as care
from opencsc.people.models import Allocation, Disability, Person

ID, GENDER, ETHNICITY, DOB, AGE = ("Child Unique ID", "Gender", "Ethnicity", "Date of Birth",
                                   "Age of Child (years)")
COMMON = [ID, GENDER, ETHNICITY, DOB, AGE]
DISABLED = "Does the child have a disability"
ALLOCATED = ["Allocated team", "Allocated worker"]
# Annex A's gender values; the record's sex (M, F, U) never gives d) Neither.
GENDER_VALUES = {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded"}
NEITHER = "d) Neither"
CASE_STATUS = {"lac": "a) Looked-after child", "cp": "b) Child protection plan",
               "cin": "c) Child in need plan", "assessment": "d) Open assessment",
               "closed": "e) Closed episode"}
# SSDA903 placement types with a foster carer who is also an approved adopter (FFA).
FFA_PLACEMENTS = ["U2", "U5"]
PROTECTION_STATUSES = ["L1", "L2"]  # police protection, emergency protection order

COLUMNS = {
    "List 1": [*COMMON, "Date of contact", "Contact source"],
    "List 2": [*COMMON, DISABLED, "Assessment start date", "Assessment completion date",
               "Organisation completing assessment"],
    "List 3": [*COMMON, "Date of referral", "Referral source", "Referral NFA?",
               "Number of referrals in last 12 months", *ALLOCATED],
    "List 4": [*COMMON, DISABLED, "Continuous assessment start date",
               "Child seen during continuous assessment",
               "Continuous assessment date of authorisation",
               "Was the child assessed as requiring LA children's social care support?",
               *ALLOCATED],
    "List 5": [*COMMON, DISABLED, "Strategy discussion initiating section 47 enquiry start date",
               "Was an initial child protection conference deemed unnecessary?",
               "Date of initial child protection conference",
               "Did the initial child protection conference result in a child protection plan?",
               "Number of section 47 enquiries in the last 12 months",
               "Number of initial child protection conferences in the last 12 months",
               *ALLOCATED],
    "List 6": [*COMMON, DISABLED, "Child in need start date", "Primary need code",
               "Date child was last seen", "Child in need closure date", "Reason for closure",
               "Case status", *ALLOCATED],
    "List 7": [*COMMON, DISABLED, "Child protection plan start date",
               "Initial category of abuse", "Latest category of abuse",
               "Date of last statutory visit", "Was the child seen alone?",
               "Date of latest review conference", "Child protection plan end date",
               "Subject to emergency protection order or police protection in last 6 months",
               "Number of previous child protection plans", *ALLOCATED],
    "List 8": [*COMMON, "UASC in last 12 months", DISABLED,
               "Date started to be looked after", "Category of need",
               "Second or subsequent period of care in last 12 months",
               "Start date of current legal status", "Legal status",
               "Date of latest statutory review", "Date of last social work visit",
               "Permanence plan", "Date of last IRO visit or contact",
               "Date of last health assessment", "Date of last dental check",
               "Number of placements in last 12 months", "Date ceased to be looked after",
               "Reason ceased to be looked after", "Start date of most recent placement",
               "Placement type", "Placement provider", "Placement postcode", "URN of placement",
               "Placement location", "LA of placement",
               "Number of missing episodes in last 12 months",
               "Number of absent episodes in last 12 months",
               "Offered return interview after last missing episode",
               "Accepted return interview after last missing episode", *ALLOCATED],
    "List 9": [*COMMON, DISABLED, "Allocated team", "Allocated worker (personal adviser)",
               "Eligibility category", "LA in touch", "Type of accommodation",
               "Suitability of accommodation", "Activity status"],
    "List 10": [*COMMON, "Family identifier", DISABLED, "Date entered care",
                "Date of decision that child should be placed for adoption",
                "Date of placement order", "Date of matching", "Date placed for adoption",
                "Date of adoption order",
                "Date of decision that child should no longer be placed for adoption",
                "Reason no longer placed for adoption",
                "Date placed in fostering for adoption or concurrent planning placement"],
    "List 11": ["Individual adopter identifier", "Family identifier", GENDER, ETHNICITY,
                DISABLED, "Is the adopter fostering for adoption?", "Date enquiry received",
                "Stage 1 start date", "Stage 1 end date", "Stage 2 start date",
                "Stage 2 end date", "Date application submitted", "Date approved",
                "Date matched", "Date child or children placed", "Number of children placed",
                "Date of adoption order", "Date left adoption process",
                "Reason for leaving adoption process"],
}


def months_before(day: datetime.date, months: int) -> datetime.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last_day in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, last_day)
        except ValueError:
            continue
    raise ValueError(day)


@dataclass(frozen=True)
class Window:
    """The look-back window: the ``months`` before ``as_of``, up to and including it."""

    as_of: datetime.date
    months: int = 12

    @property
    def start(self) -> datetime.date:
        return months_before(self.as_of, self.months) + datetime.timedelta(days=1)

    def has(self, column: str) -> pl.Expr:
        return pl.col(column).is_between(self.start, self.as_of)

    def overlaps(self, start: str, end: str) -> pl.Expr:
        return (pl.col(start) <= self.as_of) & (
            pl.col(end).is_null() | (pl.col(end) >= self.start))

    @property
    def last_year(self) -> "Window":
        return Window(self.as_of, 12)


def _yes_no(expr: pl.Expr) -> pl.Expr:
    return pl.when(expr).then(pl.lit("Y")).otherwise(pl.lit("N"))


def _rows(events: pl.DataFrame, children: pl.DataFrame, name: str, order: str) -> pl.DataFrame:
    """The list's columns for each event, with the child's own columns joined in."""
    joined = events.join(children, on="child_id", how="inner")
    return joined.sort([order, ID], nulls_last=True).select(COLUMNS[name])


def _count_per_child(frame: pl.DataFrame, date: str, window: Window, name: str):
    return (frame.filter(window.has(date)).group_by("child_id").agg(pl.len().alias(name)))


def _latest(frame: pl.DataFrame, key: str, date: str, name: str) -> pl.DataFrame:
    return frame.group_by(key).agg(pl.col(date).max().alias(name))


def list_1(r: dict, w: Window) -> pl.DataFrame:
    contacts = r["contacts"].filter(w.has("date")).with_columns(
        pl.col("date").alias("Date of contact"),
        pl.col("source").replace_strict(SOURCE_LABELS, default=pl.col("source"))
        .alias("Contact source"))
    return _rows(contacts, r["children"], "List 1", "Date of contact")


SOURCE_LABELS = {c.code: f"{c.code}) {c.label}" for c in REFERRAL_SOURCE.codes}


def list_3(r: dict, w: Window) -> pl.DataFrame:
    referrals = r["referrals"]
    counts = _count_per_child(referrals, "referral_date", w.last_year,
                              "Number of referrals in last 12 months")
    rows = referrals.filter(w.has("referral_date")).join(counts, on="child_id", how="left")
    rows = rows.with_columns(
        pl.col("referral_date").alias("Date of referral"),
        pl.col("source").replace_strict(SOURCE_LABELS, default=pl.col("source"))
        .alias("Referral source"),
        _yes_no(pl.col("nfa")).alias("Referral NFA?"))
    return _rows(rows, r["children"], "List 3", "Date of referral")


def list_4(r: dict, w: Window) -> pl.DataFrame:
    support = pl.col("outcome").is_in(["cin_plan", "strategy", "looked_after"])
    rows = r["assessments"].filter(w.has("start_date")).with_columns(
        pl.col("start_date").alias("Continuous assessment start date"),
        _yes_no(pl.col("child_seen_date").is_not_null())
        .alias("Child seen during continuous assessment"),
        pl.col("authorisation_date").alias("Continuous assessment date of authorisation"),
        pl.when(pl.col("authorisation_date").is_null()).then(None).otherwise(_yes_no(support))
        .alias("Was the child assessed as requiring LA children's social care support?"))
    return _rows(rows, r["children"], "List 4", "Continuous assessment start date")


def list_5(r: dict, w: Window) -> pl.DataFrame:
    enquiries, conferences = r["section47s"], r["conferences"]
    counts = _count_per_child(enquiries, "start_date", w.last_year,
                              "Number of section 47 enquiries in the last 12 months").join(
        _count_per_child(conferences, "conference_date", w.last_year,
                         "Number of initial child protection conferences in the last 12 months"),
        on="child_id", how="full", coalesce=True)
    held = pl.col("conference_date").is_not_null()
    rows = enquiries.filter(w.has("start_date")).join(counts, on="child_id", how="left")
    rows = rows.with_columns(
        pl.col("strategy_date").alias(COLUMNS["List 5"][6]),
        _yes_no(pl.col("icpc_not_required") & ~held).alias(COLUMNS["List 5"][7]),
        pl.col("conference_date").alias(COLUMNS["List 5"][8]),
        pl.when(held).then(_yes_no(pl.col("conference_plan"))).alias(COLUMNS["List 5"][9]),
        *(pl.col(c).fill_null(0) for c in COLUMNS["List 5"][10:12]))
    return _rows(rows, r["children"], "List 5", COLUMNS["List 5"][6])


def _case_status(r: dict, w: Window) -> pl.Expr:
    def open_on(frame, key):
        return frame.filter(pl.col("start_date") <= w.as_of, pl.col("end_date").is_null()
                            | (pl.col("end_date") > w.as_of))[key].unique()

    unauthorised = r["assessments"].filter(pl.col("authorisation_date").is_null())
    return (pl.when(pl.col("closure_date").is_not_null()).then(pl.lit(CASE_STATUS["closed"]))
            .when(pl.col("child_id").is_in(open_on(r["periods"], "child_id").implode()))
            .then(pl.lit(CASE_STATUS["lac"]))
            .when(pl.col("referral_id").is_in(open_on(r["cp_plans"], "referral_id").implode()))
            .then(pl.lit(CASE_STATUS["cp"]))
            .when(pl.col("referral_id").is_in(open_on(r["cin_plans"], "referral_id").implode()))
            .then(pl.lit(CASE_STATUS["cin"]))
            .when(pl.col("referral_id").is_in(unauthorised["referral_id"].implode()))
            .then(pl.lit(CASE_STATUS["assessment"])))


def list_6(r: dict, w: Window) -> pl.DataFrame:
    seen = pl.concat([
        r["visits"].filter("child_seen").select("referral_id", day=pl.col("visit_date")),
        r["assessments"].filter(pl.col("child_seen_date").is_not_null())
        .select("referral_id", day=pl.col("child_seen_date"))])
    rows = r["referrals"].filter(~pl.col("nfa"), w.overlaps("referral_date", "closure_date"))
    rows = rows.join(_latest(seen, "referral_id", "day", "Date child was last seen"),
                     on="referral_id", how="left").with_columns(
        pl.col("referral_date").alias("Child in need start date"),
        pl.col("primary_need").replace("", None).alias("Primary need code"),
        pl.col("closure_date").alias("Child in need closure date"),
        pl.col("closure_reason").replace("", None).alias("Reason for closure"),
        _case_status(r, w).alias("Case status"))
    return _rows(rows, r["children"], "List 6", "Child in need start date")


def list_7(r: dict, w: Window) -> pl.DataFrame:
    cols = COLUMNS["List 7"]
    plans = r["cp_plans"].filter(w.overlaps("start_date", "end_date"))
    visits = (r["visits"].filter(pl.col("kind") == "cp").join(
        plans.select("plan_id", "referral_id", "start_date"), on="referral_id")
        .filter(pl.col("visit_date") >= pl.col("start_date")).sort("visit_date")
        .group_by("plan_id").agg(pl.col("visit_date").last().alias(cols[9]),
                                 _yes_no(pl.col("child_seen_alone").last()).alias(cols[10])))
    reviews = _latest(r["cp_reviews"], "plan_id", "review_date", cols[11])
    protected = r["episodes"].filter(pl.col("legal_status").is_in(PROTECTION_STATUSES),
                                     Window(w.as_of, 6).overlaps("start_date", "end_date"))
    rows = plans.join(visits, on="plan_id", how="left").join(reviews, on="plan_id", how="left")
    rows = rows.with_columns(
        pl.col("start_date").alias(cols[6]), pl.col("initial_category").alias(cols[7]),
        pl.col("latest_category").alias(cols[8]), pl.col("end_date").alias(cols[12]),
        _yes_no(pl.col("child_id").is_in(protected["child_id"].implode())).alias(cols[13]),
        pl.col("previous_plans").alias(cols[14]))
    return _rows(rows, r["children"], "List 7", cols[6])


def write_annex_a(council, path, **kw) -> None:
    """Write the Annex A workbook for ``council`` to ``path`` (see ``annex_a_workbook``)."""
    annex_a_workbook(council, **kw).save(path)


def annex_a_workbook(council, *, as_of: datetime.date,
                     lookback_months: int = 12) -> openpyxl.Workbook:
    """Ofsted Annex A lists 1 to 11 for ``council``, looking back ``lookback_months``
    from ``as_of``: one sheet per list, header row bold and frozen."""
    window = Window(as_of, lookback_months)
    record = read_record(council, as_of)
    lists = {"List 1": list_1, "List 3": list_3, "List 4": list_4, "List 5": list_5,
             "List 6": list_6, "List 7": list_7, "List 8": list_8, "List 9": list_9,
             "List 10": list_10}
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, columns in COLUMNS.items():
        build = lists.get(name)
        frame = build(record, window) if build else pl.DataFrame(schema=dict.fromkeys(columns))
        _write_sheet(book.create_sheet(name), frame)
    return book


def _write_sheet(sheet, frame: pl.DataFrame) -> None:
    sheet.append(frame.columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in frame.iter_rows():
        sheet.append(row)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(sheet.iter_cols(), start=1):
        for cell in column[1:]:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "dd/mm/yyyy"
        width = max(len(_shown(c.value)) for c in column)
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, 60)


def _shown(value) -> str:
    return "00/00/0000" if isinstance(value, datetime.date) else str(value or "")


# --- Reading the record as it stood on a day --------------------------------------------

D, S, B, N = pl.Date, pl.String, pl.Boolean, pl.Int64


def _frame(rows, schema: dict) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=schema, orient="row")


def read_record(council, as_of: datetime.date) -> dict[str, pl.DataFrame]:
    """The council's record as it stood on ``as_of``, as frames keyed by ``child_id``."""

    def on(day):
        return day if day is not None and day <= as_of else None

    mine = {"child__responsible_council": council}
    return {
        "children": _children(council, as_of),
        **_front_door(council, as_of, on),
        **_protection(council, as_of, on, mine),
        **_care(council, as_of, on),
        **_leavers(council, as_of),
        "council": pl.DataFrame({"la_code": [council.la_code],
                                 "gss_code": [council.gss_code]}),
    }


def _age(born, day):
    if born is None or born > day:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _children(council, as_of) -> pl.DataFrame:
    people = Person.objects.filter(responsible_council=council).values_list(
        "pk", "la_child_id", "sex", "ethnicity", "date_of_birth")
    disabled = set(Disability.objects.filter(person__responsible_council=council)
                   .exclude(code="NONE").values_list("person_id", flat=True))
    allocated = {}
    for child, team, given, family in Allocation.objects.filter(
            child__responsible_council=council, start_date__lte=as_of).exclude(
            end_date__lt=as_of).order_by("start_date", "pk").values_list(
            "child_id", "team__name", "worker__first_name", "worker__last_name"):
        allocated[child] = (team, f"{given or ''} {family or ''}".strip() or None)
    return _frame(((pk, la_id, GENDER_VALUES.get(sex, GENDER_VALUES["U"]), ethnicity, born,
                    _age(born, as_of), "Y" if pk in disabled else "N",
                    *allocated.get(pk, (None, None)))
                   for pk, la_id, sex, ethnicity, born in people),
                  {"child_id": N, ID: S, GENDER: S, ETHNICITY: S, DOB: D, AGE: N,
                   DISABLED: S, "Allocated team": S, "Allocated worker": S})


def _front_door(council, as_of, on) -> dict:
    through = Contact.children.through.objects.filter(
        person__responsible_council=council, contact__received_at__date__lte=as_of)
    contacts = ((child, timezone.localtime(at).date(), source) for child, at, source in
                through.values_list("person_id", "contact__received_at", "contact__source"))
    referrals = Referral.objects.filter(child__responsible_council=council,
                                        referral_date__lte=as_of)
    # Authorising an assessment sets the episode's primary need, so a need that came
    # from a later authorisation had not been recorded on ``as_of``.
    needs: dict[int, str] = {}
    for referral, authorised, need in Assessment.objects.filter(
            referral__in=referrals, authorisation_date__isnull=False).exclude(
            primary_need="").order_by("authorisation_date", "pk").values_list(
            "referral_id", "authorisation_date", "primary_need"):
        if authorised <= as_of or referral not in needs:
            needs[referral] = need if authorised <= as_of else ""
    return {
        "contacts": _frame(((c, d, s) for c, d, s in contacts if d <= as_of),
                           {"child_id": N, "date": D, "source": S}),
        "referrals": _frame(
            ((pk, child, day, source, nfa, needs.get(pk, need), on(closed),
              reason if on(closed) else "")
             for pk, child, day, source, nfa, need, closed, reason in referrals.values_list(
                 "pk", "child_id", "referral_date", "source", "nfa", "primary_need",
                 "closure_date", "closure_reason")),
            {"referral_id": N, "child_id": N, "referral_date": D, "source": S, "nfa": B,
             "primary_need": S, "closure_date": D, "closure_reason": S}),
    }


def _protection(council, as_of, on, mine) -> dict:
    episode = {"referral__" + k: v for k, v in mine.items()}
    assessments = Assessment.objects.filter(start_date__lte=as_of, **episode).values_list(
        "referral_id", "referral__child_id", "start_date", "child_seen_date",
        "authorisation_date", "outcome")
    enquiries = Section47.objects.filter(start_date__lte=as_of, **episode).values_list(
        "pk", "referral__child_id", "strategy__discussion_date", "start_date",
        "icpc_not_required", "end_date")
    conferences = list(InitialConference.objects.filter(conference_date__lte=as_of, **episode)
                       .values_list("section47_id", "referral__child_id", "conference_date",
                                    "decision"))
    held = {s47: (day, decision == "plan") for s47, _, day, decision in conferences if s47}
    plans = CPPlan.objects.filter(start_date__lte=as_of, **episode)
    reviews = list(CPReview.objects.filter(review_date__lte=as_of, plan__in=plans)
                   .order_by("review_date", "pk")
                   .values_list("plan_id", "review_date", "latest_category"))
    latest = {plan: category for plan, _, category in reviews if category}
    return {
        "assessments": _frame(((ref, c, start, on(seen), on(authorised),
                                outcome if on(authorised) else "")
                               for ref, c, start, seen, authorised, outcome in assessments),
                              {"referral_id": N, "child_id": N, "start_date": D,
                               "child_seen_date": D, "authorisation_date": D, "outcome": S}),
        "section47s": _frame(((pk, c, strategy, start, bool(not_needed and on(end)),
                               *held.get(pk, (None, None)))
                              for pk, c, strategy, start, not_needed, end in enquiries),
                             {"s47_id": N, "child_id": N, "strategy_date": D, "start_date": D,
                              "icpc_not_required": B, "conference_date": D,
                              "conference_plan": B}),
        "conferences": _frame(((c, day) for _, c, day, _ in conferences),
                              {"child_id": N, "conference_date": D}),
        "cp_plans": _frame(((pk, c, ref, start, on(end), initial, latest.get(pk, initial), prev)
                            for pk, c, ref, start, end, initial, prev in plans.values_list(
                                "pk", "referral__child_id", "referral_id", "start_date",
                                "end_date", "initial_category", "previous_plans")),
                           {"plan_id": N, "child_id": N, "referral_id": N, "start_date": D,
                            "end_date": D, "initial_category": S, "latest_category": S,
                            "previous_plans": N}),
        "cp_reviews": _frame(((plan, day) for plan, day, _ in reviews),
                             {"plan_id": N, "review_date": D}),
        "cin_plans": _frame(((ref, start, on(end)) for ref, start, end in CINPlan.objects.filter(
            start_date__lte=as_of, **episode).values_list("referral_id", "start_date",
                                                          "end_date")),
                            {"referral_id": N, "start_date": D, "end_date": D}),
        "visits": _frame(Visit.objects.filter(visit_date__lte=as_of, **episode).values_list(
            "referral_id", "kind", "visit_date", "child_seen", "child_seen_alone"),
            {"referral_id": N, "kind": S, "visit_date": D, "child_seen": B,
             "child_seen_alone": B}),
    }


def _care(council, as_of, on) -> dict:
    mine = {"child__responsible_council": council}
    periods = care.PeriodOfCare.objects.filter(start_date__lte=as_of, **mine)
    episodes = care.Episode.objects.filter(start_date__lte=as_of, **mine).order_by(
        "start_date", "pk")
    placements = care.Placement.objects.filter(start_date__lte=as_of, **mine)
    reviews = care.Review.objects.filter(review_date__lte=as_of,
                                         period__child__responsible_council=council)
    return {
        "periods": _frame(((pk, c, start, on(end)) for pk, c, start, end in periods.values_list(
            "pk", "child_id", "start_date", "end_date")),
            {"period_id": N, "child_id": N, "start_date": D, "end_date": D}),
        "episodes": _frame(
            ((c, period, placement, start, on(end), ls, need, place, rec if on(end) else "")
             for c, period, placement, start, end, ls, need, place, rec in episodes.values_list(
                 "child_id", "period_id", "placement_id", "start_date", "end_date",
                 "legal_status", "category_of_need", "placement_type", "reason_ceased")),
            {"child_id": N, "period_id": N, "placement_id": N, "start_date": D, "end_date": D,
             "legal_status": S, "category_of_need": S, "placement_type": S,
             "reason_ceased": S}),
        "placements": _frame(
            ((pk, c, start, on(end), code, urn, postcode or provider_postcode, la or provider_la)
             for pk, c, start, end, code, urn, postcode, provider_postcode, la, provider_la
             in placements.values_list(
                 "pk", "child_id", "start_date", "end_date", "provider__provider_code",
                 "provider__urn", "postcode", "provider__postcode", "placement_la",
                 "provider__local_authority")),
            {"placement_id": N, "child_id": N, "start_date": D, "end_date": D, "provider": S,
             "urn": S, "postcode": S, "placement_la": S}),
        "lac_reviews": _frame(reviews.values_list("period_id", "review_date", "iro_id"),
                              {"period_id": N, "review_date": D, "iro": N}),
        "lac_visits": _frame(care.StatutoryVisit.objects.filter(
            visit_date__lte=as_of, period__in=periods).values_list("period_id", "visit_date"),
            {"period_id": N, "visit_date": D}),
        "care_plans": _frame(care.CarePlan.objects.filter(
            plan_date__lte=as_of, period__in=periods).order_by("plan_date", "pk").values_list(
            "period_id", "plan_date", "permanence_plan"),
            {"period_id": N, "plan_date": D, "permanence_plan": S}),
        "health": _frame(
            [*care.HealthAssessment.objects.filter(assessment_date__lte=as_of, **mine)
             .values_list("child_id", "kind", "assessment_date"),
             *care.HealthCheck.objects.filter(check_date__lte=as_of, kind="dental", **mine)
             .values_list("child_id", "kind", "check_date")],
            {"child_id": N, "kind": S, "date": D}),
        "missing": _frame(
            ((c, kind, start, on(offered) is not None, accepted if on(offered) else None)
             for c, kind, start, offered, accepted in care.MissingEpisode.objects.filter(
                 start_date__lte=as_of, **mine).values_list(
                 "child_id", "kind", "start_date", "return_interview_offered",
                 "return_interview_accepted")),
            {"child_id": N, "kind": S, "start_date": D, "offered": B, "accepted": B}),
        "uasc": _frame(((c, start, on(end)) for c, start, end in care.UASCStatus.objects.filter(
            start_date__lte=as_of, **mine).values_list("child_id", "start_date", "ceased_date")),
            {"child_id": N, "start_date": D, "end_date": D}),
        "adoptions": _frame(
            ((c, *(on(d) for d in dates), reason if on(dates[-1]) else None)
             for c, *dates, reason in care.Adoption.objects.filter(
                 decision_date__lte=as_of, **mine).values_list(
                 "child_id", "decision_date", "placement_order_date", "matched_date",
                 "placed_date", "adoption_order_date", "reversed_date", "reversal_reason")),
            {"child_id": N, "decision_date": D, "placement_order_date": D, "matched_date": D,
             "placed_date": D, "adoption_order_date": D, "reversed_date": D, "reason": S}),
    }


def _leavers(council, as_of) -> dict:
    """Care leavers on ``as_of`` (relevant, former relevant or qualifying), with their
    personal adviser then and their latest keeping-in-touch record."""
    mine = {"child__responsible_council": council}
    spans: dict[int, list[Span]] = {}
    born = {}
    for c, dob, start, end, ls in care.Episode.objects.filter(start_date__lte=as_of, **mine)\
            .values_list("child_id", "child__date_of_birth", "start_date", "end_date",
                         "legal_status"):
        spans.setdefault(c, []).append(Span(start, end if end and end <= as_of else None, ls))
        born[c] = dob
    leaving = (Status.RELEVANT, Status.FORMER_RELEVANT, Status.QUALIFYING)
    statuses = {c: status_on(born[c], s, as_of) for c, s in spans.items()}
    advisers = {c: f"{given} {family}".strip() for c, given, family in PersonalAdviser.objects
                .filter(start_date__lte=as_of, **mine).exclude(end_date__lt=as_of)
                .order_by("start_date", "pk")
                .values_list("child_id", "adviser__first_name", "adviser__last_name")}
    touch = {row[0]: row[1:] for row in KeepInTouch.objects.filter(
        contact_date__lte=as_of, **mine).order_by("contact_date", "pk").values_list(
        "child_id", "in_touch", "accommodation", "accommodation_suitable", "activity")}
    return {"leavers": _frame(
        ((c, str(status), advisers.get(c), *touch.get(c, (None, None, None, None)))
         for c, status in statuses.items() if status in leaving),
        {"child_id": N, "status": S, "adviser": S, "in_touch": S, "accommodation": S,
         "suitable": B, "activity": S})}


# --- Lists 8 to 10: children in care, care leavers, adoption -----------------------------

def _care_episode_now(r: dict) -> pl.DataFrame:
    """Each period's latest episode, with the day its legal status began."""
    runs = r["episodes"].sort("start_date").with_columns(
        run=(pl.col("legal_status") != pl.col("legal_status").shift(1)).fill_null(True)
        .cum_sum().over("period_id"))
    runs = runs.with_columns(status_start=pl.col("start_date").min().over("period_id", "run"))
    return runs.group_by("period_id").agg(
        pl.col("legal_status", "category_of_need", "placement_type", "reason_ceased",
               "placement_id", "status_start").last())


def _missing(r: dict, last_year: Window, cols: list[str]) -> pl.DataFrame:
    missing = r["missing"]
    counts = [_count_per_child(missing.filter(pl.col("kind") == kind), "start_date", last_year,
                               name) for kind, name in (("M", cols[28]), ("A", cols[29]))]
    last = missing.filter(pl.col("kind") == "M").sort("start_date").group_by("child_id").agg(
        _yes_no(pl.col("offered").last()).alias(cols[30]),
        pl.when(pl.col("accepted").last().is_not_null())
        .then(_yes_no(pl.col("accepted").last())).alias(cols[31]))
    return counts[0].join(counts[1], on="child_id", how="full", coalesce=True).join(
        last, on="child_id", how="full", coalesce=True)


def _placed(r: dict, cols: list[str]) -> pl.DataFrame:
    council = r["council"].row(0, named=True)
    home = [council["la_code"], council["gss_code"]]
    return r["placements"].select(
        "placement_id", pl.col("start_date").alias(cols[21]), pl.col("provider").alias(cols[23]),
        pl.col("postcode").alias(cols[24]), pl.col("urn").alias(cols[25]),
        pl.when(pl.col("placement_la").is_in(home)).then(pl.lit("In"))
        .when(pl.col("placement_la") != "").then(pl.lit("Out")).alias(cols[26]),
        pl.col("placement_la").alias(cols[27]))


def list_8(r: dict, w: Window) -> pl.DataFrame:
    cols, last_year = COLUMNS["List 8"], w.last_year
    periods = r["periods"].sort("start_date").with_columns(
        earlier=pl.col("start_date").rank("ordinal").over("child_id") > 1)
    periods = periods.filter(w.overlaps("start_date", "end_date")).group_by("child_id").agg(
        pl.all().last())
    reviews = r["lac_reviews"]
    health = r["health"]
    per_period = [
        _latest(reviews, "period_id", "review_date", cols[12]),
        _latest(r["lac_visits"], "period_id", "visit_date", cols[13]),
        r["care_plans"].filter(pl.col("permanence_plan") != "").group_by("period_id").agg(
            pl.col("permanence_plan").last().alias(cols[14])),
        _latest(reviews.filter(pl.col("iro").is_not_null()), "period_id", "review_date",
                cols[15]),
        _care_episode_now(r)]
    per_child = [
        _latest(health.filter(pl.col("kind") != "dental"), "child_id", "date", cols[16]),
        _latest(health.filter(pl.col("kind") == "dental"), "child_id", "date", cols[17]),
        r["placements"].filter(last_year.overlaps("start_date", "end_date"))
        .group_by("child_id").agg(pl.len().alias(cols[18])),
        _missing(r, last_year, cols),
        r["uasc"].filter(last_year.overlaps("start_date", "end_date")).select("child_id")
        .unique().with_columns(uasc=pl.lit(True))]
    rows = periods
    for extra in per_period:
        rows = rows.join(extra, on="period_id", how="left")
    for extra in per_child:
        rows = rows.join(extra, on="child_id", how="left")
    rows = rows.join(_placed(r, cols), on="placement_id", how="left").with_columns(
        _yes_no(pl.col("uasc").fill_null(False)).alias(cols[5]),
        pl.col("start_date").alias(cols[7]), pl.col("category_of_need").alias(cols[8]),
        _yes_no(pl.col("earlier") & last_year.has("start_date")).alias(cols[9]),
        pl.col("status_start").alias(cols[10]), pl.col("legal_status").alias(cols[11]),
        pl.col(cols[18]).fill_null(0), pl.col("end_date").alias(cols[19]),
        pl.when(pl.col("end_date").is_not_null()).then(pl.col("reason_ceased"))
        .alias(cols[20]), pl.col("placement_type").alias(cols[22]),
        pl.col(cols[28], cols[29]).fill_null(0))
    return _rows(rows, r["children"], "List 8", cols[7])


SUITABILITY = {True: "Suitable", False: "Unsuitable"}


def list_9(r: dict, w: Window) -> pl.DataFrame:
    cols = COLUMNS["List 9"]
    rows = r["leavers"].with_columns(
        pl.col("adviser").alias(cols[7]),
        pl.col("status").str.to_titlecase().str.replace("Former Relevant", "Former relevant")
        .alias(cols[8]),
        pl.col("in_touch").alias(cols[9]),
        pl.col("accommodation").replace("", None).alias(cols[10]),
        pl.col("suitable").replace_strict(SUITABILITY, default=None, return_dtype=pl.String)
        .alias(cols[11]),
        pl.col("activity").replace("", None).alias(cols[12]))
    return _rows(rows, r["children"], "List 9", cols[8])


def list_10(r: dict, w: Window) -> pl.DataFrame:
    cols = COLUMNS["List 10"]
    ended_before = (pl.col("adoption_order_date") < w.start) | (pl.col("reversed_date") < w.start)
    adoptions = r["adoptions"].filter(~ended_before.fill_null(False))
    entered = (adoptions.select("child_id", "decision_date").join(
        r["periods"].select("child_id", "start_date"), on="child_id")
        .filter(pl.col("start_date") <= pl.col("decision_date"))
        .group_by("child_id", "decision_date").agg(pl.col("start_date").max().alias(cols[7])))
    ffa = (r["episodes"].filter(pl.col("placement_type").is_in(FFA_PLACEMENTS))
           .group_by("child_id").agg(pl.col("start_date").min().alias(cols[15])))
    rows = adoptions.join(entered, on=["child_id", "decision_date"], how="left").join(
        ffa, on="child_id", how="left").with_columns(
        pl.lit(None, dtype=pl.String).alias(cols[5]),
        *(pl.col(source).alias(cols[i]) for i, source in enumerate(
            ["decision_date", "placement_order_date", "matched_date", "placed_date",
             "adoption_order_date", "reversed_date", "reason"], start=8)))
    return _rows(rows, r["children"], "List 10", cols[8])
