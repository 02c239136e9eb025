"""What the council oversees the trust by: the contract and its measures, the improvement
plan and its actions, and Ofsted's inspections of the council and its statistical neighbours.

Nothing here is about a child: every row is about the service as a whole. Measures are named
by their code in the performance catalogue (opencsc/performance/catalogue.py).
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from opencsc.organisations.models import Organisation

LA_CODE = RegexValidator(r"^\d{3}$", "A DfE LA code is three digits, like 330.")


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class Contract(models.Model):
    """The council's contract with the organisation that delivers its children's services."""

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                                 help_text="The trust delivering the service.")
    name = models.CharField(max_length=200)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return self.name

    def in_force_on(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)

    def measures_today(self) -> list:
        """The measures in force today, with their targets (see contract.py)."""
        from .contract import targets_on

        return targets_on(self, timezone.localdate())


class ContractMeasure(models.Model):
    """A measure in the contract. Its targets, and the dates it joins and leaves the
    contract, are its ``targets`` (appended ``ContractTarget`` rows): see contract.py."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="measures")
    code = models.CharField(max_length=40, help_text="The measure's code in the catalogue.")
    direction = models.CharField(max_length=8, choices=Direction.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        constraints = [models.UniqueConstraint(fields=["contract", "code"],
                                               name="one_row_per_contract_measure")]

    def __str__(self) -> str:
        return self.code


class ContractTarget(models.Model):
    """A measure's target from a date until the next row's date. Rows are only ever
    added, so a past month's report still shows the target in force then. A row with no
    target takes the measure out of the contract from its date; of two rows from the same
    date, the later recorded stands (a correction)."""

    measure = models.ForeignKey(ContractMeasure, on_delete=models.CASCADE,
                                related_name="targets")
    from_date = models.DateField()
    target = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True,
                                 help_text="Blank: the measure leaves the contract.")
    tolerance = models.DecimalField(
        max_digits=10, decimal_places=2, default=0,
        help_text="How far on the wrong side of the target still counts as close to it.")
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    help_text="Blank for a contract seeded without a person.")

    class Meta:
        ordering = ["from_date", "pk"]

    @property
    def removes(self) -> bool:
        return self.target is None


class ImprovementAction(models.Model):
    """One action of the council's improvement plan. Its status is the latest of its
    ``updates`` (appended rows), and overdue is worked out from the due date."""

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=12, help_text="Its number in the plan, like 2.3.")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.CharField(max_length=120, help_text="Who answers for it: a name and role.")
    opened_on = models.DateField(default=timezone.localdate)
    due_date = models.DateField()
    measure_codes = models.JSONField(default=list, help_text="The measures it should move.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["reference", "pk"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class ActionStatus(models.TextChoices):
    """What an owner may record. Overdue is never recorded: it follows from the due date."""

    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    DONE = "done", "Done"


class ActionUpdate(models.Model):
    """Progress on an action: its status from now on, and the evidence for it."""

    action = models.ForeignKey(ImprovementAction, on_delete=models.CASCADE,
                               related_name="updates")
    status = models.CharField(max_length=16, choices=ActionStatus.choices)
    evidence = models.TextField(blank=True)
    evidence_date = models.DateField(help_text="When the evidence was seen or recorded.")
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["-recorded_at", "-pk"]


class Grade(models.TextChoices):
    """Ofsted's four-point scale, numbered as in its published data (1 is best)."""

    OUTSTANDING = "1", "Outstanding"
    GOOD = "2", "Good"
    REQUIRES_IMPROVEMENT = "3", "Requires improvement to be good"
    INADEQUATE = "4", "Inadequate"


class Inspection(models.Model):
    """One inspection of a local authority's children's services (ILACS, or the SIF before
    it) and its judgements. Care leavers were judged apart from children in care only from
    January 2023, so that judgement is blank for earlier inspections."""

    la_code = models.CharField("DfE LA code", max_length=3, validators=[LA_CODE],
                               db_index=True)
    la_name = models.CharField(max_length=120)
    framework = models.CharField(max_length=20, default="ILACS")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(help_text="The last day of the inspection.")
    published_on = models.DateField(null=True, blank=True)
    overall = models.CharField(max_length=1, choices=Grade.choices)
    leaders = models.CharField(max_length=1, choices=Grade.choices, blank=True)
    help_and_protection = models.CharField(max_length=1, choices=Grade.choices, blank=True)
    in_care = models.CharField(max_length=1, choices=Grade.choices, blank=True)
    care_leavers = models.CharField(max_length=1, choices=Grade.choices, blank=True)
    source = models.CharField(max_length=200, blank=True,
                              help_text="The file it was imported from.")

    class Meta:
        ordering = ["la_code", "-end_date"]
        constraints = [models.UniqueConstraint(fields=["la_code", "end_date"],
                                               name="one_inspection_per_la_and_day")]

    def __str__(self) -> str:
        return f"{self.la_name} {self.end_date}: {self.get_overall_display()}"


class StatisticalNeighbour(models.Model):
    """A council's statistical neighbour, in the order the council ranks them."""

    council = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    la_code = models.CharField("DfE LA code", max_length=3, validators=[LA_CODE])
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["council", "position"]
        constraints = [models.UniqueConstraint(fields=["council", "la_code"],
                                               name="one_row_per_neighbour")]
