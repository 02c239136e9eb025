"""A child's chronology: the journey's events and significant case notes, in date order.

``build`` reads each kind of event with one query (whatever the length of the history),
turns each row into plain ``Entry`` values and sorts them. Callers pass a child they
have already opened through ``opencsc.people.access``, so scope and audit are settled
before anything here runs; ``child_for_export`` does that for the PDF and the API and
also writes the EXPORT entry.
"""

import datetime
from dataclasses import dataclass, field

from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from opencsc.core import audit
from opencsc.core.models import AuditAction
from opencsc.people import access as people_access

from .access import case_notes_for_user
from .models import (
    Assessment,
    CaseNote,
    CINPlan,
    CINPlanReview,
    Closure,
    Contact,
    CoreGroup,
    CPPlan,
    CPReview,
    InitialConference,
    Referral,
    Section47,
    StrategyDiscussion,
    Visit,
)


class Kind(models.TextChoices):
    """What an entry is about: the kinds a user can filter the chronology by."""

    CONTACT = "contact", "Contact"
    REFERRAL = "referral", "Referral"
    ASSESSMENT = "assessment", "Assessment"
    STRATEGY = "strategy", "Strategy discussion"
    SECTION47 = "section47", "Section 47 enquiry"
    CONFERENCE = "conference", "Child protection conference"
    PLAN = "plan", "Plan"
    CORE_GROUP = "core_group", "Core group"
    REVIEW = "review", "Child in need review"
    VISIT = "visit", "Visit"
    CLOSURE = "closure", "Closure"
    NOTE = "note", "Case note"


# Plain strings: an enum member hashes by its name, so it would not match its value in a set.
ALL_KINDS = frozenset(k.value for k in Kind)


@dataclass(frozen=True)
class Filters:
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    kinds: frozenset = ALL_KINDS
    all_notes: bool = False  # every case note, not only those marked significant

    def admits(self, entry: "Entry") -> bool:
        return (entry.kind in self.kinds
                and (self.date_from is None or entry.date >= self.date_from)
                and (self.date_to is None or entry.date <= self.date_to))


@dataclass(frozen=True)
class Entry:
    date: datetime.date
    kind: str
    title: str
    summary: str
    recorded_by: str
    link: str
    significant: bool = False
    order: tuple = field(default=(), compare=False)  # breaks ties between same-day entries

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label


def build(child, filters: Filters = Filters(), *, reader) -> list[Entry]:
    """The child's chronology as ``reader`` may see it, oldest first, narrowed by
    ``filters``: case notes come through ``access.case_notes_for_user``."""
    entries = []
    for kind, source in SOURCES:
        if kind.value in filters.kinds:
            entries += (source(child, filters, reader) if kind == Kind.NOTE
                        else source(child, filters))
    entries = [e for e in entries if filters.admits(e)]
    return sorted(entries, key=lambda e: (e.date, e.order))


def child_for_export(user, pk, *, what: str, filters: Filters):
    """The child, opened through the access layer, with the export written to the audit log."""
    child = people_access.child_for_user(user, pk, purpose=f"chronology {what}")
    with transaction.atomic():
        audit.record(user, AuditAction.EXPORT, obj=child, child_id=child.pk,
                     reason=f"Chronology {what}: {period(filters)}; {describe(filters)}")
    return child


def describe(filters: Filters) -> str:
    """What the filters let through, in words, for the page, the PDF and the audit log."""
    kinds = ("every kind of entry" if filters.kinds == ALL_KINDS else
             "only " + ", ".join(k.label.lower() for k in Kind if k.value in filters.kinds))
    if Kind.NOTE.value not in filters.kinds:
        return kinds
    notes = "all case notes" if filters.all_notes else "significant case notes only"
    return f"{kinds}; {notes}"


def period(filters: Filters) -> str:
    start, end = filters.date_from, filters.date_to
    if start and end:
        return f"from {start:%-d %B %Y} to {end:%-d %B %Y}"
    if start:
        return f"from {start:%-d %B %Y} onwards"
    if end:
        return f"up to {end:%-d %B %Y}"
    return "the whole record"


# --- One function per kind of event: one query each --------------------------------------

def _url(name: str, pk: int) -> str:
    return reverse(f"casework:{name}", args=[pk])


def _who(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _short(text: str, words: int = 40) -> str:
    return Truncator(" ".join(text.split())).words(words)


def _entry(obj, when, kind, title, summary, who, link, rank=0, **extra) -> Entry:
    return Entry(date=when, kind=kind.value, title=title, summary=summary, recorded_by=_who(who),
                 link=link, order=(rank, obj.pk), **extra)


def _sentences(*parts: str) -> str:
    """Joins the parts that say something, each ending as a sentence does."""
    said = [p.strip() for p in parts if p and p.strip()]
    return " ".join(p if p[-1] in ".!?…" else f"{p}." for p in said)


def _contacts(child, filters) -> list[Entry]:
    rows = Contact.objects.filter(children=child).select_related("recorded_by")
    return [_entry(
        c, timezone.localdate(c.received_at), Kind.CONTACT, "Contact received",
        _sentences(f"From {c.contactor_name}{f' ({c.contactor_role})' if c.contactor_role else ''}"
                   f", source: {c.get_source_display()}.", _short(c.concern),
                   f"Outcome: {c.get_outcome_display()}." if c.outcome else ""),
        c.recorded_by, _url("contact", c.pk), rank=0) for c in rows]


def _referrals(child, filters) -> list[Entry]:
    rows = Referral.objects.filter(child=child).select_related("recorded_by")
    return [_entry(
        r, r.referral_date, Kind.REFERRAL,
        "Referral: no further action" if r.nfa else "Referral accepted",
        _sentences(f"Source: {r.get_source_display()}.",
                   f"Next step: {r.get_next_step_display()}."),
        r.recorded_by, _url("referral", r.pk), rank=1) for r in rows]


def _assessments(child, filters) -> list[Entry]:
    rows = (Assessment.objects.filter(referral__child=child)
            .select_related("recorded_by", "authorised_by"))
    entries = []
    for a in rows:
        link = _url("assessment", a.pk)
        entries.append(_entry(a, a.start_date, Kind.ASSESSMENT, "Assessment started", "",
                              a.recorded_by, link, rank=2))
        if a.child_seen_date:
            entries.append(_entry(
                a, a.child_seen_date, Kind.ASSESSMENT, "Child seen for the assessment",
                "The child was seen alone." if a.child_seen_alone else
                "The child was seen, not alone.", a.recorded_by, link, rank=3))
        if a.completed_date:
            entries.append(_entry(a, a.completed_date, Kind.ASSESSMENT, "Assessment completed",
                                  _assessment_outcome(a), a.recorded_by, link, rank=4))
        if a.authorisation_date:
            entries.append(_entry(a, a.authorisation_date, Kind.ASSESSMENT,
                                  "Assessment authorised", "", a.authorised_by, link, rank=5))
    return entries


def _assessment_outcome(a: Assessment) -> str:
    return _sentences(f"Outcome: {a.get_outcome_display()}." if a.outcome else "",
                      f"Primary need: {a.get_primary_need_display()}." if a.primary_need else "")


def _strategy(child, filters) -> list[Entry]:
    rows = (StrategyDiscussion.objects.filter(referral__child=child)
            .select_related("recorded_by").prefetch_related("attendees"))
    return [_entry(
        s, s.discussion_date, Kind.STRATEGY, "Strategy discussion",
        _sentences(f"Decision: {s.get_decision_display()}.", _attendance(s)),
        s.recorded_by, _url("referral", s.referral_id), rank=6) for s in rows]


def _attendance(discussion) -> str:
    came = [a.get_agency_display() for a in discussion.attendees.all() if a.attended]
    missed = [a.get_agency_display() for a in discussion.attendees.all()
              if a.invited and not a.attended]
    return _sentences(f"Attended: {', '.join(came)}." if came else "",
                      f"Invited but did not attend: {', '.join(missed)}." if missed else "")


def _section47s(child, filters) -> list[Entry]:
    rows = Section47.objects.filter(referral__child=child).select_related("recorded_by")
    entries = []
    for s in rows:
        link = _url("section47", s.pk)
        entries.append(_entry(s, s.start_date, Kind.SECTION47, "Section 47 enquiry started", "",
                              s.recorded_by, link, rank=7))
        if s.end_date:
            entries.append(_entry(
                s, s.end_date, Kind.SECTION47, "Section 47 enquiry concluded",
                _sentences(f"Outcome: {s.get_outcome_display()}." if s.outcome else "",
                           "Initial conference not required." if s.icpc_not_required else ""),
                s.recorded_by, link, rank=8))
    return entries


def _conferences(child, filters) -> list[Entry]:
    initial = (InitialConference.objects.filter(referral__child=child)
               .select_related("recorded_by"))
    reviews = CPReview.objects.filter(plan__referral__child=child).select_related("recorded_by")
    return [_entry(
        c, c.conference_date, Kind.CONFERENCE, "Initial child protection conference",
        _sentences(f"Decision: {c.get_decision_display()}.",
                   f"Due by {c.target_date:%-d %B %Y}."), c.recorded_by,
        _url("referral", c.referral_id), rank=9) for c in initial] + [_entry(
        r, r.review_date, Kind.CONFERENCE, "Review child protection conference",
        _sentences(f"Decision: {r.get_decision_display()}.",
                   f"Category of abuse: {r.get_latest_category_display()}."
                   if r.latest_category else ""), r.recorded_by,
        _url("cp_plan", r.plan_id), rank=12) for r in reviews]


def _plans(child, filters) -> list[Entry]:
    cp = CPPlan.objects.filter(referral__child=child).select_related("recorded_by")
    cin = CINPlan.objects.filter(referral__child=child).select_related("recorded_by")
    entries = []
    for p in cp:
        link = _url("cp_plan", p.pk)
        entries.append(_entry(p, p.start_date, Kind.PLAN, "Child protection plan started",
                              f"Category of abuse: {p.get_initial_category_display()}.",
                              p.recorded_by, link, rank=10))
        if p.end_date:
            entries.append(_entry(p, p.end_date, Kind.PLAN, "Child protection plan ended",
                                  f"Reason: {p.get_end_reason_display()}." if p.end_reason
                                  else "", p.recorded_by, link, rank=13))
    for p in cin:
        link = _url("cin_plan", p.pk)
        entries.append(_entry(p, p.start_date, Kind.PLAN, "Child in need plan started", "",
                              p.recorded_by, link, rank=10))
        if p.end_date:
            entries.append(_entry(p, p.end_date, Kind.PLAN, "Child in need plan ended", "",
                                  p.recorded_by, link, rank=13))
    return entries


def _core_groups(child, filters) -> list[Entry]:
    rows = CoreGroup.objects.filter(plan__referral__child=child).select_related("recorded_by")
    return [_entry(g, g.meeting_date, Kind.CORE_GROUP, "Core group meeting", "",
                   g.recorded_by, _url("cp_plan", g.plan_id), rank=11) for g in rows]


def _cin_reviews(child, filters) -> list[Entry]:
    rows = (CINPlanReview.objects.filter(plan__referral__child=child)
            .select_related("recorded_by"))
    return [_entry(r, r.review_date, Kind.REVIEW, "Child in need plan review", _short(r.notes),
                   r.recorded_by, _url("cin_plan", r.plan_id), rank=12) for r in rows]


def _visits(child, filters) -> list[Entry]:
    rows = Visit.objects.filter(referral__child=child).select_related("recorded_by")
    return [_entry(v, v.visit_date, Kind.VISIT, v.get_kind_display(),
                   _sentences(_seen(v.child_seen, v.child_seen_alone), _short(v.notes)),
                   v.recorded_by, _url("referral", v.referral_id), rank=11) for v in rows]


def _seen(seen: bool, alone: bool) -> str:
    if alone:
        return "Child seen alone."
    return "Child seen, not alone." if seen else "Child not seen."


def _closures(child, filters) -> list[Entry]:
    rows = (Closure.objects.filter(referral__child=child, approved=True)
            .select_related("requested_by", "decided_by"))
    return [_entry(
        c, c.closure_date, Kind.CLOSURE, "Case closed",
        _sentences(f"Reason: {c.get_reason_display()}.",
                   f"Needs remain unmet because a service is unavailable: "
                   f"{c.unavailable_service}." if c.needs_unmet_service_unavailable else "",
                   f"Signed off by {_who(c.decided_by)}."),
        c.requested_by, _url("closure", c.pk), rank=14) for c in rows]


def _notes(child, filters, reader) -> list[Entry]:
    rows = case_notes_for_user(reader, child).select_related("recorded_by")
    if not filters.all_notes:
        rows = rows.filter(significant=True)
    return [_entry(
        n, n.event_date, Kind.NOTE, _note_title(n),
        _sentences(_seen(n.child_seen, n.child_seen_alone) if n.kind == CaseNote.Kind.VISIT
                   else "", _short(n.body)),
        n.recorded_by, f"{reverse('notes:list', args=[n.child_id])}?note={n.pk}#note-{n.pk}",
        rank=15, significant=n.significant) for n in rows]


def _note_title(note: CaseNote) -> str:
    kind = note.get_kind_display()
    return note.title if note.title.lower().startswith(kind.lower()) else f"{kind}: {note.title}"


SOURCES = [
    (Kind.CONTACT, _contacts),
    (Kind.REFERRAL, _referrals),
    (Kind.ASSESSMENT, _assessments),
    (Kind.STRATEGY, _strategy),
    (Kind.SECTION47, _section47s),
    (Kind.CONFERENCE, _conferences),
    (Kind.PLAN, _plans),
    (Kind.CORE_GROUP, _core_groups),
    (Kind.REVIEW, _cin_reviews),
    (Kind.VISIT, _visits),
    (Kind.CLOSURE, _closures),
    (Kind.NOTE, _notes),
]
