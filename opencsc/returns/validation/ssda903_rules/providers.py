"""Rules on who provides a placement: a provider is needed for most placements, and each
provider code fits only some placement types (reference.md section 3.3)."""

import polars as pl

from opencsc.codes.ssda903 import FOSTER_PLACEMENTS, OTHER_PLACEMENTS, TEMPORARY_PLACEMENTS

from ..engine import rule
from .common import YEARS, rows

PLACE, PROVIDER = pl.col("PLACE"), pl.col("PLACE_PROVIDER")
# Temporary moves and "other" placements have no provider (rule 213).
NO_PROVIDER = sorted(TEMPORARY_PLACEMENTS | OTHER_PLACEMENTS)
HEALTH_OR_CUSTODY = ["P1", "R2", "R5"]
# Placements other public bodies (such as the NHS) cannot provide.
NOT_OTHER_PUBLIC = sorted({"P1", "A3", "A4", "A5", "A6", "K1", "K2"} | FOSTER_PLACEMENTS)


def provider_with(provider: str, places: list[str]):
    """The episodes where this provider is given with one of these placement types."""
    def check(tables, context):
        return rows(tables["Episodes"], (PROVIDER == provider) & PLACE.is_in(places))
    return check


@rule("903", "526", years=YEARS, table="Episodes", fields=["PLACE_PROVIDER", "PLACE"],
      message="The placement provider is missing; every placement other than a temporary or "
              "other (Z) placement needs one")
def provider_given(tables, context):
    return rows(tables["Episodes"], PROVIDER.is_null() & PLACE.is_not_null()
                & ~PLACE.is_in(NO_PROVIDER))


rule("903", "527", years=YEARS, table="Episodes", fields=["PLACE_PROVIDER", "PLACE"],
     message="Own local authority provision (PR1) cannot be a placement with parents (P1), in "
             "a health setting (R2) or in a young offender institution (R5)")(
    provider_with("PR1", HEALTH_OR_CUSTODY))

rule("903", "528", years=YEARS, table="Episodes", fields=["PLACE_PROVIDER", "PLACE"],
     message="Another local authority's provision (PR2) cannot be a placement with parents "
             "(P1), in a health setting (R2) or in a young offender institution (R5)")(
    provider_with("PR2", HEALTH_OR_CUSTODY))

rule("903", "529", years=YEARS, table="Episodes", fields=["PLACE_PROVIDER", "PLACE"],
     message="Other public provision (PR3) cannot provide placements with parents, for "
             "adoption, in children's homes (K1, K2) or in foster care (U1 to U6)")(
    provider_with("PR3", NOT_OTHER_PUBLIC))

rule("903", "530", years=YEARS, table="Episodes", fields=["PLACE_PROVIDER", "PLACE"],
     message="Private provision (PR4) cannot be a placement with parents (P1)")(
    provider_with("PR4", ["P1"]))

rule("903", "531", years=YEARS, table="Episodes", fields=["PLACE_PROVIDER", "PLACE"],
     message="Voluntary or third sector provision (PR5) cannot be a placement with parents "
             "(P1)")(
    provider_with("PR5", ["P1"]))


@rule("903", "550", years=YEARS, table="Episodes", fields=["PLACE_PROVIDER", "PLACE"],
      message="Provider PR0 (parents or person with parental responsibility) fits only a "
              "placement with parents (P1)")
def parents_provide_only_p1(tables, context):
    return rows(tables["Episodes"], (PROVIDER == "PR0") & (PLACE != "P1"))
