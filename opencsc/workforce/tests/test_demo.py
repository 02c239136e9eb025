"""The demo trust's workforce: the same for the same seed, with vacancies, leavers' reasons
and overdue supervision for the pages to show."""

import datetime

import pytest
from django.db import transaction

from opencsc.demo.trust import add_team_staff
from opencsc.workforce import demo
from opencsc.workforce.measures import census_at
from opencsc.workforce.models import Leaving, Post, SupervisionSession, WorkforceRecord

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 10)


def _seeded(trust, seed: int) -> tuple:
    counts = demo.seed(trust, seed=seed, today=TODAY)
    shape = (sorted(Post.objects.values_list("team__name", "title", "fte")),
             sorted(Leaving.objects.values_list("staff__user__username", "reason")),
             SupervisionSession.objects.count())
    return counts, shape


def test_the_same_seed_gives_the_same_workforce(trust):
    add_team_staff(trust)
    with transaction.atomic():
        first = _seeded(trust, 7)
        transaction.set_rollback(True)
    assert _seeded(trust, 7) == first
    assert demo.seed(trust, seed=7, today=TODAY) == {}  # seeding again leaves it alone


def test_the_demo_has_vacancies_leavers_and_overdue_supervision(trust):
    add_team_staff(trust)
    counts = demo.seed(trust, seed=2026, today=TODAY)
    assert counts["leavers"] >= len(trust.teams)
    trust_wide = census_at(TODAY)
    assert trust_wide["vacancy_fte"] > 0 and trust_wide["leavers_headcount"] > 0
    assert 0 < trust_wide["supervision_on_time_rate"] < 100
    assert WorkforceRecord.objects.filter(fte__lt=1).exists()
    assert {reason for reason in Leaving.objects.values_list("reason", flat=True)} - {"9"}
