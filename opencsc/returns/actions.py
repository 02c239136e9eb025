"""The writes of returns from the web: asking for a build, uploading files to check,
downloading a file, saying a run has lost its worker, and deleting old runs' files. Each
is one transaction with its audit entry; the work itself starts after the commit
(``runs.start``), and files are deleted only after it."""

import shutil
from functools import partial

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from opencsc.core import audit
from opencsc.core.models import AuditAction

from . import runs
from .models import KEEP_FILES_FOR, STALE_AFTER, ReturnRun

INTERRUPTED = ("The run was interrupted, most likely because the server restarted. "
               "Nothing was lost from the record: start it again.")


def request_build(*, kind: str, year: int, council, actor) -> ReturnRun:
    """Ask for a return to be built from the record of one council and collection year."""
    with transaction.atomic():
        run = ReturnRun.objects.create(purpose=ReturnRun.Purpose.BUILD, kind=kind, year=year,
                                       council=council, requested_by=actor)
        audit.record(actor, AuditAction.CREATE, obj=run, reason="build a return",
                     changes={"return": kind, "year": year, "la": council.la_code})
        transaction.on_commit(partial(runs.start, run.pk))
    return run


def upload_return(*, kind: str, year: int, files, previous=(), actor) -> ReturnRun:
    """Keep uploaded files (``previous``: last year's SSDA903) and check them."""
    with transaction.atomic():
        run = ReturnRun.objects.create(purpose=ReturnRun.Purpose.UPLOAD, kind=kind, year=year,
                                       requested_by=actor, step="Files received")
        names = {runs.UPLOADED: _keep(run, runs.UPLOADED, files),
                 runs.PREVIOUS: _keep(run, runs.PREVIOUS, previous)}
        run.summary = {"files": names[runs.UPLOADED], "previous_files": names[runs.PREVIOUS]}
        run.save(update_fields=["summary"])
        audit.record(actor, AuditAction.CREATE, obj=run, reason="check uploaded files",
                     changes={"return": kind, "year": year, "files": names[runs.UPLOADED],
                              "previous": names[runs.PREVIOUS]})
        transaction.on_commit(partial(runs.start, run.pk))
    return run


def _keep(run: ReturnRun, where: str, files) -> list[str]:
    if not files:
        return []
    folder = run.folder / where
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for upload in files:
        name = _safe_name(upload.name, names)
        with (folder / name).open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        names.append(name)
    return names


def _safe_name(name: str, taken: list[str]) -> str:
    """The file's own name without any folder, made unique within the upload."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip() or "file"
    base = "".join(c if c.isalnum() or c in "._- " else "_" for c in base).lstrip(".")
    candidate, n = base or "file", 1
    while candidate in taken:
        n += 1
        candidate = f"{n}_{base}"
    return candidate


def record_download(run: ReturnRun, *, what: str, actor) -> None:
    """Write who took which file away: a return or a report names children."""
    with transaction.atomic():
        audit.record(actor, AuditAction.EXPORT, obj=run, reason=f"downloaded {what}",
                     changes={"file": what, "return": run.kind, "year": run.year,
                              "la": run.council.la_code if run.council else ""})


def interrupt_lost_runs(now=None) -> int:
    """Runs whose worker stopped beating (a restart) are said to be interrupted."""
    now = now or timezone.now()
    lost = ReturnRun.objects.filter(
        status__in=[ReturnRun.Status.QUEUED, ReturnRun.Status.RUNNING],
        heartbeat_at__lt=now - STALE_AFTER)
    return lost.update(status=ReturnRun.Status.INTERRUPTED, message=INTERRUPTED,
                       finished_at=now)


def explain_query(run: ReturnRun, *, code: str, child_id: str, reason: str, actor):
    """Record why a query about a child is right (a new row; the latest is shown)."""
    from .models import QueryExplanation

    with transaction.atomic():
        explanation = QueryExplanation.objects.create(
            run=run, kind=run.kind, year=run.year, council=run.council, code=code,
            child_id=child_id, reason=reason, explained_by=actor)
        audit.record(actor, AuditAction.CREATE, obj=explanation, reason="explained a query",
                     changes={"run": run.pk, "code": code, "child_id": child_id,
                              "reason": reason})
    return explanation


FINISHED = [ReturnRun.Status.DONE, ReturnRun.Status.FAILED, ReturnRun.Status.INTERRUPTED]
SUPERSEDED = "A newer build of the same return, year and council replaced this one."
EXPIRED = f"A run's files are kept for {KEEP_FILES_FOR.days} days."


def remove_old_run_files(now=None) -> int:
    """Delete the files of finished runs that a newer finished build of the same return,
    year and council has replaced, or that were asked for longer than ``KEEP_FILES_FOR``
    ago (ADR 0013). The run, its counts and its explanations stay; it says when and why
    its files went. Each removal is audited; the folders go once that has committed.
    Returns how many runs lost their files."""
    now = now or timezone.now()
    interrupt_lost_runs(now)
    finished = ReturnRun.objects.filter(status__in=FINISHED, files_removed_at__isnull=True)
    newer = ReturnRun.objects.filter(
        purpose=ReturnRun.Purpose.BUILD, status=ReturnRun.Status.DONE, kind=OuterRef("kind"),
        year=OuterRef("year"), council=OuterRef("council"), pk__gt=OuterRef("pk"))
    chosen = {run.pk: (run, EXPIRED)
              for run in finished.filter(created_at__lt=now - KEEP_FILES_FOR)}
    for run in finished.filter(Exists(newer), purpose=ReturnRun.Purpose.BUILD):
        chosen[run.pk] = (run, SUPERSEDED)
    with transaction.atomic():
        for run, why in chosen.values():
            ReturnRun.objects.filter(pk=run.pk).update(files_removed_at=now,
                                                       files_removed_because=why)
            audit.record(None, AuditAction.UPDATE, obj=run, reason="deleted a run's files",
                         changes={"files": str(run.folder.name), "why": why})
        folders = [run.folder for run, _ in chosen.values()]
        transaction.on_commit(partial(_delete, folders))
    return len(chosen)


def _delete(folders) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
