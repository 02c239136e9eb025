"""Many open episodes at once, loaded for ``deadlines.recompute_open`` without prefetching.

``prefetch_related`` builds a queryset for every episode and every relation it caches,
and model instances cost more to build than the rules cost to run: for 38,000 open
episodes that took most of a minute, far over the 5-second target for recomputing every
open case. Here each table is read once per batch as plain tuples into light records
carrying their model's concrete fields (see SKIPPED), with each relation of
``EPISODE_PREFETCH`` as a list, so ``deadlines_for_referral`` (the one place the rules
live) reads what the prefetch would have given it. A test checks the two agree.
"""

from collections import defaultdict
from types import SimpleNamespace

from django.db import models

from .models import (
    Assessment,
    CINPlan,
    CINPlanReview,
    CoreGroup,
    CPPlan,
    CPReview,
    InitialConference,
    Referral,
    Section47,
    StrategyDiscussion,
    Visit,
)


class Row(SimpleNamespace):
    @property
    def pk(self):
        return self.id


class Fetched(list):
    """A list that answers ``.all()``, as a prefetched relation does."""

    def all(self):
        return self


# Free text, JSON and timestamps never decide a due date, and converting them was a third
# of the load: rows carry every other concrete field.
SKIPPED = (models.TextField, models.JSONField, models.DateTimeField)


def _rows(model, row=Row, **filters) -> list[Row]:
    names = [f.attname for f in model._meta.concrete_fields if not isinstance(f, SKIPPED)]
    return [row(**dict(zip(names, values, strict=True)))
            for values in model.objects.filter(**filters).values_list(*names)]


def _by(rows: list[Row], key: str) -> dict:
    grouped = defaultdict(Fetched)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


def _plans(ids) -> tuple[dict, dict]:
    cores = _by(_rows(CoreGroup, plan__referral_id__in=ids), "plan_id")
    reviews = _by(_rows(CPReview, plan__referral_id__in=ids), "plan_id")
    cp_plans = _rows(CPPlan, referral_id__in=ids)
    for plan in cp_plans:
        plan.core_groups, plan.reviews = cores[plan.id], reviews[plan.id]
    cin_reviews = _by(_rows(CINPlanReview, plan__referral_id__in=ids), "plan_id")
    cin_plans = _rows(CINPlan, referral_id__in=ids)
    for plan in cin_plans:
        plan.reviews = cin_reviews[plan.id]
    return _by(cp_plans, "referral_id"), _by(cin_plans, "referral_id")


def _section47s(ids) -> dict:
    strategies = {r.id: r for r in _rows(StrategyDiscussion, referral_id__in=ids)}
    conferences = {c.section47_id: c for c in _rows(InitialConference, referral_id__in=ids)
                   if c.section47_id}
    enquiries = _rows(Section47, referral_id__in=ids)
    for s47 in enquiries:
        s47.strategy = strategies[s47.strategy_id]
        if s47.id in conferences:
            s47.conference = conferences[s47.id]
    return _by(enquiries, "referral_id")


class Episode(Row):
    is_open = Referral.is_open  # the model's own property, so the rule stays in one place


def load(ids) -> list[Episode]:
    """These episodes (ids, or a ``values("pk")`` queryset of them), each with the relations
    of ``EPISODE_PREFETCH`` as ``.all()``-able lists."""
    assessments = _by(_rows(Assessment, referral_id__in=ids), "referral_id")
    section47s = _section47s(ids)
    cp_plans, cin_plans = _plans(ids)
    visits = _by(_rows(Visit, referral_id__in=ids, child_seen=True), "referral_id")
    episodes = _rows(Referral, pk__in=ids, row=Episode)
    for episode in episodes:
        episode.assessments, episode.section47s = assessments[episode.id], section47s[episode.id]
        episode.cp_plans, episode.cin_plans = cp_plans[episode.id], cin_plans[episode.id]
        episode.visits = visits[episode.id]
    return episodes
