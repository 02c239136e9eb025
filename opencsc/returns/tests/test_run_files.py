"""Old runs' files are deleted: when a newer build replaces them, or after KEEP_FILES_FOR."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from opencsc.core.models import AuditAction, AuditEntry
from opencsc.returns.actions import EXPIRED, SUPERSEDED, remove_old_run_files
from opencsc.returns.models import KEEP_FILES_FOR, ReturnKind, ReturnRun

from .test_commands import run as run_command
from .test_web import NOW, build

pytestmark = pytest.mark.django_db
DONE = ReturnRun.Status.DONE


@pytest.fixture
def make_run(personas, trust):
    """A run with a file in its folder, built (for the trust's council) unless told."""
    def make(*, kind=ReturnKind.CIN, year=2026, status=DONE, built=True, age_days=0,
             council=None):
        run = ReturnRun.objects.create(
            purpose=ReturnRun.Purpose.BUILD if built else ReturnRun.Purpose.UPLOAD,
            kind=kind, year=year, status=status, requested_by=personas["analyst"],
            council=(council or trust.council) if built else None,
            created_at=timezone.now() - datetime.timedelta(days=age_days),
            output="return.xml", summary={"errors": 0, "rules": []})
        run.folder.mkdir(parents=True)
        (run.folder / "return.xml").write_text("<Message/>")
        return run
    return make


def remove(committed) -> int:
    return committed(remove_old_run_files)


def state(run) -> tuple[bool, str]:
    run.refresh_from_db()
    return run.folder.exists(), run.files_removed_because


def test_a_newer_build_replaces_the_older_ones_of_its_return_year_and_council(
        make_run, committed, trust):
    from opencsc.organisations.models import Organisation

    other_council = Organisation.objects.create(name="Elsewhere", kind="council",
                                                la_code="999")
    failed = make_run(status=ReturnRun.Status.FAILED)
    older = make_run()
    kept = [make_run(year=2025), make_run(kind=ReturnKind.SSDA903),
            make_run(council=other_council), make_run(built=False)]
    newest = make_run()
    running = make_run(status=ReturnRun.Status.RUNNING)  # newer, but not finished
    assert remove(committed) == 2
    assert state(failed) == state(older) == (False, SUPERSEDED)
    for run in [*kept, newest, running]:
        assert state(run) == (True, "")


def test_a_newer_build_that_failed_replaces_nothing(make_run, committed):
    done = make_run()
    make_run(status=ReturnRun.Status.FAILED)
    assert remove(committed) == 0 and state(done) == (True, "")


def test_any_finished_run_past_its_time_loses_its_files(make_run, committed):
    days = KEEP_FILES_FOR.days
    old_upload, old_build = make_run(built=False, age_days=days + 1), make_run(age_days=days + 1)
    recent = make_run(built=False, age_days=days - 1, kind=ReturnKind.SSDA903)
    assert remove(committed) == 2
    assert state(old_upload) == state(old_build) == (False, EXPIRED)
    assert state(recent) == (True, "")


def test_each_removal_is_audited(make_run, committed):
    older = make_run()
    make_run()
    remove(committed)
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_id=str(older.pk),
                                   object_type="returns.returnrun")
    assert entry.reason == "deleted a run's files" and entry.changes["why"] == SUPERSEDED


def test_a_run_without_its_files_says_why_and_offers_no_download_or_report(
        make_run, committed, as_user):
    older = make_run()
    make_run()
    remove(committed)
    client = as_user("analyst")
    page = client.get(reverse("returns:run", args=[older.pk])).content.decode()
    assert SUPERSEDED in page and "Build the return again" in page
    assert reverse("returns:download", args=[older.pk]) not in page
    assert client.get(reverse("returns:download", args=[older.pk])).status_code == 404
    assert client.get(reverse("returns:report", args=[older.pk])).status_code == 404
    listed = client.get(reverse("returns:index")).content.decode()
    assert "not checked" not in listed  # the counts of a run without its files remain


@time_machine.travel(NOW, tick=False)
def test_building_a_return_again_deletes_the_last_builds_files(as_user, committed, trust):
    client = as_user("analyst")
    first = build(client, committed, trust)
    assert first.folder.exists()
    second = build(client, committed, trust)
    assert second.status == DONE, second.message
    assert state(first) == (False, SUPERSEDED)
    assert state(second) == (True, "")


def test_the_command_deletes_what_a_run_would(make_run, committed):
    older = make_run()
    make_run()
    status, stdout, _ = committed(lambda: run_command("remove_old_return_files"))
    assert status == 0 and "Deleted the files of 1 run." in stdout
    assert state(older) == (False, SUPERSEDED)
