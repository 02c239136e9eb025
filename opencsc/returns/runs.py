"""The work of a run: build a return from the record, or read uploaded files, then check
them with the same engine and reports as ``opencsc validate``.

``start`` runs it in a thread of this process after the request has committed (or in the
caller, when ``settings.RETURNS_RUN_INLINE``). Progress is written to the run as it goes.
A problem with the user's files fails the run with a message in plain words; a fault of
ours fails it with a message that says so, and the traceback goes to the log only.
"""

import logging
import threading
import time
import zipfile
from pathlib import Path

import polars as pl
from django.conf import settings
from django.db import DatabaseError, OperationalError, close_old_connections, connection
from django.utils import timezone

from . import reports
from .annex_a import write_annex_a
from .cin.extract import census_tables
from .cin.reader import read_cin_xml
from .cin.schema import check_against, first_plans_note, schema_for
from .cin.writer import write_cin_xml
from .models import HEARTBEAT_SECONDS, ReturnKind, ReturnRun
from .ssda903.csvio import read_903_folder, write_903_csvs, year_problems
from .ssda903.extract import ssda903_tables
from .validation.engine import Context, rules_for, validate

log = logging.getLogger(__name__)
FINDINGS = "findings.parquet"
UPLOADED, PREVIOUS = "upload", "previous"
SHOWN_SCHEMA_PROBLEMS = 20
WRITE_ATTEMPTS = 5
FAULT = ("The run stopped because of a fault in opencsc, not in your files. It has been "
         "logged: please tell your system administrator, quoting run {pk}.")
_NOBODY = "No child of the council belongs in this return for the year: nothing to check."
_NO_RULES = "opencsc has no {ret} rules for {year}, so the file was not checked against them."


class RunFailed(Exception):
    """Something about the input that the user can put right, said in plain words."""


def start(run_id: int) -> None:
    if settings.RETURNS_RUN_INLINE:
        execute(run_id)
        return
    threading.Thread(target=_in_thread, args=(run_id,), name=f"return-run-{run_id}",
                     daemon=True).start()


def _in_thread(run_id: int) -> None:
    # A new thread has its own connection; never close the caller's, which inline runs
    # (and tests, inside their transaction) are still using.
    close_old_connections()
    stop = threading.Event()
    beat = threading.Thread(target=_heartbeat, args=(run_id, stop), daemon=True)
    beat.start()
    try:
        execute(run_id)
    finally:
        stop.set()
        beat.join()
        connection.close()


def _heartbeat(run_id: int, stop: threading.Event) -> None:
    while not stop.wait(HEARTBEAT_SECONDS):
        try:
            ReturnRun.objects.filter(pk=run_id).update(heartbeat_at=timezone.now())
        except DatabaseError:  # a missed beat is harmless; the next one will do
            pass
    connection.close()


def execute(run_id: int) -> None:
    run = ReturnRun.objects.select_related("council").get(pk=run_id)
    _update(run, status=ReturnRun.Status.RUNNING, started_at=timezone.now(), step="Starting")
    try:
        summary, output = (_build if run.is_built else _check_upload)(run, Progress(run))
    except RunFailed as exc:
        _update(run, status=ReturnRun.Status.FAILED, message=str(exc),
                finished_at=timezone.now())
    except Exception:  # noqa: BLE001 (the user sees a plain message; the log has the rest)
        log.exception("Return run %s failed", run.pk)
        _update(run, status=ReturnRun.Status.FAILED, message=FAULT.format(pk=run.pk),
                finished_at=timezone.now())
    else:
        _update(run, status=ReturnRun.Status.DONE, step="Finished", percent=100,
                summary={**run.summary, **summary}, output=output, finished_at=timezone.now())
    _remove_old_files()


def _remove_old_files() -> None:
    """Housekeeping after each run (ADR 0013): a newer build may have replaced older ones,
    and other runs' files may have passed their time. Never the run's own failure."""
    from . import actions

    try:
        actions.remove_old_run_files()
    except Exception:  # noqa: BLE001 (the run is done; the next one will try again)
        log.exception("Deleting old return runs' files failed")


def _update(run: ReturnRun, **fields) -> None:
    fields["heartbeat_at"] = timezone.now()
    for name, value in fields.items():
        setattr(run, name, value)
    for attempt in range(WRITE_ATTEMPTS):
        try:
            ReturnRun.objects.filter(pk=run.pk).update(**fields)
            return
        except OperationalError:  # SQLite busy with another writer: wait a moment
            if attempt == WRITE_ATTEMPTS - 1:
                raise
            time.sleep(0.2 * (attempt + 1))


class Progress:
    """Writes the step and percent to the run, at most twice a second unless the step
    changes, so that any web process can show it."""

    def __init__(self, run: ReturnRun, clock=time.monotonic):
        self.run, self.clock, self.written = run, clock, 0.0

    def __call__(self, step: str, percent: float) -> None:
        now = self.clock()
        if step == self.run.step and now - self.written < 0.5:
            return
        self.written = now
        _update(self.run, step=step, percent=int(percent))

    def rules(self, start: float, end: float):
        """A progress callback for the validation engine, from ``start`` to ``end`` percent."""
        def checked(done: int, total: int, code: str) -> None:
            self(f"Checking against the DfE rules ({done} of {total})",
                 start + (end - start) * done / max(total, 1))
        return checked


# --- Building from the record --------------------------------------------------------------


def _build(run: ReturnRun, progress: Progress) -> tuple[dict, str]:
    run.folder.mkdir(parents=True, exist_ok=True)
    if run.kind == ReturnKind.ANNEX_A:
        return _build_annex_a(run, progress)
    if run.kind == ReturnKind.CIN:
        return _build_cin(run, progress)
    return _build_903(run, progress)


def _stem(run: ReturnRun) -> str:
    return f"{run.kind.replace('-', '_')}_{run.council.la_code}_{run.year}"


def _build_cin(run: ReturnRun, progress: Progress) -> tuple[dict, str]:
    progress("Reading the record", 5)
    tables = census_tables(run.council, run.collection)
    progress("Writing the XML file", 30)
    path = run.folder / f"{_stem(run)}.xml"
    write_cin_xml(tables, str(path), year=run.year)
    progress("Checking the file against the schema", 40)
    schema = _schema_check(path, run.year)
    children = tables["ChildIdentifiers"].height
    if not children or not rules_for("cin", run.year):
        why = _NO_RULES.format(ret="CIN", year=run.collection) if children else _NOBODY
        return {"children": children, "schema": schema, "unchecked": why}, path.name
    summary = _check_cin(run, path, progress, start=50)
    return {**summary, "schema": schema}, path.name


def _schema_check(path: Path, year: int) -> dict:
    """As ``opencsc returns cin-census`` checks it (cin/schema.py): first plans' count of
    0 is noted, not counted as a problem."""
    schema_path = schema_for(year, settings.OPENCSC_SCHEMA_DIR)
    if schema_path is None:
        return {"name": "", "problems": []}
    checked = check_against(schema_path, path)
    problems = [f"line {e.line}, {e.path}: {e.message}"
                for e in checked.errors[:SHOWN_SCHEMA_PROBLEMS]]
    note = first_plans_note(checked.first_plans, schema_path.name) if checked.first_plans else ""
    return {"name": schema_path.name, "problems": problems, "note": note}


def _build_903(run: ReturnRun, progress: Progress) -> tuple[dict, str]:
    progress("Reading the record", 5)
    current = ssda903_tables(run.council, run.collection)
    progress("Reading last year's record, for the rules that compare years", 20)
    previous = ssda903_tables(run.council, run.collection.previous)
    progress("Writing the CSV files", 35)
    folder, last_year = run.folder / UPLOADED, run.folder / PREVIOUS
    written = write_903_csvs(current, folder, year=run.year)
    write_903_csvs(previous, last_year, year=run.year - 1)  # kept beside, not downloaded
    archive = run.folder / f"{_stem(run)}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in written:
            bundle.write(path, path.name)
    children = current["Header"].height
    if not children or not rules_for("903", run.year):
        why = _NO_RULES.format(ret="SSDA903", year=run.collection) if children else _NOBODY
        return {"children": children, "unchecked": why}, archive.name
    # A council with nobody in care last year has no files to compare with.
    had_last_year = any(t.height for t in previous.values())
    return _check_903(run, folder, last_year if had_last_year else None, progress,
                      start=45), archive.name


def _build_annex_a(run: ReturnRun, progress: Progress) -> tuple[dict, str]:
    as_of = min(timezone.localdate(), run.collection.end)
    progress(f"Reading the record for the year to {as_of:%-d %B %Y}", 10)
    path = run.folder / f"annex_a_{run.council.la_code}_{as_of:%Y-%m-%d}.xlsx"
    write_annex_a(run.council, path, as_of=as_of, lookback_months=12)
    return {"as_of": f"{as_of:%-d %B %Y}"}, path.name


# --- Checking files ------------------------------------------------------------------------


def _check_upload(run: ReturnRun, progress: Progress) -> tuple[dict, str]:
    folder = run.folder / UPLOADED
    if run.kind == ReturnKind.CIN:
        files = sorted(folder.iterdir())
        return _check_cin(run, files[0], progress, start=5), ""
    previous = run.folder / PREVIOUS
    return _check_903(run, folder, previous if previous.is_dir() else None, progress, 5), ""


def _require_rules(ret: str, year: int) -> None:
    if not rules_for(ret, year):
        raise RunFailed(f"There are no {'CIN' if ret == 'cin' else 'SSDA903'} rules for the "
                        f"{year - 1}-{year % 100:02d} collection year: choose another year.")


def _check_cin(run: ReturnRun, path: Path, progress: Progress, start: int) -> dict:
    _require_rules("cin", run.year)
    progress("Reading the CIN census file", start)
    result = read_cin_xml(str(path))
    problems = [reports.from_cin(p) for p in result.problems]
    if not result.readable or result.children == 0:
        reasons = "; ".join(p.message for p in problems) or "no children were found"
        raise RunFailed(f"The file cannot be read as a CIN census: {reasons}")
    report = validate("cin", result.tables, Context(run.year),
                      progress=progress.rules(start + 10, 95))
    return _keep_report(run, report, problems, result.children)


def _check_903(run, folder: Path, previous: Path | None, progress: Progress, start) -> dict:
    _require_rules("903", run.year)
    progress("Reading the SSDA903 files", start)
    tables, problems = _read_903(folder, "", year=run.year)
    last_year = None
    if previous is not None:
        last_year, found = _read_903(previous, "last year: ")
        problems += found
    report = validate("903", tables, Context(run.year, previous=last_year),
                      progress=progress.rules(start + 10, 95))
    return _keep_report(run, report, problems, tables["Header"].height)


def _read_903(folder: Path, prefix: str, *, year: int | None = None):
    """The tables and the problems reading them; with ``year``, files whose episodes all
    fall outside that collection year are a problem too (as ``opencsc validate`` says)."""
    read = read_903_folder(folder)
    found = list(read.problems)
    if year:
        found += year_problems(read.tables, year, chosen_as="the collection year chosen")
    problems = [reports.from_903(p, prefix) for p in found]
    if all(t.height == 0 for t in read.tables.values()):
        reasons = "; ".join(f"{p.where}: {p.message}" for p in problems) or "every file is empty"
        which = "last year's files" if prefix else "the files"
        raise RunFailed(f"No SSDA903 table could be read from {which}. {reasons}")
    return read.tables, problems


def _keep_report(run: ReturnRun, report, problems: list, children: int) -> dict:
    """Keep the findings beside the run's files; the counts go on the run itself."""
    report.findings.write_parquet(run.folder / FINDINGS)
    counts = report.counts()
    return {
        "children": children,
        "errors": report.error_count,
        "queries": report.findings.height - report.error_count,
        "error_rules": counts.filter(pl.col("kind") == "error").height,
        "query_rules": counts.filter(pl.col("kind") == "query").height,
        "rules": [dict(zip(("code", "kind", "message", "count"), row, strict=True))
                  for row in counts.select("code", "kind", "message", "count").rows()],
        "problems": [{"where": p.where, "message": p.message, "value": p.value,
                      "severity": p.severity, "row": p.row, "field": p.field}
                     for p in problems],
        "file_errors": reports.file_errors(problems),
        "broken": report.broken,
    }


def findings(run: ReturnRun) -> pl.DataFrame:
    return pl.read_parquet(run.folder / FINDINGS)


def report_parts(run: ReturnRun):
    """The run's report as ``reports.write_report`` takes it."""
    from .validation.engine import Report

    problems = [reports.Problem(**p) for p in run.summary.get("problems", [])]
    return Report(findings(run), {}, run.summary.get("broken", {})), problems
