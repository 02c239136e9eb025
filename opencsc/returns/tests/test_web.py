"""Returns from the web: who may, building and downloading, uploading and the report,
progress states, and bad uploads. Runs finish inside the request in tests
(``RETURNS_RUN_INLINE``), once the request's transaction has committed."""

import datetime
import io
import threading
import time
import zipfile

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from opencsc.core.models import AuditAction, AuditEntry
from opencsc.people.actions import allocate_child
from opencsc.returns import actions, runs
from opencsc.returns.models import STALE_AFTER, ReturnKind, ReturnRun
from opencsc.returns.ssda903.csvio import write_903_csvs

from .ssda903_builder import clean_903
from .test_cin_census_roundtrip import record_cp_journey
from .test_commands import record_two_children
from .web import PLANTED_CODE, planted_903_files

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC)
OUTSIDERS = ["social.worker", "team.manager", "council.viewer", "police.partner", "admin"]


def build(client, committed, trust, kind=ReturnKind.CIN, year=2026):
    response = committed(lambda: client.post(reverse("returns:index"), {
        "kind": kind, "year": year, "council": trust.council.pk}))
    assert response.status_code == 302, response.content.decode()[:2000]
    return ReturnRun.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])


def upload(client, committed, files, kind=ReturnKind.SSDA903, year=2026, previous=()):
    data = {"kind": kind, "year": year, "files": files}
    if previous:
        data["previous"] = list(previous)
    return committed(lambda: client.post(reverse("returns:upload"), data))


def run_of(response) -> ReturnRun:
    assert response.status_code == 302, response.content.decode()[:3000]
    return ReturnRun.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])


# --- Who may ------------------------------------------------------------------------------


@pytest.mark.parametrize("username", OUTSIDERS)
def test_only_those_who_produce_returns_may_build_or_upload(username, as_user, trust):
    client = as_user(username)
    assert client.get(reverse("returns:index")).status_code == 403
    assert client.post(reverse("returns:index"), {"kind": "cin-census", "year": 2026,
                                                  "council": trust.council.pk}).status_code == 403
    assert client.post(reverse("returns:upload"), {}).status_code == 403
    assert not ReturnRun.objects.exists()


def test_returns_is_in_the_navigation_only_for_those_who_produce_them(as_user):
    for username, shown in [("analyst", True), ("head.of.service", True),
                            ("council.viewer", False), ("social.worker", False)]:
        page = as_user(username).get(reverse("core:home")).content.decode()
        assert (f'href="{reverse("returns:index")}"' in page) == shown, username


# --- Building from the record -----------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_an_analyst_builds_the_cin_census_and_downloads_it_audited(
        as_user, committed, trust, make_child, personas):
    record_two_children(make_child, personas)
    client = as_user("analyst")
    run = build(client, committed, trust)
    assert run.status == ReturnRun.Status.DONE, run.message
    page = client.get(reverse("returns:run", args=[run.pk])).content.decode()
    assert "Download cin_census_330_2026.xml" in page
    assert "http-equiv=\"refresh\"" not in page
    assert "See the validation report" in page and run.summary["errors"] == 0
    response = client.get(reverse("returns:download", args=[run.pk]))
    content = b"".join(response.streaming_content)
    assert b"<LAchildID>" in content and response["Content-Type"] == "application/xml"
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).get()
    assert (entry.actor_username, entry.changes["file"]) == ("analyst",
                                                              "cin_census_330_2026.xml")
    requested = AuditEntry.objects.get(action=AuditAction.CREATE, object_id=str(run.pk),
                                      object_type="returns.returnrun")
    assert requested.changes == {"return": "cin-census", "year": 2026, "la": "330"}


@time_machine.travel(NOW, tick=False)
def test_a_built_ssda903_is_a_zip_of_the_dfe_files_and_is_checked(
        as_user, committed, trust, make_child, personas):
    record_two_children(make_child, personas)
    client = as_user("head.of.service")
    run = build(client, committed, trust, kind=ReturnKind.SSDA903)
    assert run.status == ReturnRun.Status.DONE, run.message
    response = client.get(reverse("returns:download", args=[run.pk]))
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert "header_2026.csv" in names and "episodes_2026.csv" in names
    assert run.summary["children"] == 1 and run.summary["errors"] == 0


@time_machine.travel(NOW, tick=False)
def test_annex_a_is_built_as_a_workbook_without_a_report(as_user, committed, trust):
    client = as_user("analyst")
    run = build(client, committed, trust, kind=ReturnKind.ANNEX_A)
    assert run.status == ReturnRun.Status.DONE, run.message
    assert run.output == "annex_a_330_2026-03-31.xlsx" and not run.has_report
    page = client.get(reverse("returns:run", args=[run.pk])).content.decode()
    assert "looking back 12 months from 31 March 2026" in page
    assert client.get(reverse("returns:report", args=[run.pk])).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_a_built_returns_finding_links_to_the_child_only_for_those_who_may_see_them(
        as_user, committed, trust, make_child, personas):
    child = make_child(worker="social.worker", ethnicity="", sex="F", dob=datetime.date(2016, 2, 1))
    record_cp_journey(child, personas["social.worker"], personas["team.manager"])
    # The journey's signed-off closure ended the allocation: open the case again, so that
    # the head of service sees the child through their service's team.
    allocate_child(child, actor=personas["team.manager"],
                   team=trust.teams["Child Protection Team North"],
                   worker=personas["social.worker"], reason="FCONTA")
    run = build(as_user("analyst"), committed, trust)
    assert run.status == ReturnRun.Status.DONE, run.message
    url = reverse("returns:report_rule", args=[run.pk, "4220"])
    child_page = reverse("people:child", args=[child.pk])
    page = as_user("head.of.service").get(url).content.decode()
    assert child.la_child_id in page and child_page in page
    page = as_user("analyst").get(url).content.decode()
    assert child.la_child_id in page and child_page not in page


def test_a_fault_of_ours_fails_the_run_with_a_plain_message(
        as_user, committed, trust, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("in the extract")

    monkeypatch.setattr(runs, "census_tables", broken)
    client = as_user("analyst")
    run = build(client, committed, trust)
    assert run.status == ReturnRun.Status.FAILED
    page = client.get(reverse("returns:run", args=[run.pk])).content.decode()
    assert "a fault in opencsc, not in your files" in page and f"run {run.pk}" in page
    assert "ZeroDivisionError" not in page and "Traceback" not in page
    assert "Build it again" in page


# --- Progress -----------------------------------------------------------------------------


def waiting_run(personas, **fields) -> ReturnRun:
    fields.setdefault("requested_by", personas["analyst"])
    return ReturnRun.objects.create(purpose=ReturnRun.Purpose.UPLOAD, kind=ReturnKind.CIN,
                                    year=2026, **fields)


def test_a_running_run_refreshes_itself_and_tells_its_progress_as_json(as_user, personas):
    run = waiting_run(personas, status=ReturnRun.Status.RUNNING, step="Reading the files",
                      percent=40)
    client = as_user("analyst")
    page = client.get(reverse("returns:run", args=[run.pk])).content.decode()
    assert '<noscript><meta http-equiv="refresh"' in page
    assert "Reading the files: 40% done" in page and "returns/progress.js" in page
    status = client.get(reverse("returns:status", args=[run.pk])).json()
    assert status == {"status": "running", "label": "In progress", "step": "Reading the files",
                      "percent": 40, "finished": False,
                      "page": reverse("returns:run", args=[run.pk])}


def test_a_run_whose_worker_stopped_is_shown_as_interrupted(as_user, personas):
    run = waiting_run(personas, status=ReturnRun.Status.RUNNING,
                      heartbeat_at=timezone.now() - STALE_AFTER - datetime.timedelta(seconds=1))
    fresh = waiting_run(personas, status=ReturnRun.Status.RUNNING)
    page = as_user("analyst").get(reverse("returns:run", args=[run.pk])).content.decode()
    assert "The run was interrupted" in page and "server restarted" in page
    fresh.refresh_from_db()
    assert fresh.status == ReturnRun.Status.RUNNING


def test_progress_is_written_when_the_step_changes_or_half_a_second_has_passed(personas):
    run = waiting_run(personas)
    now = [0.0]
    progress = runs.Progress(run, clock=lambda: now[0])
    progress("Reading", 10)
    progress("Reading", 20)
    run.refresh_from_db()
    assert (run.step, run.percent) == ("Reading", 10)
    now[0] = 0.6
    progress.rules(10, 90)(2, 4, "101")
    run.refresh_from_db()
    assert (run.step, run.percent) == ("Checking against the DfE rules (2 of 4)", 50)


# --- Uploading and the report -------------------------------------------------------------


def test_an_uploaded_903_with_a_planted_error_is_found_by_rule_and_by_child(
        as_user, committed, personas):
    client = as_user("analyst")
    run = run_of(upload(client, committed, planted_903_files()))
    assert run.status == ReturnRun.Status.DONE, run.message
    report = client.get(reverse("returns:report", args=[run.pk])).content.decode()
    rule_url = reverse("returns:report_rule", args=[run.pk, PLANTED_CODE])
    assert rule_url in report
    page = client.get(rule_url).content.decode()
    assert "The child&#x27;s sex is missing or not M, F or U" in page
    assert "An error: the return cannot be accepted" in page
    assert "<code>SEX</code>: X" in page and "C1" in page
    child_pages = reverse("people:child", args=[1]).rsplit("/", 2)[0] + "/"
    assert f'href="{child_pages}' not in page  # another system's IDs: never linked
    child = client.get(reverse("returns:report_child", args=[run.pk, "C1"])).content.decode()
    assert rule_url in child
    children = client.get(reverse("returns:report_children", args=[run.pk])).content.decode()
    assert "1 child with findings" in children
    assert reverse("returns:report_child", args=[run.pk, "C1"]) in children
    viewed = AuditEntry.objects.filter(action=AuditAction.VIEW, object_id=str(run.pk),
                                       object_type="returns.returnrun")
    assert viewed.count() == 4 and {e.actor_username for e in viewed} == {"analyst"}


def test_the_full_report_downloads_as_csv_and_xlsx_audited(as_user, committed):
    client = as_user("analyst")
    run = run_of(upload(client, committed, planted_903_files()))
    text = b"".join(client.get(reverse("returns:report_csv", args=[run.pk]))
                    .streaming_content).decode()
    assert text.splitlines()[0] == "child_id,code,kind,message,table,row,fields,values,explanation"
    assert any(line.startswith(f"C1,{PLANTED_CODE},error,") for line in text.splitlines())
    response = client.get(reverse("returns:report_xlsx", args=[run.pk]))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["Summary", "Findings"]
    files = AuditEntry.objects.filter(action=AuditAction.EXPORT).values_list(
        "changes__file", flat=True)
    assert sorted(f.rsplit(".", 1)[1] for f in files) == ["csv", "xlsx"]


def test_last_years_files_are_kept_and_read(as_user, committed):
    client = as_user("analyst")
    run = run_of(upload(client, committed, planted_903_files(), previous=planted_903_files()))
    assert run.status == ReturnRun.Status.DONE, run.message
    assert (run.folder / runs.PREVIOUS / "header_2026.csv").is_file()
    page = client.get(reverse("returns:run", args=[run.pk])).content.decode()
    assert "Files checked" in page and "Last year's files" in page
    assert page.count("<li>header_2026.csv</li>") == 2


@pytest.mark.parametrize("kind, name, content, error", [
    (ReturnKind.SSDA903, "header.xlsx", b"x", "SSDA903 files must be CSV files (.csv)"),
    (ReturnKind.CIN, "cin.csv", b"x", "The CIN census file must be an XML file (.xml)"),
])
def test_a_file_of_the_wrong_type_is_refused_with_an_error_summary(
        as_user, committed, kind, name, content, error):
    response = upload(as_user("analyst"), committed, [SimpleUploadedFile(name, content)],
                      kind=kind)
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page and error in page
    assert not ReturnRun.objects.exists()


def test_no_file_at_all_is_refused(as_user):
    response = as_user("analyst").post(reverse("returns:upload"),
                                       {"kind": ReturnKind.CIN, "year": 2026})
    assert "Choose the file or files to check" in response.content.decode()


@override_settings(RETURNS_UPLOAD_MAX_MB=0)
def test_files_that_are_too_big_are_refused(as_user, committed):
    page = upload(as_user("analyst"), committed, planted_903_files()).content.decode()
    assert "The files must be smaller than 0 MB in all" in page


def test_a_year_with_no_rules_is_refused(as_user, committed):
    page = upload(as_user("analyst"), committed, planted_903_files(), year=2024)
    assert "There are no rules for 2023-24 yet" in page.content.decode()


def test_malformed_xml_fails_the_run_with_where_it_broke(as_user, committed):
    client = as_user("analyst")
    broken = SimpleUploadedFile("cin.xml", b"<Message><Header></Message>")
    run = run_of(upload(client, committed, [broken], kind=ReturnKind.CIN))
    assert run.status == ReturnRun.Status.FAILED
    page = client.get(reverse("returns:run", args=[run.pk])).content.decode()
    assert "The file cannot be read as a CIN census" in page and "not well-formed" in page
    assert "Traceback" not in page


def test_a_file_with_a_misspelt_column_is_named_in_the_report(as_user, committed):
    files = planted_903_files()
    header = next(f for f in files if f.name.startswith("header"))
    header.file = io.BytesIO(header.read().replace(b"ETHNIC", b"ETHNICITY", 1))
    client = as_user("analyst")
    run = run_of(upload(client, committed, files))
    assert run.status == ReturnRun.Status.DONE, run.message
    report = client.get(reverse("returns:report", args=[run.pk])).content.decode()
    assert "header_2026.csv" in report and "ETHNIC (is ‘ETHNICITY’ meant to be it?)" in report


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("year, other_year", [(2026, False), (2027, True)])
def test_files_of_another_collection_year_are_said_to_be_so(
        as_user, committed, tmp_path, year, other_year):
    # Every episode of these files ended by December 2025: nothing falls in 2026-27.
    tables = clean_903(Episodes={"DEC": [datetime.date(2025, 9, 1), datetime.date(2025, 12, 1)],
                                 "REC": ["X1", "E4A"]})
    files = [SimpleUploadedFile(p.name, p.read_bytes(), "text/csv")
             for p in write_903_csvs(tables, tmp_path, year=2026)]
    client = as_user("analyst")
    run = run_of(upload(client, committed, files, year=year))
    assert run.status == ReturnRun.Status.DONE, run.message
    said = [p for p in run.summary["problems"] if "No episode falls in" in p["message"]]
    assert bool(said) == other_year
    report = client.get(reverse("returns:report", args=[run.pk])).content.decode()
    assert ("No episode falls in 2026-27" in report) == other_year
    assert ("or the collection year chosen is wrong" in report) == other_year


def test_nothing_readable_fails_the_run_with_a_reason(as_user, committed):
    client = as_user("analyst")
    run = run_of(upload(client, committed, [SimpleUploadedFile("a.csv", b"NOT,A,RETURN\n1,2,3\n")]))
    assert run.status == ReturnRun.Status.FAILED
    assert "No SSDA903 table could be read from the files" in run.message
    assert "a.csv" in run.message


def test_an_uploaded_files_name_cannot_leave_the_runs_folder(personas):
    run = actions.upload_return(kind=ReturnKind.CIN, year=2026, actor=personas["analyst"],
                                files=[SimpleUploadedFile("../../evil.xml", b"<x/>")])
    assert [p.name for p in (run.folder / runs.UPLOADED).iterdir()] == ["evil.xml"]


@pytest.mark.django_db(transaction=True)
@override_settings(RETURNS_RUN_INLINE=False)
def test_outside_tests_a_run_works_in_a_thread_and_beats_while_it_goes(personas, monkeypatch):
    monkeypatch.setattr("opencsc.returns.runs.HEARTBEAT_SECONDS", 0.1)
    slow = runs.read_903_folder

    def read_slowly(folder):
        time.sleep(0.3)  # long enough for a heartbeat or two
        return slow(folder)

    monkeypatch.setattr(runs, "read_903_folder", read_slowly)
    run = actions.upload_return(kind=ReturnKind.SSDA903, year=2026, files=planted_903_files(),
                                actor=personas["analyst"])
    created = run.heartbeat_at
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.is_finished:
            break
        time.sleep(0.2)
    assert run.status == ReturnRun.Status.DONE, run.message
    assert run.summary["errors"] == 1 and run.heartbeat_at > created
    assert not [t for t in threading.enumerate() if t.name == f"return-run-{run.pk}"]


@pytest.mark.parametrize("runs_made", [3, 6])
def test_the_list_of_runs_reads_a_fixed_number_of_queries(
        runs_made, as_user, personas, trust, django_assert_num_queries):
    client = as_user("analyst")
    for n in range(runs_made):
        waiting_run(personas, requested_by=personas[("analyst", "head.of.service")[n % 2]],
                    status=ReturnRun.Status.DONE, council=trust.council)
    with django_assert_num_queries(12):  # however many runs are listed
        page = client.get(reverse("returns:index")).content.decode()
    assert page.count('href="/returns/runs/') == runs_made



def test_every_rule_of_a_return_and_year_is_explained(as_user):
    client = as_user("analyst")
    page = client.get(reverse("returns:rules"), {"kind": "ssda903", "year": 2026})
    text = page.content.decode()
    assert "rules for the SSDA903 (children looked after) 2025-26" in text
    assert "<td class=\"govuk-table__cell\">101</td>" in text and "<code>SEX</code>" in text
    cin = client.get(reverse("returns:rules"), {"kind": "annex-a", "year": "x"}).content
    assert b"rules for the CIN census" in cin  # a choice it cannot read: the CIN census


@pytest.mark.parametrize("note", ["", "1 child protection plan is a first plan, with 0."])
def test_a_builds_page_gives_the_schemas_note_on_first_plans(as_user, personas, trust, note):
    run = ReturnRun.objects.create(
        purpose=ReturnRun.Purpose.BUILD, kind=ReturnKind.CIN, year=2026, council=trust.council,
        requested_by=personas["analyst"], status=ReturnRun.Status.DONE,
        summary={"schema": {"name": "CIN_schema_2026_derived.xsd", "problems": [],
                            "note": note}})
    page = as_user("analyst").get(reverse("returns:run", args=[run.pk])).content.decode()
    assert "valid against CIN_schema_2026_derived.xsd" in page
    assert ("apart from the note below" in page) == bool(note)
    assert (note in page) if note else "first plan" not in page
