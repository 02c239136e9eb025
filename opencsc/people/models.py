"""The child's record: people, their names, identifiers, addresses and relationships,
who the child is allocated to, and who else may see the record."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from opencsc.codes.person import ETHNICITY, GENDER_IDENTITY, RELIGION, SEX
from opencsc.organisations.models import Organisation, PartnerAgency, Team


class PersonQuerySet(models.QuerySet):
    def children(self):
        """People who are the subject of a case record held for a council."""
        return self.filter(responsible_council__isnull=False)


class Person(models.Model):
    """Anyone the service records: a child with a case record, or someone in their life."""

    class Restriction(models.TextChoices):
        NONE = "", "Not restricted"
        STAFF_RELATIVE = "staff_relative", "Relative of a member of staff"
        HIGH_PROFILE = "high_profile", "High-profile case"
        ADOPTION = "adoption", "Adoption"
        OTHER = "other", "Other reason"

    la_child_id = models.CharField(
        "LA child ID", max_length=20, blank=True, db_index=True,
        help_text="Stable for life; used in every return for this child.",
    )
    responsible_council = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        limit_choices_to={"kind": Organisation.Kind.COUNCIL},
    )
    given_names = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True, db_index=True)
    expected_date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=SEX.choices(), default="U")
    gender_identity = models.CharField(max_length=16, choices=GENDER_IDENTITY, blank=True)
    ethnicity = models.CharField(max_length=4, choices=ETHNICITY.choices(), default="NOBT")
    first_language = models.CharField(max_length=60, blank=True)
    religion = models.CharField(max_length=16, choices=RELIGION, blank=True)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True, db_index=True)
    upn = models.CharField("UPN", max_length=13, blank=True, db_index=True)
    former_upn = models.CharField("former UPN", max_length=13, blank=True)
    gp_practice = models.CharField("GP practice", max_length=200, blank=True)
    school = models.CharField(max_length=200, blank=True)
    date_of_death = models.DateField(null=True, blank=True)
    restriction = models.CharField(
        max_length=16, choices=Restriction.choices, blank=True, default=Restriction.NONE
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["family_name", "given_names"], name="person_name")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None

    @property
    def is_restricted(self) -> bool:
        return bool(self.restriction)


class PersonName(models.Model):
    """Other names a person is or was known by."""

    class Kind(models.TextChoices):
        PREFERRED = "preferred", "Preferred name"
        PREVIOUS = "previous", "Previous name"
        ALIAS = "alias", "Also known as"
        BIRTH = "birth", "Name at birth"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="other_names")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    given_names = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()


class NameKey(models.Model):
    """Search keys for a person's names: each word, its prefix and its sound."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=40)

    class Meta:
        indexes = [models.Index(fields=["key", "person"], name="namekey_key_person")]


class Disability(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="disabilities")
    code = models.CharField(max_length=4)

    class Meta:
        verbose_name_plural = "disabilities"
        constraints = [
            models.UniqueConstraint(fields=["person", "code"], name="unique_disability")
        ]


class Address(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    line_1 = models.CharField(max_length=200)
    line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8)
    postcode_key = models.CharField(max_length=8, db_index=True, editable=False)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]
        verbose_name_plural = "addresses"

    def save(self, *args, **kwargs):
        self.postcode_key = self.postcode.replace(" ", "").upper()
        super().save(*args, **kwargs)

    @property
    def is_current(self) -> bool:
        return self.end_date is None or self.end_date >= timezone.localdate()


class Relationship(models.Model):
    """``other`` is the ``kind`` of ``person``: for example, other is person's mother."""

    class Kind(models.TextChoices):
        MOTHER = "mother", "Mother"
        FATHER = "father", "Father"
        PARENT = "parent", "Parent"
        STEP_PARENT = "step_parent", "Step-parent"
        SIBLING = "sibling", "Sibling"
        HALF_SIBLING = "half_sibling", "Half-sibling"
        CHILD = "child", "Child"
        GRANDPARENT = "grandparent", "Grandparent"
        AUNT_UNCLE = "aunt_uncle", "Aunt or uncle"
        CARER = "carer", "Carer"
        HOUSEHOLD_MEMBER = "household_member", "Household member"
        FRIEND = "friend", "Family friend"
        OTHER = "other", "Other"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parental_responsibility = models.BooleanField(default=False)
    lives_with = models.BooleanField(default=False)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)


class Professional(models.Model):
    """A professional involved with a child: their GP, health visitor, teacher, officer."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="professionals")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=120)
    organisation = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)


class Allocation(models.Model):
    """Which team, and which worker if any, holds the child's case, and when."""

    class Reason(models.TextChoices):
        # SSDA903 SW_REASON codes, so allocations feed the SWEpisodes table.
        MANAGE = "MANAGE", "Caseload management"
        FCONTA = "FCONTA", "First contact or re-referral"
        LEFTRL = "LEFTRL", "Previous social worker left the role"
        ORGRST = "ORGRST", "Restructure"
        TSPROC = "TSPROC", "Transfer by standard process"
        ABSENC = "ABSENC", "Absence cover or return"
        CHCHAN = "CHCHAN", "Child requested a change"
        PCCHAN = "PCCHAN", "Parent or carer requested a change"
        SWDIED = "SWDIED", "Social worker died"
        OTHERS = "OTHERS", "Other"

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="allocations")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="allocations")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="allocations",
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=6, choices=Reason.choices, default=Reason.FCONTA)

    class Meta:
        indexes = [
            models.Index(fields=["worker", "end_date"], name="allocation_worker"),
            models.Index(fields=["team", "end_date"], name="allocation_team"),
        ]


class AgencyShare(models.Model):
    """A record explicitly shared with a partner agency, with its purpose and legal basis."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="agency_shares")
    agency = models.ForeignKey(PartnerAgency, on_delete=models.PROTECT)
    purpose = models.CharField(max_length=200)
    legal_basis = models.CharField(max_length=200)
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)


class RestrictedAccess(models.Model):
    """A person named as allowed to see a restricted record."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="named_access")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["child", "user"], name="unique_named_access")
        ]


class EmergencyAccess(models.Model):
    """Break-glass access to a record outside the user's scope, for a few hours."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    reason = models.TextField()
    started_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "expires_at"], name="emergency_user")]
