"""The oversight pages in the access matrix (tests/test_access_matrix.py).

Board members, council viewers, heads of service and analysts read; heads of service and
analysts keep the improvement plan; analysts alone import inspections and edit neighbours.
Everyone else, social workers and partners included, gets 403. No page takes a child.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone

from opencsc.core.tests.matrix import Page

READERS = frozenset({"board.member", "council.viewer", "head.of.service", "analyst"})
PLAN_EDITORS = frozenset({"head.of.service", "analyst"})
DATA_KEEPERS = frozenset({"analyst"})


@dataclass(frozen=True)
class ActionPage(Page):
    """A page about one improvement action: one is added to the world's council first."""

    param: str = field(default="action", init=False)

    def param_values(self, world) -> dict:
        from opencsc.oversight.models import ImprovementAction

        today = timezone.localdate()
        action = ImprovementAction.objects.create(
            council=world.children["own"].responsible_council, reference="M1",
            title="Matrix action", owner="Matrix owner", opened_on=today,
            due_date=today + datetime.timedelta(days=90), measure_codes=["re_referrals"],
            created_by=get_user_model().objects.get(username="head.of.service"))
        return {None: action.pk}  # no child: nothing on these pages is about one


URLS = {
    "oversight:index": Page(who=READERS),
    "oversight:report": Page(who=READERS),
    "oversight:report_pdf": Page(who=READERS),
    "oversight:plan": Page(who=READERS),
    "oversight:action_new": Page(who=PLAN_EDITORS),
    "oversight:action": ActionPage(who=READERS),
    "oversight:action_progress": ActionPage(who=PLAN_EDITORS),
    "oversight:inspections": Page(who=READERS),
    "oversight:inspections_import": Page(who=DATA_KEEPERS),
    "oversight:neighbours": Page(who=DATA_KEEPERS),
}
