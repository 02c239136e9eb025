"""A child's journey from a contact at the front door to the closure of their episode.

Each step is taken in the browser by the persona whose job it is (issue 3): the front door
records the contact and refers; the team manager allocates; the social worker assesses,
holds the strategy discussion, the section 47 enquiry, the conferences and the plan, and
asks to close; the manager authorises and signs off. Every page is checked with axe.

Dates are typed relative to today, so the rules that refuse a date in the future pass
whenever the journey runs, and every meeting falls on a weekday.
"""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from opencsc.core.working_days import add_working_days

from .browser import enter_date, long_date, short_date

pytestmark = pytest.mark.journey

BORN = datetime.date(2014, 9, 12)
CHILD = "Leo Brightwater"


def weekday_on_or_before(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


@dataclass(frozen=True)
class Dates:
    """The journey's dates, from a contact about six weeks ago to a review two days ago."""

    contact: datetime.date
    assessment_start: datetime.date
    child_seen: datetime.date
    strategy: datetime.date
    section47_end: datetime.date
    conference: datetime.date
    core_group: datetime.date
    visit: datetime.date
    review: datetime.date

    @classmethod
    def before(cls, today: datetime.date) -> "Dates":
        def day(base, days):
            return weekday_on_or_before(base + datetime.timedelta(days=days))

        contact = day(today, -40)
        strategy = day(contact, 3)
        conference = day(strategy, 14)
        return cls(
            contact=contact,
            assessment_start=contact + datetime.timedelta(days=1),
            child_seen=contact + datetime.timedelta(days=2),
            strategy=strategy,
            section47_end=day(strategy, 7),
            conference=conference,
            core_group=day(conference, 5),
            visit=conference + datetime.timedelta(days=7),
            review=day(conference, 21),
        )


def test_a_child_is_carried_from_contact_to_closure_by_the_people_whose_job_it_is(
    visitor, make_child
):
    dates = Dates.before(timezone.localdate())
    # Given Leo's twin sister Lea already has a record, held at the front door
    make_child(
        team="Front Door and MASH",
        worker="front.door",
        given="Lea",
        family="Brightwater",
        dob=BORN,
        sex="F",
    )

    contact = front_door_records_a_contact_and_refers(visitor, dates)
    manager_allocates_the_new_child(visitor)
    referral, assessment = worker_assesses(visitor, dates)
    manager_authorises(visitor, assessment)
    worker_protects_the_child_under_a_plan(visitor, referral, dates)
    worker_asks_to_close(visitor, referral)
    manager_signs_off_the_closure(visitor, referral)

    # And the contact still tells where it led
    visitor.sign_in("team.manager")
    page = visitor.go(contact)
    expect(
        page.get_by_role("link", name=f"{CHILD}: episode from {long_date(dates.contact)}")
    ).to_be_visible()


def front_door_records_a_contact_and_refers(visitor, dates) -> str:
    # Given front.door takes a call from Leo's school about a child not found on the system
    visitor.sign_in("front.door")
    page = visitor.go("/contacts/new/")
    page.get_by_label("Child's name").fill(CHILD)
    page = visitor.press("Find a child")
    # Then only his twin sister is found
    found = page.get_by_role("table", name="Children you can see who match")
    expect(found.get_by_role("row")).to_have_count(2)  # the headings and Lea
    expect(found).to_contain_text("Lea Brightwater")

    # When they open a new record for Leo
    page = visitor.follow("Open a new record")
    page.get_by_label("Given names").fill("Leo")
    page.get_by_label("Family name").fill("Brightwater")
    enter_date(page, "Date of birth", BORN)
    page.get_by_label("Male (M)", exact=True).check()
    page.get_by_label("Ethnicity").select_option(label="White British (WBRI)")
    page = visitor.press("Check for existing records and continue")
    # Then the duplicate check shows his sister's record before anything is created
    expect(page.get_by_text("This child may already have a record")).to_be_visible()
    expect(page.get_by_role("link", name="Lea Brightwater")).to_be_visible()
    # When they confirm Leo is a different child
    page.get_by_label(re.compile("None of these records is this child")).check()
    page = visitor.press("Open a new record")
    expect(page.get_by_role("heading", level=1)).to_have_text(CHILD)

    # When they record the school's contact about him
    page = visitor.follow(f"Record a contact about {CHILD}")
    expect(page.get_by_label(re.compile(f"^{CHILD}"))).to_be_checked()
    enter_date(page, "Date the contact was received", dates.contact)
    page.get_by_label("Time it was received").fill("10:15")
    page.get_by_label("Who made contact?").fill("Farah Quayle")
    page.get_by_label("Their role or relationship to the child").fill(
        "Designated safeguarding lead"
    )
    page.get_by_label("Source of the contact").select_option(label="Schools (2A)")
    page.get_by_label("What is the concern?").fill(
        "Leo came to school with bruising to his arm and said he is scared to go home."
    )
    page.get_by_label("Not sought: seeking it would put the child at risk").check()
    page.get_by_label("Safeguarding children at risk (DPA 2018 schedule 8)").check()
    page = visitor.press("Record the contact")
    # Then the contact is recorded, with the day by which to decide
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Contact received {long_date(dates.contact)} at 10:15"
    )
    expect(page.get_by_role("table", name="Timescale")).to_contain_text("Decide on the contact")
    contact = page.url

    # When they decide it is a referral for Child Protection Team North
    page.get_by_label("Referral to children's social care").check()
    page.get_by_label("Team to pass the referral to").select_option(
        label="Child Protection Team North"
    )
    page = visitor.press("Record the decision")
    # Then the decision and the episode it opened are on the contact
    decision = page.get_by_role("definition").filter(has_text="Referral to children's social")
    expect(decision).to_contain_text("by Jo Adebayo")
    expect(page.get_by_role("link", name=re.compile(f"^{CHILD}: episode from"))).to_be_visible()
    visitor.sign_out()
    return contact


def manager_allocates_the_new_child(visitor) -> None:
    # When team.manager opens their team's page
    visitor.sign_in("team.manager")
    page = visitor.go("/team/")
    # Then Leo is waiting for a worker
    waiting = page.get_by_role("table", name="Children waiting for a worker")
    expect(waiting).to_contain_text("BRIGHTWATER, Leo")

    # When they allocate him to Sam Okafor
    page = visitor.follow(f"Allocate {CHILD}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Allocate {CHILD}'s case")
    page.get_by_label("Social worker").select_option(label="Sam Okafor (0 cases)")
    page.get_by_label("Reason").select_option(label="Caseload management")
    page = visitor.press("Allocate")
    # Then no child is left waiting, and Sam holds one case
    expect(page.get_by_text(f"{CHILD}'s case is now allocated to Sam Okafor")).to_be_visible()
    expect(page.get_by_text("Every child's case has a worker.")).to_be_visible()
    caseloads = page.get_by_role("table", name="Caseload per worker")
    sam = caseloads.get_by_role("row").filter(has_text="Sam Okafor")
    expect(sam.get_by_role("cell").nth(2)).to_have_text("1")  # children allocated
    visitor.sign_out()


def worker_assesses(visitor, dates) -> tuple[str, str]:
    # When social.worker opens their work
    visitor.sign_in("social.worker")
    page = visitor.go("/work/")
    # Then Leo is theirs, his assessment due 45 working days from the referral
    due = add_working_days(dates.contact, 45)
    mine = page.get_by_role("table", name="Children allocated to you")
    row = mine.get_by_role("row").filter(has_text="BRIGHTWATER, Leo")
    expect(row).to_contain_text(f"Complete the assessment, {short_date(due)}")
    expect(row).to_contain_text("On track")

    # When they open his episode and start the assessment
    page = visitor.follow("BRIGHTWATER, Leo")
    page = visitor.follow(long_date(dates.contact))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Episode from {long_date(dates.contact)}"
    )
    referral = page.url
    page = visitor.press("Start an assessment")
    enter_date(page, "Date the assessment started", dates.assessment_start)
    page = visitor.press("Start the assessment")
    expect(page.get_by_role("heading", level=1)).to_have_text("Child and family assessment")
    assessment = page.url

    # When they write it up: the child seen alone, the factors and the primary need
    enter_date(page, "Date the child was seen", dates.child_seen)
    page.get_by_label("The child was seen alone").check()
    page.get_by_label("The child's wishes and feelings").fill(
        "Leo wants to stay at his school and to see his sister every day."
    )
    page.get_by_label("Analysis").fill(
        "Injuries consistent with a hand grip; mother's partner is violent at home."
    )
    page.get_by_label("Domestic abuse: parent or carer (3B)").check()
    page.get_by_label("Physical abuse by an adult (18C)").check()
    page.get_by_label("Primary need").select_option(label="Abuse or neglect (N1)")
    page.get_by_label("Strategy discussion", exact=True).check()
    # And complete it
    page = visitor.press("Complete and send for authorisation")
    # Then it waits for their manager
    expect(page.get_by_text("Assessment sent to your manager for authorisation")).to_be_visible()
    visitor.sign_out()
    return referral, assessment


def manager_authorises(visitor, assessment) -> None:
    # When team.manager opens their team's page
    visitor.sign_in("team.manager")
    page = visitor.go("/team/")
    # Then the assessment awaits their authorisation
    waiting = page.get_by_role("table", name="Awaiting your authorisation")
    expect(waiting.get_by_role("row").filter(has_text="BRIGHTWATER, Leo")).to_contain_text(
        "Assessment"
    )
    # When they authorise it
    page = visitor.follow(f"Authorise the assessment for {CHILD}")
    expect(
        page.get_by_role("definition").filter(has_text="Physical abuse by an adult (18C)")
    ).to_be_visible()
    page = visitor.press("Authorise the assessment")
    # Then the episode takes the primary need from it, and nothing more awaits them
    expect(page.get_by_text("Abuse or neglect (N1)", exact=True)).to_be_visible()
    page = visitor.go("/team/")
    expect(page.get_by_text("Nothing is waiting for your authorisation.")).to_be_visible()
    page = visitor.go(assessment)
    expect(page.get_by_text(re.compile(r"^\d+ \w+ \d{4} by Morgan Achterberg$"))).to_be_visible()
    visitor.sign_out()


def worker_protects_the_child_under_a_plan(visitor, referral, dates) -> None:
    visitor.sign_in("social.worker")
    page = visitor.go(referral)
    # When they record the strategy discussion, police and health attending
    page = visitor.press("Record a strategy discussion")
    enter_date(page, "Date of the strategy discussion", dates.strategy)
    for agency in ("Children's social care", "Police", "Health"):
        page.get_by_label(f"{agency} invited").check()
        page.get_by_label(f"{agency} attended").check()
    page.get_by_label("Education invited").check()
    page.get_by_label("Start a section 47 enquiry").check()
    page.get_by_label("Notes").fill("Police will visit with the social worker today.")
    page = visitor.press("Record the strategy discussion")
    # Then the section 47 enquiry is open, its conference due 15 working days on
    target = add_working_days(dates.strategy, 15)
    expect(page.get_by_role("heading", level=1)).to_have_text("Section 47 enquiry")
    expect(page.get_by_text(f"{long_date(target)} (15 working days")).to_be_visible()
    agencies = page.get_by_role("definition").filter(has_text="Police: attended")
    expect(agencies).to_contain_text("Health: attended")
    expect(agencies).to_contain_text("Education: invited, did not attend")

    # When they conclude it for a conference
    enter_date(page, "Date the enquiry ended", dates.section47_end)
    page.get_by_label("Concerns substantiated: initial child protection conference").check()
    page = visitor.press("Conclude the enquiry")
    expect(page.get_by_text(f"concluded {long_date(dates.section47_end)}")).to_be_visible()

    # And record the initial conference, on a weekday before its target date
    page = visitor.press("Record the initial conference")
    expect(
        page.get_by_text(f"The conference is due by {target:%A} {long_date(target)}")
    ).to_be_visible()
    enter_date(page, "Date of the conference", dates.conference)
    page.get_by_label("Child protection plan", exact=True).check()
    page.get_by_label("Physical abuse (PHY)").check()
    page.get_by_label("Number of previous child protection plans").fill("0")
    page = visitor.press("Record the conference")
    # Then Leo has a child protection plan from the day of the conference
    expect(page.get_by_role("heading", level=1)).to_have_text("Child protection plan")
    expect(
        page.get_by_text(f"{long_date(dates.conference)}, at the initial conference")
    ).to_be_visible()
    expect(page.get_by_role("definition").filter(has_text="Physical abuse").first).to_be_visible()

    record_the_plan_s_meetings_and_visit(visitor, dates)


def record_the_plan_s_meetings_and_visit(visitor, dates) -> None:
    # When they record the first core group
    page = visitor.press("Record a core group meeting")
    enter_date(page, "Date of the core group meeting", dates.core_group)
    page = visitor.press("Record the meeting")
    expect(page.get_by_text(long_date(dates.core_group), exact=True)).to_be_visible()

    # And a visit at which Leo was seen alone
    page = visitor.press("Record a visit")
    expect(page.get_by_label("Child protection visit")).to_be_checked()
    enter_date(page, "Date of the visit", dates.visit)
    expect(page.get_by_label("The child was seen", exact=True)).to_be_checked()
    page.get_by_label("The child was seen alone").check()
    page = visitor.press("Record the visit")
    visits = page.get_by_role("table").filter(has_text="Seen alone")
    expect(visits.get_by_role("row").filter(has_text=short_date(dates.visit))).to_contain_text(
        "Sam Okafor"
    )

    # And the review conference, which ends the plan
    page = visitor.press("Record a review conference")
    enter_date(page, "Date of the review conference", dates.review)
    page.get_by_label("Plan ends").check()
    page = visitor.press("Record the review")
    # Then the plan has ended on the day of the review
    expect(
        page.get_by_text(f"{long_date(dates.review)}: No longer at continuing risk")
    ).to_be_visible()


def worker_asks_to_close(visitor, referral) -> None:
    page = visitor.go(referral)
    # When they ask to close the episode because services have ceased (RC7)
    page = visitor.press("Close the episode")
    page.get_by_label(re.compile(r"\(RC7\)$")).check()
    page.get_by_label("Closing summary").fill(
        "The plan ended at review. Leo is safe at home; his mother's partner has left."
    )
    page = visitor.press("Send for sign-off")
    # Then the closure waits for a manager, and the episode says so
    expect(page.get_by_role("definition").filter(has_text="Awaiting sign-off")).to_be_visible()
    page = visitor.go(referral)
    expect(page.get_by_text("Awaiting closure sign-off", exact=True)).to_be_visible()
    visitor.sign_out()


def manager_signs_off_the_closure(visitor, referral) -> None:
    visitor.sign_in("team.manager")
    page = visitor.go("/team/")
    waiting = page.get_by_role("table", name="Awaiting your authorisation")
    expect(waiting.get_by_role("row").filter(has_text="BRIGHTWATER, Leo")).to_contain_text(
        "Closure"
    )
    # When they sign the closure off
    page = visitor.follow(f"Sign off the closure for {CHILD}")
    page.get_by_label("Approve the closure").check()
    page = visitor.press("Record the decision")
    # Then the episode is closed today, for the reason given
    expect(page).to_have_url(referral)
    expect(page.locator("strong", has_text=re.compile("^Closed$"))).to_be_visible()
    today = long_date(timezone.localdate())
    expect(page.get_by_text(re.compile(f"^{today}: Services ceased"))).to_be_visible()
    # And nothing awaits them
    page = visitor.go("/team/")
    expect(page.get_by_text("Nothing is waiting for your authorisation.")).to_be_visible()
    visitor.sign_out()
