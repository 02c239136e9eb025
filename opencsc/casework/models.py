"""The statutory journey for children in need and child protection.

One ``Referral`` is one CIN census episode (CINdetails): everything from the referral to
its closure hangs off it. Each DfE data item is a typed field with its code list from
``opencsc.codes.cin``. Who recorded each step and when is kept on the row; changes go
through ``casework.actions`` and the audit log.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from opencsc.codes.cin import (
    CATEGORY_OF_ABUSE,
    CLOSURE_REASON,
    PRIMARY_NEED,
    REFERRAL_SOURCE,
)
from opencsc.people.models import Person

USER = settings.AUTH_USER_MODEL


class Recorded(models.Model):
    """Who recorded a step, and when."""

    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class Contact(Recorded):
    class Outcome(models.TextChoices):
        NFA = "nfa", "No further action"
        ADVICE = "advice", "Advice and information given"
        EARLY_HELP = "early_help", "Passed to early help"
        REFERRAL = "referral", "Referral to children's social care"

    class Consent(models.TextChoices):
        GIVEN = "given", "Consent given"
        REFUSED_OVERRIDDEN = "overridden", "Consent refused, shared without it to protect the child"
        NOT_SOUGHT = "not_sought", "Not sought: seeking it would put the child at risk"

    class LegalBasis(models.TextChoices):
        CONSENT = "consent", "Consent (UK GDPR article 6(1)(a))"
        PUBLIC_TASK = "public_task", "Public task: the council's duties under the Children Act 1989"
        SAFEGUARDING = "safeguarding", "Safeguarding children at risk (DPA 2018 schedule 8)"
        VITAL_INTERESTS = "vital_interests", "Vital interests (UK GDPR article 6(1)(d))"

    children = models.ManyToManyField(Person, related_name="contacts")
    received_at = models.DateTimeField()
    contactor_name = models.CharField(max_length=200)
    contactor_role = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=3, choices=REFERRAL_SOURCE.choices())
    concern = models.TextField()
    consent = models.CharField(max_length=16, choices=Consent.choices)
    legal_basis = models.CharField(max_length=16, choices=LegalBasis.choices)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")


class Referral(Recorded):
    """A CIN episode: from the referral to its closure (CIN census CINdetails)."""

    class NextStep(models.TextChoices):
        ASSESSMENT = "assessment", "Child and family assessment"
        STRATEGY = "strategy", "Strategy discussion (possible significant harm)"
        NFA = "nfa", "No further action"
        OTHER_SERVICES = "other", "Signpost to other services"

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.PROTECT)
    referral_date = models.DateField()
    source = models.CharField(max_length=3, choices=REFERRAL_SOURCE.choices())
    next_step = models.CharField(max_length=16, choices=NextStep.choices)
    nfa = models.BooleanField("referral with no further action", default=False)
    primary_need = models.CharField(max_length=2, choices=PRIMARY_NEED.choices(), blank=True)
    closure_date = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=3, choices=CLOSURE_REASON.choices(), blank=True)

    class Meta:
        indexes = [models.Index(fields=["child", "closure_date"], name="referral_child_open")]

    @property
    def is_open(self) -> bool:
        return self.closure_date is None

    def child_cp_plans(self):
        """The child's child protection plans on any episode."""
        return CPPlan.objects.filter(referral__child_id=self.child_id)


class Assessment(Recorded):
    class Outcome(models.TextChoices):
        NFA = "nfa", "No further action"
        EARLY_HELP = "early_help", "Referred to early help"
        CIN_PLAN = "cin_plan", "Child in need plan"
        STRATEGY = "strategy", "Strategy discussion"
        LOOKED_AFTER = "looked_after", "Child to become looked after"

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="assessments")
    start_date = models.DateField()
    child_seen_date = models.DateField(null=True, blank=True)
    child_seen_alone = models.BooleanField(default=False)
    wishes_and_feelings = models.TextField(blank=True)
    analysis = models.TextField(blank=True)
    factors = models.JSONField(default=list, blank=True)
    primary_need = models.CharField(max_length=2, choices=PRIMARY_NEED.choices(), blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    completed_date = models.DateField(null=True, blank=True)
    authorised_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    authorisation_date = models.DateField(null=True, blank=True)

    class Meta:
        # Few assessments await authorisation: the team worklist finds them by this index.
        indexes = [models.Index(fields=["authorisation_date", "completed_date"],
                                name="assessment_awaiting")]


class CINPlan(Recorded):
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="cin_plans")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)


class CINPlanReview(Recorded):
    plan = models.ForeignKey(CINPlan, on_delete=models.PROTECT, related_name="reviews")
    review_date = models.DateField()
    notes = models.TextField(blank=True)


class StrategyDiscussion(Recorded):
    class Decision(models.TextChoices):
        SECTION_47 = "s47", "Start a section 47 enquiry"
        CONTINUE_ASSESSMENT = "assessment", "No section 47: continue the assessment"
        NFA = "nfa", "No further action"

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT,
                                 related_name="strategy_discussions")
    discussion_date = models.DateField()
    decision = models.CharField(max_length=16, choices=Decision.choices)
    notes = models.TextField(blank=True)


class StrategyAttendee(models.Model):
    class Agency(models.TextChoices):
        SOCIAL_CARE = "social_care", "Children's social care"
        POLICE = "police", "Police"
        HEALTH = "health", "Health"
        EDUCATION = "education", "Education"
        OTHER = "other", "Other"

    discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.CASCADE,
                                   related_name="attendees")
    agency = models.CharField(max_length=16, choices=Agency.choices)
    name = models.CharField(max_length=200, blank=True)
    invited = models.BooleanField(default=True)
    attended = models.BooleanField(default=False)


class Section47(Recorded):
    class Outcome(models.TextChoices):
        ICPC = "icpc", "Concerns substantiated: initial child protection conference"
        CIN = "cin", "Concerns substantiated, no conference: child in need plan"
        NOT_SUBSTANTIATED = "not_substantiated", "Concerns not substantiated"
        NFA = "nfa", "No further action"

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="section47s")
    strategy = models.OneToOneField(StrategyDiscussion, on_delete=models.PROTECT,
                                    related_name="section47")
    start_date = models.DateField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    icpc_not_required = models.BooleanField("initial conference not required", default=False)
    end_date = models.DateField(null=True, blank=True)


class InitialConference(Recorded):
    class Decision(models.TextChoices):
        PLAN = "plan", "Child protection plan"
        NO_PLAN = "no_plan", "No child protection plan"

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT,
                                 related_name="initial_conferences")
    section47 = models.OneToOneField(Section47, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="conference")
    target_date = models.DateField()
    calendar_version = models.CharField(max_length=60)
    conference_date = models.DateField()
    decision = models.CharField(max_length=16, choices=Decision.choices)


class CPPlan(Recorded):
    class EndReason(models.TextChoices):
        NO_LONGER_AT_RISK = "not_at_risk", "No longer at continuing risk of significant harm"
        LOOKED_AFTER = "looked_after", "Became looked after"
        MOVED = "moved", "Moved to another local authority"
        EIGHTEEN = "eighteen", "Reached 18"
        DIED = "died", "Died"

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="cp_plans")
    conference = models.OneToOneField(InitialConference, on_delete=models.PROTECT,
                                      related_name="plan")
    start_date = models.DateField()
    initial_category = models.CharField(max_length=3, choices=CATEGORY_OF_ABUSE.choices())
    latest_category = models.CharField(max_length=3, choices=CATEGORY_OF_ABUSE.choices())
    previous_plans = models.PositiveSmallIntegerField(default=0)
    end_date = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=16, choices=EndReason.choices, blank=True)


class CoreGroup(Recorded):
    plan = models.ForeignKey(CPPlan, on_delete=models.PROTECT, related_name="core_groups")
    meeting_date = models.DateField()


class CPReview(Recorded):
    """A review child protection conference."""

    class Decision(models.TextChoices):
        CONTINUE = "continue", "Plan continues"
        END = "end", "Plan ends"

    plan = models.ForeignKey(CPPlan, on_delete=models.PROTECT, related_name="reviews")
    review_date = models.DateField()
    decision = models.CharField(max_length=16, choices=Decision.choices)
    latest_category = models.CharField(max_length=3, choices=CATEGORY_OF_ABUSE.choices(),
                                       blank=True)


class Visit(Recorded):
    class Kind(models.TextChoices):
        ASSESSMENT = "assessment", "Assessment visit"
        CIN = "cin", "Child in need visit"
        CP = "cp", "Child protection visit"

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="visits")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    visit_date = models.DateField()
    child_seen = models.BooleanField(default=True)
    child_seen_alone = models.BooleanField(default=False)
    notes = models.TextField(blank=True)


class Closure(models.Model):
    """A request to close an episode, and the manager's sign-off (or refusal)."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="closures")
    closure_date = models.DateField()
    reason = models.CharField(max_length=3, choices=CLOSURE_REASON.choices())
    needs_unmet_service_unavailable = models.BooleanField(
        "needs remain unmet because a service is unavailable", default=False)
    unavailable_service = models.CharField(max_length=200, blank=True)
    summary = models.TextField()
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    approved = models.BooleanField(null=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        # Few closures await sign-off: the team worklist finds them, oldest first, by this
        # partial index (without it, SQLite walked every closure through its requester).
        indexes = [models.Index(fields=["requested_at"], condition=models.Q(approved=None),
                                name="closure_awaiting_at")]


class Deadline(models.Model):
    """A statutory or local timescale computed from the record, recomputed when it changes.

    ``status`` (on track, due soon, overdue) is judged against today when read; the due
    date itself only changes when the record does.
    """

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="deadlines")
    referral = models.ForeignKey(Referral, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="deadlines")
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="deadlines")
    rule = models.CharField(max_length=32)
    instance = models.CharField(max_length=40)
    basis_date = models.DateField()
    due_date = models.DateField()
    met_date = models.DateField(null=True, blank=True)
    calendar_version = models.CharField(max_length=60)

    class Meta:
        indexes = [
            models.Index(fields=["child", "met_date"], name="deadline_child_open"),
            models.Index(fields=["met_date", "due_date"], name="deadline_open_due"),
        ]


class CaseNote(Recorded):
    class Kind(models.TextChoices):
        VISIT = "visit", "Visit"
        PHONE = "phone", "Phone call"
        MEETING = "meeting", "Meeting"
        OFFICE = "office", "Office visit"
        CORRESPONDENCE = "correspondence", "Email or letter"
        SUPERVISION = "supervision", "Supervision"
        MANAGEMENT_OVERSIGHT = "oversight", "Management oversight"
        DIRECT_WORK = "direct_work", "Direct work with the child"
        OTHER = "other", "Other"

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_notes")
    referral = models.ForeignKey(Referral, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="case_notes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    event_date = models.DateField()
    present = models.CharField("who was present", max_length=500, blank=True)
    child_seen = models.BooleanField(default=False)
    child_seen_alone = models.BooleanField(default=False)
    significant = models.BooleanField("significant event", default=False)
    shared_with_partners = models.BooleanField("shareable with partner agencies", default=False)
    title = models.CharField(max_length=200)
    body = models.TextField()

    # Notes about the work rather than the child: never shown outside the trust (ADR 0010).
    NEVER_SHARED = frozenset({Kind.SUPERVISION.value, Kind.MANAGEMENT_OVERSIGHT.value})

    class Meta:
        indexes = [models.Index(fields=["child", "-event_date"], name="casenote_child_date")]


class Draft(models.Model):
    """Unfinished work on a long form, saved as the worker types; it outlives the session."""

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="drafts")
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    form = models.CharField(max_length=40)
    object_id = models.BigIntegerField(default=0, help_text="0 while the record is new")
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "child", "form", "object_id"],
                                    name="one_draft_per_form")
        ]
