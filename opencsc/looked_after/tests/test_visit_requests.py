"""Extra statutory visits (CPPCR reg 28): when the child or carer reasonably asks for one, or
the authority is told the placement is at risk of disruption, a visit falls due within 3
working days (the service's own standard: the regulations set no period), on the care page's
timescales and the worker's worklist, until a visit at which the child is seen."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from opencsc.casework.models import Deadline
from opencsc.casework.timescales import RULES
from opencsc.core.models import AuditAction, AuditEntry
from opencsc.looked_after import actions
from opencsc.looked_after.models import VisitRequest
from opencsc.worklists.queries import worklist

from .history import D, make_providers, start_care

NOW = datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC)
ASKED = D(2026, 6, 26)  # a Friday: 3 working days on is Wednesday 1 July


@pytest.fixture
def providers(db):
    return make_providers()


@pytest.fixture
def in_care(make_child, personas, providers):
    child = make_child(worker="social.worker", dob=D(2012, 5, 5))
    return child, start_care(child, personas["social.worker"], providers, start=D(2026, 3, 2))


def requested(child) -> list[tuple]:
    return list(Deadline.objects.filter(child=child, rule="lac_visit_requested")
                .values_list("basis_date", "due_date", "met_date"))


def test_the_rule_is_three_working_days_and_says_it_is_the_services_own_standard():
    rule = RULES["lac_visit_requested"]
    assert rule.due(ASKED) == D(2026, 7, 1)
    assert rule.due(D(2026, 8, 28)) == D(2026, 9, 3)  # over the summer bank holiday
    assert not rule.statutory and "own standard" in rule.source and "reg 28" in rule.source


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_a_visit_asked_for_falls_due_and_is_met_by_the_next_visit_the_child_is_seen_at(
        in_care, personas):
    child, period = in_care
    worker = personas["social.worker"]
    actions.request_visit(period, actor=worker, requested_date=ASKED, reason="carer")
    assert requested(child) == [(ASKED, D(2026, 7, 1), None)]
    # A visit before the request, or one at which the child was not seen, does not meet it
    actions.record_statutory_visit(period, actor=worker, visit_date=D(2026, 6, 25),
                                   child_seen=True, child_seen_alone=True)
    actions.record_statutory_visit(period, actor=worker, visit_date=D(2026, 6, 29),
                                   child_seen=False, child_seen_alone=False)
    assert requested(child) == [(ASKED, D(2026, 7, 1), None)]
    actions.record_statutory_visit(period, actor=worker, visit_date=D(2026, 6, 30),
                                   child_seen=True, child_seen_alone=True)
    assert requested(child) == [(ASKED, D(2026, 7, 1), D(2026, 6, 30))]


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_each_request_is_its_own_visit_and_the_usual_visits_still_run(in_care, personas):
    child, period = in_care
    worker = personas["social.worker"]
    actions.request_visit(period, actor=worker, requested_date=D(2026, 6, 1), reason="child")
    actions.request_visit(period, actor=worker, requested_date=ASKED, reason="disruption")
    actions.record_statutory_visit(period, actor=worker, visit_date=D(2026, 6, 3),
                                   child_seen=True, child_seen_alone=True)
    assert sorted(requested(child)) == [(D(2026, 6, 1), D(2026, 6, 4), D(2026, 6, 3)),
                                        (ASKED, D(2026, 7, 1), None)]
    assert Deadline.objects.filter(child=child, rule="lac_visit", met_date__isnull=True,
                                   due_date=D(2026, 7, 15)).exists()  # 6 weeks on


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_the_extra_visit_is_on_the_workers_worklist(in_care, personas):
    child, period = in_care
    worker = personas["social.worker"]
    actions.request_visit(period, actor=worker, requested_date=ASKED, reason="carer")
    items = [(i.child.pk, i.what, i.due_date) for i in worklist(worker)
             if i.rule == "lac_visit_requested"]
    assert items == [(child.pk, "Make the extra visit asked for", D(2026, 7, 1))]


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_no_extra_visit_falls_due_once_care_has_ended(in_care, personas):
    child, period = in_care
    worker = personas["social.worker"]
    actions.request_visit(period, actor=worker, requested_date=ASKED, reason="child")
    actions.cease_care(period, actor=worker, end_date=D(2026, 6, 29), reason_ceased="E4A")
    assert requested(child) == []


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_the_worker_records_it_from_the_care_page_and_it_is_audited(in_care, personas, login):
    child, _ = in_care
    client = login(personas["social.worker"])
    care = client.get(reverse("looked_after:care", args=[child.pk])).content.decode()
    form_url = reverse("looked_after:visit_request", args=[child.pk])
    assert form_url in care
    assert "within 3 working days" in client.get(form_url).content.decode()
    response = client.post(form_url, {"reason": "disruption", "requested_date_0": "26",
                                      "requested_date_1": "6", "requested_date_2": "2026",
                                      "notes": "Carers say they cannot manage the nights."})
    assert response.status_code == 302
    request = VisitRequest.objects.get(period__child=child)
    assert (request.requested_date, request.reason) == (ASKED, "disruption")
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, child_id=child.pk,
                                     object_type="looked_after.visitrequest",
                                     object_id=str(request.pk)).exists()
    care = client.get(reverse("looked_after:care", args=[child.pk])).content.decode()
    assert "We were told the placement is at risk of disruption" in care
    assert "Make the extra visit asked for" in care  # on the timescales


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_a_date_before_care_or_no_reason_is_refused_on_its_field(in_care, personas, login):
    child, _ = in_care
    client = login(personas["social.worker"])
    url = reverse("looked_after:visit_request", args=[child.pk])
    page = client.post(url, {"requested_date_0": "1", "requested_date_1": "1",
                             "requested_date_2": "2026"}).content.decode()
    assert "Say why a visit is needed" in page
    page = client.post(url, {"reason": "child", "requested_date_0": "1",
                             "requested_date_1": "1", "requested_date_2": "2026"})
    assert "must fall within the period of care" in page.content.decode()
    assert not VisitRequest.objects.exists()
