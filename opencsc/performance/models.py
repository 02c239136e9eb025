"""Targets the trust sets for its measures, and the stored results of computing them."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Target(models.Model):
    """A target for one measure from a date; the latest one on or before a month applies.
    Rows are only added (a new target from a later date replaces the old one from then)."""

    measure = models.CharField(max_length=40)
    from_date = models.DateField()
    value = models.DecimalField(max_digits=9, decimal_places=1)
    note = models.CharField(max_length=200, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["measure", "from_date", "set_at"]
        indexes = [models.Index(fields=["measure", "from_date"], name="target_measure_from")]

    def __str__(self) -> str:
        return f"{self.measure} {self.value} from {self.from_date:%d %B %Y}"


class Snapshot(models.Model):
    """Every measure for one month and every cut, computed once for one version of the
    record (the number of the latest audited write). Not the record: a cache, rebuilt
    whenever the record has changed since."""

    month = models.DateField()
    version = models.BigIntegerField()
    computed_at = models.DateTimeField(default=timezone.now)
    seconds = models.FloatField(default=0)
    figures = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "version"],
                                               name="one_snapshot_per_version")]

    def __str__(self) -> str:
        return f"{self.month:%B %Y} at version {self.version}"
