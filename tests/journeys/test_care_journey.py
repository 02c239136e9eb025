"""A young person's care, from entering care at 15 to a keep-in-touch contact at 19.

Issue 4's journey, in the browser, each page checked with axe: the child's social worker
adds the foster carers to the register, records the child becoming looked after under
section 20 (V2), the placement, a move, a review and visits, a missing episode and the
return (with the return home interview offered), the end of care at 18, and the contact
at 19. The young person was born a little over 20 years ago, so every date is in the past
and is typed into the pages as a worker recording the history would.

The leaving-care page shows the status on the day it is read. To see the young person as
an eligible child, the worker reads it in the weeks after their 16th birthday: the clock
is moved back to then for that visit alone, with nothing recorded while it is.
"""

import datetime
import re
import zoneinfo
from dataclasses import dataclass

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from opencsc.core.working_days import add_months
from opencsc.looked_after import actions
from opencsc.people.models import Allocation

from .browser import enter_date, long_date, short_date

pytestmark = pytest.mark.journey

LONDON = zoneinfo.ZoneInfo("Europe/London")
CHILD = "Maya Okonkwo-Hart"


@dataclass(frozen=True)
class Dates:
    born: datetime.date
    entered: datetime.date  # aged 15 and 3 months
    first_visit: datetime.date
    review: datetime.date
    moved: datetime.date
    second_visit: datetime.date
    missing: datetime.date
    returned: datetime.date
    interview_offered: datetime.date
    sixteenth: datetime.date
    left_care: datetime.date  # the 18th birthday
    in_touch: datetime.date  # a week after the 19th birthday

    @classmethod
    def for_someone_born_20_years_ago(cls, today: datetime.date) -> "Dates":
        born = add_months(today.replace(day=10), -(20 * 12 + 3))
        entered = add_months(born, 15 * 12 + 3)
        moved = add_months(entered, 4)
        missing = add_months(moved, 2)
        return cls(
            born=born,
            entered=entered,
            first_visit=entered + datetime.timedelta(days=5),
            review=entered + datetime.timedelta(days=18),
            moved=moved,
            second_visit=moved + datetime.timedelta(days=4),
            missing=missing,
            returned=missing + datetime.timedelta(days=1),
            interview_offered=missing + datetime.timedelta(days=3),
            sixteenth=add_months(born, 16 * 12),
            left_care=add_months(born, 18 * 12),
            in_touch=add_months(born, 19 * 12) + datetime.timedelta(days=7),
        )


def test_a_young_person_is_looked_after_from_15_and_kept_in_touch_with_at_19(
    visitor, make_child, personas
):
    dates = Dates.for_someone_born_20_years_ago(timezone.localdate())
    # Given a 15-year-old allocated to social.worker since before she came into care
    child = make_child(
        worker="social.worker", given="Maya", family="Okonkwo-Hart", dob=dates.born, sex="F"
    )
    Allocation.objects.filter(child=child).update(start_date=dates.entered)
    # And an agency's foster carers already on the register
    actions.add_provider(
        actor=personas["team.manager"],
        name="Marsh Lane foster carers",
        kind="agency_foster",
        provider_code="PR4",
        postcode="FB1 4RT",
        local_authority="330",
    )

    visitor.sign_in("social.worker")
    add_the_foster_carers_to_the_register(visitor)
    care = she_comes_into_care_under_section_20(visitor, child, dates)
    she_is_visited_reviewed_and_moves(visitor, care, dates)
    she_goes_missing_and_returns(visitor, care, dates)
    visitor.sign_out()

    she_is_an_eligible_child_after_her_16th_birthday(visitor, child, dates)

    visitor.sign_in("social.worker")
    she_leaves_care_at_18(visitor, care, dates)
    she_is_in_touch_at_19(visitor, child, dates)


def add_the_foster_carers_to_the_register(visitor) -> None:
    # When social.worker adds the in-house foster household to the register
    page = visitor.go("/providers/")
    page = visitor.press("Add a provider or carer")
    page.get_by_label("Name of the provider or carer").fill("Hollins foster household")
    page.get_by_label("In-house foster household").check()
    page.get_by_label("Placement provider (SSDA903 PLACE_PROVIDER)").select_option(
        label="PR1: Own local authority provision"
    )
    page.get_by_label("Postcode").fill("FB3 2LP")
    page.get_by_label("Local authority of the placement").fill("330")
    page = visitor.press("Add to the register")
    # Then it is on the register, beside the agency's carers
    expect(page.get_by_text("Hollins foster household added to the register")).to_be_visible()
    register = page.get_by_role("table", name="2 providers")
    expect(register.get_by_role("row").filter(has_text="Hollins foster household")).to_contain_text(
        "PR1"
    )
    # When she corrects the household's postcode in the register
    page = visitor.follow(re.compile(r"^Hollins foster household"))
    page.get_by_label("Postcode").fill("B15 2TT")
    page = visitor.press("Save the changes")
    # Then the register shows the new postcode
    expect(page.get_by_text("Hollins foster household updated in the register")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Hollins foster household")
    expect(row).to_contain_text("B15 2TT")


def she_comes_into_care_under_section_20(visitor, child, dates) -> str:
    page = visitor.go(f"/children/{child.pk}/care/")
    expect(page.get_by_text("Never looked after.")).to_be_visible()
    # When she becomes looked after under section 20, placed with the Hollins household
    page = visitor.press("Record that the child became looked after")
    enter_date(page, "Date the child became looked after", dates.entered)
    page.get_by_label("Legal status (LS)").select_option(
        label="V2: Single period of accommodation under section 20"
    )
    page.get_by_label("Category of need (CIN)").select_option(label="N4: Family in acute stress")
    page.get_by_label("Placement type (PLACE)").select_option(
        label="U6: Foster placement with other foster carer: not long-term or FFA"
    )
    page.get_by_label("Provider or carer").select_option(
        label="Hollins foster household (In-house foster household, PR1)"
    )
    page.get_by_label("Child's home postcode").fill("B11 1AA")
    page = visitor.press("Record the start of care")
    # Then her care history shows her looked after, placed with them
    expect(page.get_by_text("Period of care started")).to_be_visible()
    now = page.get_by_role("definition")
    expect(now.filter(has_text=long_date(dates.entered)).first).to_be_visible()
    expect(
        now.filter(has_text="Single period of accommodation under section 20 (V2)")
    ).to_have_count(1)
    expect(page.locator("strong", has_text="Hollins foster household")).to_be_visible()
    # And where the placement is, worked out from the postcodes (PL_LA and PL_DISTANCE)
    where = now.filter(has_text="LA of placement")
    expect(where).to_contain_text("Birmingham (E08000025)")
    expect(where).to_contain_text("2.4 miles from B11 1AA")
    return page.url


def she_is_visited_reviewed_and_moves(visitor, care, dates) -> None:
    # When her social worker records the visit in her first week, seeing her alone
    record_a_visit(visitor, dates.first_visit)
    # And her first looked-after review, which she attended and spoke at
    page = visitor.press("Record a review")
    enter_date(page, "Date of the review", dates.review)
    page.get_by_label("PN1: Attends and speaks for themselves").check()
    page.get_by_label("Independent reviewing officer who chaired it").select_option(
        label="Rowan Castellano (Head of service)"
    )
    page.get_by_label("Decisions").fill("Maya stays with the Hollins household for now.")
    page = visitor.press("Record the review")
    reviews = page.get_by_role("table", name="1 review, latest first")
    expect(reviews).to_contain_text(short_date(dates.review))
    expect(reviews).to_contain_text("Rowan Castellano")

    # When she moves to long-term foster carers
    page = visitor.press("Record a change of placement")
    enter_date(page, "Date the child moved", dates.moved)
    page.get_by_label("New provider or carer").select_option(
        label="Marsh Lane foster carers (Independent fostering agency carer, PR4)"
    )
    page.get_by_label("New placement type (PLACE)").select_option(
        label="U4: Foster placement with other foster carer: long-term fostering"
    )
    page.get_by_label("Reason for the change (REASON_PLACE_CHANGE)").select_option(
        label="CARPL: Change to or implementation of the care plan"
    )
    page.get_by_role("group", name="Is the child staying with the same carer?").get_by_label(
        "No"
    ).check()
    page.get_by_label("This placement is intended to last until the child is 18").check()
    page = visitor.press("Record the move")
    # Then she is placed with them, and the first episode ended with the reason for the move
    expect(page.locator("strong", has_text="Marsh Lane foster carers")).to_be_visible()
    # And she is told the carers' postcode is not one the postcode directory knows
    expect(page.get_by_text("FB1 4RT is not in the ONS postcode directory")).to_be_visible()
    episodes = page.get_by_role("table", name=re.compile("^Period of care 1"))
    expect(episodes.get_by_role("row")).to_have_count(3)  # the headings and two episodes
    expect(episodes).to_contain_text("Change to or implementation of the care plan (CARPL)")
    # And she is visited in her new home
    record_a_visit(visitor, dates.second_visit)
    expect(page.get_by_role("table", name="2 visits, latest first")).to_contain_text(
        short_date(dates.second_visit)
    )


def record_a_visit(visitor, day) -> None:
    page = visitor.press("Record a statutory visit")
    enter_date(page, "Date of the visit", day)
    page.get_by_role("group", name="Was the child seen?").get_by_label("Yes").check()
    page.get_by_role("group", name="Was the child seen alone?").get_by_label("Yes").check()
    page.get_by_label("Notes").fill("Seen in her bedroom; she showed me her drawings.")
    page = visitor.press("Record the visit")
    visits = page.get_by_role("table", name=re.compile(r"^\d+ visits?, latest first"))
    expect(visits.get_by_role("row").filter(has_text=short_date(day))).to_contain_text("Yes")


def she_goes_missing_and_returns(visitor, care, dates) -> None:
    # When she goes missing from her placement
    page = visitor.follow("Record a missing episode")
    page.get_by_label("Missing: whereabouts unknown (M)").check()
    enter_date(page, "Date they went missing", dates.missing)
    page = visitor.press("Record the missing episode")
    missing = page.get_by_role("table", name="Missing and away episodes, latest first")
    expect(missing).to_contain_text("Still missing")

    # And returns the next day, offered a return home interview within 72 hours, and accepts
    page = visitor.follow("Record a return or a return interview")
    enter_date(page, "Date they returned", dates.returned)
    enter_date(page, "Date a return home interview was offered", dates.interview_offered)
    page.get_by_role("group", name="Did they accept the interview?").get_by_label("Yes").check()
    page = visitor.press("Record the return")
    # Then the episode is closed, with the interview offered
    row = (
        page.get_by_role("table", name="Missing and away episodes, latest first")
        .get_by_role("row")
        .filter(has_text=short_date(dates.missing))
    )
    expect(row).to_contain_text(short_date(dates.returned))
    expect(row).to_contain_text(short_date(dates.interview_offered))
    expect(row).not_to_contain_text("Still missing")


def she_is_an_eligible_child_after_her_16th_birthday(visitor, child, dates) -> None:
    # Given it is two weeks after her 16th birthday, and she is still looked after
    then = datetime.datetime.combine(
        dates.sixteenth + datetime.timedelta(days=14), datetime.time(10), tzinfo=LONDON
    )
    with time_machine.travel(then, tick=True):
        # When her social worker reads her leaving-care page
        visitor.sign_in("social.worker")
        page = visitor.go(f"/children/{child.pk}/leaving-care/")
        # Then she is an eligible child
        expect(page.get_by_text("Eligible child", exact=True)).to_be_visible()
        expect(page.get_by_text(long_date(dates.sixteenth), exact=True)).to_be_visible()
        expect(page.get_by_text("Looked after now")).to_be_visible()
        visitor.sign_out()


def she_leaves_care_at_18(visitor, care, dates) -> None:
    page = visitor.go(care)
    # When she leaves care on her 18th birthday for supported accommodation
    page = visitor.follow(re.compile(r"^End care\b"))
    enter_date(page, "Date the child ceased to be looked after", dates.left_care)
    page.get_by_label("Reason care ended (REC)").select_option(
        label="E5: Moved to independent living with supportive accommodation"
    )
    page = visitor.press("Record the end of care")
    # Then she is no longer looked after
    expect(
        page.get_by_text(f"The last period of care ended on {long_date(dates.left_care)}")
    ).to_be_visible()


def she_is_in_touch_at_19(visitor, child, dates) -> None:
    page = visitor.follow("Leaving care")
    # Then, aged 20 now, she is a former relevant care leaver
    expect(page.get_by_text("Former relevant child", exact=True)).to_be_visible()

    # When her worker records the contact a week after her 19th birthday
    page = visitor.follow("A keep-in-touch contact")
    enter_date(page, "Date of the contact", dates.in_touch)
    page.get_by_label("YES: In touch").check()
    page.get_by_label("Main activity (ACTIV)").select_option(label="F2: Full-time other education")
    page.get_by_label("Accommodation (ACCOM)").select_option(label="E: Supported lodgings")
    page.get_by_role("group", name="Is the accommodation suitable?").get_by_label("Yes").check()
    page = visitor.press("Record the contact")
    # Then it is on her leaving-care page, at 19, with what she is doing and where she lives
    contacts = page.get_by_role("table", name="Keep-in-touch contacts, latest first")
    row = contacts.get_by_role("row").filter(has_text=short_date(dates.in_touch))
    expect(row).to_contain_text("Aged 19")
    expect(row).to_contain_text("In touch (YES)")
    expect(row).to_contain_text("Full-time other education (F2)")
    expect(row).to_contain_text("Supported lodgings")
