"""Case notes and the chronology in the browser, and not losing work when signed out."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from opencsc.casework import actions
from opencsc.casework.models import CaseNote, Draft

pytestmark = pytest.mark.journey

SIGNED_OUT = (
    "You have been signed out. Your text is kept on this device; sign in again to carry on."
)


def test_a_note_typed_across_a_session_expiry_is_kept_and_saved(visitor, make_child):
    # Given social.worker writing a case note about a child allocated to them
    child = make_child(worker="social.worker", given="Nia", family="Castell")
    key = f"opencsc:case_note:child-{child.pk}:user-"
    visitor.sign_in("social.worker")
    page = visitor.go(f"/children/{child.pk}/")
    page = visitor.follow("Case notes")
    page = visitor.follow("Add a case note")
    page.get_by_label("Phone call").check()
    page.get_by_label("Day").fill("3")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Title").fill("Call from the school nurse")
    page.get_by_label("Note").fill("Nia has missed two appointments")
    # Then the draft is saved as they type
    status = page.locator("[data-autosave-status]")
    expect(status).to_have_text(re.compile(r"^Draft saved at \d\d:\d\d$"))
    assert Draft.objects.get(child=child).data["body"] == "Nia has missed two appointments"

    # When their session ends (as after 30 minutes away) and they carry on typing
    page.context.clear_cookies(name="sessionid")
    page.get_by_label("Note").press_sequentially(" and was upset today.")
    # Then they are told plainly, and the text is kept on this device
    expect(page.get_by_role("alert")).to_contain_text(SIGNED_OUT)
    expect(status).to_have_text(SIGNED_OUT)
    visitor.check()
    kept = page.evaluate(f"Object.keys(localStorage).filter(k => k.startsWith('{key}'))")
    assert len(kept) == 1
    # And pressing save does not send the text to a sign-in page that would drop it
    page.get_by_role("button", name="Save case note").click()
    expect(page).to_have_url(re.compile(rf"/children/{child.pk}/notes/new/$"))
    assert not CaseNote.objects.exists()

    # When they sign in again and come back to the note
    visitor.sign_in("social.worker")
    page = visitor.go(f"/children/{child.pk}/notes/new/")
    # Then everything they typed is back, and saved to their draft
    expect(page.get_by_label("Note")).to_have_value(
        "Nia has missed two appointments and was upset today."
    )
    expect(page.get_by_label("Title")).to_have_value("Call from the school nurse")
    expect(page.get_by_label("Phone call")).to_be_checked()
    expect(status).to_contain_text("Restored the text kept on this device")
    expect(status).to_contain_text("Draft saved at")
    assert Draft.objects.get(child=child).data["body"].endswith("was upset today.")
    assert page.evaluate("Object.keys(localStorage).length") == 0

    # When they mark it significant and save it
    page.get_by_label("This is a significant event").check()
    page = visitor.press("Save case note")
    expect(page).to_have_url(re.compile(rf"/children/{child.pk}/notes/$"))
    assert page.evaluate("Object.keys(localStorage).length") == 0
    # Then it is listed, and on the child's chronology
    expect(page.get_by_role("heading", name="Call from the school nurse")).to_be_visible()
    assert not Draft.objects.exists()
    page = visitor.follow("Chronology")
    expect(page.get_by_role("link", name="Phone call: Call from the school nurse")).to_be_visible()


def test_the_chronology_filters_without_javascript(
    visitor_without_javascript, make_child, personas
):
    child = make_child(worker="social.worker", given="Owen", family="Pryce")
    for day, title in ((5, "Early call"), (20, "Later visit")):
        actions.add_case_note(
            child,
            actor=personas["social.worker"],
            details={
                "kind": "phone",
                "event_date": datetime.date(2026, 1, day),
                "title": title,
                "body": "Synthetic note.",
                "significant": True,
            },
        )
    visitor = visitor_without_javascript
    visitor.sign_in("social.worker")
    page = visitor.go(f"/children/{child.pk}/chronology/")
    expect(page.get_by_role("row")).to_have_count(3)  # the headings and two entries
    page.get_by_text("Filter the chronology").click()
    page.locator("#id_date_from_0").fill("10")
    page.locator("#id_date_from_1").fill("1")
    page.locator("#id_date_from_2").fill("2026")
    page = visitor.press("Apply filters")
    covering = page.get_by_text("Covering from 10 January 2026 onwards").filter(visible=True)
    expect(covering).to_be_visible()
    expect(page.get_by_role("row")).to_have_count(2)
    expect(page.get_by_role("link", name="Phone call: Later visit")).to_be_visible()
