import pytest

from opencsc.core.models import AuditEntry
from opencsc.people import actions as people_actions
from opencsc.people.models import Allocation, Person

from .conftest import TODAY
from .test_my_work import page as my_work_page
from .test_my_work import section

pytestmark = pytest.mark.django_db


def current(child) -> Allocation:
    return Allocation.objects.filter(child=child, end_date__isnull=True).get()


def fingerprint(child) -> tuple:
    return (list(Allocation.objects.filter(child=child).values_list("pk", "worker_id", "end_date")),
            AuditEntry.objects.filter(child_id=child.pk, object_type="people.allocation").count())


def test_manager_allocates_a_waiting_child_to_a_worker_in_the_team(login, personas, make_child,
                                                                   deadline, today):
    child = make_child(worker=None, family="Waiting")
    deadline(child, days=-1)
    client = login(personas["team.manager"])
    form = client.get(f"/team/allocate/{child.pk}/").content.decode()
    assert "Sam Okafor" in form and "Priya" not in form  # only the child's team's workers
    worker = personas["social.worker"]
    response = client.post(f"/team/allocate/{child.pk}/", {"worker": worker.pk,
                                                           "reason": "MANAGE"})
    assert response.status_code == 302 and response["Location"] == "/team/"
    allocation = current(child)
    assert (allocation.worker, allocation.reason, allocation.start_date) == (worker, "MANAGE",
                                                                             TODAY)
    assert "WAITING" not in section(client.get("/team/").content.decode(), "unallocated")
    assert "WAITING" in my_work_page(login(worker))


def test_allocation_is_audited_with_who_and_why(login, personas, make_child, today):
    child = make_child(worker=None)
    login(personas["team.manager"]).post(f"/team/allocate/{child.pk}/", {
        "worker": personas["social.worker"].pk, "reason": "ABSENC"})
    entry = AuditEntry.objects.filter(child_id=child.pk, object_type="people.allocation").get()
    assert entry.actor == personas["team.manager"]
    assert entry.changes["reason"] == [None, "ABSENC"]


@pytest.mark.parametrize("worker", ["social.worker", None])
def test_social_worker_gets_403_and_nothing_is_written(login, personas, make_child, worker,
                                                       today):
    child = make_child(worker=worker)
    before = fingerprint(child)
    client = login(personas["social.worker"])
    assert client.get(f"/team/allocate/{child.pk}/").status_code == 403
    response = client.post(f"/team/allocate/{child.pk}/", {
        "worker": personas["social.worker"].pk, "reason": "MANAGE"})
    assert response.status_code == 403
    assert fingerprint(child) == before


def test_partner_with_a_shared_child_gets_403(login, personas, trust, make_child, today):
    child = make_child(team="Child Protection Team South", worker=None)
    people_actions.share_with_agency(child, actor=personas["head.of.service"],
                                     agency=trust.police, purpose="s47",
                                     legal_basis="Children Act 1989 s47")
    before = fingerprint(child)
    response = login(personas["police.partner"]).post(f"/team/allocate/{child.pk}/", {
        "worker": personas["social.worker"].pk, "reason": "MANAGE"})
    assert response.status_code == 403
    assert fingerprint(child) == before


@pytest.mark.parametrize("persona", ["other.worker", "analyst", "council.viewer", "admin"])
def test_outsiders_get_404_and_nothing_is_written(login, personas, make_child, persona, today):
    child = make_child(worker=None)
    before = fingerprint(child)
    client = login(personas[persona])
    assert client.get(f"/team/allocate/{child.pk}/").status_code == 404
    response = client.post(f"/team/allocate/{child.pk}/", {
        "worker": personas["social.worker"].pk, "reason": "MANAGE"})
    assert response.status_code == 404
    assert fingerprint(child) == before


def test_head_of_service_cannot_allocate_outside_their_service_area(login, personas,
                                                                    make_child, today):
    child = make_child(team="Assessment Team East", worker=None)
    response = login(personas["head.of.service"]).post(f"/team/allocate/{child.pk}/", {
        "worker": personas["other.worker"].pk, "reason": "MANAGE"})
    assert response.status_code == 404
    assert current(child).worker is None


def test_head_of_service_allocates_within_their_area(login, personas, make_child, make_worker,
                                                     today):
    south = make_worker("south.worker", team="Child Protection Team South")
    child = make_child(team="Child Protection Team South", worker=None)
    response = login(personas["head.of.service"]).post(f"/team/allocate/{child.pk}/", {
        "worker": south.pk, "reason": "MANAGE"})
    assert response.status_code == 302
    assert current(child).worker == south


def test_a_worker_from_another_team_cannot_be_chosen(login, personas, make_child, today):
    child = make_child(worker=None)
    response = login(personas["team.manager"]).post(f"/team/allocate/{child.pk}/", {
        "worker": personas["other.worker"].pk, "reason": "MANAGE"})
    assert response.status_code == 200
    assert "Choose a worker from the team" in response.content.decode()
    assert current(child).worker is None


def test_worker_and_reason_are_required_and_the_reason_is_a_sw_reason_code(login, personas,
                                                                           make_child, today):
    child = make_child(worker=None)
    client = login(personas["team.manager"])
    html = client.post(f"/team/allocate/{child.pk}/", {}).content.decode()
    assert "govuk-error-summary" in html
    assert "Choose the worker who will hold this case" in html
    assert "Choose the reason for this allocation" in html
    html = client.post(f"/team/allocate/{child.pk}/", {
        "worker": personas["social.worker"].pk, "reason": "WHIM"}).content.decode()
    assert "govuk-error-summary" in html
    assert current(child).worker is None


def test_allocating_to_the_worker_who_holds_the_case_is_refused(login, personas, make_child,
                                                               today):
    child = make_child(worker="social.worker")
    html = login(personas["team.manager"]).post(f"/team/allocate/{child.pk}/", {
        "worker": personas["social.worker"].pk, "reason": "MANAGE"}).content.decode()
    assert "already holds this case" in html
    assert Allocation.objects.filter(child=child).count() == 1


def test_restricted_child_can_only_be_allocated_by_a_named_manager(login, personas, make_child,
                                                                  make_worker, today):
    child = make_child(worker=None)
    people_actions.restrict_record(child, actor=personas["head.of.service"],
                                   restriction=Person.Restriction.ADOPTION, named_users=[])
    client = login(personas["team.manager"])
    assert client.get(f"/team/allocate/{child.pk}/").status_code == 404
    assert login(personas["head.of.service"]).get(
        f"/team/allocate/{child.pk}/").status_code == 200
