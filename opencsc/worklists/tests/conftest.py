"""Worklist fixtures: episodes and their stored deadlines, written straight to the database.

Worklists read stored Deadline rows and never compute them, so these tests store the rows
they want to see (synthetic children of the demo trust, nobody real).
"""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model

from opencsc.casework.models import Deadline, Referral
from opencsc.core.roles import Role
from opencsc.organisations.models import StaffMember

# Wednesday 10 June 2026: "due soon" runs to Wednesday 17 June (5 working days), "this week"
# to Tuesday 16 June.
TODAY = datetime.date(2026, 6, 10)


@pytest.fixture
def today():
    with time_machine.travel(datetime.datetime(2026, 6, 10, 9, tzinfo=datetime.UTC), tick=False):
        yield TODAY


@pytest.fixture
def episode(personas):
    def make(child, *, referral_date=datetime.date(2026, 4, 1)):
        return Referral.objects.create(child=child, referral_date=referral_date, source="2A",
                                       next_step=Referral.NextStep.ASSESSMENT,
                                       recorded_by=personas["social.worker"])
    return make


@pytest.fixture
def deadline(episode):
    """Store a deadline due ``days`` calendar days from TODAY (negative: overdue)."""
    def make(child, rule="assessment", days=0, *, referral=None, met=None, due=None):
        referral = referral or Referral.objects.filter(child=child).first() or episode(child)
        due = due or TODAY + datetime.timedelta(days=days)
        return Deadline.objects.create(child=child, referral=referral, rule=rule,
                                       instance=f"{rule}:{due}", basis_date=due, due_date=due,
                                       met_date=met, calendar_version="test")
    return make


@pytest.fixture
def make_worker(trust):
    def make(username, *, team="Child Protection Team North", employment="permanent",
             role=Role.SOCIAL_WORKER, given="Test", family=None):
        user = get_user_model().objects.create_user(
            username=username, password="x", first_name=given,
            last_name=family or username.split(".")[-1].capitalize())
        staff = StaffMember.objects.create(user=user, role=role, employer=trust.trust,
                                           employment_type=employment,
                                           start_date=datetime.date(2020, 1, 1))
        staff.teams.add(trust.teams[team])
        return user
    return make
