"""Rules on the child's Unique Pupil Number (UPN), former UPN and reason for no UPN.

The UPN's layout (DfE UPN guide; shared/domain/reference.md section 6.2): character 1 a
check letter, 2 to 4 the allocating LA's number, 5 to 12 digits, 13 a digit or, for a
temporary UPN, one of the 23 letters of the check alphabet.
"""

import datetime
import functools
import operator

import polars as pl

from opencsc.codes.local_authorities import upn_la_numbers
from opencsc.codes.person import UPN_UNKNOWN
from opencsc.people.identifiers import UPN_ALPHABET

from ..engine import ROW, rule
from .common import YEARS, nfa, rows, went_further

UPN = pl.col("UPN")
UPN_PATTERN = r"^[A-Z]\d{12}$|^[A-Z]\d{11}[A-Z]$"  # the XSD's two shapes


def thirteen_characters() -> pl.Expr:
    return UPN.str.len_chars() == 13


LAST = {**{str(d): d for d in range(10)}, **{letter: n for n, letter in enumerate(UPN_ALPHABET)}}


def check_letter() -> pl.Expr:
    """upn_check_letter as a column: characters 2 to 13 weighted 2 to 13, summed, mod 23.

    Null where the UPN is not 13 characters of the right kinds; that is 1540/1550's business.
    """
    digits = [UPN.str.slice(i, 1).cast(pl.Int64, strict=False) * (i + 1) for i in range(1, 12)]
    last = UPN.str.slice(12, 1).replace_strict(LAST, default=None, return_dtype=pl.Int64) * 13
    terms = [*digits, last]
    total = functools.reduce(operator.add, terms)  # null if any character is out of place
    letters = dict(enumerate(UPN_ALPHABET))
    return (total % 23).replace_strict(letters, return_dtype=pl.String)


@rule("cin", "1510", years=YEARS, table="ChildIdentifiers", fields=["UPN"],
      message="The UPN's check letter (its first character) is wrong")
def upn_check(tables, context):
    ids = tables["ChildIdentifiers"].filter(thirteen_characters())
    return rows(ids, (UPN.str.slice(0, 1) != check_letter()).fill_null(False))


@rule("cin", "1520", years=YEARS, table="ChildIdentifiers", fields=["UPN"],
      message="Two or more children have the same UPN")
def upn_unique(tables, context):
    return rows(tables["ChildIdentifiers"], UPN.is_not_null() & UPN.is_duplicated())


@rule("cin", "1530", years=YEARS, table="ChildIdentifiers", fields=["UPN"],
      message="The UPN's characters 2 to 4 are not a recognised LA number")
def upn_la_number(tables, context):
    valid = sorted(upn_la_numbers(context.year))
    return rows(tables["ChildIdentifiers"],
                thirteen_characters() & ~UPN.str.slice(1, 3).is_in(valid))


@rule("cin", "1540", years=YEARS, table="ChildIdentifiers", fields=["UPN"],
      message="The UPN's characters 5 to 12 are not all digits")
def upn_digits(tables, context):
    return rows(tables["ChildIdentifiers"], ~UPN.str.slice(4, 8).str.contains(r"^\d*$"))


@rule("cin", "1550", years=YEARS, table="ChildIdentifiers", fields=["UPN"],
      message="The UPN's 13th character is missing, or is not a digit or a letter other "
              "than I, O or S")
def upn_last_character(tables, context):
    allowed = list(UPN_ALPHABET + "0123456789")
    return rows(tables["ChildIdentifiers"], ~UPN.str.slice(12, 1).is_in(allowed))


@rule("cin", "1560Q", years=YEARS, table="ChildIdentifiers", fields=["FormerUPN"],
      message="Check: the former UPN is not in the form of a UPN (a letter, 11 digits, "
              "then a digit or letter)")
def former_upn_shape(tables, context):
    return rows(tables["ChildIdentifiers"], ~pl.col("FormerUPN").str.contains(UPN_PATTERN))


@rule("cin", "8770Q", years=YEARS, table="ChildIdentifiers",
      fields=["UPN", "UPNunknown", "PersonBirthDate"],
      message="Check: a child of school age has no UPN, and no reason for it other than UN1 "
              "(not of school age)")
def school_age_upn(tables, context):
    # Of school age: in reception or above when the collection year began, so 4 by the
    # 31 August before the school year then under way (the DfE's 2024-25 definition, as the
    # open validator reads it). Only children with a referral that led to further action.
    born_by = datetime.date(context.start.year - 5, 8, 31)
    reasons = sorted(UPN_UNKNOWN.codes_for_year(context.year) - {"UN1"})
    further = tables["CINdetails"].filter(went_further()).select("LAchildID")
    ids = tables["ChildIdentifiers"].join(further, on="LAchildID", how="semi")
    return rows(ids, (pl.col("PersonBirthDate") <= born_by) & UPN.is_null()
                & ~pl.col("UPNunknown").is_in(reasons).fill_null(False))


@rule("cin", "8772", years=YEARS, table="ChildIdentifiers", fields=["UPNunknown"],
      message="The reason for no UPN is UN7 (referral with no further action), but a "
              "referral of this child is not marked as no further action")
def un7_only_for_nfa(tables, context):
    not_nfa = tables["CINdetails"].filter(~nfa().fill_null(False)).select("LAchildID")
    ids = tables["ChildIdentifiers"].filter(pl.col("UPNunknown") == "UN7")
    return ids.join(not_nfa, on="LAchildID", how="semi").select(ROW)
