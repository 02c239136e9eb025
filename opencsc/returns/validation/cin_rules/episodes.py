"""Rules on CIN episodes and what happens in them."""

import polars as pl

from ..engine import rule
from .common import YEARS, rows


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
