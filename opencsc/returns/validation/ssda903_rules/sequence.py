"""Rules on how one episode follows another: the reason for a new episode must match what
changed, continuation episodes start the day the last one ceased, and nothing follows a
death. Also the codes an ending episode carries (legal status, placement, reason ceased).

Each rule reads the child's previous episode along the frame sorted by ``in_order``.
"""

import datetime

import polars as pl

from opencsc.codes.ssda903 import FOSTER_PLACEMENTS, REASON_PLACEMENT_CHANGE

from ..engine import rule
from .common import (
    DEC,
    DECOM,
    YEARS,
    before,
    episodes_with_header,
    in_order,
    rows,
    years_after,
)

RNE, LS, REC, CIN, PLACE = (pl.col("RNE"), pl.col("LS"), pl.col("REC"), pl.col("CIN"),
                            pl.col("PLACE"))
CONTINUING = ["L", "P", "T", "B", "U"]
# The placement is the type, where it is, who inspects it and who provides it: any of
# these changing is a change of placement (rules 434 to 436).
PLACEMENT_FIELDS = ["PLACE", "PL_POST", "URN", "PLACE_PROVIDER"]
SGO_CODES = ["E45", "E46", "E47", "E48"]
PLACEMENT_ORDER_STATUSES = ["E1", "D1"]
ADOPTION_ACT_IN_FORCE = datetime.date(2005, 12, 1)  # E1 placement orders from December 2005


def has_previous() -> pl.Expr:
    return ~pl.col("_first")


def placement_changed() -> pl.Expr:
    """Any placement detail differs from the previous episode's (blanks compare equal)."""
    return pl.any_horizontal([pl.col(f).ne_missing(before(f)) for f in PLACEMENT_FIELDS])


def legal_status_changed() -> pl.Expr:
    return LS.ne_missing(before("LS"))


def ordered(tables) -> pl.DataFrame:
    return in_order(tables["Episodes"], dated=True)


@rule("903", "431", years=YEARS, table="Episodes", fields=["RNE", "DECOM"],
      message="The episode says the child started to be looked after (S), but the previous "
              "episode ceased the same day, so care was continuous")
def start_of_care_follows_a_gap(tables, context):
    return rows(ordered(tables), has_previous() & (RNE == "S") & (DECOM == before("DEC")))


@rule("903", "432", years=YEARS, table="Episodes", fields=["RNE"],
      message="The previous episode ended the child's care, so this episode's reason for new "
              "episode must be S (started to be looked after)")
def care_restarts_with_s(tables, context):
    left_care = before("REC").is_not_null() & (before("REC") != "X1")
    return rows(ordered(tables), has_previous() & left_care & (RNE != "S"))


@rule("903", "433", years=YEARS, table="Episodes", fields=["RNE", "DECOM"],
      message="The reason for new episode says care continued, but the episode does not start "
              "the day the previous episode ceased")
def continuation_starts_when_last_ceased(tables, context):
    gap = before("DEC").is_null() | (DECOM != before("DEC"))
    return rows(ordered(tables), has_previous() & RNE.is_in(CONTINUING) & gap)


@rule("903", "434", years=YEARS, table="Episodes",
      fields=["RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
      message="The reason for new episode is L (legal status changed, same placement), but the "
              "legal status is unchanged or the placement changed")
def legal_status_change_only(tables, context):
    wrong = ~legal_status_changed() | placement_changed()
    return rows(ordered(tables), has_previous() & (RNE == "L") & wrong)


@rule("903", "435", years=YEARS, table="Episodes",
      fields=["RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
      message="The reason for new episode is P or T (placement changed, same legal status), "
              "but the legal status changed or the placement did not")
def placement_change_only(tables, context):
    wrong = legal_status_changed() | ~placement_changed()
    return rows(ordered(tables), has_previous() & RNE.is_in(["P", "T"]) & wrong)


@rule("903", "436", years=YEARS, table="Episodes",
      fields=["RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
      message="The reason for new episode is B or U (legal status and placement both "
              "changed), but one of them is unchanged")
def both_changed(tables, context):
    wrong = ~legal_status_changed() | ~placement_changed()
    return rows(ordered(tables), has_previous() & RNE.is_in(["B", "U"]) & wrong)


@rule("903", "437", years=YEARS, table="Episodes", fields=["REC"],
      message="The episode ceased because the child died or was found to be 18 or over (E2, "
              "E15), but later episodes follow")
def nothing_after_death_or_adulthood(tables, context):
    return rows(ordered(tables), REC.is_in(["E2", "E15"]) & ~pl.col("_last"))


@rule("903", "501", years=YEARS, table="Episodes", fields=["DECOM"],
      message="The episode starts before the previous episode ceased")
def no_overlap(tables, context):
    return rows(ordered(tables), has_previous() & (DECOM < before("DEC")))


@rule("903", "504", years=YEARS, table="Episodes", fields=["CIN"],
      message="The category of need changed within a period of care; it should stay as "
              "recorded when the child started to be looked after")
def need_fixed_in_period(tables, context):
    continued = (before("REC") == "X1") & (before("DEC") == DECOM)
    return rows(ordered(tables), has_previous() & continued & CIN.ne_missing(before("CIN")))


@rule("903", "446", years=YEARS, table="Episodes", fields=["LS", "DECOM"],
      message="Legal status E1 (placement order) cannot apply to an episode starting before "
              "December 2005")
def placement_order_not_before_2005(tables, context):
    return rows(tables["Episodes"], (LS == "E1") & (DECOM < ADOPTION_ACT_IN_FORCE))


@rule("903", "408", years=YEARS, table="Episodes", fields=["PLACE", "LS"],
      message="A child placed for adoption under a placement order (A5, A6) must have legal "
              "status E1 or D1")
def adoption_placement_needs_order(tables, context):
    return rows(tables["Episodes"], PLACE.is_in(["A5", "A6"])
                & ~LS.is_in(PLACEMENT_ORDER_STATUSES).fill_null(False))


@rule("903", "426", years=YEARS, table="Episodes", fields=["LS"],
      message="The child has short breaks under both V3 and V4 this year; use one of them")
def one_kind_of_short_break(tables, context):
    episodes = tables["Episodes"]
    both = (episodes.filter(LS.is_in(["V3", "V4"])).group_by("CHILD")
            .agg(LS.n_unique().alias("_kinds")).filter(pl.col("_kinds") > 1))
    return rows(episodes.join(both, on="CHILD", how="inner"), LS.is_in(["V3", "V4"]))


@rule("903", "516", years=YEARS, table="Episodes", fields=["REC", "PLACE"],
      message="A special guardianship order to former foster carers (E45, E46) needs the "
              "child to have been in a foster placement (U1 to U6)")
def sgo_to_foster_carers_from_fostering(tables, context):
    foster = sorted(FOSTER_PLACEMENTS)
    return rows(tables["Episodes"], REC.is_in(["E45", "E46"]) & ~PLACE.is_in(foster))


@rule("903", "1009", years=YEARS, table="Episodes", fields=["REASON_PLACE_CHANGE"],
      message="The reason for placement change is not a DfE code")
def placement_change_reason_valid(tables, context):
    codes = sorted(REASON_PLACEMENT_CHANGE.codes_for_year(context.year))
    reason = pl.col("REASON_PLACE_CHANGE")
    return rows(tables["Episodes"], reason.is_not_null() & ~reason.is_in(codes))


@rule("903", "407", years=YEARS, table="Episodes", fields=["REC", "DEC"],
      message="The episode ended with a special guardianship order (E45 to E48), but the "
              "child was 18 or over when it ceased")
def sgo_before_18(tables, context):
    episodes = episodes_with_header(tables, "DOB")
    return rows(episodes, REC.is_in(SGO_CODES) & (DEC >= years_after(pl.col("DOB"), 18)))


@rule("903", "460", years=YEARS, table="Episodes", fields=["REC", "DEC"],
      message="The episode ended with E17 (stayed with carers at 18 or over), but the child "
              "was under 18 when it ceased")
def staying_put_from_18(tables, context):
    episodes = episodes_with_header(tables, "DOB")
    return rows(episodes, (REC == "E17") & (DEC < years_after(pl.col("DOB"), 18)))

