"""The SSDA903 return as a view of the record: tables for one council and collection year.

The record is read as it stood on 31 March: an episode, missing episode or allocation
that ended after it is reported as still open, and anything that started after it is
left out (shared/domain/reference.md section 3). The header holds every child looked
after at any time in the year and every care leaver reported in OC3.
"""

import datetime

import polars as pl
from django.db.models import F

from opencsc.care_leavers.models import KeepInTouch
from opencsc.care_leavers.status import Span, Status, birthday, status_on
from opencsc.codes.ssda903 import OTHER_PLACEMENTS, TEMPORARY_PLACEMENTS
from opencsc.looked_after import reported
from opencsc.looked_after.models import (
    SDQ,
    Adoption,
    Episode,
    HealthAssessment,
    HealthCheck,
    MissingEpisode,
    PreviousPermanence,
    Review,
    UASCStatus,
)
from opencsc.people.models import Address, Allocation, Person, Relationship

from ..years import CollectionYear
from .tables import TABLES_BY_YEAR, frame

NO_PROVIDER = TEMPORARY_PLACEMENTS | OTHER_PLACEMENTS
# URN is not given for these placements (SSDA903 rule 222).
NO_URN = {"P1", "P3", "R1", "R2", "R5"} | NO_PROVIDER
LEAVER_STATUSES = {Status.RELEVANT, Status.FORMER_RELEVANT}
SEX_BEFORE_2025 = {"M": "1", "F": "2"}
# KeepInTouch contacts count for a birthday from three months before to one month after.
CONTACT_BEFORE, CONTACT_AFTER = datetime.timedelta(days=92), datetime.timedelta(days=31)


def _before(value, end):
    return value if value is not None and value <= end else None


def _age(born, day):
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def ssda903_tables(council, year: CollectionYear) -> dict[str, pl.DataFrame]:
    """Every SSDA903 table of the collection year, for the council's children."""
    episodes = _episodes(council, year)
    looked_after = sorted({e["child_id"] for e in episodes})
    leavers = _care_leavers(council, year)
    people = {p["pk"]: p for p in Person.objects.filter(
        pk__in=[*looked_after, *leavers]).values(
        "pk", "la_child_id", "sex", "date_of_birth", "ethnicity", "upn")}
    built = {
        "Header": _header(people, episodes, year),
        "Episodes": _episode_frame(episodes, people, _homes(episodes), year,
                                   _uasc_in_window(looked_after, year)),
        "Reviews": _reviews(looked_after, people, year),
        "UASC": _uasc(looked_after, people, year),
        "OC2": _oc2(_twelve_months(episodes, year), people, year),
        "OC3": _oc3(leavers, people),
        **_adoptions(looked_after, episodes, people, year),
        "PrevPerm": _previous_permanence(episodes, people, year),
        "Missing": _missing(looked_after, people, year),
        "SWEpisodes": _social_workers(episodes, people, year),
    }
    return {name: built.get(name, frame(name, {})) for name in TABLES_BY_YEAR[year.year]}


def _episodes(council, year) -> list[dict]:
    return list(Episode.objects.filter(
        child__responsible_council=council, start_date__lte=year.end,
    ).exclude(end_date__lt=year.start).order_by("child_id", "start_date", "pk").values(
        "child_id", "start_date", "end_date", "reason_new_episode", "legal_status",
        "category_of_need", "placement_type", "reason_ceased", "reason_placement_change",
        "period_id", "period__start_date", "placement__postcode",
        "placement__home_postcode", "placement__provider__provider_code",
        "placement__provider__urn", "placement__provider__postcode"))


def _columns(rows: list[dict], names: dict[str, str]) -> dict[str, list]:
    return {column: [r[key] for r in rows] for column, key in names.items()}


def _with_child(rows, people) -> list[dict]:
    return [{**r, "CHILD": people[r["child_id"]]["la_child_id"],
             "DOB": people[r["child_id"]]["date_of_birth"]} for r in rows]


def _sex(code, year) -> str | None:
    return code if year.year >= 2025 else SEX_BEFORE_2025.get(code)


def _header(people, episodes, year):
    mothers = _mothers(people, year)
    looked_after = {e["child_id"] for e in episodes}
    rows = []
    for pk, p in people.items():
        girl = p["sex"] == "F" and pk in looked_after  # rules 165 and 393
        first_child = mothers.get(pk)
        rows.append({"CHILD": p["la_child_id"], "SEX": _sex(p["sex"], year),
                     "DOB": p["date_of_birth"], "ETHNIC": p["ethnicity"],
                     "UPN": p["upn"] or _upn_unknown(p["date_of_birth"], year),
                     "MOTHER": ("1" if first_child else "0") if girl else None,
                     "MC_DOB": first_child if girl else None})
    return frame("Header", {name: [r[name] for r in rows] for name in
                            ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")})


def _upn_unknown(born, year) -> str:
    """UN1 for a child not yet of school age; otherwise UN5 (source data cannot be matched),
    since the record holds no reason a school-age child's UPN is missing."""
    age = _age(born, year.start)
    return "UN1" if age is None or age < 5 else "UN5"


def _mothers(people, year) -> dict:
    """Each young woman's first child's date of birth, where she is recorded as a mother."""
    found = {}
    rows = Relationship.objects.filter(
        person_id__in=list(people), kind__in=[Relationship.Kind.CHILD],
        other__date_of_birth__lte=year.end).order_by("other__date_of_birth")
    for pk, born in rows.values_list("person_id", "other__date_of_birth"):
        found.setdefault(pk, born)
    return found


def _homes(episodes) -> dict[tuple[int, datetime.date], str]:
    """The postcode of each child's address when each period of care began, for placements
    recorded without a home postcode."""
    starts: dict[int, set[datetime.date]] = {}
    for e in episodes:
        if not e["placement__home_postcode"]:
            starts.setdefault(e["child_id"], set()).add(e["period__start_date"])
    found = {}
    addresses = Address.objects.filter(person_id__in=list(starts)).order_by(
        "start_date").values_list("person_id", "start_date", "end_date", "postcode")
    for pk, start, end, postcode in addresses:
        for day in starts[pk]:
            if start <= day and (end is None or end >= day):
                found[(pk, day)] = postcode
    return found


def _temporary_next(episodes) -> list[bool]:
    """Whether each episode is followed by the child's move to a temporary placement: no
    reason for the change is returned for it, nor for the temporary one (rule 226)."""
    return [i + 1 < len(episodes) and episodes[i + 1]["child_id"] == e["child_id"]
            and episodes[i + 1]["placement_type"] in TEMPORARY_PLACEMENTS
            for i, e in enumerate(episodes)]


def _uasc_in_window(children, year) -> set[int]:
    """Children who were UASC this year or in the two before: their distance from home is
    left blank (rule 406; ``opencsc.looked_after.reported``)."""
    first, last = reported.uasc_window(year.start, year.end)
    return set(UASCStatus.objects.filter(child_id__in=children, start_date__lte=last)
               .exclude(ceased_date__lt=first).values_list("child_id", flat=True))


def _placement_fields(e, home, uasc) -> dict:
    """HOME_POST, PL_POST and URN, blank where the DfE would otherwise work out a PL_LA or
    PL_DISTANCE the rules forbid (398, 406, 420) or where rule 214 wants none."""
    place = e["placement_type"]
    urn = None if place in NO_URN else e["placement__provider__urn"]
    home, placed, urn = reported.postcodes_returned(
        home, e["placement__postcode"] or e["placement__provider__postcode"], urn,
        legal_status=e["legal_status"], uasc=e["child_id"] in uasc)
    return {"HOME_POST": home, "PL_POST": placed, "URN": urn}


def _episode_frame(episodes, people, homes, year, uasc):
    rows = []
    for e, temporary_next in zip(_with_child(episodes, people), _temporary_next(episodes),
                                 strict=True):
        home = e["placement__home_postcode"] or homes.get((e["child_id"],
                                                           e["period__start_date"]))
        ended = _before(e["end_date"], year.end)
        place = e["placement_type"]
        rows.append({**e, "DEC": ended, "REC": e["reason_ceased"] or None if ended else None,
                     "RPC": None if not ended or temporary_next or place in TEMPORARY_PLACEMENTS
                     else e["reason_placement_change"] or None,
                     "PROVIDER": None if place in NO_PROVIDER
                     else e["placement__provider__provider_code"] or None,
                     **_placement_fields(e, home, uasc)})
    return frame("Episodes", _columns(rows, {
        "CHILD": "CHILD", "DECOM": "start_date", "RNE": "reason_new_episode",
        "LS": "legal_status", "CIN": "category_of_need", "PLACE": "placement_type",
        "PLACE_PROVIDER": "PROVIDER", "DEC": "DEC", "REC": "REC",
        "REASON_PLACE_CHANGE": "RPC", "HOME_POST": "HOME_POST", "PL_POST": "PL_POST",
        "URN": "URN"}))


def _reviews(children, people, year):
    rows = _with_child(list(Review.objects.filter(
        period__child_id__in=children, review_date__range=(year.start, year.end))
        .order_by("period__child_id", "review_date").values(
            "review_date", "participation", child_id=F("period__child_id"))), people)
    return frame("Reviews", _columns(rows, {"CHILD": "CHILD", "DOB": "DOB",
                                            "REVIEW": "review_date",
                                            "REVIEW_CODE": "participation"}))


def _uasc(children, people, year):
    rows = list(UASCStatus.objects.filter(child_id__in=children, start_date__lte=year.end)
                .exclude(ceased_date__lt=year.start).order_by("child_id", "start_date")
                .values("child_id", "ceased_date"))
    rows = [{**r, "SEX": _sex(people[r["child_id"]]["sex"], year),
             "DUC": _before(r["ceased_date"], year.end)} for r in _with_child(rows, people)]
    rows = list({r["CHILD"]: r for r in rows}.values())
    return frame("UASC", _columns(rows, {"CHILD": "CHILD", "SEX": "SEX", "DOB": "DOB",
                                         "DUC": "DUC"}))


def _twelve_months(episodes, year) -> list[int]:
    """Children looked after throughout the year to 31 March, as OC2 counts them: in care
    by 1 April in a period still open on 31 March, and never on a short break."""
    by_child: dict[int, list[dict]] = {}
    for e in episodes:
        by_child.setdefault(e["child_id"], []).append(e)
    chosen = []
    for pk, rows in by_child.items():
        periods = {e["period_id"] for e in rows}
        last = rows[-1]
        if (len(periods) == 1 and last["period__start_date"] <= year.start
                and _before(last["end_date"], year.end) is None
                and not any(e["legal_status"] in {"V3", "V4"} for e in rows)):
            chosen.append(pk)
    return chosen


def _latest(model, date_field, children, year, **filters) -> dict:
    rows = model.objects.filter(child_id__in=children,
                                **{f"{date_field}__range": (year.start, year.end)}, **filters)
    return {r.child_id: r for r in rows.order_by(date_field, "pk")}


def _oc2(children, people, year):
    assessed = _latest(HealthAssessment, "assessment_date", children, year)
    checks = {kind: _latest(HealthCheck, "check_date", children, year, kind=kind)
              for kind in HealthCheck.Kind.values}
    sdqs = _latest(SDQ, "sdq_date", children, year)
    rows = []
    for pk in children:
        born = people[pk]["date_of_birth"]
        age = _age(born, year.end)
        sdq = sdqs.get(pk) if _sdq_age(born, year) else None
        rows.append({"CHILD": people[pk]["la_child_id"], "DOB": people[pk]["date_of_birth"],
                     "SDQ_SCORE": None if sdq is None or sdq.score is None else str(sdq.score),
                     "SDQ_REASON": (sdq.reason or None) if sdq else None,
                     "CONVICTED": "0" if age is not None and age >= 10 else None,
                     "HEALTH_CHECK": (_flag(pk in checks["development"])
                                      if age is not None and age < 5 else None),
                     "IMMUNISATIONS": _flag(pk in checks["immunisations"]),
                     "TEETH_CHECK": _flag(pk in checks["dental"]),
                     "HEALTH_ASSESSMENT": _flag(pk in assessed), "SUBSTANCE_MISUSE": "0",
                     "INTERVENTION_RECEIVED": None, "INTERVENTION_OFFERED": None})
    return frame("OC2", {name: [r[name] for r in rows] for name in rows[0]} if rows else {})


def _sdq_age(born, year) -> bool:
    """Whether the child is of an age for the SDQ at some time in the year: 4 by 31 March
    and not yet 17 on 1 April (rules 186, 188, 189 and 197B)."""
    return born is not None and _age(born, year.end) >= 4 and _age(born, year.start) <= 16


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _care_leavers(council, year) -> dict[int, KeepInTouch | None]:
    """Care leavers with a 17th to 21st birthday in the year, relevant or former relevant
    on it, with the keeping-in-touch contact nearest that birthday (None if none)."""
    candidates = Person.objects.filter(
        responsible_council=council, periods_of_care__end_date__lte=year.end,
        date_of_birth__gt=birthday(year.start, -22),
        date_of_birth__lte=birthday(year.end, -17)).distinct()
    found = {}
    for child in candidates.prefetch_related("care_episodes", "keep_in_touch"):
        spans = [Span(e.start_date, _before(e.end_date, year.end), e.legal_status)
                 for e in child.care_episodes.all() if e.start_date <= year.end]
        day = _birthday_in(child.date_of_birth, year)
        if _left_this_year_after_17(child.date_of_birth, spans, year):
            continue
        if day is not None and status_on(child.date_of_birth, spans, day) in LEAVER_STATUSES:
            found[child.pk] = _contact_near(child, day, year)
    return found


def _left_this_year_after_17(born, spans, year) -> bool:
    """A young person aged 17 or 18 on 31 March whose care ended in the year after their
    17th birthday is not reported in OC3 this year (rule 1016): their first birthday as a
    care leaver comes next year."""
    if not 17 <= _age(born, year.end) <= 18:
        return False
    seventeen = birthday(born, 17)
    return any(s.end is not None and year.start <= s.end and s.end >= seventeen
               for s in spans)


def _birthday_in(born, year):
    for age in range(17, 22):
        day = birthday(born, age)
        if year.start <= day <= year.end:
            return day
    return None


def _contact_near(child, day, year):
    first, last = day - CONTACT_BEFORE, min(day + CONTACT_AFTER, year.end)
    contacts = [c for c in child.keep_in_touch.all() if first <= c.contact_date <= last]
    return min(contacts, key=lambda c: abs((c.contact_date - day).days), default=None)


def _oc3(leavers, people):
    rows = []
    for pk, contact in leavers.items():
        in_touch = contact.in_touch if contact else "NO"
        answered = contact is not None and in_touch == "YES"
        rows.append({"CHILD": people[pk]["la_child_id"], "DOB": people[pk]["date_of_birth"],
                     "IN_TOUCH": in_touch,
                     "ACTIV": (contact.activity or "0") if answered else _unknown(in_touch),
                     "ACCOM": contact.accom_code if answered else _unknown(in_touch)})
    return frame("OC3", {name: [r[name] for r in rows] for name in rows[0]} if rows else {})


def _unknown(in_touch):
    """No activity or accommodation to report: blank where the young person died or went
    home (rule 344), otherwise 0, no information."""
    return None if in_touch in {"DIED", "RHOM"} else "0"


def _adoptions(children, episodes, people, year) -> dict[str, pl.DataFrame]:
    adopted = {e["child_id"] for e in episodes if e["reason_ceased"] in {"E11", "E12"}
               and _before(e["end_date"], year.end) and e["end_date"] >= year.start}
    rows = list(Adoption.objects.filter(child_id__in=children, decision_date__lte=year.end)
                .order_by("child_id", "decision_date", "pk").values())
    done = [r for r in _with_child(rows, people) if r["child_id"] in adopted]
    done = list({r["CHILD"]: r for r in done}.values())
    placed = [r for r in _with_child(rows, people) if r["reversed_date"] is None
              or r["reversed_date"] >= year.start]
    for r in placed:
        r["ceased"] = _before(r["reversed_date"], year.end)
        r["why"] = (r["reversal_reason"] or None) if r["ceased"] else None
    return {
        "AD1": frame("AD1", {
            **_columns(done, {"CHILD": "CHILD", "DOB": "DOB", "DATE_INT": "decision_date",
                              "DATE_MATCH": "matched_date", "LS_ADOPTR": "adopters_legal_status",
                              "SEX_ADOPTR": "adopters_sex"}),
            "FOSTER_CARE": [_flag(bool(r["foster_carer_adopting"])) for r in done],
            "NB_ADOPTR": [str(r["number_of_adopters"]) if r["number_of_adopters"] else None
                          for r in done]}),
        "PlacedAdoption": frame("PlacedAdoption", _columns(placed, {
            "CHILD": "CHILD", "DOB": "DOB", "DATE_PLACED": "decision_date",
            "DATE_PLACED_CEASED": "ceased", "REASON_PLACED_CEASED": "why"})),
    }


def _previous_permanence(episodes, people, year):
    started = sorted({e["child_id"] for e in episodes
                      if e["reason_new_episode"] == "S" and e["start_date"] >= year.start})
    known = {p.child_id: p for p in PreviousPermanence.objects.filter(child_id__in=started)}
    rows = []
    for pk in started:
        perm = known.get(pk)
        rows.append({"CHILD": people[pk]["la_child_id"], "DOB": people[pk]["date_of_birth"],
                     "PREV_PERM": perm.kind if perm else None,
                     "LA_PERM": (perm.local_authority or None) if perm else None,
                     "DATE_PERM": (perm.order_date or None) if perm else None})
    return frame("PrevPerm", {name: [r[name] for r in rows] for name in rows[0]} if rows else {})


def _missing(children, people, year):
    rows = list(MissingEpisode.objects.filter(
        child_id__in=children, start_date__range=(year.start, year.end))
        .order_by("child_id", "start_date").values("child_id", "kind", "start_date",
                                                   "end_date"))
    rows = [{**r, "end": _before(r["end_date"], year.end)} for r in _with_child(rows, people)]
    return frame("Missing", _columns(rows, {"CHILD": "CHILD", "DOB": "DOB", "MISSING": "kind",
                                            "MIS_START": "start_date", "MIS_END": "end"}))


def _social_workers(episodes, people, year):
    """Allocations to a social worker, over the year, of children looked after on 31 March."""
    at_end = sorted({e["child_id"] for e in episodes if _before(e["end_date"], year.end) is None})
    rows = list(Allocation.objects.filter(
        child_id__in=at_end, worker__isnull=False, start_date__lte=year.end,
    ).exclude(end_date__lt=year.start).order_by("child_id", "start_date", "pk").values(
        "child_id", "start_date", "end_date", "reason", "worker__staff__social_work_england_id"))
    rows = [{**r, "SW_ID": r["worker__staff__social_work_england_id"] or None,
             "SW_DEC": _before(r["end_date"], year.end)} for r in _with_child(rows, people)]
    return frame("SWEpisodes", _columns(rows, {
        "CHILD": "CHILD", "DOB": "DOB", "SW_ID": "SW_ID", "SW_DECOM": "start_date",
        "SW_DEC": "SW_DEC", "SW_REASON": "reason"}))
