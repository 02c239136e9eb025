"""Changes keep their history (who changed what from what to what); nothing is hard-deleted."""

import datetime

import pytest
from django.db.models.signals import pre_delete
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from opencsc.core.models import AuditAction, AuditEntry
from opencsc.people import actions, search
from opencsc.people.models import Address, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def child(make_child):
    return make_child(
        worker="social.worker", given="Nell", family="Ashworth", dob=datetime.date(2014, 5, 6)
    )


def details(child, **changes) -> dict:
    return {**{f: getattr(child, f) for f in actions.PERSON_FIELDS}, **changes}


def test_update_records_each_changed_field_from_and_to(child, personas):
    changes = actions.update_child(
        child,
        actor=personas["social.worker"],
        details=details(
            child, family_name="Ashworth-Kaur", date_of_birth=datetime.date(2014, 5, 7)
        ),
    )
    assert changes == {
        "family_name": ["Ashworth", "Ashworth-Kaur"],
        "date_of_birth": ["2014-05-06", "2014-05-07"],
    }
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, child_id=child.pk)
    assert entry.changes == changes
    assert entry.actor_username == "social.worker"
    assert Person.objects.get(pk=child.pk).family_name == "Ashworth-Kaur"


def test_update_records_disabilities_as_sets(child, personas):
    worker = personas["social.worker"]
    actions.update_child(child, actor=worker, details=details(child), disabilities=["HAND"])
    actions.update_child(child, actor=worker, details=details(child), disabilities=["MOB", "HAND"])
    entries = AuditEntry.objects.filter(action=AuditAction.UPDATE).order_by("seq")
    assert [e.changes["disabilities"] for e in entries] == [
        [[], ["HAND"]],
        [["HAND"], ["HAND", "MOB"]],
    ]


def test_nothing_changed_writes_nothing(child, personas):
    assert (
        actions.update_child(child, actor=personas["social.worker"], details=details(child)) == {}
    )
    assert not AuditEntry.objects.filter(action=AuditAction.UPDATE).exists()


def test_a_change_and_its_audit_entry_are_one_transaction(child, personas, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(actions.audit, "record", fail)
    with pytest.raises(RuntimeError):
        actions.update_child(
            child, actor=personas["social.worker"], details=details(child, family_name="Lost")
        )
    assert Person.objects.get(pk=child.pk).family_name == "Ashworth"


def test_a_new_name_is_found_by_search(child, personas):
    actions.update_child(
        child, actor=personas["social.worker"], details=details(child, family_name="Quennell")
    )
    found = search.search(Person.objects.children(), search.Criteria(name="Nell Quennell"))
    assert [p.pk for p in found] == [child.pk]


EDIT = {
    "given_names": "Nell",
    "family_name": "Ashworth-Kaur",
    "date_of_birth_0": "6",
    "date_of_birth_1": "5",
    "date_of_birth_2": "2014",
    "sex": "F",
    "ethnicity": "WBRI",
}


def test_history_page_shows_who_changed_what_from_what_to_what(child, login, personas):
    worker = login(personas["social.worker"])
    assert worker.post(f"/children/{child.pk}/edit/", EDIT).status_code == 302
    page = login(personas["team.manager"]).get(f"/children/{child.pk}/history/")
    html = page.content.decode()
    assert page.status_code == 200
    row = html[html.index("Family name") :]
    row = row[: row.index("</tr>")]
    assert "Ashworth" in row and "Ashworth-Kaur" in row
    assert "social.worker" in html[html.rindex("<tr", 0, html.index("Family name")) :]


def test_read_only_teammate_can_read_the_history(child, login, personas, make_child):
    teammate_child = make_child(worker=None)
    page = login(personas["social.worker"]).get(f"/children/{teammate_child.pk}/history/")
    assert page.status_code == 200


def test_outsider_gets_404_on_the_history(child, login, personas):
    assert login(personas["other.worker"]).get(f"/children/{child.pk}/history/").status_code == 404


def test_new_address_ends_the_old_one_rather_than_replacing_it(child, personas):
    worker = personas["social.worker"]
    first = {
        "line_1": "1 Old Road",
        "line_2": "",
        "town": "Fernbridge",
        "postcode": "B1 1AA",
        "start_date": datetime.date(2020, 1, 1),
    }
    actions.add_address(child, actor=worker, details=first)
    actions.add_address(
        child,
        actor=worker,
        details={**first, "line_1": "2 New Road", "start_date": datetime.date(2024, 3, 1)},
    )
    old = Address.objects.get(person=child, line_1="1 Old Road")
    assert old.end_date == datetime.date(2024, 2, 29)
    assert child.addresses.count() == 2


# --- No view hard-deletes anything ------------------------------------------------------

# Rows that may go, and why: none of them is part of a child's record or of the log.
MAY_BE_DELETED = {
    "sessions.session": "signing out ends the session",
    "people.namekey": "search keys, rebuilt from the names whenever they change",
    "people.disability": "replaced as a set when changed; the change is kept in the history",
    "otp_totp.totpdevice": "an unconfirmed authenticator is replaced by the confirmed one",
    "axes.accessattempt": "failed sign-in counters, reset on success or by an administrator",
}


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), tuple(pattern.pattern.converters)


def _fill(path: str, params, value) -> str:
    for name in params:
        path = path.replace(f"<int:{name}>", str(value)).replace(f"<{name}>", str(value))
        path = path.replace(f"<path:{name}>", "x").replace(f"<str:{name}>", str(value))
    return "/" + path


TRY_TO_DELETE = {"delete": "1", "confirm": "yes", "discard": "1", "action": "delete"}


def test_no_url_hard_deletes_anything(child, personas):
    """Every URL, every method that might delete, as the people with most rights."""
    worker = personas["social.worker"]
    actions.add_other_name(child, actor=worker, given_names="Nellie", family_name="", kind="alias")
    actions.add_professional(child, actor=worker, details={"name": "A Visitor", "role": "HV"})
    deleted = []

    def note(sender, instance, **kwargs):
        deleted.append(sender._meta.label_lower)

    pre_delete.connect(note, weak=False, dispatch_uid="test_no_url_hard_deletes")
    try:
        # The team manager may change the child; the administrator holds the configuration.
        for username, methods in (
            ("team.manager", ("get", "post", "delete")),
            ("admin", ("post",)),
        ):
            client = Client(raise_request_exception=False)  # a 500 is the matrix's business
            client.force_login(personas[username])
            for path, params in _routes(get_resolver().url_patterns):
                url = _fill(path, params, child.pk)
                for method in methods:
                    response = getattr(client, method)(url, *([TRY_TO_DELETE] * (method == "post")))
                    if response.status_code == 302 and response["Location"] == "/login/":
                        client.force_login(personas[username])  # that one signed out
    finally:
        pre_delete.disconnect(dispatch_uid="test_no_url_hard_deletes")
    assert "sessions.session" in deleted, "signing out should have been seen: is the check live?"
    forbidden = sorted(set(deleted) - set(MAY_BE_DELETED))
    assert not forbidden, f"These were hard-deleted through a URL: {forbidden}"
    assert Person.objects.filter(pk=child.pk).exists()
    assert child.other_names.exists() and child.professionals.exists()
