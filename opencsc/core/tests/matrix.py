"""The kinds of row in the access matrix (tests/test_access_matrix.py), shared so each
app can list its own URLs in ``opencsc/<app>/tests/matrix.py`` as a dict ``URLS``.

Personas are the demo trust's (opencsc/demo/trust.py). The matrix's children and what
each persona may do with them are in ``SCOPE``.
"""

from dataclasses import dataclass, field

from opencsc.demo.trust import PERSONAS

ANONYMOUS = "anonymous"
LOGIN = "redirect to /login/"
EVERYONE = frozenset(PERSONAS)
CASEWORKERS = frozenset({"social.worker", "other.worker", "front.door", "team.manager",
                         "head.of.service"})
CHILD_READERS = CASEWORKERS | {"police.partner"}
MANAGERS = frozenset({"team.manager", "head.of.service"})
AGGREGATES = frozenset({"team.manager", "head.of.service", "analyst", "council.viewer",
                        "board.member"})
NEVER_A_CHILD = ("analyst", "council.viewer", "board.member", "admin")

READ, CHANGE = "read", "change"

# The test children, and what each persona may do with them. Anyone not listed gets 404.
# The front door reads every unrestricted child of the council (ADR 0012).
SCOPE = {
    # allocated to social.worker in Child Protection Team North
    "own": {"social.worker": CHANGE, "team.manager": CHANGE, "head.of.service": CHANGE,
            "front.door": READ},
    # allocated to Child Protection Team North with no worker: social.worker's teammates'
    "teammate": {"social.worker": READ, "team.manager": CHANGE, "head.of.service": CHANGE,
                 "front.door": READ},
    # allocated to other.worker in Assessment Team East (another service area)
    "other_team": {"other.worker": CHANGE, "front.door": READ},
    # allocated to Child Protection Team North, restricted, naming only team.manager
    "restricted": {"team.manager": CHANGE},
    # allocated to Child Protection Team South, shared with the police safeguarding hub
    "shared": {"head.of.service": CHANGE, "police.partner": READ, "front.door": READ},
}


@dataclass(frozen=True)
class Page:
    """A URL with no child in it: ``who`` get ``ok``, other staff ``otherwise``."""

    who: frozenset = EVERYONE
    ok: int = 200
    otherwise: int = 403
    anonymous: int | str = LOGIN
    param: str = ""  # what fills a <...> in the URL, if anything: "token" or "path"

    def expected(self, persona: str, child: str | None = None):
        if persona == ANONYMOUS:
            return self.anonymous
        return self.ok if persona in self.who else self.otherwise


@dataclass(frozen=True)
class ChildPage:
    """A URL about one child: 404 outside the persona's scope, 403 where it is not enough."""

    needs: str = READ
    managers_only: bool = False
    anonymous: int | str = LOGIN
    param: str = field(default="child", init=False)

    def expected(self, persona: str, child: str):
        if persona == ANONYMOUS:
            return self.anonymous
        grant = SCOPE[child].get(persona)
        if grant is None:
            return 404
        if self.needs == CHANGE and grant != CHANGE:
            return 403
        if self.managers_only and persona not in MANAGERS:
            return 403
        return 200


@dataclass(frozen=True)
class StepPage:
    """A URL about one step of a child's casework (``step`` names it: the child's referral,
    plan, ...; see casework/tests/journey.py), scoped like a ChildPage, ``ok`` for 200."""

    step: str
    needs: str = READ
    managers_only: bool = False
    ok: int = 200
    anonymous: int | str = LOGIN
    param: str = field(default="step", init=False)

    def expected(self, persona: str, child: str):
        status = ChildPage(self.needs, self.managers_only, self.anonymous).expected(persona, child)
        return self.ok if status == 200 else status
