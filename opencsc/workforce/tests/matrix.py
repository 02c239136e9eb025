"""The workforce pages' rows in the access matrix (tests/test_access_matrix.py).

Team pages are requested for Child Protection Team North, whose manager is team.manager and
whose service area is head.of.service's. Other teams' pages (404 for a manager who does not
answer for them) and the POSTs are tested in test_access.py.
"""

from dataclasses import dataclass

from opencsc.core.tests.matrix import Page
from opencsc.organisations.models import Team

WORKFORCE = frozenset({"team.manager", "head.of.service", "analyst", "council.viewer",
                       "board.member", "admin"})
TEAM_PAGE = frozenset({"team.manager", "head.of.service", "admin"})
LINE_MANAGERS = frozenset({"team.manager", "head.of.service"})
POSTS = frozenset({"head.of.service", "admin"})
MATRIX_TEAM = "Child Protection Team North"


@dataclass(frozen=True)
class TeamPage(Page):
    """A URL about one team (the matrix team): ``who`` get 200, other staff 403."""

    param: str = "team"

    def param_values(self, world) -> dict[None, int]:
        # The key is None: this is not a child's URL, so no view of a child is expected.
        return {None: Team.objects.get(name=MATRIX_TEAM).pk}


URLS = {
    "workforce:index": Page(who=WORKFORCE),
    "workforce:team": TeamPage(who=TEAM_PAGE),
    "workforce:post_new": TeamPage(who=POSTS),
    "workforce:starter_new": TeamPage(who=LINE_MANAGERS),
    "workforce:hours_change": TeamPage(who=LINE_MANAGERS),
    "workforce:leaver_new": TeamPage(who=LINE_MANAGERS),
    "workforce:sickness_new": TeamPage(who=LINE_MANAGERS),
    "workforce:supervision_new": TeamPage(who=LINE_MANAGERS),
}
