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
    DAYS = "days"
    WEEKS = "weeks"
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
        if self.unit == Unit.DAYS:
            return basis + datetime.timedelta(days=self.amount)
        if self.unit == Unit.WEEKS:
            return basis + datetime.timedelta(weeks=self.amount)
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
    # Children looked after: Care Planning, Placement and Case Review (England)
    # Regulations 2010 (CPPCR, SI 2010/959) and statutory guidance.
    TimescaleRule("care_plan", "Prepare the care plan", 10, Unit.WORKING_DAYS,
                  "CPPCR reg 4: before the first placement or within 10 working days of it"),
    TimescaleRule("placement_plan", "Prepare the placement plan", 5, Unit.WORKING_DAYS,
                  "CPPCR reg 9: before the placement or within 5 working days of its start"),
    TimescaleRule("lac_review_first", "Hold the first looked-after review", 20,
                  Unit.WORKING_DAYS, "CPPCR reg 33: within 20 working days of becoming looked "
                  "after"),
    TimescaleRule("lac_review_second", "Hold the second looked-after review", 3, Unit.MONTHS,
                  "CPPCR reg 33: not more than 3 months after the first review"),
    TimescaleRule("lac_review", "Hold the next looked-after review", 6, Unit.MONTHS,
                  "CPPCR reg 33: subsequent reviews not more than 6 months apart"),
    TimescaleRule("lac_visit_first", "Visit the child in the new placement", 1, Unit.WEEKS,
                  "CPPCR reg 28(2)(a): within one week of the start of any placement"),
    TimescaleRule("lac_visit_weekly", "Visit the child (weekly until the first review)", 1,
                  Unit.WEEKS, "CPPCR regs 28 and 19: placed with a parent, weekly until the "
                  "first review"),
    TimescaleRule("lac_visit_4_weekly", "Visit the child (every 4 weeks)", 4, Unit.WEEKS,
                  "CPPCR reg 28: after the first review, not more than 4 weeks apart for a "
                  "connected person approved temporarily (reg 24) or a child placed with a "
                  "parent under an interim care order"),
    TimescaleRule("lac_visit", "Visit the child", 6, Unit.WEEKS,
                  "CPPCR reg 28(2)(b): intervals of not more than 6 weeks in the first year of "
                  "a placement"),
    TimescaleRule("lac_visit_long_term", "Visit the child (long-term placement)", 3,
                  Unit.MONTHS, "CPPCR reg 28(2)(c): after the first year, not more than 3 "
                  "months apart where the placement is intended to last until 18"),
    TimescaleRule("lac_visit_care_order", "Visit the child after the care order", 1,
                  Unit.WEEKS, "CPPCR reg 28(5): a child living with a parent when a care "
                  "order is made is visited within one week of the order, then at intervals "
                  "of not more than 6 weeks"),
    TimescaleRule("lac_visit_requested", "Make the extra visit asked for", 3,
                  Unit.WORKING_DAYS, "CPPCR reg 28: an extra visit when the child or the "
                  "carer reasonably asks for one, or when the authority is told the placement "
                  "is at risk of disruption. The regulations set no period: 3 working days is "
                  "this service's own standard", statutory=False),
    TimescaleRule("iha", "Initial health assessment", 20, Unit.WORKING_DAYS,
                  "Promoting the health and well-being of looked-after children (2015): in "
                  "time to inform the first review, within 20 working days"),
    TimescaleRule("rha_under_5", "Review health assessment (under 5)", 6, Unit.MONTHS,
                  "Promoting the health and well-being of looked-after children: every 6 "
                  "months for a child under 5"),
    TimescaleRule("rha", "Review health assessment", 12, Unit.MONTHS,
                  "Promoting the health and well-being of looked-after children: every 12 "
                  "months from age 5"),
    TimescaleRule("pep_first", "Initial personal education plan", 10, Unit.WORKING_DAYS,
                  "Promoting the education of looked-after children (2018): within 10 working "
                  "days of becoming looked after"),
    TimescaleRule("pep", "Review the personal education plan", 4, Unit.MONTHS,
                  "Promoting the education of looked-after children (2018): reviewed each "
                  "school term (taken as every 4 months)", statutory=False),
    TimescaleRule("return_interview", "Offer a return home interview", 3, Unit.DAYS,
                  "Children who run away or go missing from home or care (2014): offered "
                  "within 72 hours of the child's return"),
    TimescaleRule("needs_assessment", "Assess the care leaver's needs", 3, Unit.MONTHS,
                  "Care Leavers (England) Regulations 2010 / CPPCR Part 7: within 3 months of "
                  "becoming an eligible child"),
    TimescaleRule("pathway_plan_review", "Review the pathway plan", 6, Unit.MONTHS,
                  "Care Leavers (England) Regulations 2010: reviewed at least every 6 months"),
    TimescaleRule("keep_in_touch", "Be in touch around the birthday", 1, Unit.MONTHS,
                  "SSDA903 OC3: in touch 'on or around' the 17th to 21st birthdays; taken as "
                  "3 months before to 1 month after (to confirm against the 903 guide)",
                  statutory=False),
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
