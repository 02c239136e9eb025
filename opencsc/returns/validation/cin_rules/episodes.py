"""Rules on CIN episodes and what happens in them.

Rules that compare an episode with the activity recorded in it are in episode_activity.py.
"""

import datetime

import polars as pl

from opencsc.codes.cin import CLOSURE_REASON, PRIMARY_NEED, REFERRAL_SOURCE
from opencsc.core.working_days import add_working_days

from ..engine import rule
from .common import YEARS, rows, went_further


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


# Rules on the CIN episode's own fields (CINdetails), in the order of the DfE's items.

REFERRAL = pl.col("CINreferralDate")
CLOSURE = pl.col("CINclosureDate")
REASON = pl.col("ReasonForClosure")
SOURCE_REQUIRED_FROM = datetime.date(2013, 4, 1)  # referral source collected since 2013-14


@rule("cin", "8600", years=YEARS, table="CINdetails", fields=["CINreferralDate"],
      message="The referral date is missing or after the end of the collection year")
def referral_date_in_time(tables, context):
    return rows(tables["CINdetails"], REFERRAL.is_null() | (REFERRAL > context.end))


@rule("cin", "8606", years=YEARS, table="CINdetails",
      fields=["CINreferralDate", "PersonBirthDate", "ExpectedPersonBirthDate"],
      message="The referral date is more than 40 weeks (280 days) before the child's date of "
              "birth or expected date of birth")
def referral_not_before_pregnancy(tables, context):
    joined = with_child(tables, "PersonBirthDate", "ExpectedPersonBirthDate")
    weeks_40 = pl.duration(days=280)
    return rows(joined, (REFERRAL < pl.col("PersonBirthDate") - weeks_40)
                | (REFERRAL < pl.col("ExpectedPersonBirthDate") - weeks_40))


@rule("cin", "8555Q", years=YEARS, table="CINdetails",
      fields=["CINreferralDate", "PersonDeathDate"],
      message="Check: the referral date is after the child's date of death")
def referral_before_death(tables, context):
    joined = with_child(tables, "PersonDeathDate")
    return rows(joined, REFERRAL > pl.col("PersonDeathDate"))


@rule("cin", "8866", years=YEARS, table="CINdetails",
      fields=["CINreferralDate", "ReferralSource"],
      message="The referral source is missing or not a DfE referral source code")
def referral_source_valid(tables, context):
    valid = sorted(REFERRAL_SOURCE.codes_for_year(context.year))
    return rows(tables["CINdetails"], (REFERRAL >= SOURCE_REQUIRED_FROM)
                & ~pl.col("ReferralSource").is_in(valid).fill_null(False))


@rule("cin", "8650", years=YEARS, table="CINdetails", fields=["PrimaryNeedCode"],
      message="The primary need code is not a DfE primary need code")
def primary_need_valid(tables, context):
    valid = sorted(PRIMARY_NEED.codes_for_year(context.year))
    return rows(tables["CINdetails"], ~pl.col("PrimaryNeedCode").is_in(valid))


@rule("cin", "8610", years=YEARS, table="CINdetails",
      fields=["ReferralNFA", "PrimaryNeedCode"],
      message="A referral that led to further action needs a primary need code")
def primary_need_present(tables, context):
    return rows(tables["CINdetails"], went_further() & pl.col("PrimaryNeedCode").is_null())


@rule("cin", "8620", years=YEARS, table="CINdetails", fields=["CINclosureDate"],
      message="The closure date is outside the collection year")
def closure_in_year(tables, context):
    return rows(tables["CINdetails"], ~CLOSURE.is_between(context.start, context.end))


@rule("cin", "8630", years=YEARS, table="CINdetails",
      fields=["CINreferralDate", "CINclosureDate"],
      message="The closure date is before the referral date")
def closure_after_referral(tables, context):
    return rows(tables["CINdetails"], CLOSURE < REFERRAL)


@rule("cin", "8640", years=YEARS, table="CINdetails", fields=["ReasonForClosure"],
      message="The reason for closure is not a DfE reason for closure code")
def closure_reason_valid(tables, context):
    valid = sorted(CLOSURE_REASON.codes_for_year(context.year))
    return rows(tables["CINdetails"], ~REASON.is_in(valid))


@rule("cin", "8585Q", years=YEARS, table="CINdetails",
      fields=["ReasonForClosure", "PersonDeathDate"],
      message="Check: the episode closed because the child died (RC2), but the child has no "
              "date of death")
def died_needs_death_date(tables, context):
    joined = with_child(tables, "PersonDeathDate")
    return rows(joined, (REASON == "RC2") & pl.col("PersonDeathDate").is_null())


@rule("cin", "8568", years=YEARS, table="CINdetails", fields=["ReferralNFA"],
      message="The referral-with-no-further-action flag is missing or not true, false, 1 or 0")
def nfa_flag_valid(tables, context):
    flag = pl.col("ReferralNFA").str.to_lowercase()
    return rows(tables["CINdetails"], ~flag.is_in(["true", "false", "1", "0"]).fill_null(False))


@rule("cin", "8569Q", years=YEARS, table="CINdetails",
      fields=["CINreferralDate", "ReferralNFA"],
      message="Check: a referral made more than one working day before the collection year "
              "began is marked as no further action")
def nfa_only_for_recent_referrals(tables, context):
    # A referral decided last year belongs to last year's return as an NFA referral.
    cutoff = add_working_days(context.start, -1)
    return rows(tables["CINdetails"], (REFERRAL < cutoff) & ~went_further().fill_null(False))


@rule("cin", "8816", years=YEARS, table="CINdetails",
      fields=["CINreferralDate", "CINclosureDate", "ReferralNFA"],
      message="An open episode that is not a referral with no further action must be the "
              "child's latest episode")
def open_episode_is_latest(tables, context):
    latest = REFERRAL.max().over("LAchildID")
    return rows(tables["CINdetails"],
                CLOSURE.is_null() & went_further() & (REFERRAL < latest))


@rule("cin", "8820", years=YEARS, table="CINdetails",
      fields=["CINreferralDate", "CINclosureDate"],
      message="The child's episodes overlap: this referral falls inside another episode")
def episodes_do_not_overlap(tables, context):
    # An episode runs from its referral to its closure; an open episode that led to further
    # action runs to the end of the year. One may close the day the next is referred.
    episodes = tables["CINdetails"].filter(
        REFERRAL.is_not_null() & pl.col("LAchildID").is_duplicated())
    others = episodes.select(
        "LAchildID", pl.col("CINdetailsID").alias("_other"), REFERRAL.alias("_start"),
        CLOSURE.alias("_end"), went_further().fill_null(False).alias("_ongoing"))
    pairs = episodes.join(others, on="LAchildID").filter(
        pl.col("CINdetailsID") != pl.col("_other"))
    inside_closed = pl.col("_end").is_not_null() & (REFERRAL < pl.col("_end"))
    inside_open = pl.col("_end").is_null() & pl.col("_ongoing") & (REFERRAL <= context.end)
    return rows(pairs, (REFERRAL >= pl.col("_start")) & (inside_closed | inside_open))


def with_child(tables, *columns: str) -> pl.DataFrame:
    """The episodes joined to columns of their child's identifiers (e.g. date of death)."""
    ids = tables["ChildIdentifiers"].select("LAchildID", *columns)
    return tables["CINdetails"].join(ids, on="LAchildID", how="left")
