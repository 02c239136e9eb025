"""Children looked after, recorded as the SSDA903 return sees them.

A ``PeriodOfCare`` runs from the day a child starts to be looked after (RNE S) to the
day care ends (a REC other than X1). Within it, every change of legal status or
placement ends one ``Episode`` (REC X1) and starts the next on the same day. An
episode points at the ``Placement`` the child lives in; several episodes can share one
placement (a change of legal status keeps it). Placements are with providers and carers
from the ``Provider`` register. Codes are typed with their lists in ``opencsc.codes.ssda903``.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from opencsc.codes.ssda903 import (
    ADOPTER_LEGAL_STATUS,
    ADOPTER_SEX,
    CATEGORY_OF_NEED,
    LEGAL_STATUS,
    MISSING_TYPE,
    PLACEMENT_PROVIDER,
    PLACEMENT_TYPE,
    PREVIOUS_PERMANENCE,
    REASON_EPISODE_CEASED,
    REASON_NEW_EPISODE,
    REASON_PLACED_CEASED,
    REASON_PLACEMENT_CHANGE,
    REVIEW_PARTICIPATION,
    SDQ_REASON,
)
from opencsc.people.models import Person

USER = settings.AUTH_USER_MODEL


class Recorded(models.Model):
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class Provider(models.Model):
    """A foster household, agency carer, children's home or other provider of placements."""

    class Kind(models.TextChoices):
        IN_HOUSE_FOSTER = "in_house_foster", "In-house foster household"
        CONNECTED_PERSON = "connected_person", "Family and friends (connected person) carer"
        AGENCY_FOSTER = "agency_foster", "Independent fostering agency carer"
        CHILDRENS_HOME = "childrens_home", "Children's home"
        SECURE_HOME = "secure_home", "Secure children's home"
        SUPPORTED_ACCOMMODATION = "supported", "Supported accommodation"
        RESIDENTIAL_SCHOOL = "school", "Residential school"
        PARENT = "parent", "Parent or person with parental responsibility"
        ADOPTERS = "adopters", "Prospective adopters"
        HEALTH = "health", "Hospital or health setting"
        CUSTODY = "custody", "Young offender institution or secure training"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    provider_code = models.CharField(max_length=3, choices=PLACEMENT_PROVIDER.choices(),
                                     blank=True)
    urn = models.CharField("Ofsted URN", max_length=8, blank=True,
                           help_text="SC followed by 6 digits, or 7 digits")
    postcode = models.CharField(max_length=8, blank=True)
    local_authority = models.CharField("LA of placement", max_length=9, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PeriodOfCare(Recorded):
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="periods_of_care")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["child", "end_date"], name="period_child_open")]

    @property
    def is_open(self) -> bool:
        return self.end_date is None


class Placement(Recorded):
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="placements")
    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="placements")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="placements")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    postcode = models.CharField("placement postcode", max_length=8, blank=True)
    home_postcode = models.CharField("home postcode at the start", max_length=8, blank=True)
    placement_la = models.CharField("LA of placement", max_length=9, blank=True)
    distance_miles = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    long_term = models.BooleanField(
        "intended to last until the child is 18", default=False,
        help_text="Changes the statutory visit interval after the first year (reg 28)")
    temporary_approval = models.BooleanField(
        "with a connected person approved only temporarily (CPPCR reg 24)", default=False,
        help_text="Visits are then weekly until the first review, then every 4 weeks")


class Episode(Recorded):
    """One SSDA903 episode: a span with one legal status and one placement."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="care_episodes")
    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="episodes")
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="episodes")
    start_date = models.DateField("DECOM")
    reason_new_episode = models.CharField("RNE", max_length=1,
                                          choices=REASON_NEW_EPISODE.choices())
    legal_status = models.CharField("LS", max_length=2, choices=LEGAL_STATUS.choices())
    category_of_need = models.CharField("CIN", max_length=2, choices=CATEGORY_OF_NEED.choices())
    placement_type = models.CharField("PLACE", max_length=3, choices=PLACEMENT_TYPE.choices())
    end_date = models.DateField("DEC", null=True, blank=True)
    reason_ceased = models.CharField("REC", max_length=3, blank=True,
                                     choices=REASON_EPISODE_CEASED.choices())
    reason_placement_change = models.CharField("REASON_PLACE_CHANGE", max_length=6, blank=True,
                                               choices=REASON_PLACEMENT_CHANGE.choices())

    class Meta:
        ordering = ["start_date", "pk"]
        indexes = [models.Index(fields=["child", "start_date"], name="episode_child_start")]


class IROAllocation(Recorded):
    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="iros")
    iro = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField()


class Review(Recorded):
    """A looked-after review chaired by the IRO (CPPCR reg 33)."""

    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="reviews")
    review_date = models.DateField()
    participation = models.CharField(max_length=3, choices=REVIEW_PARTICIPATION.choices())
    iro = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                            related_name="+")
    decisions = models.TextField(blank=True)


class StatutoryVisit(Recorded):
    """A visit by the child's social worker under CPPCR reg 28."""

    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="visits")
    visit_date = models.DateField()
    child_seen = models.BooleanField(default=True)
    child_seen_alone = models.BooleanField(default=False)
    notes = models.TextField(blank=True)


class VisitRequest(Recorded):
    """An extra statutory visit that is needed (CPPCR reg 28): the child or the carer
    reasonably asked for one, or the authority was told the placement is at risk of
    disruption. It falls due under the timescale rule ``lac_visit_requested``."""

    class Reason(models.TextChoices):
        CHILD = "child", "The child asked for a visit"
        CARER = "carer", "The carer asked for a visit"
        DISRUPTION = "disruption", "We were told the placement is at risk of disruption"

    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT,
                               related_name="visit_requests")
    requested_date = models.DateField("date asked, or date we were told")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    notes = models.TextField(blank=True)


class CarePlan(Recorded):
    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="care_plans")
    plan_date = models.DateField()
    permanence_plan = models.CharField(max_length=120, blank=True)


class PlacementPlan(Recorded):
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="plans")
    plan_date = models.DateField()


class HealthAssessment(Recorded):
    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial health assessment"
        REVIEW = "review", "Review health assessment"

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="health_assessments")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    assessment_date = models.DateField()


class HealthCheck(Recorded):
    """Dental checks, immunisations up to date, and under-5 development checks."""

    class Kind(models.TextChoices):
        DENTAL = "dental", "Dental check"
        IMMUNISATIONS = "immunisations", "Immunisations up to date"
        DEVELOPMENT = "development", "Development check (under 5)"

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="health_checks")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    check_date = models.DateField()


class SDQ(Recorded):
    """A Strengths and Difficulties Questionnaire score (0 to 40) or the reason there is none."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="sdqs")
    sdq_date = models.DateField()
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=4, choices=SDQ_REASON.choices(), blank=True)


class PersonalEducationPlan(Recorded):
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="peps")
    pep_date = models.DateField()
    school = models.CharField(max_length=200, blank=True)
    virtual_school_contact = models.CharField(max_length=200, blank=True)


class MissingEpisode(Recorded):
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="missing_episodes")
    kind = models.CharField(max_length=1, choices=MISSING_TYPE.choices())
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    return_interview_offered = models.DateField(null=True, blank=True)
    return_interview_accepted = models.BooleanField(null=True, blank=True)


class UASCStatus(Recorded):
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="uasc")
    start_date = models.DateField()
    ceased_date = models.DateField("date UASC status ceased (DUC)", null=True, blank=True)


class Adoption(Recorded):
    """The adoption milestones for one decision that the child should be placed."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="adoptions")
    decision_date = models.DateField("decision that the child should be placed (DATE_INT)")
    placement_order_date = models.DateField(null=True, blank=True)
    matched_date = models.DateField("matched with adopters (DATE_MATCH)", null=True, blank=True)
    placed_date = models.DateField(null=True, blank=True)
    adoption_order_date = models.DateField(null=True, blank=True)
    reversed_date = models.DateField("decision no longer to place (DATE_PLACED_CEASED)",
                                     null=True, blank=True)
    reversal_reason = models.CharField(max_length=3, choices=REASON_PLACED_CEASED.choices(),
                                       blank=True)
    foster_carer_adopting = models.BooleanField(null=True, blank=True)
    number_of_adopters = models.PositiveSmallIntegerField(null=True, blank=True)
    adopters_sex = models.CharField(max_length=2, choices=ADOPTER_SEX.choices(), blank=True)
    adopters_legal_status = models.CharField(max_length=3, blank=True,
                                             choices=ADOPTER_LEGAL_STATUS.choices())


class PreviousPermanence(Recorded):
    child = models.OneToOneField(Person, on_delete=models.PROTECT,
                                 related_name="previous_permanence")
    kind = models.CharField(max_length=2, choices=PREVIOUS_PERMANENCE.choices())
    local_authority = models.CharField("LA that made the order", max_length=9, blank=True)
    order_date = models.CharField(
        "date of the order", max_length=10, blank=True,
        help_text="DD/MM/YYYY; zz for an unknown day or month, as the SSDA903 allows")
