"""Councils, the organisation that delivers their children's services, teams and staff."""

import datetime

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from opencsc.core.roles import Role


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        TRUST = "trust", "Children's trust"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    la_code = models.CharField(
        "DfE LA code",
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^\d{3}$", "A DfE LA code is three digits, like 330.")],
    )
    gss_code = models.CharField("ONS GSS code", max_length=9, blank=True)
    delivers_for = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="delivered_by",
        help_text="The councils whose children's services this organisation delivers.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["la_code"], condition=~models.Q(la_code=""), name="unique_la_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.la_code})" if self.la_code else self.name


class ServiceArea(models.Model):
    name = models.CharField(max_length=120)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    class Kind(models.TextChoices):
        FRONT_DOOR = "front_door", "Front door / MASH"
        ASSESSMENT = "assessment", "Assessment"
        CHILD_IN_NEED = "child_in_need", "Child in need"
        CHILD_PROTECTION = "child_protection", "Child protection"
        CHILDREN_IN_CARE = "children_in_care", "Children in care"
        CARE_LEAVERS = "care_leavers", "Care leavers"
        FOSTERING = "fostering", "Fostering"
        ADOPTION = "adoption", "Adoption"
        DISABLED_CHILDREN = "disabled_children", "Disabled children"
        OTHER = "other", "Other"

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="teams")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerAgency(models.Model):
    class Kind(models.TextChoices):
        POLICE = "police", "Police"
        HEALTH = "health", "Health"
        EDUCATION = "education", "School or education"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices)

    class Meta:
        verbose_name_plural = "partner agencies"

    def __str__(self) -> str:
        return self.name


class StaffMember(models.Model):
    """A person who works here: their role, teams, employer and employment dates."""

    class EmploymentType(models.TextChoices):
        PERMANENT = "permanent", "Permanent"
        AGENCY = "agency", "Agency"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="staff"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    job_title = models.CharField(max_length=120, blank=True)
    employer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="employees",
        help_text="A council or the trust: staff may stay council employees in a shadow trust.",
    )
    employment_type = models.CharField(
        max_length=16, choices=EmploymentType.choices, default=EmploymentType.PERMANENT
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    teams = models.ManyToManyField(Team, blank=True, related_name="members")
    service_area = models.ForeignKey(
        ServiceArea, null=True, blank=True, on_delete=models.PROTECT,
        help_text="For a head of service: the service area they lead.",
    )
    council = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="For a council oversight viewer: the council they oversee.",
    )
    agency = models.ForeignKey(
        PartnerAgency, null=True, blank=True, on_delete=models.PROTECT,
        help_text="For a partner-agency user: their agency.",
    )
    social_work_england_id = models.CharField(max_length=12, blank=True)

    class Meta:
        verbose_name = "member of staff"
        verbose_name_plural = "staff"

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.username

    def is_active_on(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


class RoleSecurityPolicy(models.Model):
    """What an administrator requires of a role at sign-in."""

    role = models.CharField(max_length=32, choices=Role.choices, unique=True)
    require_second_factor = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "role security policies"

    def __str__(self) -> str:
        return self.get_role_display()


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.TextField()
    link = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
