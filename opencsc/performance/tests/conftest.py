import datetime

import pytest
import time_machine

from opencsc.demo import journeys
from opencsc.demo.generator import seed
from opencsc.demo.trust import add_team_staff

TODAY = datetime.date(2026, 6, 30)


@pytest.fixture
def seeded_with(trust):
    """Seeds the demo trust with 160 children and the journeys, as on 30 June 2026."""
    def seeded(number: int):
        with time_machine.travel(datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC),
                                 tick=False):
            staff = add_team_staff(trust)
            seed(trust, staff, children=160, seed=number, today=TODAY)
            journeys.seed(trust, staff, seed=number, today=TODAY)
        return trust
    return seeded


@pytest.fixture
def seeded(seeded_with):
    return seeded_with(7)
