"""Hand-built staff for the workforce tests: a small trust of its own, not the demo's, so
every figure in a test can be worked out by hand from what the test makes."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from opencsc.core.roles import Role
from opencsc.organisations.models import Organisation, ServiceArea, StaffMember, Team
from opencsc.people.models import Allocation, Person
from opencsc.workforce.models import Post, WorkforceRecord


class Staffing:
    """Makes a small trust's teams, posts, staff and their cases."""

    def __init__(self):
        self.trust = Organisation.objects.create(name="Test Trust",
                                                 kind=Organisation.Kind.TRUST)
        self.council = Organisation.objects.create(name="Test Council", la_code="999",
                                                   kind=Organisation.Kind.COUNCIL)
        self.area = ServiceArea.objects.create(name="Test area", organisation=self.trust)
        self.teams: dict[str, Team] = {}
        self.children = 0

    def team(self, name: str) -> Team:
        if name not in self.teams:
            self.teams[name] = Team.objects.create(name=name, kind=Team.Kind.OTHER,
                                                   service_area=self.area)
        return self.teams[name]

    def post(self, team: str, fte="1.00", *, title="Social worker", social_work=True,
             start=datetime.date(2020, 1, 1), end=None) -> Post:
        return Post.objects.create(team=self.team(team), title=title, fte=Decimal(fte),
                                   social_work=social_work, start_date=start, end_date=end)

    def staff(self, username: str, team: str | None, *, role=Role.SOCIAL_WORKER,
              agency=False, fte=None, start=datetime.date(2020, 1, 1), end=None,
              cases=0) -> StaffMember:
        user = get_user_model().objects.create(username=username, first_name=username.title())
        member = StaffMember.objects.create(
            user=user, role=role, employer=self.trust, start_date=start, end_date=end,
            employment_type="agency" if agency else "permanent")
        if team:
            member.teams.add(self.team(team))
        if fte is not None:
            WorkforceRecord.objects.create(staff=member, fte=Decimal(fte))
        for _ in range(cases):
            self.allocate(member, team)
        return member

    def allocate(self, member, team, *, start=datetime.date(2024, 1, 1), end=None):
        self.children += 1
        child = Person.objects.create(responsible_council=self.council, given_names="Child",
                                      family_name=f"Number{self.children}",
                                      date_of_birth=datetime.date(2015, 1, 1))
        return Allocation.objects.create(child=child, team=self.team(team or "Spare"),
                                         worker=member.user if member else None,
                                         start_date=start, end_date=end)


@pytest.fixture
def staffing(db):
    return Staffing()
