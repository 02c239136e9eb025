"""Rules on the child's characteristics: ethnicity and disabilities."""

import polars as pl

from opencsc.codes.person import DISABILITY, ETHNICITY

from ..engine import ROW, rule
from .common import YEARS, rows, went_further

DISABILITY_CODE = pl.col("Disability")


def a_disability() -> pl.Expr:
    """A recorded disability, leaving out NONE."""
    return DISABILITY_CODE.is_not_null() & (DISABILITY_CODE != "NONE")


@rule("cin", "4220", years=YEARS, table="ChildCharacteristics", fields=["Ethnicity"],
      message="Ethnicity is missing or not a DfE ethnicity code")
def ethnicity_valid(tables, context):
    valid = sorted(ETHNICITY.codes_for_year(context.year))
    return rows(tables["ChildCharacteristics"],
                ~pl.col("Ethnicity").is_in(valid).fill_null(False))


@rule("cin", "8540", years=YEARS, table="ChildCharacteristics", fields=["Disability"],
      message="A born child whose referral led to further action needs one or more "
              "disability codes (NONE if none), each a valid code")
def disability_recorded(tables, context):
    valid = sorted(DISABILITY.codes_for_year(context.year))
    further = tables["CINdetails"].filter(went_further()).select("LAchildID")
    born = (tables["ChildIdentifiers"].filter(pl.col("PersonBirthDate").is_not_null())
            .join(further, on="LAchildID", how="semi").select("LAchildID"))
    disabilities = tables["Disabilities"]
    invalid = disabilities.filter(~DISABILITY_CODE.is_in(valid).fill_null(False))
    failing = pl.concat([born.join(disabilities, on="LAchildID", how="anti"),
                         born.join(invalid, on="LAchildID", how="semi")])
    return tables["ChildCharacteristics"].join(failing, on="LAchildID", how="semi").select(ROW)


@rule("cin", "8790", years=YEARS, table="Disabilities", fields=["Disability"],
      message="NONE is recorded alongside other disability codes")
def none_stands_alone(tables, context):
    disabilities = tables["Disabilities"]
    with_none = disabilities.filter(DISABILITY_CODE == "NONE").select("LAchildID")
    with_both = disabilities.join(with_none, on="LAchildID", how="semi")
    return rows(with_both, DISABILITY_CODE.ne_missing("NONE"))


@rule("cin", "8794", years=YEARS, table="Disabilities", fields=["Disability"],
      message="The same disability code is recorded twice for the child")
def disability_once(tables, context):
    twice = pl.struct("LAchildID", "Disability").is_duplicated()
    return rows(tables["Disabilities"], DISABILITY_CODE.is_not_null() & twice)


@rule("cin", "2887Q", years=YEARS, table="Disabilities", fields=["Disability"],
      message="Check: fewer than 8 different disability codes (other than NONE) are used in "
              "the whole return")
def disability_codes_varied(tables, context):
    # A return-level query, reported once, on the first disability row.
    disabilities = tables["Disabilities"]
    used = disabilities.filter(a_disability())["Disability"].n_unique()
    return disabilities.head(1 if used <= 7 else 0).select(ROW)


@rule("cin", "2888Q", years=YEARS, table="Disabilities", fields=["Disability"],
      message="Check: no child in the return has more than one disability recorded; record "
              "every disability that applies")
def some_child_has_several(tables, context):
    # A return-level query, reported once, on the first disability other than NONE.
    recorded = tables["Disabilities"].filter(a_disability())
    per_child = recorded.group_by("LAchildID").agg(DISABILITY_CODE.n_unique().alias("_codes"))
    several = per_child.height and per_child["_codes"].max() > 1
    return recorded.head(0 if several else 1).select(ROW)
