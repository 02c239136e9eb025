"""Rules on OC2, the outcomes of children looked after continuously for 12 months.

Source: the DfE SSDA903 validation rules as implemented by the open 903 validator
(data-to-insight/csc-validator-be-903, lac2022_23 rule_157 to rule_198, rule_542 to 547).
OC2 belongs to children looked after for the whole year to 31 March; the strengths and
difficulties questionnaire (SDQ) is for children aged 4 to 16; convictions are asked from
10; the under-5 development check only below 5. Ages are taken at 1 April or 31 March as
each rule says, a birthday on that day counting.
"""

import polars as pl

from ..engine import ROW, rule
from .common import DEC, DECOM, YEARS, header_once, kept, rows, years_after

DOB = pl.col("DOB")
SDQ_SCORE, SDQ_REASON = pl.col("SDQ_SCORE"), pl.col("SDQ_REASON")
SUBSTANCE = pl.col("SUBSTANCE_MISUSE")
RECEIVED, OFFERED = pl.col("INTERVENTION_RECEIVED"), pl.col("INTERVENTION_OFFERED")
CLA = pl.col("_cla")

# The items asked about every child looked after for 12 months, and the core four
# (immunisations, teeth, health assessment, substance misuse) every such child answers.
TWELVE_MONTH_ITEMS = ["CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK",
                      "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED",
                      "INTERVENTION_OFFERED"]
CORE_ITEMS = ["IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE"]
SDQ_REASONS = ["SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5"]


def continuously_looked_after(tables, context) -> pl.DataFrame:
    """CHILD and ``_cla``: looked after throughout the year to 31 March.

    A child counts if in care on 1 April (an episode began on or before it), with no
    new period of care (RNE S) starting and no period of care ending during the year,
    and no short-break (V3, V4) episode in the year. Kept for the other OC2 rules.
    """
    episodes = tables["Episodes"]
    return kept(("continuously looked after", context.year), (episodes,),
                lambda: _continuously_looked_after(episodes, context))


def _continuously_looked_after(episodes: pl.DataFrame, context) -> pl.DataFrame:
    in_year = (DECOM <= context.end) & (DEC.is_null() | (DEC >= context.start))
    starts = (pl.col("RNE") == "S") & (DECOM > context.start)
    ends = DEC.is_not_null() & (DEC >= context.start) & (pl.col("REC") != "X1")
    breaks = pl.col("LS").is_in(["V3", "V4"]) & in_year
    return episodes.group_by("CHILD").agg(
        (in_year.any() & (DECOM.min() <= context.start)
         & ~(starts | ends.fill_null(False) | breaks).any()).alias("_cla"))


def with_cla(tables, context, table: str = "OC2") -> pl.DataFrame:
    cla = continuously_looked_after(tables, context)
    return tables[table].join(cla, on="CHILD", how="left").with_columns(
        CLA.fill_null(False))


def given(*names: str) -> pl.Expr:
    return pl.any_horizontal([pl.col(n).is_not_null() for n in names])


def blank(*names: str) -> pl.Expr:
    return pl.any_horizontal([pl.col(n).is_null() for n in names])


def age_at_least(years: int, date) -> pl.Expr:
    return years_after(DOB, years) <= pl.lit(date)


@rule("903", "180", years=YEARS, table="OC2", fields=["SDQ_SCORE"],
      message="The SDQ score must be a whole number from 0 to 40")
def sdq_score_in_range(tables, context):
    score = SDQ_SCORE.str.strip_chars().cast(pl.Int32, strict=False)
    return rows(tables["OC2"], SDQ_SCORE.is_not_null()
                & (score.is_null() | (score < 0) | (score > 40)))


@rule("903", "196", years=YEARS, table="OC2", fields=["SDQ_REASON"],
      message="The reason for no SDQ score is not one of SDQ1 to SDQ5")
def sdq_reason_code(tables, context):
    return rows(tables["OC2"], SDQ_REASON.is_not_null() & ~SDQ_REASON.is_in(SDQ_REASONS))


@rule("903", "197a", years=YEARS, table="OC2", fields=["SDQ_SCORE", "SDQ_REASON"],
      message="A reason for no SDQ score is given although the score is filled in")
def no_reason_with_a_score(tables, context):
    return rows(tables["OC2"], SDQ_SCORE.is_not_null() & SDQ_REASON.is_not_null())


@rule("903", "181", years=YEARS, table="OC2", fields=TWELVE_MONTH_ITEMS,
      message="The 12-month outcome items (convictions, health checks, substance misuse) "
              "must each be 0 or 1")
def items_are_yes_or_no(tables, context):
    wrong = [pl.col(n).is_not_null() & ~pl.col(n).is_in(["0", "1"])
             for n in TWELVE_MONTH_ITEMS]
    return rows(tables["OC2"], pl.any_horizontal(wrong))


@rule("903", "182", years=YEARS, table="OC2", fields=TWELVE_MONTH_ITEMS,
      message="Immunisations, teeth check, health assessment and substance misuse must all "
              "be completed, or every 12-month outcome item left blank")
def core_items_complete(tables, context):
    others = given("CONVICTED", "HEALTH_CHECK", "INTERVENTION_RECEIVED",
                   "INTERVENTION_OFFERED")
    return rows(tables["OC2"], blank(*CORE_ITEMS) & others)


@rule("903", "544", years=YEARS, table="OC2", fields=["CONVICTED", *CORE_ITEMS],
      message="Conviction information is given, so immunisations, teeth check, health "
              "assessment and substance misuse must be completed too")
def convictions_need_core_items(tables, context):
    return rows(tables["OC2"], pl.col("CONVICTED").is_not_null() & blank(*CORE_ITEMS))


@rule("903", "547", years=YEARS, table="OC2", fields=["HEALTH_CHECK", *CORE_ITEMS],
      message="The under-5 health check is given, so immunisations, teeth check, health "
              "assessment and substance misuse must be completed too")
def health_check_needs_core_items(tables, context):
    return rows(tables["OC2"], pl.col("HEALTH_CHECK").is_not_null() & blank(*CORE_ITEMS))


@rule("903", "158", years=YEARS, table="OC2",
      fields=["INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
      message="The child received an intervention for substance misuse, so whether one "
              "was offered must be left blank")
def offered_blank_when_received(tables, context):
    return rows(tables["OC2"], (RECEIVED == "1") & OFFERED.is_not_null())


@rule("903", "159", years=YEARS, table="OC2",
      fields=["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
      message="The child did not receive an intervention for substance misuse, so whether "
              "one was offered must be completed")
def offered_given_when_not_received(tables, context):
    return rows(tables["OC2"], (SUBSTANCE == "1") & (RECEIVED == "0") & OFFERED.is_null())


@rule("903", "192", years=YEARS, table="OC2",
      fields=["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED"],
      message="The child has a substance misuse problem, so whether an intervention was "
              "received must be completed")
def received_given_for_substance_misuse(tables, context):
    return rows(tables["OC2"], (SUBSTANCE == "1") & RECEIVED.is_null())


@rule("903", "193", years=YEARS, table="OC2",
      fields=["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
      message="The child has no substance misuse problem recorded, so whether an "
              "intervention was offered or received must be left blank")
def interventions_only_for_substance_misuse(tables, context):
    no_problem = SUBSTANCE.is_null() | (SUBSTANCE == "0")
    return rows(tables["OC2"], no_problem & given("INTERVENTION_RECEIVED",
                                                  "INTERVENTION_OFFERED"))


@rule("903", "188", years=YEARS, table="OC2", fields=["DOB", "SDQ_SCORE", "SDQ_REASON"],
      message="The child is under 4 on 31 March, so no SDQ score or reason should be given")
def no_sdq_under_4(tables, context):
    return rows(tables["OC2"], ~age_at_least(4, context.end) & given("SDQ_SCORE",
                                                                      "SDQ_REASON"))


@rule("903", "189", years=YEARS, table="OC2", fields=["DOB", "SDQ_SCORE", "SDQ_REASON"],
      message="The young person was 17 or over on 1 April, so no SDQ score or reason "
              "should be given")
def no_sdq_from_17(tables, context):
    return rows(tables["OC2"], age_at_least(17, context.start) & given("SDQ_SCORE",
                                                                        "SDQ_REASON"))


@rule("903", "185", years=YEARS, table="OC2", fields=["SDQ_SCORE"],
      message="The child has not been looked after continuously for 12 months to 31 March, "
              "so no SDQ score should be given")
def sdq_score_only_after_12_months(tables, context):
    return rows(with_cla(tables, context), ~CLA & SDQ_SCORE.is_not_null())


@rule("903", "198", years=YEARS, table="OC2", fields=["SDQ_REASON"],
      message="The child has not been looked after continuously for 12 months to 31 March, "
              "so no reason for a missing SDQ score should be given")
def sdq_reason_only_after_12_months(tables, context):
    return rows(with_cla(tables, context), ~CLA & SDQ_REASON.is_not_null())


@rule("903", "190", years=YEARS, table="OC2", fields=TWELVE_MONTH_ITEMS,
      message="The child has not been looked after continuously for 12 months to 31 March, "
              "so the 12-month outcome items should be blank")
def items_only_after_12_months(tables, context):
    return rows(with_cla(tables, context), ~CLA & given(*TWELVE_MONTH_ITEMS))


@rule("903", "191", years=YEARS, table="OC2", fields=CORE_ITEMS,
      message="The child has been looked after continuously for 12 months, so "
              "immunisations, teeth check, health assessment and substance misuse must be "
              "completed")
def core_items_after_12_months(tables, context):
    return rows(with_cla(tables, context), CLA & blank(*CORE_ITEMS))


@rule("903", "186", years=YEARS, table="OC2", fields=["DOB", "SDQ_SCORE", "SDQ_REASON"],
      message="The child was 4 or over on 1 April, under 17 on 31 March and looked after "
              "for 12 months, so needs an SDQ score (or a reason there is none)")
def sdq_for_school_age(tables, context):
    ages = age_at_least(4, context.start) & ~age_at_least(17, context.end)
    missing = SDQ_SCORE.is_null() & SDQ_REASON.is_null()
    return rows(with_cla(tables, context), CLA & ages & missing)


@rule("903", "197B", years=YEARS, table="OC2", fields=["DOB", "SDQ_SCORE", "SDQ_REASON"],
      message="The child turned 4 or 17 during the year, so an SDQ score or a reason for "
              "none should be given")
def sdq_at_4_and_17(tables, context):
    def birthday_in_year(years: int) -> pl.Expr:
        birthday = years_after(DOB, years)
        return (birthday >= context.start) & (birthday <= context.end)

    missing = SDQ_SCORE.is_null() & SDQ_REASON.is_null()
    return rows(with_cla(tables, context),
                CLA & (birthday_in_year(4) | birthday_in_year(17)) & missing)


@rule("903", "157", years=YEARS, table="OC2", fields=["DOB", "SDQ_REASON"],
      message="SDQ1 (too young or too old) is given as the reason for no SDQ score, but the "
              "child was 4 or over on 1 April and 16 or under on 31 March")
def sdq1_only_for_the_too_young_or_old(tables, context):
    ages = age_at_least(4, context.start) & (years_after(DOB, 16) >= pl.lit(context.end))
    return rows(with_cla(tables, context),
                CLA & ages & SDQ_SCORE.is_null() & (SDQ_REASON == "SDQ1"))


@rule("903", "542", years=YEARS, table="OC2", fields=["DOB", "CONVICTED"],
      message="A child under 10 on 31 March should not have conviction information")
def convictions_from_10(tables, context):
    return rows(tables["OC2"], ~age_at_least(10, context.end)
                & pl.col("CONVICTED").is_not_null())


@rule("903", "543", years=YEARS, table="OC2", fields=["DOB", "CONVICTED"],
      message="The child is 10 or over on 31 March and looked after for 12 months, so "
              "conviction information must be completed")
def convictions_needed_from_10(tables, context):
    return rows(with_cla(tables, context), CLA & age_at_least(10, context.end)
                & pl.col("CONVICTED").is_null())


@rule("903", "545", years=YEARS, table="OC2", fields=["DOB", "HEALTH_CHECK"],
      message="The child is under 5 on 31 March and looked after for 12 months, so the "
              "development (health promotion) check must be completed")
def health_check_needed_under_5(tables, context):
    return rows(with_cla(tables, context), CLA & ~age_at_least(5, context.end)
                & pl.col("HEALTH_CHECK").is_null())


@rule("903", "546", years=YEARS, table="OC2", fields=["DOB", "HEALTH_CHECK"],
      message="The child is 5 or over on 31 March, so the under-5 development check "
              "should be blank")
def health_check_only_under_5(tables, context):
    return rows(tables["OC2"], age_at_least(5, context.end)
                & pl.col("HEALTH_CHECK").is_not_null())


@rule("903", "215", years=YEARS, table="OC2", fields=TWELVE_MONTH_ITEMS,
      message="The young person has care leaver (OC3) information, so the 12-month "
              "outcome items should be blank")
def no_outcomes_for_care_leavers(tables, context):
    leavers = tables["OC3"].filter(given("IN_TOUCH", "ACTIV", "ACCOM")).select("CHILD")
    joined = tables["OC2"].join(leavers.unique(), on="CHILD", how="semi")
    return rows(joined, given(*TWELVE_MONTH_ITEMS))


def not_in_header(tables, table: str) -> pl.DataFrame:
    """Rows of a table whose child has no header row."""
    return tables[table].join(tables["Header"], on="CHILD", how="anti").select(ROW)


def dob_differs(tables, table: str) -> pl.DataFrame:
    header = header_once(tables).select("CHILD", pl.col("DOB").alias("_header_dob"))
    joined = tables[table].join(header, on="CHILD", how="inner")
    return rows(joined, DOB.ne_missing(pl.col("_header_dob")))


def repeated(tables, table: str) -> pl.DataFrame:
    """Every row of a child who appears more than once in a one-row-per-child table."""
    return rows(tables[table], pl.col("CHILD").is_duplicated())


@rule("903", "INT05", years=YEARS, table="OC2", fields=["CHILD"],
      message="The child in OC2 is not in the header")
def oc2_child_in_header(tables, context):
    return not_in_header(tables, "OC2")


@rule("903", "INT14", years=YEARS, table="OC2", fields=["DOB"],
      message="The date of birth in OC2 differs from the child's header")
def oc2_dob_matches_header(tables, context):
    return dob_differs(tables, "OC2")


@rule("903", "INT33", years=YEARS, table="OC2", fields=["CHILD"],
      message="The child appears more than once in OC2")
def oc2_child_once(tables, context):
    return repeated(tables, "OC2")
