"""The oversight journeys: a board member reads the council's monthly report against the
contract, follows an improvement action and compares inspections with neighbours; a council
officer sees their own council only, and nothing there names a child.

Each step that lands on a page checks it with axe (see browser.py).
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from opencsc.casework import actions as casework
from opencsc.oversight import demo

pytestmark = pytest.mark.journey


@pytest.fixture
def oversight(trust, make_child, personas):
    """The demo contract, plan and fictional inspections, and two children referred this
    month so the report has figures from the live record."""
    today = timezone.localdate()
    demo.seed(trust, today=today)
    for given, family in (("Oriel", "Pendlebury"), ("Tamsin", "Hollowell")):
        child = make_child(given=given, family=family, worker="social.worker")
        casework.open_referral(child, actor=personas["social.worker"],
                               referral_date=today.replace(day=1), source="1A",
                               next_step="assessment")
    return today


def test_board_member_reads_the_report_follows_an_action_and_compares_inspections(
        visitor, oversight):
    this_month = f"{oversight:%B %Y}"
    # Given the demo contract and plan, when a board member signs in and opens Oversight
    visitor.sign_in("board.member")
    page = visitor.follow("Oversight")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fernbridge City Council")
    visitor.screenshot("oversight-summary")

    # When they open this month's performance report
    page = visitor.follow("Read the monthly performance report")
    page.get_by_label("Month", exact=True).select_option(label=this_month)
    page = visitor.press("Show report")
    # Then each contract measure has its figure, target, status and England figure
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Monthly performance report: {this_month}")
    measures = page.get_by_role("table", name=re.compile("Contract measures"))
    row = measures.get_by_role("row", name=re.compile("Re-referrals within 12 months"))
    expect(row).to_contain_text("0%")  # neither child was referred before
    expect(row).to_contain_text("20%")
    expect(row).to_contain_text("Target met")
    expect(measures.get_by_role("row")).to_have_count(11)  # a heading and ten measures
    expect(page.get_by_role("table", name=re.compile("Each contract measure's figure"))
           ).to_be_visible()
    expect(page.get_by_role("link", name="Download this report as a PDF")).to_be_visible()
    visitor.screenshot("oversight-report")

    # When they open the improvement plan and an action at risk
    page = visitor.follow("Improvement plan")
    expect(page.get_by_role("heading", level=2, name=re.compile("1.2 Step-down plans"))
           ).to_be_visible()
    expect(page.get_by_text("Overdue", exact=True)).to_be_visible()
    # Board members read the plan; heads of service and analysts keep it
    expect(page.get_by_role("link", name="Add an action")).to_have_count(0)
    visitor.screenshot("oversight-plan")
    page = visitor.follow("Progress on action 1.2")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Step-down plans agreed with families before a case closes")
    expect(page.get_by_role("table", name=re.compile("Measures this action should move"))
           ).to_contain_text("Re-referrals within 12 months")
    expect(page.get_by_text("early help capacity is short")).to_be_visible()

    # When they compare inspections with the statistical neighbours
    page = visitor.go("/oversight/inspections/")
    history = page.get_by_role("table", name=re.compile("Fernbridge City Council's inspections"))
    expect(history.get_by_role("row")).to_have_count(4)
    neighbours = page.get_by_role("table", name=re.compile("Latest inspection of"))
    expect(neighbours).to_contain_text("Ashcombe (fictional)")
    visitor.screenshot("oversight-inspections")


def test_council_officer_sees_their_own_council_and_never_a_child(visitor, oversight):
    visitor.sign_in("council.viewer")
    page = visitor.follow("Oversight")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fernbridge City Council")
    for link in ("Monthly performance report", "Improvement plan", "Inspections"):
        page = visitor.follow(link)
        expect(page.get_by_text(re.compile("Oriel|Pendlebury|Tamsin|Hollowell"))).to_have_count(0)
        expect(page.locator("a[href^='/children/']")).to_have_count(0)
    # No council choice, and another council's oversight is not found
    expect(page.get_by_label("Council")).to_have_count(0)
    page = visitor.go("/oversight/?council=331")
    expect(page.get_by_role("heading", level=1)).to_contain_text("not found")


def test_head_of_service_adds_an_action_and_records_progress(visitor, oversight):
    # Given the demo plan, when the head of service adds an action but leaves out its title
    visitor.sign_in("head.of.service")
    visitor.follow("Oversight")
    page = visitor.follow("Improvement plan")
    page = visitor.follow("Add an action")
    page.get_by_label("Reference").fill("5.1")
    page.get_by_label("Owner").fill("Rowan Castellano, head of service")
    for legend, (day, month, year) in (("Date opened", ("1", "10", "2026")),
                                       ("Due date", ("31", "3", "2027"))):
        group = page.get_by_role("group", name=legend)
        group.get_by_label("Day").fill(day)
        group.get_by_label("Month").fill(month)
        group.get_by_label("Year").fill(year)
    page.get_by_label("Re-referrals within 12 months").check()
    page = visitor.press("Add the action")
    # Then the error summary says what is missing
    expect(page.get_by_role("alert")).to_contain_text("Enter what the action is")
    visitor.screenshot("oversight-action-form")
    # When they give it a title
    page.get_by_label("Action", exact=True).fill("Review every re-referral at a weekly panel")
    page = visitor.press("Add the action")
    # Then it is in the plan, not started
    expect(page.get_by_role("alert")).to_contain_text("Action 5.1 added to the plan")
    expect(page.get_by_role("heading", name=re.compile("5.1 Review every re-referral"))
           ).to_be_visible()

    # When they record progress on it with evidence
    page = visitor.follow("Progress on action 5.1")
    page = visitor.follow("Record progress")
    page.get_by_label("On track").check()
    page.get_by_label("Evidence").fill("Panel met three times; minutes held by the service.")
    group = page.get_by_role("group", name="Date of the evidence")
    today = oversight
    group.get_by_label("Day").fill(str(today.day))
    group.get_by_label("Month").fill(str(today.month))
    group.get_by_label("Year").fill(str(today.year))
    page = visitor.press("Record progress")
    # Then the action shows it
    expect(page.get_by_role("alert")).to_contain_text("Progress recorded on action 5.1")
    expect(page.get_by_text("Panel met three times")).to_be_visible()


def test_analyst_imports_ofsted_outcomes_and_is_told_what_is_wrong_with_a_bad_file(
        visitor, oversight, tmp_path):
    from opencsc.oversight.tests.outcomes import ROWS, workbook

    visitor.sign_in("analyst")
    visitor.follow("Oversight")
    visitor.follow("Inspections")
    page = visitor.follow("Import Ofsted's inspection outcomes")
    # When they upload a file with a judgement Ofsted does not give
    rows = [list(ROWS[1])]
    rows[0][7] = "Excellent"
    bad = tmp_path / "outcomes.xlsx"
    bad.write_bytes(workbook(rows=rows))
    page.get_by_label("Ofsted's inspection outcomes spreadsheet").set_input_files(bad)
    page = visitor.press("Import")
    # Then the error names the sheet, row and column
    expect(page.get_by_role("alert")).to_contain_text(
        "Sheet 'LA outcomes', row 4, column H (Overall effectiveness)")
    # When they upload a good file
    good = tmp_path / "good.xlsx"
    good.write_bytes(workbook())
    page.get_by_label("Ofsted's inspection outcomes spreadsheet").set_input_files(good)
    page = visitor.press("Import")
    expect(page.get_by_role("alert")).to_contain_text("Imported 3 inspections")
