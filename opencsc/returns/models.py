"""A return built or checked from the web: one run, worked in the background.

A run either builds a return from the record (and then checks it against the DfE rules)
or checks files a user uploaded. Its files live under ``settings.RETURNS_DIR/<run id>-<key>/``.
Progress is written as the run goes, so any web process can show it; a run whose worker
has stopped beating (the server restarted) is shown as interrupted.
"""

import datetime
import secrets
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone

from .years import CollectionYear

# A worker touches its run at least this often; a run left longer has lost its worker.
HEARTBEAT_SECONDS = 10
STALE_AFTER = datetime.timedelta(seconds=60)
# A finished run's files (they name children) are deleted this long after it was asked
# for, or sooner when a newer build of the same return replaces it (ADR 0013).
KEEP_FILES_FOR = datetime.timedelta(days=90)


class ReturnKind(models.TextChoices):
    CIN = "cin-census", "CIN census"
    SSDA903 = "ssda903", "SSDA903 (children looked after)"
    ANNEX_A = "annex-a", "Ofsted Annex A"


def _new_key() -> str:
    return secrets.token_hex(8)


class ReturnRun(models.Model):
    class Purpose(models.TextChoices):
        BUILD = "build", "Built from the record"
        UPLOAD = "upload", "Uploaded files checked"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "In progress"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"
        INTERRUPTED = "interrupted", "Interrupted"

    purpose = models.CharField(max_length=8, choices=Purpose.choices)
    kind = models.CharField(max_length=12, choices=ReturnKind.choices)
    year = models.PositiveIntegerField(help_text="The year the collection ends in: 2026 is 2025-26")
    council = models.ForeignKey("organisations.Organisation", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    step = models.CharField(max_length=120, blank=True)
    percent = models.PositiveSmallIntegerField(default=0)
    message = models.TextField(blank=True)
    output = models.CharField(max_length=200, blank=True, help_text="File name in the run's folder")
    summary = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(default=timezone.now)
    # In the folder's name, so that a run never finds another's files (a database restored
    # from a backup gives out the same ids again).
    key = models.CharField(max_length=16, default=_new_key, editable=False)
    # When the run's files were deleted, and why (actions.remove_old_run_files); the run
    # itself, its counts and its explanations are kept.
    files_removed_at = models.DateTimeField(null=True, blank=True)
    files_removed_because = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.collection} (run {self.pk})"

    @property
    def collection(self) -> CollectionYear:
        return CollectionYear(self.year)

    @property
    def folder(self) -> Path:
        return Path(settings.RETURNS_DIR) / f"{self.pk}-{self.key}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.INTERRUPTED)

    @property
    def has_files(self) -> bool:
        return self.files_removed_at is None

    @property
    def was_checked(self) -> bool:
        """Checked against the rules: its counts are kept even once its files are gone."""
        return self.status == self.Status.DONE and "errors" in self.summary

    @property
    def has_report(self) -> bool:
        return self.was_checked and self.has_files

    @property
    def is_built(self) -> bool:
        return self.purpose == self.Purpose.BUILD

    def lost_its_worker(self, now=None) -> bool:
        return not self.is_finished and (now or timezone.now()) - self.heartbeat_at > STALE_AFTER


class QueryExplanation(models.Model):
    """Why a query raised about a child is right, as the council will tell the DfE.

    Rows are only added: a second explanation of the same query is a new row, and the
    latest is the one shown. An explanation made on a return built from the record holds
    for later builds of the same return, year and council; one made on uploaded files holds
    for that run only.
    """

    run = models.ForeignKey(ReturnRun, on_delete=models.CASCADE, related_name="explanations")
    kind = models.CharField(max_length=12, choices=ReturnKind.choices)
    year = models.PositiveIntegerField()
    council = models.ForeignKey("organisations.Organisation", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=16)
    child_id = models.CharField(max_length=64)
    reason = models.TextField()
    explained_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    explained_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["explained_at", "pk"]
        indexes = [models.Index(fields=["kind", "year", "council", "code"],
                                name="returns_explanation_lookup")]
