"""The CIN census as a view of the record: tables for one council and collection year.

The cohort is every CIN episode of the council's children that was open at any time in
the year (referred on or before 31 March and not closed before 1 April). The record is
read as it stood at the reference date: anything dated after 31 March is left out, and a
closure or authorisation after it is treated as not yet happened.

Within an episode that began in an earlier year, the census carries only the activity of
this year: work finished before 1 April was returned last year (CIN census guide; rules
8696, 8715, 4013 and 8930 require the end dates to fall in the year). So an assessment
authorised, a CIN or CP plan ended, a section 47 concluded or an initial conference held
before 1 April is left out; unfinished work is kept whenever it began.
"""

import polars as pl
from django.utils import timezone

import opencsc
from opencsc.casework.models import (
    Assessment,
    CINPlan,
    CPPlan,
    CPReview,
    InitialConference,
    Referral,
    Section47,
)
from opencsc.casework.timescales import RULES
from opencsc.people.models import Disability, Person

from ..years import CollectionYear
from .tables import frame


def _before(value, end):
    return value if value is not None and value <= end else None


def _age(born, day):
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def census_tables(council, year: CollectionYear) -> dict[str, pl.DataFrame]:
    end = year.end
    episodes = list(Referral.objects.filter(
        child__responsible_council=council, referral_date__lte=end,
    ).exclude(closure_date__lt=year.start).order_by("child_id", "referral_date", "pk").values(
        "pk", "child_id", "referral_date", "source", "primary_need", "closure_date",
        "closure_reason", "nfa"))
    episode_ids = [e["pk"] for e in episodes]
    child_ids = sorted({e["child_id"] for e in episodes})
    people = {p["pk"]: p for p in Person.objects.filter(pk__in=child_ids).values(
        "pk", "la_child_id", "upn", "former_upn", "date_of_birth", "expected_date_of_birth",
        "sex", "date_of_death", "ethnicity")}
    ids = {pk: people[pk]["la_child_id"] for pk in people}
    nfa_only = dict.fromkeys(people, True)
    for e in episodes:
        nfa_only[e["child_id"]] = nfa_only[e["child_id"]] and e["nfa"]
    return {
        "Header": _header(council, year),
        "ChildIdentifiers": _identifiers(people, nfa_only, end),
        "ChildCharacteristics": frame("ChildCharacteristics", {
            "LAchildID": [ids[pk] for pk in people],
            "Ethnicity": [people[pk]["ethnicity"] for pk in people]}),
        "Disabilities": _disabilities(child_ids, ids, people),
        "CINdetails": _details(episodes, ids, end, _conferences_without_s47(episode_ids, year)),
        **_activity(episode_ids, {e["pk"]: ids[e["child_id"]] for e in episodes}, year),
    }


def _header(council, year):
    return frame("Header", {
        "Collection": ["CIN"], "Year": [str(year.year)], "ReferenceDate": [year.end],
        "SourceLevel": ["L"], "LEA": [council.la_code], "SoftwareCode": ["opencsc"],
        "Release": [opencsc_version()], "SerialNo": ["001"],
        "DateTime": [timezone.now().replace(microsecond=0).isoformat()]})


def opencsc_version() -> str:
    return getattr(opencsc, "__version__", "0.1.0")


def _identifiers(people, nfa_only, end):
    rows = {k: [] for k in ("LAchildID", "UPN", "FormerUPN", "UPNunknown", "PersonBirthDate",
                            "ExpectedPersonBirthDate", "Sex", "PersonDeathDate")}
    for pk, p in people.items():
        age = _age(p["date_of_birth"], end)
        unknown = None
        if not p["upn"]:
            unknown = "UN7" if nfa_only[pk] else ("UN1" if age is None or age < 6 else None)
        for name, value in (("LAchildID", p["la_child_id"]), ("UPN", p["upn"] or None),
                            ("FormerUPN", p["former_upn"] or None), ("UPNunknown", unknown),
                            ("PersonBirthDate", p["date_of_birth"]),
                            ("ExpectedPersonBirthDate", None if p["date_of_birth"]
                             else p["expected_date_of_birth"]),
                            ("Sex", p["sex"]), ("PersonDeathDate",
                                                _before(p["date_of_death"], end))):
            rows[name].append(value)
    return frame("ChildIdentifiers", rows)


def _disabilities(child_ids, ids, people):
    rows = Disability.objects.filter(person_id__in=child_ids).order_by("person_id", "code")
    pairs = list(rows.values_list("person_id", "code"))
    # The record keeps no row for a child with no disability: the census says NONE for a
    # born child (CIN rule 8540) and leaves the item blank for an unborn one.
    recorded = {pk for pk, _ in pairs}
    pairs += [(pk, "NONE") for pk in child_ids
              if pk not in recorded and people[pk]["date_of_birth"]]
    return frame("Disabilities", {"LAchildID": [ids[p] for p, _ in pairs],
                                  "Disability": [c for _, c in pairs]})


def _conferences_without_s47(episode_ids, year) -> dict:
    """Initial conferences in the year not preceded by a section 47 in the episode (CIN
    rule 2884)."""
    found = {}
    rows = InitialConference.objects.filter(
        referral_id__in=episode_ids, section47__isnull=True,
        conference_date__range=(year.start, year.end)).order_by("conference_date")
    for referral_id, day in rows.values_list("referral_id", "conference_date"):
        found.setdefault(referral_id, day)
    return found


def _details(episodes, ids, end, conference_dates):
    closed = [e["closure_date"] if e["closure_date"] and e["closure_date"] <= end else None
              for e in episodes]
    return frame("CINdetails", {
        "LAchildID": [ids[e["child_id"]] for e in episodes],
        "CINdetailsID": [e["pk"] for e in episodes],
        "CINreferralDate": [e["referral_date"] for e in episodes],
        "ReferralSource": [e["source"] for e in episodes],
        "PrimaryNeedCode": [None if e["nfa"] else (e["primary_need"] or None) for e in episodes],
        "CINclosureDate": closed,
        "ReasonForClosure": [e["closure_reason"] or None if c else None
                             for e, c in zip(episodes, closed, strict=True)],
        "DateOfInitialCPC": [conference_dates.get(e["pk"]) for e in episodes],
        "ReferralNFA": ["true" if e["nfa"] else "false" for e in episodes],
    })


def _activity(episode_ids, child_of, year) -> dict[str, pl.DataFrame]:
    end = year.end
    assessments = list(Assessment.objects.filter(referral_id__in=episode_ids,
                                                 start_date__lte=end)
                       .exclude(authorisation_date__lt=year.start).order_by("start_date", "pk")
                       .values("pk", "referral_id", "start_date", "authorisation_date",
                               "factors"))
    plans = list(CINPlan.objects.filter(referral_id__in=episode_ids, start_date__lte=end)
                 .exclude(end_date__lt=year.start)
                 .order_by("start_date", "pk").values("referral_id", "start_date", "end_date"))
    return {
        "Assessments": frame("Assessments", {
            "LAchildID": [child_of[a["referral_id"]] for a in assessments],
            "CINdetailsID": [a["referral_id"] for a in assessments],
            "AssessmentID": [a["pk"] for a in assessments],
            "AssessmentActualStartDate": [a["start_date"] for a in assessments],
            "AssessmentAuthorisationDate": [_before(a["authorisation_date"], end)
                                            for a in assessments],
            "AssessmentFactors": [list(a["factors"] or []) if _before(a["authorisation_date"], end)
                                  else [] for a in assessments]}),
        "CINplanDates": frame("CINplanDates", {
            "LAchildID": [child_of[p["referral_id"]] for p in plans],
            "CINdetailsID": [p["referral_id"] for p in plans],
            "CINPlanStartDate": [p["start_date"] for p in plans],
            "CINPlanEndDate": [_before(p["end_date"], end) for p in plans]}),
        "Section47": _section47s(episode_ids, child_of, year),
        **_plans(episode_ids, child_of, year),
    }


def _section47s(episode_ids, child_of, year):
    end = year.end
    rows = list(Section47.objects.filter(referral_id__in=episode_ids, start_date__lte=end)
                .select_related("strategy").order_by("start_date", "pk"))
    conferences = {c.section47_id: c for c in InitialConference.objects.filter(
        section47__in=rows, conference_date__lte=end)}
    rows = [s for s in rows if not _concluded_before(s, conferences.get(s.pk), year.start)]
    return frame("Section47", {
        "LAchildID": [child_of[s.referral_id] for s in rows],
        "CINdetailsID": [s.referral_id for s in rows],
        "S47ActualStartDate": [s.start_date for s in rows],
        "InitialCPCtarget": [RULES["icpc"].due(s.strategy.discussion_date) for s in rows],
        "DateOfInitialCPC": [getattr(conferences.get(s.pk), "conference_date", None)
                             for s in rows],
        "ICPCnotRequired": ["true" if s.icpc_not_required and _before(s.end_date, end)
                            and s.pk not in conferences else "false" for s in rows],
    })


def _concluded_before(section47, conference, day) -> bool:
    """Whether the enquiry was over before ``day``: its conference held, or the enquiry
    ended with no conference needed."""
    if conference is not None:
        return conference.conference_date < day
    return (section47.icpc_not_required and section47.end_date is not None
            and section47.end_date < day)


def _plans(episode_ids, child_of, year):
    end = year.end
    plans = list(CPPlan.objects.filter(referral_id__in=episode_ids, start_date__lte=end)
                 .exclude(end_date__lt=year.start)
                 .order_by("start_date", "pk").values(
                     "pk", "referral_id", "start_date", "end_date", "initial_category",
                     "latest_category", "previous_plans"))
    reviews = list(CPReview.objects.filter(plan_id__in=[p["pk"] for p in plans],
                                           review_date__lte=end)
                   .order_by("review_date").values("plan_id", "plan__referral_id",
                                                   "review_date"))
    return {
        "ChildProtectionPlans": frame("ChildProtectionPlans", {
            "LAchildID": [child_of[p["referral_id"]] for p in plans],
            "CINdetailsID": [p["referral_id"] for p in plans],
            "CPPID": [p["pk"] for p in plans],
            "CPPstartDate": [p["start_date"] for p in plans],
            "CPPendDate": [_before(p["end_date"], end) for p in plans],
            "InitialCategoryOfAbuse": [p["initial_category"] for p in plans],
            "LatestCategoryOfAbuse": [p["latest_category"] for p in plans],
            "NumberOfPreviousCPP": [str(p["previous_plans"]) for p in plans]}),
        "Reviews": frame("Reviews", {
            "LAchildID": [child_of[r["plan__referral_id"]] for r in reviews],
            "CINdetailsID": [r["plan__referral_id"] for r in reviews],
            "CPPID": [r["plan_id"] for r in reviews],
            "CPPreviewDate": [r["review_date"] for r in reviews]}),
    }
