"""Rules on assessments: their dates, whether they are finished, and the factors found.

An assessment is complete when it has an authorisation date; only then may it carry
factors. Source: the DfE CIN census validation rules for 2024-25 and 2025-26 (cin_rules.txt,
reference.md 2.5); the factor codes are opencsc.codes.cin.ASSESSMENT_FACTORS.
"""

import polars as pl

from opencsc.codes.cin import ASSESSMENT_FACTORS
from opencsc.core.working_days import add_working_days

from ..engine import rule
from .common import YEARS, episodes_with, rows
from .plans import starts_during_another

START, DONE = "AssessmentActualStartDate", "AssessmentAuthorisationDate"
FACTORS = "AssessmentFactors"
EPISODE = ["LAchildID", "CINdetailsID"]
NO_FACTORS = "21"
# 18A and 19A left the code set in 2021; 8945Q and 8950Q query them, so 8897Q need not.
RETIRED_FACTORS = {"18A", "19A"}


def has_factors() -> pl.Expr:
    return pl.col(FACTORS).list.len().fill_null(0) > 0


def in_year(column: str, context) -> pl.Expr:
    return pl.col(column).is_between(context.start, context.end)


@rule("cin", "1103", years=YEARS, table="Assessments", fields=[START, "CINreferralDate"],
      message="An assessment starts before its referral date")
def assessment_after_referral(tables, context):
    joined = episodes_with(tables, "Assessments", "CINreferralDate")
    return rows(joined, pl.col(START) < pl.col("CINreferralDate"))


@rule("cin", "8608", years=YEARS, table="Assessments", fields=[START, DONE],
      message="An assessment is authorised before it starts")
def authorised_after_start(tables, context):
    return rows(tables["Assessments"], pl.col(START) > pl.col(DONE))


@rule("cin", "8696", years=YEARS, table="Assessments", fields=[DONE],
      message="An assessment's authorisation date is outside the collection year")
def authorised_in_year(tables, context):
    return rows(tables["Assessments"], pl.col(DONE).is_not_null() & ~in_year(DONE, context))


@rule("cin", "8736", years=YEARS, table="Assessments", fields=[START, DONE],
      message="An unfinished assessment started outside the collection year")
def unfinished_started_in_year(tables, context):
    unfinished = pl.col(DONE).is_null() & pl.col(START).is_not_null()
    return rows(tables["Assessments"], unfinished & ~in_year(START, context))


@rule("cin", "8670Q", years=YEARS, table="Assessments", fields=[START, DONE],
      message="Check: an assessment started more than 45 working days before 31 March and "
              "is still not authorised")
def overdue_assessment(tables, context):
    latest_start = add_working_days(context.end, -45)
    return rows(tables["Assessments"], pl.col(DONE).is_null() & (pl.col(START) < latest_start))


@rule("cin", "8896", years=YEARS, table="Assessments", fields=[DONE],
      message="An episode has more than one unfinished assessment")
def one_unfinished_assessment(tables, context):
    unfinished = pl.col(DONE).is_null()
    counted = tables["Assessments"].with_columns(unfinished.sum().over(EPISODE).alias("_open"))
    return rows(counted, unfinished & (pl.col("_open") > 1))


@rule("cin", "8863Q", years=YEARS, table="Assessments", fields=[START, DONE],
      message="Check: an assessment starts while another assessment in the episode is "
              "still going on")
def no_assessment_during_another(tables, context):
    return starts_during_another(tables["Assessments"], EPISODE, START, DONE, context.end)


@rule("cin", "8614", years=YEARS, table="Assessments", fields=[DONE, FACTORS],
      message="Factors are recorded on an assessment that is not authorised")
def factors_only_when_complete(tables, context):
    return rows(tables["Assessments"], pl.col(DONE).is_null() & has_factors())


@rule("cin", "8897Q", years=YEARS, table="Assessments", fields=[DONE, FACTORS],
      message="Check: an assessment authorised this year has no factors, or a factor code "
              "that is not in the code set")
def complete_assessment_has_factors(tables, context):
    known = sorted(ASSESSMENT_FACTORS.codes_for_year(context.year) | RETIRED_FACTORS)
    unknown = pl.col(FACTORS).list.eval(~pl.element().is_in(known)).list.any()
    completed = pl.col(DONE) >= context.start
    return rows(tables["Assessments"], completed & (~has_factors() | unknown.fill_null(False)))


@rule("cin", "8869", years=YEARS, table="Assessments", fields=[FACTORS],
      message="Factor 21 (no factors identified) is recorded alongside other factors")
def no_factors_stands_alone(tables, context):
    with_21 = pl.col(FACTORS).list.contains(NO_FACTORS).fill_null(False)
    return rows(tables["Assessments"], with_21 & (pl.col(FACTORS).list.len() > 1))


@rule("cin", "8898", years=YEARS, table="Assessments", fields=[FACTORS],
      message="An assessment records the same factor more than once")
def factors_not_repeated(tables, context):
    factors = pl.col(FACTORS)
    return rows(tables["Assessments"],
                (factors.list.n_unique() < factors.list.len()).fill_null(False))


@rule("cin", "8873Q", years=YEARS, table="Assessments", fields=[FACTORS, "ReasonForClosure"],
      message="Check: the episode's only assessment found no factors (21), so the reason "
              "for closure is expected to be RC8 or RC9")
def no_factors_closes_after_assessment(tables, context):
    joined = episodes_with(tables, "Assessments", "ReasonForClosure").with_columns(
        pl.len().over(EPISODE).alias("_assessments"))
    only_one = pl.col("_assessments") == 1
    found_none = pl.col(FACTORS).list.contains(NO_FACTORS).fill_null(False)
    # An open episode has no reason yet, and is queried too: the definition asks for RC8/RC9.
    closed_after_assessment = pl.col("ReasonForClosure").is_in(["RC8", "RC9"]).fill_null(False)
    return rows(joined, only_one & found_none & ~closed_after_assessment)


def retired_factor(code: str):
    def check(tables, context):
        used = pl.col(FACTORS).list.eval(pl.element().str.to_uppercase() == code).list.any()
        return rows(tables["Assessments"], used.fill_null(False))

    return check


rule("cin", "8945Q", years=YEARS, table="Assessments", fields=[FACTORS],
     message="Check: factor 18A is no longer used; record 18B (physical abuse by another "
             "child) or 18C (by an adult)")(retired_factor("18A"))
rule("cin", "8950Q", years=YEARS, table="Assessments", fields=[FACTORS],
     message="Check: factor 19A is no longer used; record 19B (sexual abuse by another "
             "child) or 19C (by an adult)")(retired_factor("19A"))
