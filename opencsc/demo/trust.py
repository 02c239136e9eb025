"""The fictional demo trust: its council, service areas, teams, partner agencies and staff.

Every name here is invented. The council uses LA code 330 so that returns built from
the demo look like a real council's, but nothing else about it is real.
"""

import datetime
import functools
import random
import zlib
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from opencsc.core.roles import Role
from opencsc.organisations.models import (
    Organisation,
    PartnerAgency,
    RoleSecurityPolicy,
    ServiceArea,
    StaffMember,
    Team,
)

TRUST_NAME = "Fernbridge Children's Trust"
COUNCIL_NAME = "Fernbridge City Council"
COUNCIL_LA_CODE = "330"

SERVICE_AREAS = {
    "Front door and assessment": [
        ("Front Door and MASH", Team.Kind.FRONT_DOOR),
        ("Assessment Team East", Team.Kind.ASSESSMENT),
    ],
    "Safeguarding": [
        ("Child Protection Team North", Team.Kind.CHILD_PROTECTION),
        ("Child Protection Team South", Team.Kind.CHILD_PROTECTION),
        ("Children in Need Team", Team.Kind.CHILD_IN_NEED),
    ],
    "Children in care": [
        ("Children in Care Team", Team.Kind.CHILDREN_IN_CARE),
        ("Care Leavers Team", Team.Kind.CARE_LEAVERS),
        ("Fostering Team", Team.Kind.FOSTERING),
    ],
}

# username: (given, family, role, team or None, service area or None, employment type)
PERSONAS = {
    "social.worker": ("Sam", "Okafor", Role.SOCIAL_WORKER, "Child Protection Team North", None,
                      "permanent"),
    "other.worker": ("Priya", "Lindqvist", Role.SOCIAL_WORKER, "Assessment Team East", None,
                     "agency"),
    "front.door": ("Jo", "Adebayo", Role.SOCIAL_WORKER, "Front Door and MASH", None,
                   "permanent"),
    "team.manager": ("Morgan", "Achterberg", Role.TEAM_MANAGER, "Child Protection Team North",
                     None, "permanent"),
    "head.of.service": ("Rowan", "Castellano", Role.HEAD_OF_SERVICE, None, "Safeguarding",
                        "permanent"),
    "analyst": ("Avery", "Nakamura", Role.ANALYST, None, None, "permanent"),
    "council.viewer": ("Jordan", "Whitlock", Role.COUNCIL_VIEWER, None, None, "permanent"),
    "board.member": ("Robin", "Ashworth", Role.BOARD_MEMBER, None, None, "permanent"),
    "police.partner": ("Casey", "Brennan", Role.PARTNER, None, None, "permanent"),
    "admin": ("Alex", "Osei", Role.ADMIN, None, None, "permanent"),
}

# Teams that hold children's cases; the fostering team supports carers instead.
CASE_HOLDING_TEAMS = [
    "Front Door and MASH", "Assessment Team East", "Child Protection Team North",
    "Child Protection Team South", "Children in Need Team", "Children in Care Team",
    "Care Leavers Team",
]
# The staff are part of the trust, not of a sample of children: the same whatever the
# seed, so seeding twice finds them already there.
STAFF_SEED = 1989
WORKER_TITLES = ["Social worker", "Social worker", "Senior social worker",
                 "Advanced practitioner", "Social worker (ASYE)"]


@dataclass
class Trust:
    trust: Organisation
    council: Organisation
    teams: dict[str, Team]
    areas: dict[str, ServiceArea]
    police: PartnerAgency
    personas: dict[str, object] = field(default_factory=dict)


@transaction.atomic
def build_trust(password: str | None = None) -> Trust:
    """Create the trust, its council, teams, agencies and the demo personas (idempotent)."""
    trust, _ = Organisation.objects.get_or_create(name=TRUST_NAME,
                                                  defaults={"kind": Organisation.Kind.TRUST})
    council, _ = Organisation.objects.get_or_create(
        la_code=COUNCIL_LA_CODE,
        defaults={"name": COUNCIL_NAME, "kind": Organisation.Kind.COUNCIL,
                  "gss_code": "E08999901"},
    )
    trust.delivers_for.add(council)
    areas, teams = {}, {}
    for area_name, team_specs in SERVICE_AREAS.items():
        areas[area_name], _ = ServiceArea.objects.get_or_create(name=area_name,
                                                                organisation=trust)
        for name, kind in team_specs:
            teams[name], _ = Team.objects.get_or_create(
                name=name, defaults={"kind": kind, "service_area": areas[area_name]})
    police, _ = PartnerAgency.objects.get_or_create(
        name="Fernbridge Police Safeguarding Hub", defaults={"kind": PartnerAgency.Kind.POLICE})
    for role in Role.values:
        RoleSecurityPolicy.objects.get_or_create(role=role)
    result = Trust(trust, council, teams, areas, police)
    hashed = make_password(password or settings.DEMO_PASSWORD)
    for username, spec in PERSONAS.items():
        result.personas[username] = _persona(result, username, spec, hashed)
    return result


def _persona(trust: Trust, username: str, spec, hashed_password: str):
    given, family, role, team, area, employment = spec
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"first_name": given, "last_name": family, "password": hashed_password,
                  "email": f"{username}@fernbridge.example"},
    )
    staff, _ = StaffMember.objects.get_or_create(user=user, defaults={
        "role": role,
        "job_title": Role(role).label,
        "employer": trust.council if role == Role.COUNCIL_VIEWER else trust.trust,
        "employment_type": employment,
        "start_date": datetime.date(2020, 4, 1),
        "service_area": trust.areas.get(area) if area else None,
        "council": trust.council if role == Role.COUNCIL_VIEWER else None,
        "agency": trust.police if role == Role.PARTNER else None,
        "social_work_england_id": f"SW{zlib.crc32(username.encode()) % 10**6:06d}"
        if role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER) else "",
    })
    if team:
        staff.teams.add(trust.teams[team])
    return user


@dataclass
class TeamStaff:
    manager: object
    workers: list = field(default_factory=list)


def add_team_staff(trust: Trust, password: str | None = None) -> dict[str, TeamStaff]:
    """A team manager and at least 4 to 8 social workers for every team, personas included,
    with any workers ``hire_social_worker`` added when seeding before (idempotent).

    About one in seven is an agency worker and about one in ten is still employed by the
    council rather than the trust.
    """
    from .names import POOLS  # a data module; imported here to keep trust.py light

    rng = random.Random(STAFF_SEED)
    hashed = _hashed(password or settings.DEMO_PASSWORD)
    personas = {spec[3]: [] for spec in PERSONAS.values() if spec[3]}
    for username, spec in PERSONAS.items():
        if spec[3]:
            personas[spec[3]].append((spec[2], trust.personas[username]))
    staff, taken = {}, set(PERSONAS)
    for name, team in trust.teams.items():
        members = personas.get(name, [])
        manager = next((u for role, u in members if role == Role.TEAM_MANAGER), None)
        workers = [u for role, u in members if role == Role.SOCIAL_WORKER]
        if manager is None:
            manager = _staff_member(trust, team, Role.TEAM_MANAGER, rng, POOLS, taken, hashed)
        for _ in range(rng.randint(4, 8) - len(workers)):
            workers.append(_staff_member(trust, team, Role.SOCIAL_WORKER, rng, POOLS, taken,
                                         hashed))
        hired = get_user_model().objects.filter(
            staff__teams=team, staff__role=Role.SOCIAL_WORKER, staff__end_date__isnull=True,
        ).exclude(pk__in=[w.pk for w in workers]).order_by("pk")
        staff[name] = TeamStaff(manager, workers + list(hired))
    return staff


def hire_social_worker(trust: Trust, team_name: str, staff: TeamStaff,
                       password: str | None = None):
    """One more social worker for a team whose workers' caseloads are full: the seeder
    grows each team with its open cases. The same team's n-th hire is always the same
    person, whatever the seed."""
    from .names import POOLS

    rng = random.Random(f"{STAFF_SEED} {team_name} {len(staff.workers)}")
    user = _staff_member(trust, trust.teams[team_name], Role.SOCIAL_WORKER, rng, POOLS,
                         _TakenInDatabase(), _hashed(password or settings.DEMO_PASSWORD))
    staff.workers.append(user)
    return user


class _TakenInDatabase:
    """The usernames already in use, asked of the database one at a time."""

    def __contains__(self, username: str) -> bool:
        return get_user_model().objects.filter(username=username).exists()

    def add(self, username: str) -> None:
        pass


@functools.lru_cache(maxsize=4)
def _hashed(password: str) -> str:
    return make_password(password)


def _staff_member(trust: Trust, team: Team, role: str, rng: random.Random, pools, taken,
                  hashed_password: str):
    pool = pools[rng.choice(["british"] * 6 + sorted(pools))]
    given = rng.choice(pool.male + pool.female)
    family = rng.choice(pool.family)
    username = base = f"{given}.{family}".lower().replace("'", "")
    while username in taken:
        username = f"{base}{rng.randint(2, 99)}"
    taken.add(username)
    agency = rng.random() < 0.15
    council_employee = not agency and rng.random() < 0.1
    user, _ = get_user_model().objects.get_or_create(username=username, defaults={
        "first_name": given, "last_name": family, "password": hashed_password,
        "email": f"{username}@fernbridge.example",
    })
    year = rng.randint(2023, 2024) if agency else rng.randint(2008, 2024)
    staff, _ = StaffMember.objects.get_or_create(user=user, defaults={
        "role": role,
        "job_title": "Team manager" if role == Role.TEAM_MANAGER else rng.choice(WORKER_TITLES),
        "employer": trust.council if council_employee else trust.trust,
        "employment_type": "agency" if agency else "permanent",
        "start_date": datetime.date(year, rng.randint(1, 12), 1),
        "social_work_england_id": f"SW{zlib.crc32(username.encode()) % 10**6:06d}",
    })
    staff.teams.add(team)
    return user
