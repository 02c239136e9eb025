"""The trust's social work establishment and what happens to the people in it.

Staff themselves are ``organisations.StaffMember`` (role, teams, employer, permanent or
agency, start and end dates). This app adds what the workforce census and managers need
beside them, without changing that model: full-time equivalence, why someone left, days
lost to sickness, supervision sessions, and the posts each team is funded for.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from opencsc.organisations.models import StaffMember, Team

from .codes import LeaverDestination, ReasonForLeaving

FTE_VALIDATORS = [
    MinValueValidator(Decimal("0.01"), "A full-time equivalent is more than 0"),
    MaxValueValidator(Decimal("1.00"), "A full-time equivalent is at most 1 (full time)"),
]


class Recorded(models.Model):
    """Who wrote a row and when: rows here are added by managers, never by a script alone."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class Post(Recorded):
    """A funded post in a team's establishment, from one date until another (or still)."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="posts")
    title = models.CharField(max_length=120)
    fte = models.DecimalField("Full-time equivalent", max_digits=4, decimal_places=2,
                              validators=FTE_VALIDATORS)
    social_work = models.BooleanField(
        "Social worker post", default=True,
        help_text="For a registered child and family social worker.",
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["team__name", "title", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.fte} FTE), {self.team}"


class WorkforceRecord(Recorded):
    """A staff member's contracted hours as a full-time equivalent. Staff without one are
    counted as full time (see ``measures``)."""

    staff = models.OneToOneField(StaffMember, on_delete=models.CASCADE,
                                 related_name="workforce_record")
    fte = models.DecimalField("Full-time equivalent", max_digits=4, decimal_places=2,
                              default=Decimal("1.00"), validators=FTE_VALIDATORS)

    def __str__(self) -> str:
        return f"{self.staff}: {self.fte} FTE"


class Leaving(Recorded):
    """Why a staff member left, in the workforce census's codes. Their last day is the
    staff member's ``end_date``, set by the same action."""

    staff = models.OneToOneField(StaffMember, on_delete=models.CASCADE, related_name="leaving")
    reason = models.CharField(max_length=2, choices=ReasonForLeaving.choices)
    destination = models.CharField(max_length=2, choices=LeaverDestination.choices,
                                   default=LeaverDestination.NOT_KNOWN)

    def __str__(self) -> str:
        return f"{self.staff} left: {self.get_reason_display()}"


class SicknessAbsence(Recorded):
    """An episode of sickness absence and the working days it cost."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE,
                              related_name="sickness_absences")
    start_date = models.DateField()
    end_date = models.DateField()
    working_days_lost = models.DecimalField(
        max_digits=5, decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"), "Days lost are at least half a day")],
    )

    class Meta:
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["start_date"], name="sickness_start")]

    def __str__(self) -> str:
        return f"{self.staff}: {self.working_days_lost} days from {self.start_date}"


class SupervisionSession(Recorded):
    """A formal supervision session: who was supervised, by whom, on what day."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE,
                              related_name="supervision_sessions")
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="supervisions_given")
    date = models.DateField()

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["staff", "date"], name="supervision_staff_date")]

    def __str__(self) -> str:
        return f"{self.staff} supervised by {self.supervisor} on {self.date}"
