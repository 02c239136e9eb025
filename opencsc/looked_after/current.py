"""What a form about a child's care acts on, read from a child already opened through
``opencsc.people.access`` (so scoped and audited): the open period of care, the period or
placement a date falls in, the missing episode to close, the adoption in progress.

Pages live under the child (/children/<id>/care/...), and these pick the row, so a worker
recording a review or a visit never has to know which period of care it belongs to.
"""

import datetime

from .models import Adoption, MissingEpisode, PeriodOfCare, Placement, PreviousPermanence


def open_period(child) -> PeriodOfCare | None:
    return child.periods_of_care.filter(end_date__isnull=True).first()


def latest_period(child) -> PeriodOfCare | None:
    return child.periods_of_care.order_by("-start_date", "-pk").first()


def period_on(child, day: datetime.date) -> PeriodOfCare | None:
    """The period of care the day falls in; else the open or latest one, whose entry rule
    then says the date is outside it."""
    periods = list(child.periods_of_care.order_by("-start_date", "-pk"))
    for period in periods:
        if period.start_date <= day and (period.end_date is None or day <= period.end_date):
            return period
    return periods[0] if periods else None


def placement_on(child, day: datetime.date) -> Placement | None:
    """The placement the child was in on the day; else the latest placement."""
    placements = list(child.placements.select_related("period").order_by("-start_date", "-pk"))
    for placement in placements:
        ends = placement.end_date
        if placement.start_date <= day and (ends is None or day < ends):
            return placement
    return placements[0] if placements else None


def missing_to_close(child) -> MissingEpisode | None:
    """The episode the child is missing from now; else the latest one, so a return
    interview offered later can still be recorded against it."""
    episodes = child.missing_episodes.order_by("-start_date", "-pk")
    return episodes.filter(end_date__isnull=True).first() or episodes.first()


def adoption_in_progress(child) -> Adoption | None:
    """The latest adoption plan, unless it ended (adoption order or reversal)."""
    latest = child.adoptions.order_by("-decision_date", "-pk").first()
    if latest is None or latest.adoption_order_date or latest.reversed_date:
        return None
    return latest


def never_looked_after(child) -> str:
    if not child.periods_of_care.exists():
        return "This child has never been looked after. Record that they became looked after first"
    return ""


def not_looked_after_now(child) -> str:
    if open_period(child) is None:
        return "This child is not looked after now"
    return ""


def looked_after_now(child) -> str:
    if open_period(child) is not None:
        return "This child is already looked after. Record a change of legal status or " \
               "placement instead"
    return ""


def previous_permanence(child) -> PreviousPermanence | None:
    return PreviousPermanence.objects.filter(child=child).first()
