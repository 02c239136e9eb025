"""Rules on previous permanence (PrevPerm): a child starting care since 1 April 2016
reports whether an adoption, special guardianship or arrangements order came before.

DATE_PERM is text, as the DfE allows ZZ for an unknown day or month (``ZZ/05/2012``,
``ZZ/ZZ/2012``) or a wholly unknown date (``ZZ/ZZ/ZZZZ``).
"""

import datetime

import polars as pl

from ..engine import rule
from .common import DECOM, YEARS, rows

PREV_PERM, LA_PERM, DATE_PERM = pl.col("PREV_PERM"), pl.col("LA_PERM"), pl.col("DATE_PERM")
PREVIOUS_PERMANENCE_COLLECTED_FROM = datetime.date(2016, 4, 1)
DATE_WITH_UNKNOWNS = r"^(\d{2}|ZZ)/(\d{2}|ZZ)/\d{4}$"
WHOLLY_UNKNOWN = "ZZ/ZZ/ZZZZ"
NONE_BEFORE = "Z1"  # no previous permanence option


def permanence_date() -> pl.Expr:
    """DATE_PERM as the earliest date it could be (an unknown day or month as the 1st)."""
    text = DATE_PERM.str.to_uppercase()
    return (pl.when(text.str.contains(DATE_WITH_UNKNOWNS))
            .then(text.str.replace_all("ZZ", "01").str.to_date("%d/%m/%Y", strict=False)))


def permanence_date_invalid() -> pl.Expr:
    text = DATE_PERM.str.to_uppercase()
    return text.is_not_null() & (text != WHOLLY_UNKNOWN) & permanence_date().is_null()


@rule("903", "630", years=YEARS, table="Episodes", fields=["RNE", "DECOM"],
      message="The child started to be looked after this year, so previous permanence must "
              "be returned (and where there was one, its local authority and date)")
def previous_permanence_returned(tables, context):
    started = tables["Episodes"].filter((pl.col("RNE") == "S") & (DECOM >= context.start))
    perm = tables["PrevPerm"].select("CHILD", "PREV_PERM", "LA_PERM", "DATE_PERM",
                                     pl.lit(True).alias("_returned"))
    joined = started.join(perm, on="CHILD", how="left")
    incomplete = (PREV_PERM != NONE_BEFORE) & (LA_PERM.is_null() | DATE_PERM.is_null())
    return rows(joined, pl.col("_returned").is_null() | PREV_PERM.is_null() | incomplete)


@rule("903", "632", years=YEARS, table="PrevPerm", fields=["DATE_PERM"],
      message="The date of the previous permanence order is not a valid date (ZZ may stand "
              "for an unknown day or month) or is not before the child's first episode")
def permanence_date_valid(tables, context):
    first = (tables["Episodes"].filter(DECOM.is_not_null()).group_by("CHILD")
             .agg(DECOM.min().alias("_first_start")))
    joined = tables["PrevPerm"].join(first, on="CHILD", how="left")
    after_care_began = permanence_date() >= pl.col("_first_start")
    return rows(joined, permanence_date_invalid() | after_care_began)


@rule("903", "634", years=YEARS, table="PrevPerm",
      fields=["PREV_PERM", "LA_PERM", "DATE_PERM"],
      message="Previous permanence is recorded, but the child has not started to be looked "
              "after since 1 April 2016")
def only_for_care_since_2016(tables, context):
    latest = (tables["Episodes"].filter(DECOM.is_not_null()).group_by("CHILD")
              .agg(DECOM.max().alias("_latest_start")))
    joined = tables["PrevPerm"].join(latest, on="CHILD", how="inner")
    given = PREV_PERM.is_not_null() | LA_PERM.is_not_null() | DATE_PERM.is_not_null()
    return rows(joined, given & (pl.col("_latest_start") < PREVIOUS_PERMANENCE_COLLECTED_FROM))

