"""Reaching a child's care history through the child's record (scoped and audited)."""

from opencsc.people.access import row_for_user

from .models import Adoption, MissingEpisode, PeriodOfCare, Placement


def period_for_user(user, pk, *, change: bool = False) -> PeriodOfCare:
    return row_for_user(user, PeriodOfCare, pk, change=change)


def placement_for_user(user, pk, *, change: bool = False) -> Placement:
    return row_for_user(user, Placement, pk, change=change)


def missing_episode_for_user(user, pk, *, change: bool = False) -> MissingEpisode:
    return row_for_user(user, MissingEpisode, pk, change=change)


def adoption_for_user(user, pk, *, change: bool = False) -> Adoption:
    return row_for_user(user, Adoption, pk, change=change)
