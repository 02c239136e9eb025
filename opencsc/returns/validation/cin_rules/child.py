"""Rules on the child: the header, the child's ID and sex, and the dates of their life.

UPN rules are in identifiers.py, ethnicity and disability in characteristics.py.
"""

import datetime

import polars as pl

from opencsc.codes.person import SEX
from opencsc.core.working_days import add_months

from ..engine import ROW, rule
from .common import YEARS, rows

BIRTH, EXPECTED, DEATH = "PersonBirthDate", "ExpectedPersonBirthDate", "PersonDeathDate"


def unborn() -> pl.Expr:
    return pl.col(BIRTH).is_null() & pl.col(EXPECTED).is_not_null()


def years_before(day: datetime.date, years: int) -> datetime.date:
    return add_months(day, -12 * years)


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


@rule("cin", "4180", years=YEARS, table="ChildIdentifiers", fields=["Sex"],
      message="Sex is missing, or is not M, F or U")
def sex_valid(tables, context):
    valid = sorted(SEX.codes_for_year(context.year))
    return rows(tables["ChildIdentifiers"], ~pl.col("Sex").is_in(valid).fill_null(False))


@rule("cin", "8750", years=YEARS, table="ChildIdentifiers",
      fields=["Sex", BIRTH, EXPECTED],
      message="An unborn child's sex must be U")
def unborn_sex_unknown(tables, context):
    return rows(tables["ChildIdentifiers"], unborn() & pl.col("Sex").ne_missing("U"))


@rule("cin", "2886Q", years=YEARS, table="ChildIdentifiers", fields=["Sex", EXPECTED],
      message="Check: more than 2% of the children in the return (leaving out unborn "
              "children) have no sex recorded")
def few_without_sex(tables, context):
    # A return-level query: the rows are reported only when their share passes 2%. The
    # DfE divides by every child in the return, unborn children included.
    ids = tables["ChildIdentifiers"]
    unrecorded = (pl.col("Sex").fill_null("U") == "U") & pl.col(EXPECTED).is_null()
    share = ids.select(unrecorded.mean()).item() if ids.height else 0
    return rows(ids, unrecorded & pl.lit((share or 0) > 0.02))


@rule("cin", "8525Q", years=YEARS, table="ChildIdentifiers", fields=[BIRTH, EXPECTED],
      message="Check: give either a date of birth or an expected date of birth, not both or "
              "neither")
def one_birth_date(tables, context):
    has_dob = pl.col(BIRTH).is_not_null()
    has_edd = pl.col(EXPECTED).is_not_null()
    return rows(tables["ChildIdentifiers"], has_dob == has_edd)


@rule("cin", "8520", years=YEARS, table="ChildIdentifiers", fields=[BIRTH],
      message="The date of birth is after the end of the collection year")
def born_by_year_end(tables, context):
    return rows(tables["ChildIdentifiers"], pl.col(BIRTH) > context.end)


@rule("cin", "8530Q", years=YEARS, table="ChildIdentifiers", fields=[EXPECTED],
      message="Check: the expected date of birth should fall between 1 March and 31 "
              "December of the year the collection ends")
def expected_birth_plausible(tables, context):
    earliest = context.end - datetime.timedelta(days=30)
    latest = add_months(context.end, 9)
    return rows(tables["ChildIdentifiers"], ~pl.col(EXPECTED).is_between(earliest, latest))


@rule("cin", "8535Q", years=YEARS, table="ChildIdentifiers", fields=[DEATH, BIRTH],
      message="Check: the date of death is before the date of birth")
def died_after_birth(tables, context):
    return rows(tables["ChildIdentifiers"], pl.col(DEATH) < pl.col(BIRTH))


@rule("cin", "8545Q", years=YEARS, table="ChildIdentifiers", fields=[DEATH],
      message="Check: the date of death should fall within the collection year")
def died_in_year(tables, context):
    return rows(tables["ChildIdentifiers"],
                ~pl.col(DEATH).is_between(context.start, context.end))


@rule("cin", "8775Q", years=YEARS, table="ChildIdentifiers", fields=[BIRTH],
      message="Check: the child is over 25 and has an episode open past their 25th birthday")
def over_25(tables, context):
    ids = tables["ChildIdentifiers"].filter(pl.col(BIRTH) < years_before(context.end, 25))
    episodes = tables["CINdetails"].select("LAchildID", "CINclosureDate")
    joined = ids.join(episodes, on="LAchildID")
    closure = pl.col("CINclosureDate")
    return rows(joined, closure.is_null() | (closure > pl.col(BIRTH).dt.offset_by("25y")))


@rule("cin", "8590", years=YEARS, table="ChildIdentifiers", fields=["LAchildID"],
      message="The child has no CIN episode (CINdetails)")
def has_an_episode(tables, context):
    episodes = tables["CINdetails"].select("LAchildID")
    return tables["ChildIdentifiers"].join(episodes, on="LAchildID", how="anti").select(ROW)


def _plans_after_death(tables, column: str) -> pl.DataFrame:
    ids = tables["ChildIdentifiers"].filter(pl.col(DEATH).is_not_null())
    plans = tables["CINplanDates"].select("LAchildID", column)
    return rows(ids.join(plans, on="LAchildID"), pl.col(column) > pl.col(DEATH))


@rule("cin", "4008", years=YEARS, table="ChildIdentifiers", fields=[DEATH],
      message="A CIN plan starts after the child's date of death")
def plan_starts_before_death(tables, context):
    return _plans_after_death(tables, "CINPlanStartDate")


@rule("cin", "4009Q", years=YEARS, table="ChildIdentifiers", fields=[DEATH],
      message="Check: a CIN plan ends after the child's date of death")
def plan_ends_by_death(tables, context):
    return _plans_after_death(tables, "CINPlanEndDate")
