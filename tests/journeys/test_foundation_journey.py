"""The foundation's journeys, as the people who use opencsc take them.

Each step that lands on a page checks it with axe (see browser.py); the fixtures fail a
journey that loaded a page without checking it.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from opencsc.people import actions

from .browser import axe_violations

pytestmark = pytest.mark.journey

BORN = datetime.date(2015, 6, 1)


def a_child_with_a_full_record(make_child, worker):
    """A fictional child with the details a worker would have gathered, written as they would."""
    child = make_child(
        worker="social.worker",
        given="Amelia",
        family="Thornbury",
        dob=BORN,
        sex="F",
        ethnicity="WBRI",
        first_language="English",
        nhs_number="9992345675",
        gp_practice="Fernbridge Road Surgery",
        school="Fernbridge Park Primary School",
    )
    actions.add_address(
        child,
        actor=worker,
        details={
            "line_1": "14 Larkspur Close",
            "town": "Fernbridge",
            "postcode": "FB2 7QX",
            "start_date": datetime.date(2021, 9, 1),
        },
    )
    actions.add_relationship(
        child,
        actor=worker,
        other=None,
        kind="mother",
        new_person={
            "given_names": "Hannah",
            "family_name": "Thornbury",
            "date_of_birth": datetime.date(1990, 2, 14),
        },
        parental_responsibility=True,
        lives_with=True,
    )
    actions.add_professional(
        child,
        actor=worker,
        details={
            "name": "Dev Malhotra",
            "role": "School nurse",
            "organisation": "Fernbridge Health",
            "phone": "01632 960 418",
        },
    )
    return child


def test_worker_finds_a_child_and_their_manager_sees_the_view_in_the_access_log(
    visitor, make_child, personas
):
    # Given a child allocated to social.worker, among others their team holds
    child = a_child_with_a_full_record(make_child, personas["social.worker"])
    make_child(given="Tobias", family="Featherstone")

    # When social.worker signs in through the form
    page = visitor.sign_in("social.worker")
    # Then they land on their home page
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Sam")
    visitor.screenshot("home")

    # When they search the children they can see with a misspelt name
    page = visitor.follow("Children's records")
    page.get_by_label("Name").fill("Amelia Thornbery")
    page = visitor.press("Search")
    # Then the child is found
    expect(page.get_by_role("heading", name="1 result")).to_be_visible()
    visitor.screenshot("children-search")

    # When they open the child's record
    page = visitor.follow("THORNBURY, Amelia")
    # Then they see the child's details
    expect(page).to_have_url(re.compile(rf"/children/{child.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Amelia Thornbury")
    expect(page.get_by_text("1 June 2015")).to_be_visible()
    expect(page.get_by_text(child.la_child_id)).to_be_visible()
    expect(page.get_by_text("999 234 5675", exact=True)).to_be_visible()
    expect(page.get_by_role("region", name="People in the child's life")).to_contain_text("Mother")
    visitor.screenshot("child-record")

    # When they sign out, and their team manager signs in
    visitor.sign_out()
    visitor.sign_in("team.manager")
    # And the manager opens the child's access log
    page = visitor.go(f"/children/{child.pk}/access-log/")
    # Then the worker's view of the record is there, under their username
    views = page.get_by_role("row").filter(has_text="social.worker")
    expect(views.first).to_be_visible()
    visitor.screenshot("access-log")


def test_worker_opens_a_new_record_after_correcting_the_nhs_number(visitor, make_child):
    # Given a child with a similar name and the same date of birth already on the caseload
    make_child(worker="social.worker", given="Isla", family="Marchetti", dob=BORN)
    page = visitor.sign_in("social.worker")

    # When they open a new record with an NHS number whose check digit is wrong
    page = visitor.go("/children/")
    page = visitor.press("Open a new record")
    page.get_by_label("Given names").fill("Isla Rose")
    page.get_by_label("Family name").fill("Marchetti")
    born = page.get_by_role("group", name="Date of birth", exact=True)
    born.get_by_label("Day").fill("1")
    born.get_by_label("Month").fill("6")
    born.get_by_label("Year").fill("2015")
    page.get_by_label("Female").check()
    page.get_by_label("Ethnicity").select_option(label="White British (WBRI)")
    page.get_by_label("NHS number").fill("999 345 6781")
    page = visitor.press("Check for existing records and continue")

    # Then the error summary says what is wrong, and nothing they typed is lost
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link", name=re.compile("NHS number"))).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Open a new record \(error\)"))
    expect(page.get_by_label("Given names")).to_have_value("Isla Rose")
    expect(born.get_by_label("Year")).to_have_value("2015")
    expect(page.get_by_label("Female")).to_be_checked()
    expect(page.get_by_label("NHS number")).to_have_value("999 345 6781")
    visitor.screenshot("new-record-error")

    # When they correct the NHS number
    page.get_by_label("NHS number").fill("999 345 6780")
    page = visitor.press("Check for existing records and continue")
    # Then they are shown the likely existing record before anything is created
    expect(page.get_by_text("This child may already have a record")).to_be_visible()
    expect(page.get_by_role("link", name="Isla Marchetti")).to_be_visible()

    # When they confirm it is a different child
    page.get_by_label(re.compile("None of these records is this child")).check()
    page = visitor.press("Open a new record")
    # Then the new record is open
    expect(page.get_by_role("heading", level=1)).to_have_text("Isla Rose Marchetti")
    expect(page.get_by_text("999 345 6780", exact=True)).to_be_visible()


def test_wrong_password_is_refused_with_the_error_summary(visitor):
    # When someone signs in with the wrong password
    page = visitor.sign_in("social.worker", password="not the password at all")
    # Then they stay on the sign-in page, told what to do, with their username kept
    expect(page).to_have_url(re.compile(r"/login/$"))
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.get_by_label("Username")).to_have_value("social.worker")
    visitor.screenshot("sign-in-error")


@pytest.mark.parametrize(
    ("username", "path", "heading"),
    [
        ("analyst", "/overview/", "Overview"),
        ("admin", "/administration/", "Administration"),
        ("social.worker", "/emergency-access/", "Emergency access to a child's record"),
        ("social.worker", "/account/", "My account"),
        ("social.worker", "/children/999999/", "Page not found"),
    ],
)
def test_each_persona_s_pages_pass_axe(visitor, username, path, heading):
    # Given a person signed in, whose home page passes the check
    visitor.sign_in(username)
    # When they open a page their role uses; Then it passes the check too
    page = visitor.go(path)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    if path == "/overview/":
        visitor.screenshot("overview")


def test_without_javascript_a_worker_signs_in_searches_and_opens_a_record(
    visitor_without_javascript, make_child
):
    visitor = visitor_without_javascript
    # Given a child allocated to social.worker, and a browser with JavaScript off
    child = make_child(worker="social.worker", given="Ezra", family="Pemberton-Lowe", dob=BORN)

    # When they sign in, search and open the record
    page = visitor.sign_in("social.worker")
    expect(page.locator("body")).not_to_have_class(re.compile("js-enabled"))  # scripts are off
    page = visitor.go("/children/")
    page.get_by_label("Name").fill("Pemberton Ezra")
    page = visitor.press("Search")
    page = visitor.follow("PEMBERTON-LOWE, Ezra")
    # Then the record is there, as it would be with JavaScript
    expect(page).to_have_url(re.compile(rf"/children/{child.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ezra Pemberton-Lowe")

    # And they can sign out
    visitor.sign_out()


STYLE = '<link rel="stylesheet" href="data:text/css,main%7Bmargin:1em%7D">'


def test_the_axe_check_fails_a_page_with_a_violation(browser):
    # Given a styled page with an unlabelled text box and an image without alternative text
    page = browser.new_page()
    page.set_content(
        f'<html lang="en"><title>Bad</title>{STYLE}<main><img src="x.png"><input></main></html>'
    )
    # When axe checks it; Then both problems are named
    found = {v["id"] for v in axe_violations(page)}
    page.close()
    assert {"image-alt", "label"} <= found


def test_the_axe_check_refuses_a_page_whose_styles_did_not_load(browser):
    # Given a page whose stylesheet is missing (as when frontend/dist is not built)
    page = browser.new_page()
    page.set_content('<html lang="en"><title>Plain</title><main><h1>Plain</h1></main></html>')
    # When axe is asked to check it; Then the check refuses, naming the cause
    with pytest.raises(AssertionError, match="did not load"):
        axe_violations(page)
    page.close()


def test_a_page_loaded_but_not_checked_is_reported(visitor, live_server):
    # When a step loads a page without checking it
    visitor.page.goto(live_server.url + "/login/")
    # Then the visitor names it (and the fixture would fail the journey), until it is checked
    assert visitor.unchecked_pages() == [live_server.url + "/login/"]
    visitor.check()
    assert visitor.unchecked_pages() == []
