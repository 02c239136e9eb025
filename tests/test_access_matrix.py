"""Who may reach every URL of the project: one table, checked for every demo persona.

Each URL name in ``URLS`` says who gets which status. URLs that take a child's id are
requested once for each child in ``SCOPE``, which says what each persona may do with
that child: change it, read it, or nothing (404, exactly like a missing record).
Every 200 on a child's URL must have written a view to the audit log.

A URL pattern missing from ``URLS`` fails the build: a new page must say who may see it.
"""

import datetime
import importlib
import importlib.util
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.db import transaction
from django.db.models import Max
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from opencsc.accounts.actions import create_api_token
from opencsc.accounts.models import ApiToken
from opencsc.casework.models import Draft
from opencsc.casework.tests.journey import record_journey
from opencsc.core.models import AuditAction, AuditEntry
from opencsc.core.tests.matrix import (
    AGGREGATES,
    ANONYMOUS,
    CASEWORKERS,
    CHANGE,
    CHILD_READERS,
    EVERYONE,
    LOGIN,
    MANAGERS,
    NEVER_A_CHILD,
    READ,
    SCOPE,
    ChildPage,
    Page,
    StepPage,
)
from opencsc.demo.trust import build_trust
from opencsc.looked_after.tests import matrix as care_matrix
from opencsc.people import actions
from opencsc.people.models import Allocation, Person

# Every URL name in the project. Add yours here, or in your app's tests/matrix.py as URLS.
URLS = {
    "root": Page(ok=302),  # to /home/
    "core:home": Page(),
    "core:overview": Page(who=AGGREGATES),
    "accounts:login": Page(anonymous=200),
    "accounts:verify": Page(ok=302),  # onward: none of them has a second factor to check
    "accounts:logout": Page(ok=405, anonymous=405),  # POST only
    "accounts:account": Page(),
    "accounts:two_factor_setup": Page(),
    "accounts:create_token": Page(ok=405),  # POST only
    "accounts:revoke_token": Page(ok=405, param="token"),  # POST only; see the POST tests
    "accounts:keep_alive": Page(ok=204),
    "accounts:administration": Page(who=frozenset({"admin"})),
    "people:children": Page(who=CHILD_READERS),
    "people:child_new": Page(who=CASEWORKERS),
    "people:emergency_access": Page(who=CASEWORKERS),
    "people:child": ChildPage(),
    "people:child_history": ChildPage(),
    "people:access_log": ChildPage(managers_only=True),
    "people:child_edit": ChildPage(needs=CHANGE),
    "people:address_new": ChildPage(needs=CHANGE),
    "people:other_name_new": ChildPage(needs=CHANGE),
    "people:relationship_new": ChildPage(needs=CHANGE),
    "people:professional_new": ChildPage(needs=CHANGE),
    # The read API: JSON, and 401 rather than a redirect for an anonymous caller.
    "api:openapi-json": Page(anonymous=200),  # the API's description holds no one's data
    "api:openapi-view": Page(anonymous=200),
    "api:api-root": Page(ok=404, anonymous=404),
    "api:no-such-endpoint": Page(ok=404, anonymous=404, param="path"),  # JSON, not HTML
    "api:children": Page(who=CHILD_READERS, anonymous=401),
    "api:child": ChildPage(anonymous=401),
    "api:me": Page(anonymous=401),
    # Case notes, drafts and the chronology (opencsc/casework/urls_notes.py)
    "notes:list": ChildPage(),
    "notes:new": ChildPage(needs=CHANGE),
    "notes:draft": ChildPage(needs=CHANGE, anonymous=401),  # JSON: the script keeps the text
    "notes:chronology": ChildPage(),
    "notes:chronology_pdf": ChildPage(),
    "api:child_chronology": ChildPage(anonymous=401),
    # Worklists (opencsc/worklists). Allocating is a manager's write: its POSTs, and the
    # 403 for a worker who holds the case, are tested in opencsc/worklists/tests.
    "worklists:my_work": Page(who=CASEWORKERS),
    "worklists:team": Page(who=MANAGERS),
    "worklists:allocate": ChildPage(managers_only=True),
    "api:worklist": Page(who=CASEWORKERS, anonymous=401),
    # Children looked after and care leavers (looked_after/urls.py, care_leavers/urls.py);
    # the matrix children are in care (looked_after/tests/matrix.py).
    "looked_after:providers": Page(who=CASEWORKERS),
    "looked_after:provider_new": Page(who=CASEWORKERS),
    "looked_after:care": ChildPage(),
    **{f"looked_after:{name}": ChildPage(needs=CHANGE) for name in [
        "start", "legal_status", "placement", "cease", "review_new", "visit_new", "iro",
        "care_plan_new", "placement_plan_new", "health_assessment_new", "health_check_new",
        "sdq_new", "pep_new", "missing_new", "missing_return", "uasc", "adoption",
        "previous_permanence"]},
    "care_leavers:leaving_care": ChildPage(),
    **{f"care_leavers:{name}": ChildPage(needs=CHANGE) for name in [
        "needs_assessment_new", "pathway_plan_new", "personal_adviser", "keep_in_touch_new",
        "staying_put_new"]},
    "api:child_care": ChildPage(anonymous=401),
    # The journey (opencsc/casework/urls.py). Its POSTs, 404 for outsiders and 403 for
    # read-only users on each write, are tested in casework/tests/test_journey_pages.py.
    "casework:contact_new": Page(who=CASEWORKERS),
    "casework:contact": StepPage("contact"),
    "casework:referral_new": StepPage("child", needs=CHANGE),  # its POSTs: as above
    "casework:referral": StepPage("referral"),
    "casework:assessment_new": StepPage("referral", needs=CHANGE),
    "casework:assessment": StepPage("assessment"),
    "casework:assessment_draft": StepPage("assessment", needs=CHANGE, ok=405),  # POST only
    "casework:assessment_authorise": StepPage("assessment", needs=CHANGE, managers_only=True),
    "casework:cin_plan_new": StepPage("referral", needs=CHANGE),
    "casework:cin_plan": StepPage("cin_plan"),
    "casework:cin_plan_review": StepPage("cin_plan", needs=CHANGE),
    "casework:cin_plan_end": StepPage("cin_plan", needs=CHANGE),
    "casework:visit_new": StepPage("referral", needs=CHANGE),
    "casework:strategy_new": StepPage("referral", needs=CHANGE),
    "casework:section47": StepPage("section47"),
    "casework:conference_new": StepPage("referral", needs=CHANGE),
    "casework:cp_plan": StepPage("cp_plan"),
    "casework:core_group_new": StepPage("cp_plan", needs=CHANGE),
    "casework:cp_review_new": StepPage("cp_plan", needs=CHANGE),
    "casework:cp_plan_end": StepPage("cp_plan", needs=CHANGE),
    "casework:closure_new": StepPage("referral", needs=CHANGE),
    "casework:closure": StepPage("closure"),
}


def _apps_rows() -> dict:
    """The rows apps list for themselves, in ``opencsc/<app>/tests/matrix.py`` ``URLS``."""
    rows = {}
    for config in apps.get_app_configs():
        name = f"{config.name}.tests.matrix"
        if config.name.startswith("opencsc.") and importlib.util.find_spec(f"{config.name}.tests"):
            if importlib.util.find_spec(name):
                rows |= getattr(importlib.import_module(name), "URLS", {})
    return rows


URLS |= _apps_rows()


@dataclass(frozen=True)
class Route:
    name: str
    path: str
    params: tuple[str, ...]

    def url(self, value) -> str:
        return reverse(self.name, kwargs={p: value for p in self.params})


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(
                pattern.url_patterns, prefix + str(pattern.pattern), (inner or namespace).strip(":")
            )
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield Route(
                name or "", prefix + str(pattern.pattern), tuple(pattern.pattern.regex.groupindex)
            )


ROUTES = list(_walk(get_resolver().url_patterns))


# --- The world the table is checked against, built once for the module -------------------


@dataclass
class World:
    children: dict[str, Person]
    clients: dict[str, Client]
    token: ApiToken
    steps: dict[str, dict[str, int]] = field(default_factory=dict)  # each child's journey


def _child(trust, team: str, worker, family: str) -> Person:
    child = Person.objects.create(
        responsible_council=trust.council,
        given_names="Matrix",
        family_name=family,
        date_of_birth=datetime.date(2016, 2, 3),
    )
    actions.assign_la_child_id(child)
    actions.index_names(child)
    Allocation.objects.create(
        child=child, team=trust.teams[team], worker=worker, start_date=datetime.date(2024, 1, 1)
    )
    return child


def _build_world() -> World:
    trust = build_trust(password="matrix password for tests")
    users = trust.personas
    children = {
        "own": _child(trust, "Child Protection Team North", users["social.worker"], "Own"),
        "teammate": _child(trust, "Child Protection Team North", None, "Teammate"),
        "other_team": _child(trust, "Assessment Team East", users["other.worker"], "Elsewhere"),
        "restricted": _child(trust, "Child Protection Team North", None, "Restricted"),
        "shared": _child(trust, "Child Protection Team South", None, "Shared"),
    }
    actions.restrict_record(
        children["restricted"],
        actor=users["team.manager"],
        restriction=Person.Restriction.STAFF_RELATIVE,
        named_users=[],
    )
    actions.share_with_agency(
        children["shared"],
        actor=users["head.of.service"],
        agency=trust.police,
        purpose="Section 47 enquiry",
        legal_basis="Children Act 1989 s47",
    )
    create_api_token(users["social.worker"], name="matrix")
    care_matrix.put_in_care(children.values(), users["team.manager"])
    clients = {ANONYMOUS: Client()}
    for username, user in users.items():
        clients[username] = Client()
        clients[username].force_login(user)
    staff = {"worker": users["social.worker"], "manager": users["team.manager"]}
    steps = {kind: record_journey(child, **staff) for kind, child in children.items()}
    return World(children, clients, ApiToken.objects.get(name="matrix"), steps)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once; each test's own writes (audit entries, sessions) are rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


def _status(response):
    if response.status_code == 302 and response["Location"].startswith("/login/"):
        return LOGIN
    return response.status_code


def _param_values(rule, world) -> dict[str | None, int | None]:
    if hasattr(rule, "param_values"):  # an app's own kind of row fills its own ids
        return rule.param_values(world)
    if rule.param == "child":
        return {kind: child.pk for kind, child in world.children.items()}
    if rule.param == "step":
        return {kind: steps[rule.step] for kind, steps in world.steps.items()}
    if rule.param == "token":
        return {None: world.token.pk}
    if rule.param == "provider":  # the matrix's provider (looked_after/tests/matrix.py)
        return {None: care_matrix.PROVIDER_ID}
    if rule.param == "path":
        return {None: "no/such/thing"}
    return {None: None}


# --- The table is complete --------------------------------------------------------------


def test_every_url_pattern_is_in_the_table():
    missing = sorted(
        {f"{r.name or '(no name)'} at /{r.path}" for r in ROUTES if r.name not in URLS}
    )
    assert not missing, (
        "These URL patterns are not in the access matrix. Add each to URLS in "
        "tests/test_access_matrix.py, saying which personas get 200, 403 and 404 "
        "(a page without a name must be given one first):\n  " + "\n  ".join(missing)
    )


def test_the_table_names_no_url_that_has_gone():
    gone = sorted(set(URLS) - {r.name for r in ROUTES})
    assert not gone, f"Remove these from URLS in tests/test_access_matrix.py: {gone}"


def test_every_url_with_an_id_says_what_the_id_is():
    unfilled = [r.name for r in ROUTES if r.params and r.name in URLS and not URLS[r.name].param]
    assert not unfilled, f"Set param= for these URLs in the access matrix: {unfilled}"


# --- Every URL, every persona -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name or r.path)
def test_each_persona_gets_the_status_in_the_table(route, world):
    rule = URLS.get(route.name)
    if rule is None:
        pytest.fail(f"{route.name} (/{route.path}) is not in the access matrix: add it to URLS")
    wrong = []
    for child, value in _param_values(rule, world).items():
        url = route.url(value) if route.params else reverse(route.name)
        for persona, client in world.clients.items():
            last = _last_audit_seq()
            expected, got = rule.expected(persona, child), _status(client.get(url))
            if got != expected:
                wrong.append(f"{persona} on {child or 'GET'} {url}: expected {expected}, got {got}")
            elif child and got == 200 and not _viewed(world.children[child], persona, last):
                wrong.append(f"{persona} on {child} {url}: the view was not audited")
    assert not wrong, "\n".join(wrong)


def _last_audit_seq() -> int:
    return AuditEntry.objects.aggregate(last=Max("seq"))["last"] or 0


def _viewed(child: Person, username: str, after_seq: int) -> bool:
    return AuditEntry.objects.filter(
        seq__gt=after_seq, action=AuditAction.VIEW, child_id=child.pk, actor_username=username
    ).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", NEVER_A_CHILD)
def test_analysts_viewers_and_admins_never_reach_a_child(persona, world):
    """Checked apart from the table, so an edit to the table cannot let them in."""
    client = world.clients[persona]
    child_routes = [r for r in ROUTES if URLS.get(r.name) and URLS[r.name].param == "child"]
    assert child_routes
    for route in child_routes:
        for child in world.children.values():
            assert client.get(route.url(child.pk)).status_code == 404, route.url(child.pk)


# --- Writes: read-only gets 403, an outsider 404, and nothing is written ----------------

# A write that answers without a redirect says what it answers instead of 302.
POST_OK = {"notes:draft": 204}

POSTS = {
    **care_matrix.POSTS,
    "notes:new": {"kind": "phone", "event_date_0": "2", "event_date_1": "3",
                  "event_date_2": "2025", "title": "Matrix note", "body": "Spoke to school"},
    "notes:draft": {"title": "Matrix draft", "body": "Typed so far"},
    "people:child_edit": {
        "given_names": "Changed",
        "family_name": "Name",
        "date_of_birth_0": "3",
        "date_of_birth_1": "2",
        "date_of_birth_2": "2016",
        "sex": "F",
        "ethnicity": "WBRI",
    },
    "people:address_new": {
        "line_1": "1 Example Row",
        "town": "Fernbridge",
        "postcode": "B1 1AA",
        "start_date_0": "1",
        "start_date_1": "1",
        "start_date_2": "2024",
    },
    "people:other_name_new": {"kind": "alias", "given_names": "Alias", "family_name": "Name"},
    "people:relationship_new": {"kind": "mother", "given_names": "Parent", "family_name": "Name"},
    "people:professional_new": {"name": "A Visitor", "role": "Health visitor"},
}


# A write that needs the record in another state first: set up inside the rolled-back block.
BEFORE_POST = {**care_matrix.BEFORE_POST}


def _as_it_is(child: Person) -> None:
    pass


def _fingerprint(child: Person) -> tuple:
    """Everything a change page could write about the child."""
    fresh = Person.objects.get(pk=child.pk)
    return (
        fresh.given_names,
        fresh.family_name,
        fresh.sex,
        fresh.other_names.count(),
        fresh.addresses.count(),
        fresh.relationships.count(),
        fresh.professionals.count(),
        Person.objects.count(),
        fresh.case_notes.count(),
        Draft.objects.filter(child=fresh).count(),
        AuditEntry.objects.filter(child_id=fresh.pk, action__in=[  # any audited write
            AuditAction.CREATE, AuditAction.UPDATE]).count(),
    )


def test_every_change_page_has_a_post_to_try():
    changes = {
        name for name, rule in URLS.items() if isinstance(rule, ChildPage) and rule.needs == CHANGE
    }
    assert changes == set(POSTS), "Add a valid POST for each change page to POSTS"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(POSTS))
def test_posts_to_change_pages_are_refused_without_change_scope(name, world):
    wrong = []
    for kind, child in world.children.items():
        for persona, client in world.clients.items():
            if persona == ANONYMOUS:
                continue
            grant = SCOPE[kind].get(persona)
            expected = {CHANGE: POST_OK.get(name, 302), READ: 403, None: 404}[grant]
            with transaction.atomic():
                BEFORE_POST.get(name, _as_it_is)(child)
                before = _fingerprint(child)
                got = client.post(reverse(name, args=[child.pk]), POSTS[name]).status_code
                changed = _fingerprint(child) != before
                transaction.set_rollback(True)  # so each persona starts from the same record
            if got != expected or changed != (grant == CHANGE):
                wrong.append(
                    f"{persona} on {kind}: expected {expected}, got {got}; "
                    f"record {'changed' if changed else 'unchanged'}"
                )
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_read_only_teammate_gets_403_on_every_write(world):
    client, child = world.clients["social.worker"], world.children["teammate"]
    before = _fingerprint(child)
    for name, data in POSTS.items():
        assert client.post(reverse(name, args=[child.pk]), data).status_code == 403, name
    assert _fingerprint(child) == before


@pytest.mark.django_db
def test_outsider_gets_404_on_every_write(world):
    client, child = world.clients["other.worker"], world.children["own"]
    before = _fingerprint(child)
    for name, data in POSTS.items():
        assert client.post(reverse(name, args=[child.pk]), data).status_code == 404, name
    assert _fingerprint(child) == before


@pytest.mark.django_db
def test_nobody_can_revoke_someone_elses_api_token(world):
    url = reverse("accounts:revoke_token", args=[world.token.pk])
    for persona in EVERYONE - {"social.worker"}:
        assert world.clients[persona].post(url).status_code == 404, persona
    assert not ApiToken.objects.filter(pk=world.token.pk, revoked_at__isnull=False).exists()


# --- Lists show exactly the children in scope --------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", sorted(CHILD_READERS))
def test_lists_show_exactly_the_children_in_scope(persona, world):
    client = world.clients[persona]
    expected = {world.children[kind].pk for kind, grants in SCOPE.items() if persona in grants}
    listed = {c["id"] for c in client.get("/api/v1/children").json()}
    assert listed == expected
    page = client.get("/children/").content.decode()
    on_page = {c.pk for c in world.children.values() if c.la_child_id in page}
    assert on_page == expected
