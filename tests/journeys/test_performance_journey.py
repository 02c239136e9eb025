"""The performance journeys: a head of service checks how the service is doing against
target and England and sets a target; a council officer sees their council's figures and
cannot reach a child, nor another part of the service.

Each step that lands on a page checks it with axe (see browser.py).
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from opencsc.casework import actions as casework

pytestmark = pytest.mark.journey


def referred_this_month(make_child, personas, *names):
    """Children referred on the first of this month, in Child Protection Team North."""
    children = []
    for given, family in names:
        child = make_child(given=given, family=family, worker="social.worker")
        casework.open_referral(child, actor=personas["social.worker"],
                               referral_date=timezone.localdate().replace(day=1),
                               source="1A", next_step="assessment")
        children.append(child)
    return children


def test_head_of_service_sees_the_figures_against_target_and_sets_one(
        visitor, make_child, personas):
    # Given two children referred this month to a team in the head of service's area
    referred_this_month(make_child, personas, ("Isolde", "Farrant"), ("Kit", "Marchbank"))

    # When the head of service signs in and opens Performance
    visitor.sign_in("head.of.service")
    page = visitor.follow("Performance")
    # Then they see their service area's figures, with England beside them
    expect(page.get_by_role("heading", level=1)).to_contain_text("Performance: Safeguarding")
    front_door = page.get_by_role("table", name="Front door")
    expect(front_door.get_by_role("row", name=re.compile("Referrals per 10,000"))).to_be_visible()
    expect(page.get_by_role("table", name="Children looked after")).to_contain_text(
        "70.0 (2023-24)")

    # When they choose the whole trust
    page.get_by_label("Figures for").select_option(label="The whole trust")
    page = visitor.press("Show figures")
    # Then the trust's referrals are counted against the council's children
    row = page.get_by_role("row", name=re.compile("Referrals per 10,000"))
    expect(row).to_contain_text("2 of 30,000 children")
    visitor.screenshot("performance-dashboard")

    # When they open the assessments measure
    page = visitor.follow("Assessments completed within 45 working days")
    # Then they see its definition, a chart and the table of months beside it
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Assessments completed within 45 working days")
    expect(page.get_by_role("img", name=re.compile("by month"))).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("by month")).get_by_role(
        "row")).to_have_count(13)
    visitor.screenshot("performance-measure")

    # When they set a target of 85% from 1 April 2025
    page = visitor.go("/performance/targets/")
    page.get_by_label("Measure").select_option(label="Assessments completed within 45 working days")
    when = page.get_by_role("group", name="Applies from")
    when.get_by_label("Day").fill("1")
    when.get_by_label("Month").fill("4")
    when.get_by_label("Year").fill("2025")
    page.get_by_label("Target", exact=True).fill("85")
    page = visitor.press("Set target")
    # Then it is listed, and the dashboard shows it
    expect(page.get_by_role("alert")).to_contain_text("Target set")
    page = visitor.go("/performance/?cut=trust")
    row = page.get_by_role("row", name=re.compile("Assessments completed within 45"))
    expect(row).to_contain_text("85.0%")


def test_council_officer_sees_their_council_and_never_a_child(
        visitor_without_javascript, make_child, personas, trust):
    visitor = visitor_without_javascript
    # Given a child referred this month
    referred_this_month(make_child, personas, ("Perpetua", "Oakenshaw"))

    # When the council's oversight viewer opens Performance, without JavaScript
    visitor.sign_in("council.viewer")
    page = visitor.follow("Performance")
    # Then they see their council's figures, counting the child but never naming them
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fernbridge City Council")
    expect(page.get_by_role("row", name=re.compile("Referrals per 10,000"))).to_contain_text(
        "1 of 30,000 children")
    expect(page.get_by_text("Oakenshaw")).to_have_count(0)
    expect(page.locator('a[href^="/children/"]')).to_have_count(0)
    visitor.screenshot("performance-council")

    # When they ask for a team's figures by editing the address
    team = trust.teams["Child Protection Team North"]
    page = visitor.go(f"/performance/?cut=team:{team.pk}")
    # Then they are told they can only see their own part of the service
    expect(page.get_by_role("alert")).to_contain_text("your own part of it")

    # And a child's record is not there for them
    page = visitor.go("/children/")
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("Children")
