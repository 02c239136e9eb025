"""Statutory returns in the browser, each page checked with axe.

A performance analyst builds the demo trust's CIN census for 2025-26, follows it to the
end and downloads the file; then checks a council's SSDA903 files from another system,
one of which has a sex of X planted in it, and finds that child in the report by rule.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from opencsc.demo import generator, journeys
from opencsc.demo.trust import add_team_staff
from opencsc.returns.models import ReturnKind, ReturnRun
from opencsc.returns.tests.web import PLANTED_CODE, QUERY_CODE, planted_903_folder
from opencsc.returns.years import year_of

pytestmark = pytest.mark.journey
DEMO_CHILDREN = 25

# A run ends within its request here, but the page may show it a refresh (5 s) later when
# the machine is busy: wait for several refreshes rather than fail on the first.
RUN_ENDS_MS = 30_000


def test_an_analyst_builds_the_cin_census_and_finds_a_planted_error_in_uploaded_files(
        visitor, trust, tmp_path):
    # Given the demo trust with some synthetic children and their casework
    staff = add_team_staff(trust)
    generator.seed(trust, staff, children=DEMO_CHILDREN, seed=5, today=timezone.localdate())
    journeys.seed(trust, staff, seed=5, today=timezone.localdate())
    year = year_of(timezone.localdate()).previous
    page = visitor.sign_in("analyst")

    # When the analyst builds the CIN census of the year just ended
    visitor.follow("Returns")
    expect(page.get_by_role("heading", level=1)).to_have_text("Statutory returns")
    page.get_by_label("CIN census").check()
    page.get_by_label("Collection year").select_option(label=year.label)
    page.get_by_label("Council").select_option(label="Fernbridge City Council (330)")
    visitor.press("Build the return")

    # Then the run ends with a file to download, checked against the schema and the rules
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"CIN census {year.label} for Fernbridge City Council (330)")
    expect(page.get_by_text("Finished", exact=True)).to_be_visible(timeout=RUN_ENDS_MS)
    visitor.screenshot("returns-run")
    name = f"cin_census_330_{year.year}.xml"
    with page.expect_download() as download:
        page.get_by_role("button", name=f"Download {name}").click()
    saved = tmp_path / name
    download.value.save_as(saved)
    assert saved.read_text().startswith("<?xml") and "<LAchildID>" in saved.read_text()
    visitor.press("See the validation report")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Validation report")

    # When they check another system's SSDA903 files, with last year's left out
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Returns").click()
    visitor.check()
    expect(page.get_by_role("row").filter(has_text=f"CIN census {year.label}")).to_contain_text(
        "Finished")
    visitor.screenshot("returns")
    visitor.press("Check files")
    page.get_by_label("SSDA903 (CSV files)").check()
    page.get_by_label("Collection year").select_option(label="2025-26")
    page.get_by_label("Files", exact=True).set_input_files(
        [str(p) for p in planted_903_folder(tmp_path / "903")])
    visitor.press("Check the files")
    expect(page.get_by_text("Finished", exact=True)).to_be_visible(timeout=RUN_ENDS_MS)
    visitor.press("See the validation report")
    visitor.screenshot("returns-report")

    # Then the planted error is listed by its rule, and the rule names the child and value
    visitor.follow(re.compile(rf"^{PLANTED_CODE} \(1 found\)$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Rule {PLANTED_CODE}")
    expect(page.get_by_text("The child's sex is missing or not M, F or U")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="C1")
    expect(row).to_contain_text("SEX: X")
    visitor.screenshot("returns-rule")

    # And every finding for that child is a click away
    visitor.follow("All findings for child C1")
    expect(page.get_by_role("heading", level=1)).to_have_text("Child C1")
    expect(page.get_by_role("row").filter(has_text=PLANTED_CODE)).to_contain_text("Error")


def test_a_wrong_file_is_refused_and_a_query_in_the_right_ones_is_explained(
        visitor, tmp_path):
    # Given an analyst who picks a spreadsheet instead of the SSDA903 CSV files
    wrong = tmp_path / "header.xlsx"
    wrong.write_bytes(b"not a spreadsheet either")
    page = visitor.sign_in("analyst")
    visitor.go("/returns/check/")
    page.get_by_label("SSDA903 (CSV files)").check()
    page.get_by_label("Files", exact=True).set_input_files(str(wrong))
    visitor.press("Check the files")
    # Then the page says what is wrong, at the top
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("SSDA903 files must be CSV files (.csv): header.xlsx is not")
    visitor.screenshot("returns-upload-error")

    # When they choose the right files, in which the child's sex is unknown (a query)
    page.get_by_label("SSDA903 (CSV files)").check()
    page.get_by_label("Files", exact=True).set_input_files(
        [str(p) for p in planted_903_folder(tmp_path / "903", sex="U")])
    visitor.press("Check the files")
    expect(page.get_by_text("Finished", exact=True)).to_be_visible(timeout=RUN_ENDS_MS)
    visitor.press("See the validation report")
    visitor.follow(re.compile(rf"^{QUERY_CODE} \(1 found\)$"))
    # Then they can say why it is right, and the report shows it
    visitor.follow("Explain the query for child C1")
    page.get_by_label("Why is this right?").fill("The baby's sex was not recorded at birth")
    visitor.screenshot("returns-explain")
    visitor.press("Save the explanation")
    row = page.get_by_role("row").filter(has_text="C1")
    expect(row).to_contain_text("The baby's sex was not recorded at birth")
    # And every rule of that return and year is there to read
    visitor.follow("Every rule of the SSDA903 (children looked after) 2025-26")
    expect(page.get_by_role("row").filter(has_text="recorded as unknown (U)")).to_contain_text(
        "Query")


def running_run(personas) -> ReturnRun:
    return ReturnRun.objects.create(
        purpose=ReturnRun.Purpose.UPLOAD, kind=ReturnKind.CIN, year=2026,
        requested_by=personas["analyst"], status=ReturnRun.Status.RUNNING,
        step="Reading the CIN census file", percent=10)


def test_a_run_in_progress_updates_itself_and_shows_how_it_ended(visitor, personas):
    # Given a check under way
    run = running_run(personas)
    page = visitor.sign_in("analyst")
    visitor.go(f"/returns/runs/{run.pk}/")
    expect(page.get_by_text("Reading the CIN census file: 10% done")).to_be_visible()
    visitor.screenshot("returns-progress")
    # When it moves on, the page says so without being reloaded
    ReturnRun.objects.filter(pk=run.pk).update(
        step="Checking against the DfE rules (5 of 10)", percent=60, heartbeat_at=timezone.now())
    expect(page.get_by_text("Checking against the DfE rules (5 of 10): 60% done")).to_be_visible()
    # And when it fails, the page shows why
    ReturnRun.objects.filter(pk=run.pk).update(
        status=ReturnRun.Status.FAILED, message="The file cannot be read as a CIN census: a test")
    expect(page.get_by_role("heading", name="The run failed")).to_be_visible()
    visitor.check()


def test_without_javascript_a_run_in_progress_refreshes_itself(
        visitor_without_javascript, personas):
    visitor = visitor_without_javascript
    run = running_run(personas)
    page = visitor.sign_in("analyst")
    visitor.go(f"/returns/runs/{run.pk}/")
    ReturnRun.objects.filter(pk=run.pk).update(
        status=ReturnRun.Status.FAILED, message="The file cannot be read as a CIN census: a test")
    expect(page.get_by_role("heading", name="The run failed")).to_be_visible(timeout=12_000)
    visitor.check()
