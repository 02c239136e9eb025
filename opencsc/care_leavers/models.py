"""Support for care leavers: needs assessment, pathway plans, personal advisers, keeping
in touch (the SSDA903 OC3 items) and Staying Put. Status is derived (``status.py``)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from opencsc.codes.ssda903 import ACCOMMODATION_TYPE, ACTIVITY, IN_TOUCH
from opencsc.people.models import Person

USER = settings.AUTH_USER_MODEL


class Recorded(models.Model):
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class NeedsAssessment(Recorded):
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="needs_assessments")
    assessment_date = models.DateField()


class PathwayPlan(Recorded):
    """A pathway plan, or a review of it (reviewed at least every 6 months)."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="pathway_plans")
    plan_date = models.DateField()
    is_review = models.BooleanField(default=False)
    summary = models.TextField(blank=True)


class PersonalAdviser(Recorded):
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="personal_advisers")
    adviser = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)


class KeepInTouch(Recorded):
    """Contact on or around a birthday from 17 to 21: what the OC3 table reports."""

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="keep_in_touch")
    contact_date = models.DateField()
    in_touch = models.CharField(max_length=4, choices=IN_TOUCH.choices())
    activity = models.CharField(max_length=2, choices=ACTIVITY.choices(), blank=True)
    accommodation = models.CharField(max_length=1, choices=ACCOMMODATION_TYPE.choices(),
                                     blank=True)
    accommodation_suitable = models.BooleanField(null=True, blank=True)

    @property
    def accom_code(self) -> str:
        """The OC3 ACCOM value: letter and suitability digit, or 0 for no information."""
        if not self.accommodation:
            return "0"
        return self.accommodation + ("1" if self.accommodation_suitable else "2")


class StayingPut(Recorded):
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="staying_put")
    carer_name = models.CharField(max_length=200)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
