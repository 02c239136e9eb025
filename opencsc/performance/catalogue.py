"""The catalogue of measures a trust is judged on: one entry per measure, with its definition.

A measure is computed for a month. Flow measures count what happened in the 12 months to
the end of that month ("the year"); snapshot measures count children at the end of that
month. The figure for a March is therefore the figure the DfE publishes for the collection
year ending that 31 March (shared/domain/reference.md section 5), computed from the same
tables the returns are built from (``opencsc.performance.engine``).

Sources: "CIN" is the DfE Children in Need census and its statistical release
(Characteristics of children in need); "SSDA903" the children looked after return and its
release (Children looked after in England including adoptions); "ChAT" the Children's
services Analysis Tool used by regional improvement alliances; "local" a measure most trusts
keep that no national return carries. England figures are data: ``data/england.csv``.
"""

from dataclasses import dataclass
from enum import StrEnum


class Unit(StrEnum):
    PER_10K = "per 10,000 children"
    PERCENT = "percent"
    COUNT = "count"
    DAYS = "days"


class Direction(StrEnum):
    HIGHER = "higher is better"
    LOWER = "lower is better"
    NEITHER = "no direction of good"


@dataclass(frozen=True)
class Measure:
    code: str
    title: str
    area: str
    unit: Unit
    direction: Direction
    numerator: str
    denominator: str
    period: str
    children: str
    source: str

    @property
    def is_rate(self) -> bool:
        return self.unit == Unit.PER_10K


YEAR = "The 12 months to the end of the month"
AT_END = "The last day of the month"
POPULATION = "Children aged 0 to 17 living in the council's area (mid-year estimate)"
CLA_AT_END = ("Children looked after at the end of the month, leaving out those on a series "
              "of short breaks (legal status V3 or V4)")
LEAVERS = ("Care leavers whose 19th, 20th or 21st birthday fell in the year (SSDA903 OC3), "
           "including those not in touch")
EET = "F1, P1, F2, P2, F4, P4, F5 or P5"

FRONT_DOOR, CIN, CP, CLA, LEAVING, CASES = (
    "Front door", "Assessment and children in need", "Child protection",
    "Children looked after", "Care leavers", "Cases")

MEASURES: list[Measure] = [
    Measure("contacts_rate", "Contacts per 10,000 children", FRONT_DOOR, Unit.PER_10K,
            Direction.NEITHER, "Children named on contacts received in the year",
            POPULATION, YEAR, "Every child named on a contact; a contact about two children "
            "counts twice", "Local (contacts are not in the CIN census); ChAT front door"),
    Measure("referrals_rate", "Referrals per 10,000 children", FRONT_DOOR, Unit.PER_10K,
            Direction.NEITHER, "Referrals (CIN episodes) with a referral date in the year",
            POPULATION, YEAR, "Every referral of the council's children",
            "CIN census CINreferralDate; DfE Characteristics of children in need, referrals"),
    Measure("referrals_nfa", "Referrals with no further action", FRONT_DOOR, Unit.PERCENT,
            Direction.LOWER, "Referrals in the year recorded with no further action "
                             "(ReferralNFA true)",
            "Referrals in the year", YEAR, "Every referral of the council's children",
            "CIN census ReferralNFA; DfE Characteristics of children in need"),
    Measure("re_referrals", "Re-referrals within 12 months", FRONT_DOOR, Unit.PERCENT,
            Direction.LOWER, "Referrals in the year of a child who had another referral in "
                             "the 12 months before it",
            "Referrals in the year", YEAR, "Every referral of the council's children",
            "CIN census; DfE Characteristics of children in need, re-referrals"),
    Measure("assessments_45wd", "Assessments completed within 45 working days", CIN,
            Unit.PERCENT, Direction.HIGHER,
            "Assessments authorised in the year within 45 working days of their start",
            "Assessments authorised in the year", YEAR,
            "Every child and family assessment of the council's children",
            "CIN census AssessmentActualStartDate and AssessmentAuthorisationDate; DfE "
            "Characteristics of children in need, assessment timeliness (WT2023: 45 working "
            "days)"),
    Measure("children_in_need_rate", "Children in need per 10,000 children", CIN,
            Unit.PER_10K, Direction.NEITHER,
            "Children with a CIN episode open at the end of the month that was not a "
            "referral with no further action", POPULATION, AT_END,
            "Each child counted once", "CIN census; DfE Characteristics of children in need"),
    Measure("s47_rate", "Section 47 enquiries per 10,000 children", CP, Unit.PER_10K,
            Direction.NEITHER, "Section 47 enquiries started in the year", POPULATION, YEAR,
            "Every enquiry of the council's children",
            "CIN census S47ActualStartDate; DfE Characteristics of children in need"),
    Measure("icpc_15wd", "Initial conferences within 15 working days", CP, Unit.PERCENT,
            Direction.HIGHER, "Initial child protection conferences in the year held within "
                              "15 working days of the strategy discussion that started the "
                              "section 47 enquiry (DateOfInitialCPC on or before "
                              "InitialCPCtarget)",
            "Initial conferences in the year that followed a section 47 enquiry", YEAR,
            "Every initial conference of the council's children",
            "CIN census Section47 block; WT2023 chapter 2 (15 working days)"),
    Measure("cp_plans_rate", "Child protection plans per 10,000 children", CP, Unit.PER_10K,
            Direction.NEITHER, "Children on a child protection plan at the end of the month",
            POPULATION, AT_END, "Each child counted once",
            "CIN census ChildProtectionPlans; DfE Characteristics of children in need"),
    Measure("cp_repeat", "Repeat child protection plans", CP, Unit.PERCENT, Direction.LOWER,
            "Plans starting in the year that were the child's second or later plan ever "
            "(NumberOfPreviousCPP 1 or more)", "Plans starting in the year", YEAR,
            "Every plan of the council's children",
            "CIN census NumberOfPreviousCPP; DfE Characteristics of children in need"),
    Measure("cp_two_years", "Plans lasting 2 years or more", CP, Unit.PERCENT, Direction.LOWER,
            "Plans ending in the year that had lasted 2 years or more",
            "Plans ending in the year", YEAR, "Every plan of the council's children",
            "CIN census CPPstartDate and CPPendDate; DfE Characteristics of children in need"),
    Measure("cp_reviews_on_time", "Child protection reviews on time", CP, Unit.PERCENT,
            Direction.HIGHER, "Plans open at the end of the month, and open for 3 months or "
                              "more, whose every review so far was on time (first within 3 "
                              "months of the plan, then within 6 months of the last)",
            "Plans open at the end of the month and open 3 months or more", AT_END,
            "Every open plan of the council's children",
            "CIN census CPPreviewDate; DfE Characteristics of children in need; WT2023"),
    Measure("cp_visits_on_time", "Child protection visits on time", CP, Unit.PERCENT,
            Direction.HIGHER, "Plans open at the end of the month whose child was seen on a "
                              "child protection visit in the last 10 working days of the month",
            "Plans open at the end of the month that started 10 working days or more before "
            "it", AT_END, "Every open plan of the council's children",
            "Local: visits every 10 working days (WT2023 sets no national frequency)"),
    Measure("cla_rate", "Children looked after per 10,000 children", CLA, Unit.PER_10K,
            Direction.NEITHER, CLA_AT_END, POPULATION, AT_END, "Each child counted once",
            "SSDA903 Episodes; DfE Children looked after in England"),
    Measure("cla_three_placements", "Three or more placements in the year", CLA, Unit.PERCENT,
            Direction.LOWER, "Children looked after at the end of the month who lived in 3 or "
                             "more placements in the year (the placement at the start of the "
                             "year, and each new one: episodes starting with RNE S, P or B)",
            CLA_AT_END, YEAR, "Children looked after at the end of the month",
            "SSDA903 Episodes; DfE Children looked after in England, placement stability"),
    Measure("cla_long_term_stability", "Long-term placement stability", CLA, Unit.PERCENT,
            Direction.HIGHER, "Those of the children below living with the same carer for 2 "
                              "years or more (no new placement, RNE S, P or B, in the last 2 "
                              "years; a placement for adoption with the current foster carer, "
                              "PLACE A3 or A5, continues the placement before it)",
            "Children looked after at the end of the month, aged under 16, looked after "
            "continuously for 2.5 years or more", AT_END,
            "Children under 16 looked after 2.5 years or more; time placed for adoption with "
            "the foster carer they lived with before counts with the time before it",
            "SSDA903 Episodes; DfE Children looked after in England, long-term stability"),
    Measure("cla_over_20_miles", "Placed more than 20 miles from home", CLA, Unit.PERCENT,
            Direction.LOWER, "Children looked after at the end of the month whose placement is "
                             "more than 20 miles from the home they came from",
            CLA_AT_END, AT_END, "Children looked after at the end of the month; a placement "
            "with no distance recorded counts as not more than 20 miles",
            "SSDA903 HOME_POST and PL_POST (distance); DfE Children looked after in England"),
    Measure("cla_reviews_on_time", "Looked-after reviews on time", CLA, Unit.PERCENT,
            Direction.HIGHER, "Those of the children below whose every review due in the year "
                              "was held on time (first within 20 working days of coming into "
                              "care, second within 3 months, then every 6 months)",
            "Children looked after at the end of the month with a review due in the year",
            YEAR, CLA_AT_END, "CPPCR 2010 reg 33; SSDA903 Reviews (local measure)"),
    Measure("cla_health_assessments", "Health assessments up to date", CLA, Unit.PERCENT,
            Direction.HIGHER, "Those of the children below with a health assessment in the "
                              "year (OC2 HEALTH_ASSESSMENT 1)",
            "Children looked after for the whole year (the OC2 cohort)", YEAR,
            "Looked after continuously for 12 months at the end of the month",
            "SSDA903 OC2; DfE Outcomes for children looked after"),
    Measure("cla_missing", "Looked-after children who went missing", CLA, Unit.PERCENT,
            Direction.LOWER, "Children looked after in the year with a missing episode "
                             "(MISSING M) that started in the year",
            "Children looked after at any time in the year", YEAR,
            "Children looked after at any time in the year",
            "SSDA903 Missing; DfE Children looked after in England, missing"),
    Measure("return_interviews", "Return interviews offered within 72 hours", CLA,
            Unit.PERCENT, Direction.HIGHER, "Missing episodes ended in the year whose return "
                                            "home interview was offered within 72 hours",
            "Missing episodes ended in the year", YEAR,
            "Every missing or away-from-placement episode of the council's children",
            "Children who run away or go missing from home or care (DfE 2014) (local measure)"),
    Measure("care_leavers_in_touch", "Care leavers in touch", LEAVING, Unit.PERCENT,
            Direction.HIGHER, "Those of the care leavers below in touch (IN_TOUCH YES)",
            LEAVERS + ", leaving out those who died or went home to their parents (DIED, "
            "RHOM)", YEAR, "Care leavers aged 19 to 21",
            "SSDA903 OC3; DfE Children looked after in England, care leavers"),
    Measure("care_leavers_suitable", "Care leavers in suitable accommodation", LEAVING,
            Unit.PERCENT, Direction.HIGHER,
            "Those of the care leavers below in suitable accommodation (ACCOM ending 1)",
            LEAVERS, YEAR, "Care leavers aged 19 to 21",
            "SSDA903 OC3; DfE Children looked after in England, care leavers"),
    Measure("care_leavers_eet", "Care leavers in education, employment or training", LEAVING,
            Unit.PERCENT, Direction.HIGHER,
            f"Those of the care leavers below in education, employment or training (ACTIV "
            f"{EET})", LEAVERS, YEAR, "Care leavers aged 19 to 21",
            "SSDA903 OC3; DfE Children looked after in England, care leavers"),
    Measure("unallocated_cases", "Unallocated cases", CASES, Unit.PERCENT, Direction.LOWER,
            "Those of the children below with no social worker allocated at the end of the "
            "month", "Children with an open CIN episode or looked after at the end of the "
                     "month", AT_END, "Each child counted once", "Local"),
    Measure("closed_needs_unmet", "Cases closed with needs unmet for lack of a service",
            CASES, Unit.PERCENT, Direction.LOWER,
            "Closures approved in the year recorded as leaving needs unmet because a service "
            "was unavailable", "Closures approved in the year", YEAR,
            "Every approved closure of the council's children", "Local"),
]

BY_CODE: dict[str, Measure] = {m.code: m for m in MEASURES}
