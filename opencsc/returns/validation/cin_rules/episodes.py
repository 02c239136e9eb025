"""Rules on CIN episodes and what happens in them."""

import polars as pl

from ..engine import rule
from .common import YEARS, episodes_with, rows


@rule("cin", "1103", years=YEARS, table="Assessments",
      fields=["AssessmentActualStartDate", "CINreferralDate"],
      message="An assessment starts before its referral date")
def assessment_after_referral(tables, context):
    joined = episodes_with(tables, "Assessments", "CINreferralDate")
    return rows(joined, pl.col("AssessmentActualStartDate") < pl.col("CINreferralDate"))


@rule("cin", "8805", years=YEARS, table="CINdetails", fields=["CINclosureDate", "ReasonForClosure"],
      message="A closure date is given without a reason for closure")
def closure_needs_reason(tables, context):
    return rows(tables["CINdetails"],
                pl.col("CINclosureDate").is_not_null() & pl.col("ReasonForClosure").is_null())


@rule("cin", "8810", years=YEARS, table="CINdetails", fields=["CINclosureDate", "ReasonForClosure"],
      message="A reason for closure is given without a closure date")
def reason_needs_closure(tables, context):
    return rows(tables["CINdetails"],
                pl.col("CINclosureDate").is_null() & pl.col("ReasonForClosure").is_not_null())


@rule("cin", "8815", years=YEARS, table="CINdetails", fields=["CINclosureDate", "ReferralNFA"],
      message="The child has more than one open episode that is not a referral with no "
              "further action")
def one_open_episode(tables, context):
    details = tables["CINdetails"]
    is_open = pl.col("CINclosureDate").is_null() & ~pl.col("ReferralNFA").is_in(
        ["true", "TRUE", "1"])
    counted = details.with_columns(
        pl.when(is_open).then(1).otherwise(0).sum().over("LAchildID").alias("_open"))
    return rows(counted, is_open & (pl.col("_open") > 1))


@rule("cin", "8875", years=YEARS, table="Section47", fields=["DateOfInitialCPC"],
      message="An initial child protection conference is dated on a Saturday or Sunday")
def conference_not_at_weekend(tables, context):
    return rows(tables["Section47"], pl.col("DateOfInitialCPC").dt.weekday() >= 6)


@rule("cin", "2885", years=YEARS, table="ChildProtectionPlans",
      fields=["CPPstartDate"],
      message="A child protection plan starts on a different day from its initial conference")
def plan_starts_at_conference(tables, context):
    conferences = pl.concat([
        tables["Section47"].select("CINdetailsID", pl.col("DateOfInitialCPC").alias("_icpc")),
        tables["CINdetails"].select("CINdetailsID", pl.col("DateOfInitialCPC").alias("_icpc")),
    ]).drop_nulls("_icpc")
    plans = tables["ChildProtectionPlans"]
    matched = plans.join(conferences, left_on=["CINdetailsID", "CPPstartDate"],
                         right_on=["CINdetailsID", "_icpc"], how="semi")
    return plans.join(matched.select("_row"), on="_row", how="anti").select("_row")
