"""Rules on the child's header: sex, dates of birth, ethnicity, UPN and motherhood.

Sources: the DfE SSDA903 validation rules 101 to 393 as they stand for 2025-26
(shared/domain/903_rules.txt, reference.md section 3.4).
"""

import datetime

import polars as pl

from opencsc.codes.person import ETHNICITY, SEX, UPN_UNKNOWN

from ..engine import rule
from .common import YEARS, not_a_date, rows, years_after

DOB, SEX_COL, UPN = pl.col("DOB"), pl.col("SEX"), pl.col("UPN")
# A UPN: a check letter (not I, O or S), then 12 digits, or 11 digits and a letter.
UPN_SHAPE = r"^[A-HJ-NP-RT-Z](\d{12}|\d{11}[A-Z])$"
UASC_FLAGS = ["0", "1"]


def upn_unknown_codes(year: int) -> list[str]:
    # UN7 (a referral with no further action) belongs to the CIN census only.
    return sorted(UPN_UNKNOWN.codes_for_year(year) - {"UN7"})


@rule("903", "101", years=YEARS, table="Header", fields=["SEX"],
      message="The child's sex is missing or not M, F or U")
def sex_valid(tables, context):
    valid = sorted(SEX.codes_for_year(context.year))
    return rows(tables["Header"], ~SEX_COL.is_in(valid).fill_null(False))


# A query, not an error: U is a valid code, and the DfE asks only that it be checked
# (shared/domain/reference.md section 3.3, SEX).
@rule("903", "232", years=YEARS, table="Header", fields=["SEX"], query=True,
      message="The child's sex is recorded as unknown (U): check whether it is now known")
def sex_unknown(tables, context):
    return rows(tables["Header"], SEX_COL.str.to_uppercase() == "U")


@rule("903", "102", years=YEARS, table="Header", fields=["DOB"],
      message="The date of birth is missing or not a real date")
def dob_valid(tables, context):
    header = tables["Header"]
    return rows(header, DOB.is_null() | not_a_date(header, "DOB"))


@rule("903", "301", years=YEARS, table="Header", fields=["DOB"],
      message="The date of birth is after the end of the collection year")
def dob_in_time(tables, context):
    return rows(tables["Header"], DOB > context.end)


@rule("903", "351", years=YEARS, table="Header", fields=["DOB"],
      message="The child was over 25 at the start of the collection year")
def not_over_25(tables, context):
    return rows(tables["Header"], years_after(DOB, 25) < context.start)


@rule("903", "103", years=YEARS, table="Header", fields=["ETHNIC"],
      message="The ethnicity is missing or not a DfE ethnicity code")
def ethnicity_valid(tables, context):
    valid = sorted(ETHNICITY.codes_for_year(context.year))
    return rows(tables["Header"], ~pl.col("ETHNIC").is_in(valid).fill_null(False))


@rule("903", "105", years=YEARS, table="Header", fields=["UASC"],
      message="The unaccompanied asylum-seeking child flag is missing or not 0 or 1")
def uasc_flag_valid(tables, context):
    # Only the XML form carries the flag on the header; the CSV form has a UASC table.
    header = tables["Header"]
    if "UASC" not in header.columns:
        return None
    return rows(header, ~pl.col("UASC").cast(pl.String).is_in(UASC_FLAGS).fill_null(False))


@rule("903", "231", years=YEARS, table="Header", fields=["DOB"],
      message="Check: an unaccompanied asylum-seeking child is recorded as under 11 at "
              "31 March; confirm the date of birth")
def uasc_under_11(tables, context):
    header = tables["Header"]
    uasc = uasc_in_year(tables, context)
    under_11 = years_after(DOB, 11) > context.end
    return rows(header, pl.col("CHILD").is_in(uasc.implode()) & under_11)


def uasc_in_year(tables, context) -> pl.Series:
    """Children who were unaccompanied asylum seekers at some time in the year."""
    header = tables["Header"]
    if "UASC" in header.columns:
        return header.filter(pl.col("UASC").cast(pl.String) == "1")["CHILD"]
    uasc = tables.get("UASC")
    if uasc is None:
        return pl.Series("CHILD", [], pl.String)
    return uasc.filter(pl.col("DUC").is_null() | (pl.col("DUC") >= context.start))["CHILD"]


@rule("903", "168", years=YEARS, table="Header", fields=["UPN"],
      message="The UPN is not a valid UPN; if it is not known, use UN1 to UN5")
def upn_valid(tables, context):
    unknown = upn_unknown_codes(context.year)
    return rows(tables["Header"], UPN.is_not_null() & ~UPN.str.contains(UPN_SHAPE)
                & ~UPN.is_in(unknown))


@rule("903", "209", years=YEARS, table="Header", fields=["UPN", "DOB"],
      message="A child of school age has UPN code UN1 (not of school age)")
def un1_only_below_school_age(tables, context):
    # School age: four by 31 August of the year before the collection year began.
    cut_off = datetime.date(context.year - 2, 8, 31)
    return rows(tables["Header"], (UPN == "UN1") & (years_after(DOB, 4) <= cut_off))


@rule("903", "210", years=YEARS, table="Header", fields=["UPN"],
      message="A child looked after for more than a week at 31 March has UPN code UN4 "
              "(UPN not yet known)")
def un4_only_for_a_week(tables, context):
    # In care at 31 March: an open episode. The period of care began at the child's latest
    # episode with reason S; with none in the return it began before the year.
    week_before_end = context.end - datetime.timedelta(days=7)
    by_child = tables["Episodes"].group_by("CHILD").agg(
        pl.col("DEC").is_null().any().alias("_in_care"),
        pl.col("DECOM").filter(pl.col("RNE") == "S").max().alias("_care_began"))
    header = tables["Header"].join(by_child, on="CHILD", how="inner")
    began = pl.col("_care_began")
    return rows(header, (UPN == "UN4") & pl.col("_in_care")
                & (began.is_null() | (began < week_before_end)))


@rule("903", "171", years=YEARS, table="Header", fields=["MC_DOB"],
      message="The date of birth of the mother's child is not a real date")
def mothers_child_dob_valid(tables, context):
    return rows(tables["Header"], not_a_date(tables["Header"], "MC_DOB"))


@rule("903", "174", years=YEARS, table="Header", fields=["SEX", "MC_DOB"],
      message="A date of birth of the mother's child is recorded for a child whose sex is male")
def mothers_child_only_for_girls(tables, context):
    return rows(tables["Header"], (SEX_COL == "M") & pl.col("MC_DOB").is_not_null())


@rule("903", "393", years=YEARS, table="Header", fields=["SEX", "MOTHER"],
      message="A girl looked after (other than in short breaks) has no entry for whether she "
              "is a mother")
def mother_recorded(tables, context):
    episodes = tables["Episodes"]
    looked_after = episodes.filter(~pl.col("LS").str.to_uppercase().is_in(["V3", "V4"])
                                   .fill_null(False))["CHILD"]
    return rows(tables["Header"], (SEX_COL == "F") & pl.col("CHILD").is_in(looked_after.implode())
                & pl.col("MOTHER").is_null())
