"""Opening and changing a child's record through the forms: every refusal says why and
keeps what was typed; possible duplicates are shown first; every change is audited.
All people here are invented."""

import datetime

import pytest

from opencsc.core.models import AuditAction, AuditEntry
from opencsc.people.identifiers import nhs_check_digit, upn_check_letter
from opencsc.people.models import Address, Allocation, Person, PersonName, Professional

VALID_NHS = "943 476 5919"
WRONG_NHS = "943 476 5918"
VALID_UPN = upn_check_letter("330201900012") + "330201900012"
WRONG_UPN = ("B" if VALID_UPN[0] != "B" else "C") + VALID_UPN[1:]


def _date(name: str, day, month, year) -> dict:
    return {f"{name}_0": str(day), f"{name}_1": str(month), f"{name}_2": str(year)}


def new_child(trust, **overrides) -> dict:
    """What a worker types to open a record, as the form posts it."""
    data = {
        "given_names": "Marisol",
        "family_name": "Quennell",
        "sex": "F",
        "ethnicity": "WBRI",
        "council": str(trust.council.pk),
        "team": str(trust.teams["Child Protection Team North"].pk),
        "line_1": "14 Larkspur Road",
        "town": "Fernbridge",
        "postcode": "b15 2tt",
        **_date("date_of_birth", 3, 9, 2018),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def worker(client, personas):
    client.force_login(personas["social.worker"])
    return personas["social.worker"]


def _refused(response) -> str:
    """The page of a refused form: 200, with the GOV.UK error summary."""
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="govuk-error-summary"' in html
    assert "There is a problem" in html
    return html


# Opening a record: refusals --------------------------------------------------------------


def test_wrong_nhs_check_digit_is_refused_with_the_reason(client, trust, worker):
    html = _refused(client.post("/children/new/", new_child(trust, nhs_number=WRONG_NHS)))
    assert "check digit is wrong" in html
    assert 'href="#id_nhs_number"' in html
    assert f'value="{WRONG_NHS}"' in html
    assert not Person.objects.filter(family_name="Quennell").exists()


def test_wrong_upn_check_letter_is_refused_with_the_reason(client, trust, worker):
    html = _refused(client.post("/children/new/", new_child(trust, upn=WRONG_UPN)))
    assert "check letter is wrong" in html
    assert 'href="#id_upn"' in html
    assert f'value="{WRONG_UPN}"' in html


def test_a_date_of_birth_in_the_future_is_refused(client, trust, worker):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    data = new_child(trust, **_date("date_of_birth", tomorrow.day, tomorrow.month, tomorrow.year))
    html = _refused(client.post("/children/new/", data))
    assert "date of birth must be today or in the past" in html
    assert 'href="#id_date_of_birth_0"' in html
    assert f'name="date_of_birth_2" type="text" inputmode="numeric" value="{tomorrow.year}"' in html


def test_an_impossible_date_is_refused(client, trust, worker):
    html = _refused(
        client.post("/children/new/", new_child(trust, **_date("date_of_birth", 31, 2, 2019)))
    )
    assert "must be a real date" in html


def test_both_date_of_birth_and_expected_date_are_refused(client, trust, worker):
    soon = datetime.date.today() + datetime.timedelta(days=60)
    data = new_child(
        trust, sex="U", **_date("expected_date_of_birth", soon.day, soon.month, soon.year)
    )
    html = _refused(client.post("/children/new/", data))
    assert "not both" in html
    assert 'href="#id_expected_date_of_birth_0"' in html


def test_neither_date_is_refused(client, trust, worker):
    data = new_child(trust, date_of_birth_0="", date_of_birth_1="", date_of_birth_2="")
    assert "Enter the date of birth, or the expected date" in _refused(
        client.post("/children/new/", data)
    )


def test_an_unborn_child_can_be_recorded_with_sex_unknown(client, trust, worker):
    soon = datetime.date.today() + datetime.timedelta(days=60)
    data = new_child(
        trust,
        sex="U",
        date_of_birth_0="",
        date_of_birth_1="",
        date_of_birth_2="",
        **_date("expected_date_of_birth", soon.day, soon.month, soon.year),
    )
    response = client.post("/children/new/", data)
    assert response.status_code == 302
    child = Person.objects.get(family_name="Quennell")
    assert child.is_unborn and child.expected_date_of_birth == soon


def test_no_disability_with_a_disability_is_refused(client, trust, worker):
    data = new_child(trust, disabilities=["NONE", "HEAR"])
    html = _refused(client.post("/children/new/", data))
    assert "No disability" in html and "cannot be chosen with a disability" in html
    assert 'value="NONE" checked' in html
    assert 'value="HEAR" checked' in html


def test_a_malformed_postcode_is_refused(client, trust, worker):
    html = _refused(client.post("/children/new/", new_child(trust, postcode="B15 2T")))
    assert "Enter a full UK postcode" in html
    assert 'value="B15 2T"' in html


def test_missing_names_say_what_to_enter(client, trust, worker):
    html = _refused(client.post("/children/new/", new_child(trust, given_names="", family_name="")))
    assert "Enter the child&#x27;s given names" in html
    assert "Enter the child&#x27;s family name" in html


def test_a_refusal_keeps_everything_typed(client, trust, worker):
    data = new_child(
        trust,
        nhs_number=WRONG_NHS,
        upn=VALID_UPN,
        first_language="Tagalog",
        school="Larkspur Primary",
        disabilities=["HEAR", "VIS"],
    )
    html = _refused(client.post("/children/new/", data))
    for typed in (
        "Marisol",
        "Quennell",
        "14 Larkspur Road",
        "Fernbridge",
        "b15 2tt",
        VALID_UPN,
        "Tagalog",
        "Larkspur Primary",
    ):
        assert f'value="{typed}"' in html, typed
    assert 'value="F" checked' in html
    assert 'value="WBRI" selected' in html
    assert 'value="HEAR" checked' in html and 'value="VIS" checked' in html
    for part, value in (("0", "3"), ("1", "9"), ("2", "2018")):
        assert (
            f'name="date_of_birth_{part}" type="text" inputmode="numeric" value="{value}"' in html
        )


# Opening a record: duplicates ------------------------------------------------------------


def test_a_new_child_with_no_likely_match_is_opened_at_once(client, trust, worker):
    response = client.post(
        "/children/new/", new_child(trust, nhs_number=VALID_NHS, upn=VALID_UPN.lower())
    )
    child = Person.objects.get(family_name="Quennell")
    assert response.status_code == 302
    assert response["Location"] == f"/children/{child.pk}/"
    assert child.nhs_number == "9434765919"
    assert child.upn == VALID_UPN
    assert child.la_child_id


def test_likely_matches_are_shown_before_a_duplicate_is_made(client, trust, worker, make_child):
    existing = make_child(
        worker="social.worker", given="Marisol", family="Quennel", dob=datetime.date(2018, 9, 3)
    )
    response = client.post("/children/new/", new_child(trust))
    html = response.content.decode()
    assert response.status_code == 200
    assert "This child may already have a record" in html
    assert f'href="/children/{existing.pk}/"' in html
    assert existing.la_child_id in html
    assert 'name="confirm_new"' in html
    assert Person.objects.filter(given_names="Marisol").count() == 1


def test_a_match_by_nhs_number_is_shown_whatever_the_name(client, trust, worker, make_child):
    existing = make_child(
        worker="social.worker", given="Completely", family="Different", nhs_number="9434765919"
    )
    html = client.post("/children/new/", new_child(trust, nhs_number=VALID_NHS)).content.decode()
    assert existing.la_child_id in html
    assert Person.objects.count() == 1


def test_a_match_the_user_cannot_see_is_counted_not_named(client, trust, worker, make_child):
    hidden = make_child(
        team="Assessment Team East",
        worker="other.worker",
        given="Marisol",
        family="Quennell",
        dob=datetime.date(2018, 9, 3),
        upn=VALID_UPN,
    )
    html = client.post("/children/new/", new_child(trust)).content.decode()
    assert "1 possible match in records you cannot see" in html
    assert hidden.la_child_id not in html
    assert f"/children/{hidden.pk}/" not in html
    assert VALID_UPN not in html
    assert "Possible existing records" not in html
    assert Person.objects.filter(given_names="Marisol").count() == 1


def test_a_different_date_of_birth_is_not_a_likely_match(client, trust, worker, make_child):
    make_child(
        worker="social.worker", given="Marisol", family="Quennell", dob=datetime.date(2011, 1, 20)
    )
    assert client.post("/children/new/", new_child(trust)).status_code == 302
    assert Person.objects.filter(given_names="Marisol").count() == 2


def test_confirming_opens_the_record_allocated_to_the_worker_and_audited(
    client, trust, worker, make_child
):
    make_child(
        worker="social.worker", given="Marisol", family="Quennell", dob=datetime.date(2018, 9, 3)
    )
    response = client.post("/children/new/", new_child(trust, confirm_new="on"))
    assert response.status_code == 302
    child = Person.objects.filter(given_names="Marisol").latest("pk")
    allocation = Allocation.objects.get(child=child)
    assert allocation.worker == worker
    assert allocation.team == trust.teams["Child Protection Team North"]
    assert child.responsible_council == trust.council
    assert child.created_by == worker
    entry = AuditEntry.objects.get(
        action=AuditAction.CREATE, child_id=child.pk, object_type="people.person"
    )
    assert entry.actor == worker
    assert entry.changes["family_name"] == [None, "Quennell"]
    address = Address.objects.get(person=child)
    assert (address.postcode, address.end_date) == ("B15 2TT", None)


def test_the_new_record_is_found_by_search_at_once(client, trust, worker):
    client.post("/children/new/", new_child(trust))
    html = client.get("/children/?name=Quennel+Marisol").content.decode()
    assert "Marisol" in html


def test_roles_that_do_not_record_cannot_open_a_record(client, trust, personas):
    for username in ("analyst", "council.viewer", "police.partner", "admin"):
        client.force_login(personas[username])
        assert client.post("/children/new/", new_child(trust)).status_code == 403, username
    assert not Person.objects.exists()


# Changing a record -----------------------------------------------------------------------


@pytest.fixture
def child(make_child):
    return make_child(
        worker="social.worker",
        given="Marisol",
        family="Quennell",
        dob=datetime.date(2018, 9, 3),
        sex="F",
        ethnicity="WBRI",
    )


def edit_data(**overrides) -> dict:
    data = {
        "given_names": "Marisol",
        "family_name": "Quennell",
        "sex": "F",
        "ethnicity": "WBRI",
        **_date("date_of_birth", 3, 9, 2018),
    }
    data.update(overrides)
    return data


def test_the_edit_form_starts_with_the_record(client, worker, child):
    html = client.get(f"/children/{child.pk}/edit/").content.decode()
    assert 'value="Marisol"' in html and 'value="Quennell"' in html
    assert 'name="date_of_birth_2" type="text" inputmode="numeric" value="2018"' in html


@pytest.mark.parametrize(
    "overrides,reason,anchor",
    [
        ({"nhs_number": WRONG_NHS}, "check digit is wrong", "id_nhs_number"),
        ({"upn": WRONG_UPN}, "check letter is wrong", "id_upn"),
        ({"former_upn": WRONG_UPN}, "check letter is wrong", "id_former_upn"),
        ({"upn": VALID_UPN[:12] + "O"}, "cannot be I, O or S", "id_upn"),
        (
            {"disabilities": ["NONE", "AUT"]},
            "cannot be chosen with a disability",
            "id_disabilities_0",
        ),
        (
            {**_date("date_of_death", 1, 1, datetime.date.today().year + 1)},
            "today or in the past",
            "id_date_of_death_0",
        ),
    ],
)
def test_edit_refusals_say_why_and_keep_what_was_typed(
    client, worker, child, overrides, reason, anchor
):
    data = edit_data(given_names="Marisole", **overrides)
    html = _refused(client.post(f"/children/{child.pk}/edit/", data))
    assert reason in html
    assert f'href="#{anchor}"' in html
    assert 'value="Marisole"' in html
    child.refresh_from_db()
    assert child.given_names == "Marisol"
    assert not AuditEntry.objects.filter(action=AuditAction.UPDATE).exists()


def test_edit_with_both_dates_is_refused(client, worker, child):
    soon = datetime.date.today() + datetime.timedelta(days=30)
    data = edit_data(**_date("expected_date_of_birth", soon.day, soon.month, soon.year))
    assert "not both" in _refused(client.post(f"/children/{child.pk}/edit/", data))


def test_an_edit_is_saved_with_its_history_in_the_audit(client, worker, child):
    number = "401023213" + str(nhs_check_digit("401023213"))
    response = client.post(
        f"/children/{child.pk}/edit/", edit_data(nhs_number=number, disabilities=["HEAR"])
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.nhs_number == number
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, child_id=child.pk)
    assert entry.actor == worker
    assert entry.changes["nhs_number"] == ["", number]
    assert entry.changes["disabilities"] == [[], ["HEAR"]]


def test_a_read_only_worker_cannot_edit_and_an_outsider_gets_404(client, personas, child):
    client.force_login(personas["other.worker"])
    assert client.get(f"/children/{child.pk}/edit/").status_code == 404
    assert client.post(f"/children/{child.pk}/edit/", edit_data()).status_code == 404
    child.allocations.update(worker=None)
    client.force_login(personas["social.worker"])  # the team's child, not theirs: read only
    assert client.post(f"/children/{child.pk}/edit/", edit_data(given_names="X")).status_code == 403
    child.refresh_from_db()
    assert child.given_names == "Marisol"


# Addresses, other names, people and professionals ----------------------------------------


def test_adding_an_address_ends_the_previous_one(client, worker, child):
    Address.objects.create(
        person=child, line_1="2 Old Lane", postcode="B29 6BD", start_date=datetime.date(2019, 1, 1)
    )
    response = client.post(
        f"/children/{child.pk}/addresses/new/",
        {"line_1": "9 New Street", "postcode": "b16 8qz", **_date("start_date", 1, 3, 2025)},
    )
    assert response.status_code == 302
    old, new = Address.objects.filter(person=child).order_by("start_date")
    assert old.end_date == datetime.date(2025, 2, 28)
    assert (new.postcode, new.end_date) == ("B16 8QZ", None)
    changes = [
        e.changes
        for e in AuditEntry.objects.filter(child_id=child.pk, action__in=["create", "update"])
    ]
    assert {"end_date": [None, "2025-02-28"]} in changes
    assert any(c.get("postcode") == [None, "B16 8QZ"] for c in changes)


def test_an_address_with_a_bad_postcode_is_refused_and_kept(client, worker, child):
    html = _refused(
        client.post(
            f"/children/{child.pk}/addresses/new/",
            {"line_1": "9 New Street", "postcode": "B16 8Q", **_date("start_date", 1, 3, 2025)},
        )
    )
    assert "Enter a full UK postcode" in html
    assert 'value="9 New Street"' in html and 'value="B16 8Q"' in html
    assert not Address.objects.exists()


def test_adding_another_name_is_audited_and_searchable(client, worker, child):
    response = client.post(
        f"/children/{child.pk}/names/new/",
        {"kind": PersonName.Kind.PREVIOUS, "given_names": "", "family_name": "Ravensworth"},
    )
    assert response.status_code == 302
    assert PersonName.objects.get(person=child).family_name == "Ravensworth"
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="people.personname")
    assert entry.actor == worker and entry.child_id == child.pk
    assert "Marisol" in client.get("/children/?name=Marisol+Ravensworth").content.decode()


def test_another_name_needs_a_name(client, worker, child):
    html = _refused(
        client.post(f"/children/{child.pk}/names/new/", {"kind": PersonName.Kind.ALIAS})
    )
    assert "Enter a given name or a family name" in html


def test_adding_a_person_in_the_childs_life_is_audited(client, worker, child):
    response = client.post(
        f"/children/{child.pk}/relationships/new/",
        {
            "kind": "mother",
            "given_names": "Delphine",
            "family_name": "Quennell",
            "parental_responsibility": "on",
            "lives_with": "on",
        },
    )
    assert response.status_code == 302
    link = child.relationships.get()
    assert (link.other.full_name, link.kind, link.parental_responsibility) == (
        "Delphine Quennell",
        "mother",
        True,
    )
    assert link.other.responsible_council is None  # a relative, not a child with a record
    changes = [
        e.changes
        for e in AuditEntry.objects.filter(actor=worker, child_id=child.pk)
        if e.action == AuditAction.CREATE
    ]
    assert {"related person": [None, "Delphine Quennell"]} in changes
    assert {"relationship": [None, "Delphine Quennell: Mother"]} in changes


def test_a_person_needs_names_and_a_relationship(client, worker, child):
    # Empty boxes, as a browser posts them.
    html = _refused(
        client.post(
            f"/children/{child.pk}/relationships/new/",
            {"kind": "", "given_names": "", "family_name": ""},
        )
    )
    for message in (
        "Select the relationship",
        "Enter their given names",
        "Enter their family name",
    ):
        assert message in html


def test_adding_a_professional_is_audited(client, worker, child):
    response = client.post(
        f"/children/{child.pk}/professionals/new/",
        {
            "name": "Dr Imogen Hartley",
            "role": "GP",
            "organisation": "Larkspur Surgery",
            "email": "imogen.hartley@example.org",
        },
    )
    assert response.status_code == 302
    assert Professional.objects.get(child=child).role == "GP"
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="people.professional")
    assert entry.actor == worker and entry.changes["name"] == [None, "Dr Imogen Hartley"]


def test_a_professionals_bad_email_is_refused_and_kept(client, worker, child):
    html = _refused(
        client.post(
            f"/children/{child.pk}/professionals/new/",
            {"name": "Dr Imogen Hartley", "role": "GP", "email": "not-an-email"},
        )
    )
    assert "Enter an email address like name@example.org" in html
    assert 'value="not-an-email"' in html
    assert 'value="Dr Imogen Hartley"' in html


@pytest.mark.parametrize("path", ["addresses", "names", "relationships", "professionals"])
def test_an_outsider_cannot_add_to_the_record(client, personas, child, path):
    client.force_login(personas["other.worker"])
    assert client.post(f"/children/{child.pk}/{path}/new/", {}).status_code == 404
