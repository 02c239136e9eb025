"""Rules on the child: identifiers, characteristics and the header."""

import polars as pl

from opencsc.people.identifiers import upn_check_letter

from ..engine import rule
from .common import YEARS, rows


@rule("cin", "100", years=YEARS, table="Header", fields=["ReferenceDate"],
      message="The reference date must be 31 March of the collection year")
def reference_date(tables, context):
    return rows(tables["Header"], pl.col("ReferenceDate").ne_missing(context.end))


@rule("cin", "8500", years=YEARS, table="ChildIdentifiers", fields=["LAchildID"],
      message="Every child needs an LA child ID")
def child_id_present(tables, context):
    return rows(tables["ChildIdentifiers"], pl.col("LAchildID").is_null())


@rule("cin", "8510", years=YEARS, table="ChildIdentifiers", fields=["LAchildID"],
      message="Two or more children have the same LA child ID")
def child_id_unique(tables, context):
    ids = tables["ChildIdentifiers"]
    return rows(ids, pl.col("LAchildID").is_not_null() & pl.col("LAchildID").is_duplicated())


@rule("cin", "1570", years=YEARS, table="ChildIdentifiers", fields=["LAchildID"],
      message="The LA child ID is longer than 20 characters")
def child_id_length(tables, context):
    return rows(tables["ChildIdentifiers"], pl.col("LAchildID").str.len_chars() > 20)


@rule("cin", "1580", years=YEARS, table="ChildIdentifiers", fields=["LAchildID"],
      message="The LA child ID contains characters other than letters and digits")
def child_id_characters(tables, context):
    return rows(tables["ChildIdentifiers"],
                ~pl.col("LAchildID").str.contains(r"^[A-Za-z0-9]*$"))


@rule("cin", "1510", years=YEARS, table="ChildIdentifiers", fields=["UPN"],
      message="The UPN's check letter (its first character) is wrong")
def upn_check(tables, context):
    def wrong(upn: str | None) -> bool:
        if not upn or len(upn) != 13 or not upn[1:12].isdigit():
            return False  # the shape is rule 1540/1550's business
        try:
            return upn[0].upper() != upn_check_letter(upn[1:].upper())
        except ValueError:
            return False

    flagged = pl.col("UPN").map_elements(wrong, return_dtype=pl.Boolean, skip_nulls=True)
    return rows(tables["ChildIdentifiers"], flagged.fill_null(False))


@rule("cin", "4180", years=YEARS, table="ChildIdentifiers", fields=["Sex"],
      message="Sex must be M, F or U")
def sex_valid(tables, context):
    return rows(tables["ChildIdentifiers"], ~pl.col("Sex").is_in(["M", "F", "U"]))


@rule("cin", "8525Q", years=YEARS, table="ChildIdentifiers",
      fields=["PersonBirthDate", "ExpectedPersonBirthDate"],
      message="Check: give either a date of birth or an expected date of birth, not both or "
              "neither")
def one_birth_date(tables, context):
    has_dob = pl.col("PersonBirthDate").is_not_null()
    has_edd = pl.col("ExpectedPersonBirthDate").is_not_null()
    return rows(tables["ChildIdentifiers"], has_dob == has_edd)
