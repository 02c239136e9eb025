"""The workforce pages in the browser: a team manager records a supervision session and
sees the measures move; a council viewer sees the trust's figures and nobody's name."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from opencsc.workforce.models import Post, SupervisionSession, WorkforceRecord

from .browser import enter_date, short_date

pytestmark = pytest.mark.journey
NORTH = "Child Protection Team North"


@pytest.fixture
def north_team(trust, personas, make_child):
    """Team North: 3 social worker posts, filled by Sam Okafor alone, who holds 2 cases."""
    team = trust.teams[NORTH]
    for _ in range(3):
        Post.objects.create(team=team, title="Social worker", fte=Decimal("1"),
                            start_date=datetime.date(2020, 1, 1))
    WorkforceRecord.objects.create(staff=personas["social.worker"].staff, fte=Decimal("0.8"))
    make_child(worker="social.worker")
    make_child(worker="social.worker")
    return team


def test_team_manager_records_supervision_and_sees_the_measures(visitor, north_team):
    # Given Morgan, who manages Child Protection Team North, where Sam's supervision is due
    page = visitor.sign_in("team.manager")

    # When they open Workforce
    page = visitor.follow("Workforce")
    # Then they see the trust's measures beside England's, and their team's row
    trust_table = page.get_by_role("table", name=re.compile("The trust and England"))
    expect(trust_table).to_contain_text("Vacancy rate")
    expect(trust_table).to_contain_text("England, 30 Sep")
    team_row = page.get_by_role("row", name=re.compile(NORTH))
    expect(team_row).to_contain_text("0.0%")  # nobody's supervision is on time yet
    visitor.screenshot("workforce")

    # When they open the team and record a supervision session for Sam, today
    page = visitor.follow(NORTH)
    staff = page.get_by_role("region", name="Staff")
    expect(staff.get_by_role("row", name=re.compile("Sam Okafor"))).to_contain_text("Overdue")
    page = visitor.follow("Record a supervision session")
    page.get_by_label("Who was supervised").select_option(label="Sam Okafor (Social worker)")
    # (they are the supervisor unless they say otherwise)
    expect(page.get_by_label("Supervisor").locator("option:checked")).to_have_text(
        "Morgan Achterberg")
    today = datetime.date.today()
    enter_date(page, "Date of the session", today)
    page = visitor.press("Save")

    # Then they are back on the team's page, where Sam's next supervision is 4 weeks away
    expect(page.get_by_text("Supervision session recorded")).to_be_visible()
    row = page.get_by_role("region", name="Staff").get_by_role("row", name=re.compile("Sam"))
    expect(row).to_contain_text(short_date(today))
    expect(row).to_contain_text(short_date(today + datetime.timedelta(weeks=4)))
    expect(row).not_to_contain_text("Overdue")
    assert SupervisionSession.objects.get().staff.user.username == "social.worker"
    visitor.screenshot("workforce-team")

    # And the measures page shows the team's supervision on time
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Workforce").click()
    visitor.check()
    expect(page.get_by_role("row", name=re.compile(NORTH))).to_contain_text("100.0%")


def test_a_bad_date_is_explained_without_javascript(visitor_without_javascript, north_team):
    visitor = visitor_without_javascript
    visitor.sign_in("council.viewer")
    page = visitor.go("/workforce/")
    # When the council's viewer asks for the measures on 31 February
    enter_date(page, "Date", datetime.date(2026, 1, 31))
    page.get_by_role("group", name="Date", exact=True).get_by_label("Month").fill("2")
    page = visitor.press("Show the measures")
    # Then they are told plainly, and shown the measures for today, with no team or name
    expect(page.get_by_role("alert")).to_contain_text("The date must be a real date")
    expect(page.get_by_role("table", name=re.compile("The trust"))).to_be_visible()
    expect(page.get_by_text(NORTH)).to_have_count(0)
    expect(page.get_by_text("Sam Okafor")).to_have_count(0)
