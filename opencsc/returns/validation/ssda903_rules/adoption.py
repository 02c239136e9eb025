"""Rules on AD1, the adoption of a child who left care adopted (E11, E12) in the year.

Source: the DfE SSDA903 validation rules as implemented by the open 903 validator
(data-to-insight/csc-validator-be-903, lac2022_23: 112 to 114, 151, 175 to 177, 331 to
335, 511 to 525, 582, 601, 602 and the AD1 integrity checks). DATE_INT is the date the
local authority decided adoption is in the child's best interests ("should be placed");
DATE_MATCH the date the child was matched with the adopters.
"""

import polars as pl

from opencsc.codes.ssda903 import ADOPTER_LEGAL_STATUS, ADOPTER_SEX

from ..engine import rule
from .care_leavers import filled_in
from .common import DEC, DECOM, YEARS, not_a_date, rows
from .outcomes import continuously_looked_after, dob_differs, not_in_header, repeated

DATE_INT, DATE_MATCH = pl.col("DATE_INT"), pl.col("DATE_MATCH")
NB, SEX, LS = pl.col("NB_ADOPTR"), pl.col("SEX_ADOPTR"), pl.col("LS_ADOPTR")
FOSTER = pl.col("FOSTER_CARE")
AD1_ITEMS = ["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR",
             "LS_ADOPTR"]
AD1_GIVEN = pl.any_horizontal([pl.col(n).is_not_null() for n in AD1_ITEMS])
ADOPTED = ["E11", "E12"]
PLACED_FOR_ADOPTION = ["A3", "A4", "A5", "A6"]
WITH_FOSTER_CARER, NOT_WITH_FOSTER_CARER = ["A3", "A5"], ["A4", "A6"]
COUPLE = ["MM", "FF", "MF"]
SAME_GENDER = ["MM", "FF"]


def ad1(tables) -> pl.DataFrame:
    return tables["AD1"]


def first_adoption_placement(tables) -> pl.DataFrame:
    """CHILD and ``_placed``: when the child was first placed for adoption (A3 to A6)."""
    placed = tables["Episodes"].filter(pl.col("PLACE").is_in(PLACED_FOR_ADOPTION))
    return placed.group_by("CHILD").agg(DECOM.min().alias("_placed"))


def adoption_episodes(tables) -> pl.DataFrame:
    return tables["Episodes"].filter(pl.col("REC").is_in(ADOPTED))


@rule("903", "112", years=YEARS, table="AD1", fields=["DATE_INT"],
      message="The date adoption was decided to be in the child's best interests is not a "
              "real date")
def date_int_is_a_date(tables, context):
    return rows(ad1(tables), not_a_date(ad1(tables), "DATE_INT"))


@rule("903", "113", years=YEARS, table="AD1", fields=["DATE_MATCH"],
      message="The date the child was matched with adopters is not a real date")
def date_match_is_a_date(tables, context):
    return rows(ad1(tables), not_a_date(ad1(tables), "DATE_MATCH"))


@rule("903", "114", years=YEARS, table="AD1", fields=["FOSTER_CARE"],
      message="Whether the child was adopted by former foster carers must be 0 or 1")
def foster_care_code(tables, context):
    return rows(ad1(tables), FOSTER.is_not_null() & ~FOSTER.is_in(["0", "1"]))


@rule("903", "175", years=YEARS, table="AD1", fields=["NB_ADOPTR"],
      message="The number of adopters must be 1 or 2")
def number_of_adopters_code(tables, context):
    return rows(ad1(tables), NB.is_not_null() & ~NB.is_in(["1", "2"]))


@rule("903", "176", years=YEARS, table="AD1", fields=["SEX_ADOPTR"],
      message="The sex of the adopters is not a valid code (M1, F1, MM, FF or MF)")
def adopter_sex_code(tables, context):
    return rows(ad1(tables), SEX.is_not_null()
                & ~SEX.is_in(ADOPTER_SEX.codes_for_year()))


@rule("903", "177", years=YEARS, table="AD1", fields=["LS_ADOPTR"],
      message="The legal status of the adopters is not a valid code")
def adopter_legal_status_code(tables, context):
    return rows(ad1(tables), LS.is_not_null()
                & ~LS.is_in(ADOPTER_LEGAL_STATUS.codes_for_year()))


@rule("903", "151", years=YEARS, table="AD1", fields=AD1_ITEMS,
      message="The adoption items must all be completed or all left blank")
def all_or_nothing(tables, context):
    every = pl.all_horizontal([pl.col(n).is_not_null() for n in AD1_ITEMS])
    return rows(ad1(tables), AD1_GIVEN & ~every)


@rule("903", "333", years=YEARS, table="AD1", fields=["DATE_INT", "DATE_MATCH"],
      message="The decision that the child should be placed for adoption must be on or "
              "before the date of matching with adopters")
def decision_before_match(tables, context):
    return rows(ad1(tables), DATE_INT > DATE_MATCH)


def couple_rule(code: str, status: str, allowed: list[str], message: str):
    @rule("903", code, years=YEARS, table="AD1", fields=["LS_ADOPTR", "SEX_ADOPTR"],
          message=message)
    def check(tables, context):
        return rows(ad1(tables), (LS == status) & SEX.is_not_null() & ~SEX.is_in(allowed))

    return check


couple_rule("517", "L3", ["MF"], "Adopters who are an unmarried couple of different "
            "genders (L3) must be recorded as male and female (MF)")
couple_rule("518", "L4", SAME_GENDER, "Adopters who are an unmarried couple of the same "
            "gender (L4) must be recorded as MM or FF")
couple_rule("519", "L2", COUPLE, "Adopters who are civil partners (L2) must be recorded as "
            "a couple (MM, FF or MF)")
couple_rule("520", "L11", ["MF"], "Adopters who are a married couple of different genders "
            "(L11) must be recorded as male and female (MF)")
couple_rule("524", "L12", SAME_GENDER, "Adopters who are a married couple of the same "
            "gender (L12) must be recorded as MM or FF")


@rule("903", "511", years=YEARS, table="AD1", fields=["NB_ADOPTR", "SEX_ADOPTR"],
      message="There are two adopters, so their sex must be recorded as MM, FF or MF")
def two_adopters_are_a_couple(tables, context):
    return rows(ad1(tables), (NB == "2") & SEX.is_not_null() & ~SEX.is_in(COUPLE))


@rule("903", "514", years=YEARS, table="AD1", fields=["LS_ADOPTR", "NB_ADOPTR"],
      message="A single adopter (L0) cannot be recorded as two adopters")
def single_adopter_is_one(tables, context):
    return rows(ad1(tables), (LS == "L0") & (NB == "2"))


@rule("903", "331", years=YEARS, table="AD1", fields=["DATE_MATCH"],
      message="The child must be matched with adopters on or before being placed for "
              "adoption")
def matched_before_placed(tables, context):
    joined = ad1(tables).join(first_adoption_placement(tables), on="CHILD", how="inner")
    return rows(joined, DATE_MATCH > pl.col("_placed"))


@rule("903", "521", years=YEARS, table="AD1", fields=["DATE_INT"],
      message="The decision that the child should be placed for adoption must be on or "
              "before the child was placed for adoption")
def decided_before_placed(tables, context):
    joined = ad1(tables).join(first_adoption_placement(tables), on="CHILD", how="inner")
    return rows(joined, DATE_INT > pl.col("_placed"))


@rule("903", "334", years=YEARS, table="AD1", fields=["DATE_INT"],
      message="The decision that the child should be placed for adoption is before the "
              "child's latest period of care began")
def decided_during_care(tables, context):
    started = (tables["Episodes"].filter(pl.col("RNE") == "S").group_by("CHILD")
               .agg(DECOM.max().alias("_started")))
    joined = ad1(tables).join(started, on="CHILD", how="inner")
    return rows(joined, DATE_INT < pl.col("_started"))


@rule("903", "335", years=YEARS, table="AD1", fields=["FOSTER_CARE"],
      message="Whether the child was adopted by former foster carers does not match the "
              "adoption placement (A3, A5 with the foster carer; A4, A6 not)")
def foster_care_matches_placement(tables, context):
    adopted = adoption_episodes(tables).select("CHILD", "PLACE")
    joined = ad1(tables).join(adopted, on="CHILD", how="inner")
    place = pl.col("PLACE")
    return rows(joined, (place.is_in(WITH_FOSTER_CARER) & (FOSTER == "0"))
                | (place.is_in(NOT_WITH_FOSTER_CARER) & (FOSTER == "1")))


@rule("903", "582", years=YEARS, table="AD1", fields=["DATE_MATCH"],
      message="The child was adopted on the day they were matched with adopters; matching "
              "usually comes first")
def matched_before_adopted(tables, context):
    adopted = adoption_episodes(tables).select("CHILD", DEC.alias("_adopted"))
    joined = ad1(tables).join(adopted, on="CHILD", how="inner")
    return rows(joined, DATE_MATCH == pl.col("_adopted"))


@rule("903", "523", years=YEARS, table="AD1", fields=["DATE_INT"],
      message="The date of the best-interests decision differs from the date of the "
              "decision that the child should be placed for adoption")
def same_decision_date(tables, context):
    latest = (tables["PlacedAdoption"].group_by("CHILD")
              .agg(pl.col("DATE_PLACED").max().alias("_placed")))
    joined = ad1(tables).join(latest, on="CHILD", how="inner")
    return rows(joined, DATE_INT.is_not_null() & pl.col("_placed").is_not_null()
                & (DATE_INT != pl.col("_placed")))


@rule("903", "525", years=YEARS, table="AD1", fields=AD1_ITEMS,
      message="The decision that the child should be placed for adoption was reversed, so "
              "the child cannot have been adopted this year")
def not_adopted_after_reversal(tables, context):
    decisions = tables["PlacedAdoption"].sort("DATE_PLACED", nulls_last=False)
    latest = decisions.group_by("CHILD").agg(pl.col("DATE_PLACED_CEASED").last())
    reversed_ = latest.filter(pl.col("DATE_PLACED_CEASED").is_not_null())
    return rows(ad1(tables).join(reversed_, on="CHILD", how="semi"), AD1_GIVEN)


@rule("903", "602", years=YEARS, table="AD1", fields=AD1_ITEMS,
      message="Adoption details are given but the episodes do not show the child adopted "
              "this year")
def adopted_this_year(tables, context):
    adopted = adoption_episodes(tables).filter(DEC >= context.start)
    return rows(ad1(tables).join(adopted, on="CHILD", how="anti"), AD1_GIVEN)


@rule("903", "601", years=YEARS, table="Episodes", fields=["REC", "DEC"],
      message="The child was adopted this year but the adoption details (AD1) are missing "
              "or incomplete")
def adoption_details_given(tables, context):
    complete = ad1(tables).filter(
        pl.all_horizontal([pl.col(n).is_not_null() for n in AD1_ITEMS]))
    adopted = adoption_episodes(tables).filter(DEC >= context.start)
    return rows(adopted.join(complete, on="CHILD", how="anti"), pl.lit(True))


@rule("903", "134", years=YEARS, table="AD1", fields=AD1_ITEMS,
      message="Adoption details should not be given for a care leaver (OC3)")
def not_for_care_leavers(tables, context):
    joined = ad1(tables).join(filled_in(tables).select("CHILD"), on="CHILD", how="semi")
    return rows(joined, AD1_GIVEN)


@rule("903", "187", years=YEARS, table="AD1", fields=AD1_ITEMS,
      message="The child has been looked after continuously for 12 months, so should "
              "have no adoption details")
def not_for_children_still_in_care(tables, context):
    cla = continuously_looked_after(tables, context).filter(pl.col("_cla"))
    return rows(ad1(tables).join(cla, on="CHILD", how="semi"), AD1_GIVEN)


@rule("903", "INT01", years=YEARS, table="AD1", fields=["CHILD"],
      message="The child in AD1 is not in the header")
def ad1_child_in_header(tables, context):
    return not_in_header(tables, "AD1")


@rule("903", "INT11", years=YEARS, table="AD1", fields=["DOB"],
      message="The date of birth in AD1 differs from the child's header")
def ad1_dob_matches_header(tables, context):
    return dob_differs(tables, "AD1")


@rule("903", "INT31", years=YEARS, table="AD1", fields=["CHILD"],
      message="The child appears more than once in AD1")
def ad1_child_once(tables, context):
    return repeated(tables, "AD1")
