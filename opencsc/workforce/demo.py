"""The demo trust's workforce: posts with some vacancies, hours, two years of starters and
leavers with their reasons, sickness absence and six months of supervision. All invented.

Deterministic for the seed, and it depends on the staff, not the children: a few thousand
rows written in batches, however many children the demo holds. Seeding again leaves a
workforce already seeded alone.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from opencsc.core.roles import Role
from opencsc.demo.names import POOLS
from opencsc.organisations.models import StaffMember

from .codes import LeaverDestination, ReasonForLeaving
from .models import Leaving, Post, SicknessAbsence, SupervisionSession, WorkforceRecord

BATCH = 2000
PART_TIME = [Decimal("0.5"), Decimal("0.6"), Decimal("0.8"), Decimal("0.9")]
# Most social workers who leave resign; the rest spread over the census's other reasons.
REASONS = ([ReasonForLeaving.RESIGNATION] * 12 + [ReasonForLeaving.RETIRED] * 2
           + [ReasonForLeaving.MOVED_WITHIN_LA, ReasonForLeaving.DISMISSED,
              ReasonForLeaving.VOLUNTARY_REDUNDANCY, ReasonForLeaving.OTHER,
              ReasonForLeaving.NOT_KNOWN])
DESTINATIONS = ([LeaverDestination.OTHER_LA] * 5 + [LeaverDestination.AGENCY] * 3
                + [LeaverDestination.NON_LA_SOCIAL_WORK, LeaverDestination.NO_SOCIAL_CARE,
                   LeaverDestination.NOT_KNOWN, LeaverDestination.NOT_KNOWN])


@transaction.atomic
def seed(trust, *, seed: int, today: datetime.date) -> dict[str, int]:
    """Seed the workforce of the trust's teams, once their staff are made."""
    if Post.objects.filter(team__in=trust.teams.values()).exists():
        return {}
    rng = random.Random(f"workforce {seed}")
    counts = {"posts": 0, "starters": 0, "leavers": 0}
    for name in sorted(trust.teams):
        team = trust.teams[name]
        counts["posts"] += _posts(rng, team, today)
        counts["starters"] += _people(rng, trust, team, today, leavers=False)
        counts["leavers"] += _people(rng, trust, team, today, leavers=True)
    everyone = list(StaffMember.objects.filter(teams__in=trust.teams.values())
                    .distinct().order_by("pk").prefetch_related("teams"))
    counts["workforce records"] = _records(rng, everyone)
    counts["sickness episodes"] = _sickness(rng, everyone, today)
    counts["supervision sessions"] = _supervision(rng, trust, everyone, today)
    return counts


def _posts(rng, team, today) -> int:
    """A manager's post, a post for each social worker there now, and 0 to 2 more (vacant
    unless an agency worker covers them), plus business support."""
    workers = StaffMember.objects.filter(teams=team, role=Role.SOCIAL_WORKER,
                                         end_date__isnull=True).count()
    start = datetime.date(2020, 4, 1)
    titles = (["Team manager"] + ["Social worker"] * (workers + rng.randint(0, 2)))
    posts = [Post(team=team, title=t, fte=Decimal("1.00"), start_date=start) for t in titles]
    if rng.random() < 0.5:  # a part-time post, often the hardest to fill
        posts.append(Post(team=team, title="Social worker (part time)", fte=Decimal("0.50"),
                          start_date=today - datetime.timedelta(days=rng.randint(60, 400))))
    posts.append(Post(team=team, title="Business support officer", fte=Decimal("1.00"),
                      social_work=False, start_date=start))
    Post.objects.bulk_create(posts)
    return len(posts)


def _people(rng, trust, team, today, *, leavers: bool) -> int:
    """Social workers who joined (0 to 2) or left (1 to 3) the team in the last two years."""
    made = 0
    for _ in range(rng.randint(1, 3) if leavers else rng.randint(0, 2)):
        pool = POOLS[rng.choice(["british"] * 6 + sorted(POOLS))]
        given, family = rng.choice(pool.male + pool.female), rng.choice(pool.family)
        user = get_user_model().objects.create(
            username=_free(f"{given}.{family}".lower().replace("'", "")),
            first_name=given, last_name=family)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        days_ago = rng.randint(20, 720)
        start = (datetime.date(rng.randint(2012, 2022), rng.randint(1, 12), 1) if leavers
                 else today - datetime.timedelta(days=days_ago))
        member = StaffMember.objects.create(
            user=user, role=Role.SOCIAL_WORKER, job_title="Social worker",
            employer=trust.trust, start_date=start,
            employment_type="agency" if rng.random() < 0.15 else "permanent",
            end_date=today - datetime.timedelta(days=days_ago) if leavers else None)
        member.teams.add(team)
        if leavers:
            Leaving.objects.create(staff=member, reason=rng.choice(REASONS),
                                   destination=rng.choice(DESTINATIONS))
        made += 1
    return made


def _free(base: str) -> str:
    users = get_user_model().objects
    name, n = base, 1
    while users.filter(username=name).exists():
        n += 1
        name = f"{base}{n}"
    return name


def _records(rng, everyone) -> int:
    rows = [WorkforceRecord(staff=s, fte=rng.choice(PART_TIME) if rng.random() < 0.15
                            else Decimal("1.00")) for s in everyone]
    WorkforceRecord.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _sickness(rng, everyone, today) -> int:
    rows = []
    for member in everyone:
        for _ in range(rng.choice([0, 0, 0, 1, 1, 2])):
            first = today - datetime.timedelta(days=rng.randint(1, 720))
            if first < member.start_date or (member.end_date and first > member.end_date):
                continue
            length = rng.choice([1, 1, 2, 3, 5, 10, 20])
            rows.append(SicknessAbsence(
                staff=member, start_date=first,
                end_date=first + datetime.timedelta(days=length - 1),
                working_days_lost=Decimal(min(length, 15))))
    SicknessAbsence.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _supervision(rng, trust, everyone, today) -> int:
    """A session every 3 to 5 weeks over the last six months for each social worker in post,
    by their team's manager; about a third end up overdue. Six months, not more: enough for
    the pages, and the rows grow with the staff."""
    managers = {}
    for member in everyone:
        if member.role == Role.TEAM_MANAGER:
            for team in member.teams.all():
                managers.setdefault(team.pk, member.user_id)
    rows, now = [], timezone.now()
    for member in everyone:
        if member.role != Role.SOCIAL_WORKER or not member.is_active_on(today):
            continue
        teams = sorted(team.pk for team in member.teams.all())
        supervisor = managers.get(teams[0]) if teams else None
        day = today - datetime.timedelta(days=rng.randint(0, 45))
        since = max(member.start_date, today - datetime.timedelta(days=183))
        while supervisor and day >= since:
            rows.append(SupervisionSession(staff=member, supervisor_id=supervisor, date=day,
                                           recorded_at=now))
            day -= datetime.timedelta(days=rng.randint(21, 35))
    SupervisionSession.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)
