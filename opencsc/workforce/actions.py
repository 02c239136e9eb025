"""The only way to change the workforce record. Each action runs in one transaction and
writes its audit entry inside it. Who may call which is decided in ``access``."""

import datetime
import re
import unicodedata
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from opencsc.core import audit
from opencsc.core.models import AuditAction
from opencsc.organisations.models import StaffMember, Team

from .models import Leaving, Post, SicknessAbsence, SupervisionSession, WorkforceRecord


def _iso(value):
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


@transaction.atomic
def record_post(team: Team, *, title: str, fte: Decimal, social_work: bool,
                start_date: datetime.date, end_date: datetime.date | None, actor) -> Post:
    """Add a funded post to a team's establishment."""
    post = Post.objects.create(team=team, title=title, fte=fte, social_work=social_work,
                               start_date=start_date, end_date=end_date, recorded_by=actor)
    audit.record(actor, AuditAction.CREATE, obj=post, changes={
        "team": team.pk, "title": title, "fte": str(fte), "social_work": social_work,
        "start_date": _iso(start_date), "end_date": _iso(end_date) if end_date else None})
    return post


@transaction.atomic
def record_starter(team: Team, *, given_name: str, family_name: str, role: str,
                   job_title: str, employment_type: str, fte: Decimal,
                   start_date: datetime.date, actor) -> StaffMember:
    """Add someone joining the team. Their account is made without a password: they sign
    in once an administrator has set them up, as for any new member of staff."""
    user = get_user_model().objects.create(
        username=_free_username(given_name, family_name), first_name=given_name,
        last_name=family_name)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    staff = StaffMember.objects.create(
        user=user, role=role, job_title=job_title, employment_type=employment_type,
        employer=team.service_area.organisation, start_date=start_date)
    staff.teams.add(team)
    WorkforceRecord.objects.create(staff=staff, fte=fte, recorded_by=actor)
    audit.record(actor, AuditAction.CREATE, obj=staff, changes={
        "team": team.pk, "role": role, "employment_type": employment_type, "fte": str(fte),
        "start_date": _iso(start_date)})
    return staff


def _free_username(given: str, family: str) -> str:
    plain = unicodedata.normalize("NFKD", f"{given}.{family}").encode("ascii", "ignore")
    base = re.sub(r"[^a-z0-9.]", "", plain.decode().lower()) or "staff"
    taken = set(get_user_model().objects.filter(username__startswith=base)
                .values_list("username", flat=True))
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}{n}"
    return name


@transaction.atomic
def change_hours(staff: StaffMember, *, fte: Decimal, actor) -> WorkforceRecord:
    """Set someone's contracted hours as a full-time equivalent (the audit keeps the old)."""
    record, _ = WorkforceRecord.objects.get_or_create(staff=staff)
    before = record.fte
    record.fte, record.recorded_by = fte, actor
    record.save(update_fields=["fte", "recorded_by"])
    audit.record(actor, AuditAction.UPDATE, obj=record, changes={
        "staff": staff.pk, "fte": [str(before), str(fte)]})
    return record


@transaction.atomic
def record_leaver(staff: StaffMember, *, last_day: datetime.date, reason: str,
                  destination: str, actor) -> Leaving:
    """Record that someone left: their last day ends their employment (and their access
    from the day after), and why they left is kept in the census's codes."""
    before = staff.end_date
    staff.end_date = last_day
    staff.save(update_fields=["end_date"])
    leaving = Leaving.objects.create(staff=staff, reason=reason, destination=destination,
                                     recorded_by=actor)
    audit.record(actor, AuditAction.UPDATE, obj=staff, changes={
        "end_date": [_iso(before) if before else None, _iso(last_day)],
        "reason": reason, "destination": destination})
    return leaving


@transaction.atomic
def record_sickness(staff: StaffMember, *, start_date: datetime.date,
                    end_date: datetime.date, working_days_lost: Decimal,
                    actor) -> SicknessAbsence:
    absence = SicknessAbsence.objects.create(
        staff=staff, start_date=start_date, end_date=end_date,
        working_days_lost=working_days_lost, recorded_by=actor)
    audit.record(actor, AuditAction.CREATE, obj=absence, changes={
        "staff": staff.pk, "start_date": _iso(start_date), "end_date": _iso(end_date),
        "working_days_lost": str(working_days_lost)})
    return absence


@transaction.atomic
def record_supervision(staff: StaffMember, *, date: datetime.date, supervisor,
                       actor) -> SupervisionSession:
    session = SupervisionSession.objects.create(staff=staff, supervisor=supervisor, date=date,
                                                recorded_by=actor)
    audit.record(actor, AuditAction.CREATE, obj=session, changes={
        "staff": staff.pk, "supervisor": supervisor.pk, "date": _iso(date)})
    return session
