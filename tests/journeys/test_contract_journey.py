"""The contract journeys: the council's oversight officer changes a target and sees the
monthly report judge this month by it and last month by the old one; a head of service
adds the next contract, a measure to it, and takes one out (ADR 0014).

Each step that lands on a page checks it with axe (see browser.py).
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from opencsc.oversight import demo

from .browser import enter_date, long_date

pytestmark = pytest.mark.journey


@pytest.fixture
def contract(trust):
    """The demo contract (1 April 2024 to 31 March 2029), plan and inspections."""
    today = timezone.localdate()
    demo.seed(trust, today=today)
    return today


def _refused(visitor, button: str, message: str, screenshot: str):
    """Press the button, and see the error summary say what is wrong."""
    page = visitor.press(button)
    expect(page.get_by_role("alert")).to_contain_text(message)
    visitor.screenshot(screenshot)
    return page


def test_council_officer_changes_a_target_and_the_report_uses_it_from_then(
        visitor, contract):
    today = contract
    first = today.replace(day=1)
    last_month = first - datetime.timedelta(days=1)
    # Given the demo contract, when the council's officer opens it from Oversight
    visitor.sign_in("council.viewer")
    visitor.follow("Oversight")
    page = visitor.follow("See the contract's measures and targets")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Children's services contract 2024 to 2029 (fictional)")
    measures = page.get_by_role("table", name=re.compile("Measures in the contract"))
    row = measures.get_by_role("row", name=re.compile("Re-referrals within 12 months"))
    expect(row).to_contain_text("20%")
    visitor.screenshot("oversight-contract")

    # When they change the re-referrals target but type one no percentage can be
    page = visitor.follow("Change the target for Re-referrals within 12 months")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Change the target for Re-referrals within 12 months")
    page.get_by_label("Target", exact=True).fill("120")
    enter_date(page, "Date the new target starts", first)
    # Then they are told why
    page = _refused(visitor, "Save the new target",
                    "The target must be between 0 and 100, as the measure is a percentage",
                    "oversight-contract-target")
    # When they give a real one from the first of this month
    page.get_by_label("Target", exact=True).fill("15")
    page = visitor.press("Save the new target")
    # Then the contract shows it, and keeps the old one in its changes
    expect(page.get_by_role("alert")).to_contain_text(
        f"New target for Re-referrals within 12 months from {long_date(first)}")
    row = page.get_by_role("table", name=re.compile("Measures in the contract")).get_by_role(
        "row", name=re.compile("Re-referrals within 12 months"))
    expect(row).to_contain_text("15%")
    changes = page.get_by_role("table", name=re.compile("Every change"))
    expect(changes.get_by_role("row", name=re.compile("New target 15%"))).to_contain_text(
        "Jordan Whitlock")
    expect(changes.get_by_role("row", name=re.compile(
        "Re-referrals.*Added with a target of 20%"))).to_be_visible()

    # When they read this month's report, then it judges re-referrals against 15%
    visitor.go("/oversight/")
    page = visitor.follow("Read the monthly performance report")
    for month, target in ((today, "15%"), (last_month, "20%")):
        page.get_by_label("Month", exact=True).select_option(label=f"{month:%B %Y}")
        page = visitor.press("Show report")
        row = page.get_by_role("table", name=re.compile("Contract measures")).get_by_role(
            "row", name=re.compile("Re-referrals within 12 months"))
        # The cells after the measure: figure, target (with its tolerance), status, ...
        expect(row.get_by_role("cell").nth(1)).to_have_text(re.compile(f"^{target}"))


def test_head_of_service_adds_the_next_contract_and_changes_its_measures(visitor, contract):
    visitor.sign_in("head.of.service")
    visitor.follow("Oversight")
    page = visitor.follow("All contracts with the trust")
    expect(page.get_by_role("heading", level=1)).to_have_text("Contracts with the trust")
    visitor.screenshot("oversight-contracts")
    page = visitor.follow("Add a contract")
    # When they give dates that overlap the contract in force
    enter_date(page, "Start date", datetime.date(2028, 4, 1))
    enter_date(page, "End date", datetime.date(2033, 3, 31))
    page = _refused(visitor, "Add the contract",
                    "Fernbridge City Council already has a contract in those dates",
                    "oversight-contract-new")
    # When they start it the day after the current one ends
    enter_date(page, "Start date", datetime.date(2029, 4, 1))
    page = visitor.press("Add the contract")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Children's services contract 2029 to 2033")
    expect(page.get_by_text("No measures are in the contract on 1 April 2029")).to_be_visible()

    # When they add a measure from the catalogue, first before the contract starts
    page = visitor.follow("Add a measure")
    page.get_by_label("Measure", exact=True).select_option(
        label="Care leavers in suitable accommodation")
    page.get_by_label("Target", exact=True).fill("90")
    page.get_by_label("Tolerance", exact=True).fill("3")
    enter_date(page, "Date it joins the contract", datetime.date(2029, 3, 1))
    page = _refused(visitor, "Add the measure", "The date it joins the contract must be on or "
                    "after the contract starts, 1 April 2029", "oversight-contract-measure-new")
    enter_date(page, "Date it joins the contract", datetime.date(2029, 4, 1))
    page = visitor.press("Add the measure")
    row = page.get_by_role("table", name=re.compile("Measures in the contract")).get_by_role(
        "row", name=re.compile("Care leavers in suitable accommodation"))
    expect(row).to_contain_text("90%")
    expect(row).to_contain_text("±3%")

    # When they take it out of the contract from a year on
    page = visitor.follow("Remove Care leavers in suitable accommodation from the contract")
    enter_date(page, "Date it leaves the contract", datetime.date(2030, 4, 1))
    visitor.screenshot("oversight-contract-measure-remove")
    page = visitor.press("Remove the measure")
    expect(page.get_by_role("alert")).to_contain_text(
        "Care leavers in suitable accommodation removed from the contract from 1 April 2030")
    expect(page.get_by_role("table", name=re.compile("Every change")).get_by_role(
        "row", name=re.compile("Removed from the contract"))).to_contain_text("1 Apr 2030")
