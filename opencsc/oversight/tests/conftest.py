"""Oversight's fixtures: a board member, a second council, a contract, and an engine that
answers with figures set in the test, so pages are checked against known numbers."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model

from opencsc.organisations.models import Organisation, StaffMember
from opencsc.oversight import actions, figures
from opencsc.oversight.access import BOARD_MEMBER
from opencsc.oversight.models import Direction

TITLES = {"assessments_45wd": "Assessments completed within 45 working days",
          "re_referrals": "Re-referrals within 12 months",
          "cla_rate": "Children looked after per 10,000 children"}
DIRECTIONS = {"assessments_45wd": "higher is better", "re_referrals": "lower is better",
              "cla_rate": "no direction of good"}
UNITS = {"assessments_45wd": "percent", "re_referrals": "percent",
         "cla_rate": "per 10,000 children"}


class FakeEngine:
    """Each measure's value by month: ``values[code][month]``; England is fixed."""

    def __init__(self):
        self.values: dict[str, dict[datetime.date, float]] = {code: {} for code in TITLES}
        self.calls: list = []

    def figure(self, code, month):
        return SimpleNamespace(code=code, title=TITLES[code], direction=DIRECTIONS[code],
                               unit=UNITS[code], value=self.values[code].get(month),
                               england={"assessments_45wd": 82.1, "re_referrals": 22.0,
                                        "cla_rate": 70.0}[code])

    def month_figures(self, month, council):
        self.calls.append(("figures", month, council))
        return {code: self.figure(code, month) for code in TITLES}


@pytest.fixture
def engine(monkeypatch):
    fake = FakeEngine()
    monkeypatch.setattr(figures, "month_figures", fake.month_figures)
    monkeypatch.setattr(figures, "catalogue_titles", lambda: dict(TITLES))
    return fake


def _staff(trust, username, role, **extra):
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": "Test", "last_name": username.title()})
    StaffMember.objects.get_or_create(user=user, defaults={
        "role": role, "employer": trust.trust, "start_date": datetime.date(2020, 1, 1),
        **extra})
    return user


@pytest.fixture
def board_member(trust):
    return _staff(trust, "board.test", BOARD_MEMBER)


@pytest.fixture
def other_council(trust):
    council = Organisation.objects.create(name="Wexley Borough Council", la_code="331",
                                          kind=Organisation.Kind.COUNCIL)
    trust.trust.delivers_for.add(council)
    return council


@pytest.fixture
def contract(trust):
    return actions.agree_contract(
        actor=None, council=trust.council, provider=trust.trust,
        name="Children's services contract 2024 to 2029", start_date=datetime.date(2024, 4, 1),
        measures=[
            {"code": "assessments_45wd", "target": Decimal("85"), "tolerance": Decimal("5"),
             "direction": Direction.HIGHER},
            {"code": "re_referrals", "target": Decimal("20"), "tolerance": Decimal("2"),
             "direction": Direction.LOWER},
        ])
