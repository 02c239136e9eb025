"""Rules on Reviews: each looked-after child review and how the child took part.

Source: the DfE SSDA903 validation rules as implemented by the open 903 validator
(data-to-insight/csc-validator-be-903: 166, 167, 399, 440, 441 and the integrity checks).
PN0 records a child under 4 at the review; PN1 to PN7 how an older child took part.
"""

import polars as pl

from opencsc.codes.ssda903 import REVIEW_PARTICIPATION

from ..engine import rule
from .common import YEARS, not_a_date, rows, years_after
from .outcomes import dob_differs, not_in_header

REVIEW, CODE = pl.col("REVIEW"), pl.col("REVIEW_CODE")
FOURTH_BIRTHDAY = years_after(pl.col("DOB"), 4)
SHORT_BREAKS = ["V3", "V4"]


def reviews(tables) -> pl.DataFrame:
    return tables["Reviews"]


@rule("903", "166", years=YEARS, table="Reviews", fields=["REVIEW"],
      message="The date of the review is missing or not a real date")
def review_date(tables, context):
    return rows(reviews(tables), REVIEW.is_null() | not_a_date(reviews(tables), "REVIEW"))


@rule("903", "167", years=YEARS, table="Reviews", fields=["REVIEW_CODE"],
      message="How the child took part in the review is missing or not a code PN0 to PN7")
def participation_code(tables, context):
    valid = REVIEW_PARTICIPATION.codes_for_year()
    return rows(reviews(tables), CODE.is_null() | ~CODE.is_in(valid))


@rule("903", "440", years=YEARS, table="Reviews", fields=["DOB", "REVIEW", "REVIEW_CODE"],
      message="Participation is recorded as PN0 (under 4) but the child was 4 or over at "
              "the review")
def under_4_code_for_under_4s(tables, context):
    return rows(reviews(tables), (CODE == "PN0") & (REVIEW >= FOURTH_BIRTHDAY))


@rule("903", "441", years=YEARS, table="Reviews", fields=["DOB", "REVIEW", "REVIEW_CODE"],
      message="Participation is recorded for a child of 4 or over, but the child was under "
              "4 at the review (use PN0)")
def older_codes_from_4(tables, context):
    older = CODE.is_not_null() & (CODE != "PN0")
    return rows(reviews(tables), older & (REVIEW < FOURTH_BIRTHDAY))


def only_short_breaks(tables) -> pl.DataFrame:
    """Children all of whose episodes are short breaks (V3, V4)."""
    episodes = tables["Episodes"]
    return (episodes.group_by("CHILD")
            .agg(pl.col("LS").is_in(SHORT_BREAKS).all().alias("_short"))
            .filter(pl.col("_short")).select("CHILD"))


@rule("903", "399", years=YEARS, table="Reviews", fields=["REVIEW", "REVIEW_CODE"],
      message="The child is looked after only on short breaks (V3, V4), so reviews are not "
              "reported")
def no_reviews_for_short_breaks(tables, context):
    joined = reviews(tables).join(only_short_breaks(tables), on="CHILD", how="semi")
    return rows(joined, REVIEW.is_not_null() | CODE.is_not_null())


@rule("903", "399", years=YEARS, table="Header", fields=["MOTHER"],
      message="The child is looked after only on short breaks (V3, V4), so whether she is a "
              "mother is not reported")
def no_mother_status_for_short_breaks(tables, context):
    joined = tables["Header"].join(only_short_breaks(tables), on="CHILD", how="semi")
    return rows(joined, pl.col("MOTHER").is_not_null())


@rule("903", "INT08", years=YEARS, table="Reviews", fields=["CHILD"],
      message="The child in Reviews is not in the header")
def reviews_child_in_header(tables, context):
    return not_in_header(tables, "Reviews")


@rule("903", "INT17", years=YEARS, table="Reviews", fields=["DOB"],
      message="The date of birth in Reviews differs from the child's header")
def reviews_dob_matches_header(tables, context):
    return dob_differs(tables, "Reviews")
