"""An extra statutory visit (CPPCR reg 28), in the browser, each page checked with axe.

A foster carer rings to say the placement is at risk of breaking down. The child's social
worker records that a visit is needed from the child's care page; the visit is then due
within 3 working days on the care page's timescales and on her own worklist, and recording
the visit meets it.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from opencsc.casework.timescales import RULES
from opencsc.looked_after import actions

from .browser import enter_date, short_date

pytestmark = pytest.mark.journey


def test_a_carer_says_the_placement_is_at_risk_and_the_child_is_visited(
    visitor, make_child, personas
):
    today = timezone.localdate()
    due = RULES["lac_visit_requested"].due(today)
    # Given a 12-year-old in foster care for two months, allocated to social.worker
    child = make_child(worker="social.worker", given="Kayden", family="Marsh",
                       dob=today.replace(year=today.year - 12), sex="M")
    carers = actions.add_provider(actor=personas["team.manager"], name="Selby foster household",
                                  kind="in_house_foster", provider_code="PR1",
                                  postcode="B15 2TT")
    actions.start_period_of_care(
        child, actor=personas["social.worker"], start_date=today - datetime.timedelta(days=60),
        legal_status="C2", category_of_need="N1", placement_type="U6", provider=carers,
        placement_details={"postcode": "B15 2TT", "home_postcode": "B11 1AA"})

    visitor.sign_in("social.worker")
    page = visitor.go(f"/children/{child.pk}/care/")
    # When she records that the carers told her the placement is at risk of disruption
    page = visitor.follow("Record that an extra visit is needed")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Record that an extra visit is needed")
    page.get_by_label("We were told the placement is at risk of disruption").check()
    enter_date(page, "Date the visit was asked for, or we were told", today)
    page.get_by_label("Notes").fill("Carers say they cannot manage the nights any longer.")
    visitor.screenshot("care-extra-visit-form")
    page = visitor.press("Record that a visit is needed")
    # Then the care page lists the request, not yet visited
    expect(page.get_by_text("Extra visit recorded")).to_be_visible()
    asked = page.get_by_role("table", name=re.compile("^Extra visits needed"))
    row = asked.get_by_role("row").filter(has_text=short_date(today))
    expect(row).to_contain_text("We were told the placement is at risk of disruption")
    expect(row).to_contain_text("Not yet")
    # And the visit is due within 3 working days on the timescales
    timescale = page.get_by_role("row").filter(has_text="Make the extra visit asked for")
    expect(timescale).to_contain_text(short_date(due))
    visitor.screenshot("care-extra-visit")

    # And on her worklist
    page = visitor.go("/work/")
    expect(page.get_by_text("Make the extra visit asked for").first).to_be_visible()

    # When she visits and sees him that day
    page = visitor.go(f"/children/{child.pk}/care/")
    page = visitor.press("Record a statutory visit")
    enter_date(page, "Date of the visit", today)
    page.get_by_role("group", name="Was the child seen?").get_by_label("Yes").check()
    page.get_by_role("group", name="Was the child seen alone?").get_by_label("Yes").check()
    page = visitor.press("Record the visit")
    # Then the request shows the visit, and the extra visit is no longer open
    asked = page.get_by_role("table", name=re.compile("^Extra visits needed"))
    expect(asked.get_by_role("row").filter(has_text="disruption")).to_contain_text(
        short_date(today))
    expect(asked).not_to_contain_text("Not yet")
    visitor.sign_out()
