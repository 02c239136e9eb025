"""The care page reads a child's history in a fixed number of queries, however long it is.
A correctness check of how the page reads, not a timing: the time is in benchmarks/care.py.
"""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.looked_after import deadlines
from opencsc.looked_after.models import Episode, Placement, Review, StatutoryVisit

from .history import make_providers, years_of_care

NOW = datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC)


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_ten_years_of_care_cost_the_same_queries_as_one(make_child, personas, login):
    worker, iro = personas["social.worker"], personas["team.manager"]
    providers = make_providers()
    today = NOW.date()
    histories = {}
    for years in (1, 10):
        child = make_child(worker="social.worker", dob=today.replace(year=today.year - 16))
        years_of_care(child, worker, providers, years=years, today=today, iro=iro)
        deadlines.recompute_child(child)
        histories[years] = child
    long = histories[10]
    assert Placement.objects.filter(child=long).count() >= 15
    assert Episode.objects.filter(child=long).count() >= 29
    assert Review.objects.filter(period__child=long).count() >= 19
    assert StatutoryVisit.objects.filter(period__child=long).count() >= 80
    client = login(worker)
    counts = {years: queries(client, reverse("looked_after:care", args=[child.pk]))
              for years, child in histories.items()}
    assert counts[1] == counts[10], counts
