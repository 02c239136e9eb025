"""Fixtures shared by every test: the demo trust's personas and a child factory."""

import datetime

import pytest
from hypothesis import HealthCheck, settings

# Timing is for benchmarks, not tests: a loaded CI machine must not fail a property.
settings.register_profile("opencsc", deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("opencsc")

from opencsc.demo.trust import build_trust
from opencsc.people import actions
from opencsc.people.models import Allocation, Person


@pytest.fixture
def trust(db):
    return build_trust(password="correct horse battery staple")


@pytest.fixture
def personas(trust):
    return trust.personas


@pytest.fixture
def make_child(trust):
    """Make a child allocated to a team (and worker), straight into the database."""
    counter = {"n": 0}

    def make(*, team="Child Protection Team North", worker=None, given="Test", family=None,
             dob=datetime.date(2015, 6, 1), **fields):
        counter["n"] += 1
        child = Person.objects.create(
            responsible_council=trust.council, given_names=given,
            family_name=family or f"Child{counter['n']}", date_of_birth=dob, **fields,
        )
        actions.assign_la_child_id(child)
        actions.index_names(child)
        Allocation.objects.create(child=child, team=trust.teams[team],
                                  worker=trust.personas.get(worker) if isinstance(worker, str)
                                  else worker, start_date=datetime.date(2024, 1, 1))
        return child

    return make


@pytest.fixture
def login(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
