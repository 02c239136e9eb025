"""A care leaver's status, derived from their care history (Children (Leaving Care) Act
2000; Care Leavers (England) Regulations 2010; shared/domain/reference.md section 1.4).

- eligible: aged 16 or 17, looked after now, and looked after for at least 13 weeks in
  total since the age of 14, a period of which ran past their 16th birthday;
- relevant: aged 16 or 17, no longer looked after, and eligible when care ended;
- former relevant: aged 18 to 25 and relevant, or eligible when care ended at 18;
- qualifying: aged 16 to 25, looked after on or after their 16th birthday, without
  meeting the 13-week test.
Short breaks (V3, V4) do not count towards the 13 weeks.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

THIRTEEN_WEEKS = datetime.timedelta(weeks=13)
SHORT_BREAKS = {"V3", "V4"}


class Status(StrEnum):
    ELIGIBLE = "eligible"
    RELEVANT = "relevant"
    FORMER_RELEVANT = "former relevant"
    QUALIFYING = "qualifying"
    NONE = ""


@dataclass(frozen=True)
class Span:
    """A stretch of time looked after with one legal status (an SSDA903 episode)."""

    start: datetime.date
    end: datetime.date | None
    legal_status: str


def birthday(born: datetime.date, years: int) -> datetime.date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # 29 February
        return born.replace(year=born.year + years, day=28)


def _time_looked_after(spans, since: datetime.date, until: datetime.date) -> datetime.timedelta:
    total = datetime.timedelta()
    for span in spans:
        if span.legal_status in SHORT_BREAKS:
            continue
        start, end = max(span.start, since), min(span.end or until, until)
        if end > start:
            total += end - start
    return total


def status_on(born: datetime.date, spans: list[Span], day: datetime.date) -> Status:
    if born is None or not spans:
        return Status.NONE
    sixteen, eighteen = birthday(born, 16), birthday(born, 18)
    if day < sixteen or day >= birthday(born, 25):
        return Status.NONE
    counted = [s for s in spans if s.legal_status not in SHORT_BREAKS]
    looked_after_now = any(s.start <= day and (s.end is None or s.end > day) for s in counted)
    last_end = max((s.end or day for s in counted), default=None)
    qualifies = _meets_thirteen_weeks(born, counted, min(last_end or day, day))
    after_sixteen = any((s.end is None or s.end > sixteen) for s in counted)
    if day < eighteen:
        if looked_after_now:
            return Status.ELIGIBLE if qualifies else Status.QUALIFYING
        if qualifies:
            return Status.RELEVANT
        return Status.QUALIFYING if after_sixteen else Status.NONE
    if qualifies:
        return Status.FORMER_RELEVANT
    return Status.QUALIFYING if after_sixteen else Status.NONE


def _meets_thirteen_weeks(born, spans, until) -> bool:
    sixteen = birthday(born, 16)
    ran_past_sixteen = any((s.end is None or s.end > sixteen) for s in spans)
    since_fourteen = _time_looked_after(spans, birthday(born, 14), until)
    return ran_past_sixteen and since_fourteen >= THIRTEEN_WEEKS


def spans_for(child) -> list[Span]:
    return [Span(e.start_date, e.end_date, e.legal_status) for e in child.care_episodes.all()]
