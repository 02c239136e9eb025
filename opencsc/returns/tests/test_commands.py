"""The returns and validate commands: built from a small recorded trust, and run on
hand-made files, good and bad, with the exit status a council's scripts rely on."""

import csv
import datetime
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import override_settings
from openpyxl import load_workbook

from opencsc.core.models import AuditAction, AuditEntry
from opencsc.looked_after import actions as care
from opencsc.looked_after.models import Provider
from opencsc.returns import runs
from opencsc.returns.cin.schema import schema_for
from opencsc.returns.cin.writer import write_cin_xml
from opencsc.returns.management.commands.returns import Command as ReturnsCommand
from opencsc.returns.reports import Progress
from opencsc.returns.ssda903.csvio import write_903_csvs
from opencsc.returns.years import CollectionYear

from .cin_builder import clean_census
from .ssda903_builder import clean_903
from .test_cin_census_roundtrip import SCHEMAS, record_cp_journey

D = datetime.date
NOW = datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC)
ROOT = Path(__file__).resolve().parents[3]


def run(*args):
    """Run a command; return (exit status, stdout, stderr) as the console would see them."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exc:
        status = exc.code
    except CommandError as exc:
        status, err = exc.returncode, io.StringIO(err.getvalue() + str(exc))
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def recorded_trust(make_child, personas):
    """One child with a child protection journey, one in foster care since May 2025."""
    with time_machine.travel(NOW, tick=False):
        record_two_children(make_child, personas)


def record_two_children(make_child, personas):
    worker = personas["social.worker"]
    protected = make_child(worker="social.worker", given="Ruby", family="Fenwick",
                           dob=D(2016, 2, 29), ethnicity="MWBC", sex="F")
    record_cp_journey(protected, worker, personas["team.manager"])
    looked_after = make_child(worker="social.worker", dob=D(2022, 3, 3), sex="M",
                              ethnicity="WBRI")
    foster = Provider.objects.create(name="The Ashworth household", kind="in_house_foster",
                                     provider_code="PR1", postcode="B15 2TT", urn="SC100001")
    period = care.start_period_of_care(
        looked_after, actor=worker, start_date=D(2025, 5, 1), legal_status="C2",
        category_of_need="N1", placement_type="U6", provider=foster,
        placement_details={"home_postcode": "B29 6AA"})
    care.record_previous_permanence(looked_after, actor=worker, kind="Z1")
    care.record_review(period, actor=worker, review_date=D(2025, 5, 28), participation="PN0")


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_the_cin_census_from_the_record_matches_the_xsd_and_has_no_rule_errors(
        recorded_trust, tmp_path):
    out = tmp_path / "cin.xml"
    status, stdout, stderr = run("returns", "cin-census", "--year", "2026", "--la", "330",
                                 "--out", str(out))
    if "No CIN census schema" in stderr:
        pytest.skip(f"CIN schema not found at {SCHEMAS}")
    assert status == 0, stderr
    assert "1 children" in stdout and "valid against CIN_schema_2026_derived.xsd" in stdout
    status, stdout, stderr = run("validate", "cin", str(out), "--year", "2026")
    assert status == 0, stdout
    assert "Errors: 0 across 0 rules" in stdout


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_building_a_return_is_audited_as_a_system_export(recorded_trust, tmp_path):
    run("returns", "cin-census", "--year", "2026", "--la", "330", "--out",
        str(tmp_path / "cin.xml"))
    run("returns", "ssda903", "--year", "2026", "--la", "330", "--out", str(tmp_path / "903"))
    entries = AuditEntry.objects.filter(action=AuditAction.EXPORT, object_type="return")
    assert [(e.actor_id, e.object_id) for e in entries.order_by("seq")] == [
        (None, "cin-census 330 2026"), (None, "ssda903 330 2026")]
    assert entries.first().changes["children"] == 1


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_the_ssda903_from_the_record_is_written_and_validates_without_errors(
        recorded_trust, tmp_path):
    folder = tmp_path / "903"
    status, stdout, _ = run("returns", "ssda903", "--year", "2026", "--la", "330",
                            "--out", str(folder))
    assert status == 0 and "11 files" in stdout
    header = (folder / "episodes_2026.csv").read_text().splitlines()[0]
    assert header == ("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,"
                      "REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN")
    status, stdout, _ = run("validate", "903", str(folder), "--year", "2026")
    assert status == 0, stdout


@pytest.mark.django_db
def test_an_unknown_council_is_refused_with_status_2(trust, tmp_path):
    status, _, stderr = run("returns", "ssda903", "--year", "2026", "--la", "999",
                            "--out", str(tmp_path))
    assert status == 2 and "No council has the LA code '999'" in stderr


@pytest.mark.django_db
def test_an_output_that_cannot_be_written_is_refused_with_status_2(trust, tmp_path):
    status, _, stderr = run("returns", "cin-census", "--year", "2026", "--la", "330",
                            "--out", str(tmp_path))
    assert status == 2 and "Cannot write" in stderr
    (tmp_path / "file").write_text("")
    status, _, stderr = run("returns", "ssda903", "--year", "2026", "--la", "330",
                            "--out", str(tmp_path / "file"))
    assert status == 2 and "Cannot write" in stderr


STRICT_XSD = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="Message"><xs:complexType><xs:sequence>
    <xs:element name="Header" type="xs:string"/>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>"""


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_schema_problems_are_listed_and_end_with_status_1(recorded_trust, tmp_path):
    schemas = tmp_path / "schemas"
    schemas.mkdir()
    (schemas / "CIN_schema_2026_derived.xsd").write_text(STRICT_XSD)
    with override_settings(OPENCSC_SCHEMA_DIR=schemas):
        status, _, stderr = run("returns", "cin-census", "--year", "2026", "--la", "330",
                                "--out", str(tmp_path / "cin.xml"))
    assert status == 1
    assert "does not match CIN_schema_2026_derived.xsd" in stderr and "Traceback" not in stderr


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_without_a_schema_the_file_is_written_and_the_gap_is_said(recorded_trust, tmp_path):
    with override_settings(OPENCSC_SCHEMA_DIR=tmp_path / "nowhere"):
        status, _, stderr = run("returns", "cin-census", "--year", "2026", "--la", "330",
                                "--out", str(tmp_path / "cin.xml"))
    assert status == 0 and "not checked against an XSD" in stderr
    assert (tmp_path / "cin.xml").exists()


@pytest.mark.parametrize("changes, status", [
    ({}, 0),  # a first plan: NumberOfPreviousCPP 0
    ({"ChildProtectionPlans": {"InitialCategoryOfAbuse": ["XYZ"]}}, 1),
])
def test_a_first_plan_is_noted_against_the_xsd_but_other_problems_fail(changes, status,
                                                                        tmp_path):
    schema = SCHEMAS / "CIN_schema_2026_derived.xsd"
    if not schema.exists():
        pytest.skip(f"CIN schema not found at {schema}")
    path = tmp_path / "cin.xml"
    write_cin_xml(clean_census(**changes), str(path), year=2026)
    out, err = io.StringIO(), io.StringIO()
    command = ReturnsCommand(stdout=out, stderr=err)
    with override_settings(OPENCSC_SCHEMA_DIR=SCHEMAS):
        assert command.check_schema(path, CollectionYear(2026)) == status
    assert "1 child protection plan is a first plan" in err.getvalue()
    assert ("InitialCategoryOfAbuse" in err.getvalue()) is bool(status)
    # A build from the web checks the same way, and says the same.
    with override_settings(OPENCSC_SCHEMA_DIR=SCHEMAS):
        checked = runs._schema_check(path, 2026)
    assert "1 child protection plan is a first plan" in checked["note"]
    assert len(checked["problems"]) == status
    assert ("InitialCategoryOfAbuse" in "".join(checked["problems"])) is bool(status)


def test_the_schema_of_the_year_or_the_nearest_of_its_generation_is_chosen(tmp_path):
    for name in ("CIN_schema_2024.xsd", "CIN_schema_2026_derived.xsd", "notes.xsd"):
        (tmp_path / name).write_text("")
    assert schema_for(2026, tmp_path).name == "CIN_schema_2026_derived.xsd"
    assert schema_for(2027, tmp_path).name == "CIN_schema_2026_derived.xsd"
    assert schema_for(2025, tmp_path).name == "CIN_schema_2026_derived.xsd"  # Sex, not Gender
    assert schema_for(2024, tmp_path).name == "CIN_schema_2024.xsd"
    assert schema_for(2026, tmp_path / "missing") is None


def cin_file(path, **changes):
    write_cin_xml(clean_census(**changes), str(path), year=2026)
    return path


def test_a_clean_cin_file_passes_with_status_0(tmp_path):
    status, stdout, _ = run("validate", "cin", str(cin_file(tmp_path / "c.xml")),
                            "--year", "2026")
    assert status == 0
    assert stdout.startswith("Children in the file: 1\n")


def test_cin_errors_are_counted_by_rule_and_end_with_status_1(tmp_path):
    path = cin_file(tmp_path / "c.xml", ChildCharacteristics={"Ethnicity": ["XXXX"]})
    status, stdout, _ = run("validate", "cin", str(path), "--year", "2026")
    assert status == 1
    assert "Errors: 1 across 1 rule\n  4220" in stdout


def test_queries_alone_end_with_status_0(tmp_path):
    # A school-age child with no UPN is queried (8770Q), not an error.
    path = cin_file(tmp_path / "c.xml", ChildIdentifiers={"UPN": [None]})
    status, stdout, _ = run("validate", "cin", str(path), "--year", "2026")
    assert status == 0
    assert "Queries: 1 across 1 rule\n  8770Q" in stdout and "Errors: 0" in stdout


def test_dates_the_reader_cannot_read_come_first_with_their_line(tmp_path):
    path = cin_file(tmp_path / "c.xml")
    path.write_text(path.read_text().replace("2015-05-01", "01/05/2015"))
    status, stdout, _ = run("validate", "cin", str(path), "--year", "2026")
    assert status == 1
    first = stdout.splitlines()[1:3]
    assert first[0].startswith("Problems reading the files (1)")
    assert "line 2, Child/ChildIdentifiers/PersonBirthDate" in first[1] and "01/05/2015" in first[1]


@pytest.mark.parametrize("content", [b"<Message><Children><Child><ChildIdentifiers>",
                                     b"\xff\xfe not xml", b"<Message><Children/></Message>"])
def test_an_unreadable_cin_file_ends_with_status_2_and_a_reason(tmp_path, content):
    path = tmp_path / "c.xml"
    path.write_bytes(content)
    status, _, stderr = run("validate", "cin", str(path), "--year", "2026")
    assert status == 2 and "cannot be read as a CIN census" in stderr


def test_a_missing_input_ends_with_status_2(tmp_path):
    assert run("validate", "cin", str(tmp_path / "no.xml"), "--year", "2026")[0] == 2
    assert run("validate", "903", str(tmp_path / "no"), "--year", "2026")[0] == 2
    (tmp_path / "empty").mkdir()
    status, _, stderr = run("validate", "903", str(tmp_path / "empty"), "--year", "2026")
    assert status == 2 and "No CSV files" in stderr


def folder_903(path, **changes):
    write_903_csvs(clean_903(**changes), path, year=2026)
    return path


def test_a_clean_903_folder_passes_and_last_years_folder_is_read(tmp_path):
    folder = folder_903(tmp_path / "this")
    last = folder_903(tmp_path / "last")
    status, stdout, _ = run("validate", "903", str(folder), "--year", "2026",
                            "--previous", str(last))
    assert status == 0, stdout
    assert "Problems reading" not in stdout


def test_files_in_windows_1252_are_read_with_a_warning_not_an_error(tmp_path):
    folder = folder_903(tmp_path / "903")
    for path in folder.iterdir():
        path.write_bytes(path.read_text().replace("C1,", "Cé1,").encode("cp1252"))
    status, stdout, _ = run("validate", "903", str(folder), "--year", "2026")
    assert "WARNING  header_2026.csv: The file is not UTF-8" in stdout
    assert status == 0, stdout


def test_a_903_folder_from_another_year_is_said_to_be_so(tmp_path):
    last_years = {"DECOM": [D(2024, 5, 1), D(2024, 9, 1)],
                  "DEC": [D(2024, 9, 1), D(2025, 1, 10)], "REC": ["X1", "E8"]}
    folder = folder_903(tmp_path / "903", Episodes=last_years)
    status, stdout, _ = run("validate", "903", str(folder), "--year", "2026")
    assert status == 1
    assert "No episode falls in 2025-26" in stdout and "01/05/2024 to 10/01/2025" in stdout
    this_year = folder_903(tmp_path / "this")
    assert "No episode falls" not in run("validate", "903", str(this_year), "--year", "2026")[1]


def test_a_cin_file_from_another_year_is_caught_by_its_reference_date(tmp_path):
    path = cin_file(tmp_path / "c.xml")
    status, stdout, _ = run("validate", "cin", str(path), "--year", "2025")
    assert status == 1 and "\n  100 " in stdout


def test_a_year_with_no_rules_is_refused_rather_than_passed(tmp_path):
    path = cin_file(tmp_path / "c.xml")
    status, _, stderr = run("validate", "cin", str(path), "--year", "2031")
    assert status == 2 and "no CIN rules for 2030-31" in stderr and "2025-26" in stderr


def test_a_missing_column_is_a_file_problem_named_first_and_ends_with_status_1(tmp_path):
    folder = folder_903(tmp_path / "903")
    reviews = folder / "reviews_2026.csv"
    reviews.write_text(reviews.read_text().replace("REVIEW_CODE", "REVIEW_CDE"))
    status, stdout, _ = run("validate", "903", str(folder), "--year", "2026")
    assert status == 1
    lines = stdout.splitlines()
    assert lines[0] == "Problems reading the files (1):"
    assert "reviews_2026.csv" in lines[1] and "REVIEW_CODE" in lines[1]


def test_903_errors_give_a_full_report_as_csv(tmp_path):
    folder = folder_903(tmp_path / "903", Header={"ETHNIC": ["XXXX"]})
    report = tmp_path / "report.csv"
    status, stdout, _ = run("validate", "903", str(folder), "--year", "2026",
                            "--report", str(report))
    assert status == 1 and f"Full report: {report}" in stdout
    rows = list(csv.DictReader(report.open()))
    assert list(rows[0]) == ["child_id", "code", "kind", "message", "table", "row", "fields",
                             "values", "explanation"]
    [ethnic] = [r for r in rows if r["code"] == "103"]
    assert (ethnic["child_id"], ethnic["table"], ethnic["row"], ethnic["values"]) == (
        "C1", "Header", "1", "ETHNIC=XXXX")


def test_the_report_as_xlsx_has_a_summary_and_every_finding(tmp_path):
    folder = folder_903(tmp_path / "903", Header={"ETHNIC": ["XXXX"]})
    report = tmp_path / "report.xlsx"
    run("validate", "903", str(folder), "--year", "2026", "--report", str(report))
    book = load_workbook(report, read_only=True)
    assert book.sheetnames == ["Summary", "Findings"]
    findings = list(book["Findings"].iter_rows(values_only=True))
    assert findings[0][:2] == ("child_id", "code")
    assert ("C1", "103") in [row[:2] for row in findings]


def test_a_report_of_another_kind_is_refused(tmp_path):
    folder = folder_903(tmp_path / "903")
    status, _, stderr = run("validate", "903", str(folder), "--year", "2026",
                            "--report", str(tmp_path / "r.pdf"))
    assert status == 2 and ".csv or .xlsx" in stderr


def test_progress_shows_only_on_long_runs():
    clock = iter([0.0, 0.2, 0.4]).__next__
    quiet = io.StringIO()
    progress = Progress(quiet, clock=clock)
    progress(1, 2, "100")
    progress(2, 2, "101")
    assert quiet.getvalue() == ""
    clock = iter([0.0, 1.5, 1.7, 3.0]).__next__
    shown = io.StringIO()
    progress = Progress(shown, clock=clock)
    for done in (1, 2, 3):
        progress(done, 3, f"R{done}")
    assert shown.getvalue() == ("Checked 1 of 3 rules (last: R1)\n"
                                "Checked 3 of 3 rules (last: R3)\n")


def test_the_console_command_reports_an_unreadable_file_without_a_traceback(tmp_path):
    path = tmp_path / "c.xml"
    path.write_bytes(b"<Message><Children><Child>")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "opencsc.config.settings.test"}
    console = Path(sys.executable).with_name("opencsc")
    command = [str(console)] if console.exists() else [sys.executable, "-m", "opencsc.manage"]
    done = subprocess.run([*command, "validate", "cin", str(path), "--year", "2026"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 2
    assert "cannot be read as a CIN census" in done.stderr and "Traceback" not in done.stderr


CONSOLE_VALIDATE = """
import sys
from django.apps import apps
from opencsc import manage
sys.argv = ["opencsc", "validate", "903", sys.argv[1], "--year", "2026"]
try:
    manage.main()
except SystemExit as exc:
    status = exc.code
else:
    status = 0
print("apps set up:", apps.ready, "status:", status)
"""


@pytest.mark.parametrize(("changes", "status"), [({}, 0), ({"Header": {"SEX": ["X"]}}, 1)])
def test_the_console_checks_903_files_without_setting_up_the_apps(tmp_path, changes, status):
    folder = folder_903(tmp_path / "903", **changes)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "opencsc.config.settings.test"}
    done = subprocess.run([sys.executable, "-c", CONSOLE_VALIDATE, str(folder)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.stdout.splitlines()[-1] == f"apps set up: False status: {status}", done.stderr
    assert ("101" in done.stdout) == bool(status)
