"""Rules on the child's age during an episode: when it began, ceased, or at 31 March.

Ages are taken at the date the rule names; a birthday on that date counts (a child is 10
on their tenth birthday). Each rule joins the episode to the child's date of birth.
"""

import polars as pl

from ..engine import rule
from .common import (
    DEC,
    DECOM,
    YEARS,
    episodes_with_header,
    header_once,
    in_order,
    rows,
    years_after,
)

DOB, PLACE, REC, LS = pl.col("DOB"), pl.col("PLACE"), pl.col("REC"), pl.col("LS")


def with_dob(tables) -> pl.DataFrame:
    return episodes_with_header(tables, "DOB")


def under_at(date: pl.Expr, years: int) -> pl.Expr:
    """Under this age on the date (null where either date is missing)."""
    return date < years_after(DOB, years)


@rule("903", "302", years=YEARS, table="Episodes", fields=["DECOM"],
      message="The child's first episode began before the child was born")
def first_episode_after_birth(tables, context):
    first = in_order(tables["Episodes"]).filter("_first")
    header = header_once(tables).select("CHILD", "DOB")
    return rows(first.join(header, on="CHILD", how="inner"), DECOM < DOB)


@rule("903", "352", years=YEARS, table="Episodes", fields=["DECOM", "RNE"],
      message="The child started to be looked after aged 18 or over")
def not_starting_care_at_18(tables, context):
    return rows(with_dob(tables), (pl.col("RNE") == "S") & ~under_at(DECOM, 18))


@rule("903", "358", years=YEARS, table="Episodes", fields=["DECOM", "LS"],
      message="A child under 10 has a youth justice legal status (J1, J2 or J3)")
def youth_justice_from_10(tables, context):
    # The DfE definition counts a tenth birthday on the start date as under 10.
    return rows(with_dob(tables), LS.is_in(["J1", "J2", "J3"])
                & (DECOM <= years_after(DOB, 10)))


@rule("903", "359", years=YEARS, table="Episodes", fields=["DEC", "LS", "PLACE"],
      message="A young person still looked after after their 18th birthday must be "
              "accommodated under section 20(5) (V2) in a children's home (K2)")
def over_18_only_in_a_childrens_home(tables, context):
    aged_18 = years_after(DOB, 18) < context.end
    section_20_5 = (LS == "V2") & (PLACE == "K2")
    return rows(with_dob(tables), aged_18 & DEC.is_null() & ~section_20_5.fill_null(False))


@rule("903", "234", years=YEARS, table="Episodes", fields=["REASON_PLACE_CHANGE", "DECOM"],
      message="A child under 10 cannot change placement because of admission to custody "
              "(CUSTOD)")
def custody_from_10(tables, context):
    return rows(with_dob(tables), (pl.col("REASON_PLACE_CHANGE") == "CUSTOD")
                & under_at(DECOM, 10))


def placed_under(tables, place: str, years: int) -> pl.DataFrame:
    return rows(with_dob(tables), (PLACE == place) & under_at(DECOM, years))


@rule("903", "371", years=YEARS, table="Episodes", fields=["DECOM", "PLACE"],
      message="A child in supported accommodation (K3) must be at least 16 when placed")
def supported_accommodation_from_16(tables, context):
    return placed_under(tables, "K3", 16)


@rule("903", "372", years=YEARS, table="Episodes", fields=["DECOM", "PLACE"],
      message="A child in a young offender institution or prison (R5) must be at least 10")
def custody_placement_from_10(tables, context):
    return placed_under(tables, "R5", 10)


@rule("903", "373", years=YEARS, table="Episodes", fields=["DECOM", "PLACE"],
      message="A child placed in a residential school (S1) must be at least 4")
def residential_school_from_4(tables, context):
    return placed_under(tables, "S1", 4)


@rule("903", "374", years=YEARS, table="Episodes", fields=["DECOM", "PLACE"],
      message="A child in residential employment (P3) must be at least 14")
def residential_employment_from_14(tables, context):
    return placed_under(tables, "P3", 14)


@rule("903", "386", years=YEARS, table="Episodes", fields=["REC", "DEC"],
      message="The episode ceased with adoption on or after the child's 18th birthday")
def adopted_before_18(tables, context):
    return rows(with_dob(tables), REC.is_in(["E11", "E12"]) & ~under_at(DEC, 18))


@rule("903", "387", years=YEARS, table="Episodes", fields=["REC", "DEC"],
      message="The child moved to independent living (E5 or E6) before turning 14")
def independent_living_from_14(tables, context):
    return rows(with_dob(tables), REC.is_in(["E5", "E6"]) & under_at(DEC, 14))


@rule("903", "389", years=YEARS, table="Episodes", fields=["REC", "DEC"],
      message="The child moved to adult social care (E7) before turning 16")
def adult_care_from_16(tables, context):
    return rows(with_dob(tables), (REC == "E7") & under_at(DEC, 16))
