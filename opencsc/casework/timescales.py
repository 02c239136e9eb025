"""The table of statutory (and local) timescales, and their computation from the record.

Each rule cites its source. Statutory rules come from Working Together to Safeguard
Children 2023 (WT2023); rules marked local are common local practice where WT2023 sets
no national figure (shared/domain/reference.md section 1), and a trust can change them.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from opencsc.core.working_days import add_months, add_working_days


class Unit(StrEnum):
    WORKING_DAYS = "working days"
    MONTHS = "months"


@dataclass(frozen=True)
class TimescaleRule:
    code: str
    label: str
    amount: int
    unit: Unit
    source: str
    statutory: bool = True

    def due(self, basis: datetime.date) -> datetime.date:
        if self.unit == Unit.WORKING_DAYS:
            return add_working_days(basis, self.amount)
        return add_months(basis, self.amount)

    @property
    def description(self) -> str:
        return f"{self.amount} {self.unit}"


RULES = {r.code: r for r in [
    TimescaleRule("contact_decision", "Decide on the contact", 1, Unit.WORKING_DAYS,
                  "WT2023 ch. 2: a decision on next steps within 1 working day of a referral"),
    TimescaleRule("assessment", "Complete the assessment", 45, Unit.WORKING_DAYS,
                  "WT2023 ch. 2: a decision within 45 working days of the referral"),
    TimescaleRule("icpc", "Hold the initial child protection conference", 15,
                  Unit.WORKING_DAYS,
                  "WT2023 ch. 2: within 15 working days of the strategy discussion at which "
                  "the section 47 enquiry was started"),
    TimescaleRule("core_group", "Hold the first core group", 10, Unit.WORKING_DAYS,
                  "Working Together: first core group within 10 working days of the initial "
                  "conference"),
    TimescaleRule("rcpc_first", "Hold the first review conference", 3, Unit.MONTHS,
                  "WT2023 ch. 2: first review within 3 months of the initial conference"),
    TimescaleRule("rcpc", "Hold the next review conference", 6, Unit.MONTHS,
                  "WT2023 ch. 2: further reviews at intervals of not more than 6 months"),
    TimescaleRule("cp_visit", "Visit the child (child protection)", 10, Unit.WORKING_DAYS,
                  "Local practice: the child seen at least every 10 working days while on a "
                  "plan (WT2023 sets no national frequency)", statutory=False),
    TimescaleRule("cin_visit", "Visit the child (child in need)", 20, Unit.WORKING_DAYS,
                  "Local practice: the child seen at least every 20 working days on a child in "
                  "need plan (no national frequency)", statutory=False),
    TimescaleRule("cin_review", "Review the child in need plan", 3, Unit.MONTHS,
                  "Local practice: child in need plans reviewed at least every 3 months "
                  "(WT2023: reviewed regularly)", statutory=False),
]}

DUE_SOON_WORKING_DAYS = 5


class Status(StrEnum):
    ON_TRACK = "on track"
    DUE_SOON = "due soon"
    OVERDUE = "overdue"
    MET = "met"
    MET_LATE = "met late"


def status_of(due: datetime.date, met: datetime.date | None, today: datetime.date) -> Status:
    if met is not None:
        return Status.MET if met <= due else Status.MET_LATE
    if today > due:
        return Status.OVERDUE
    if add_working_days(today, DUE_SOON_WORKING_DAYS) >= due:
        return Status.DUE_SOON
    return Status.ON_TRACK
