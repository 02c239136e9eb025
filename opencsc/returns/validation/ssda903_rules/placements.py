"""Rules on placements: the type, provider, Ofsted URN, reasons for a change, temporary
placements and placements for adoption."""

import polars as pl

from opencsc.codes.ssda903 import (
    FOSTER_PLACEMENTS,
    LONG_TERM_FOSTER_PLACEMENTS,
    OTHER_PLACEMENTS,
    PLACEMENT_PROVIDER,
    PLACEMENT_TYPE,
    TEMPORARY_PLACEMENTS,
)

from ..engine import rule
from .common import (
    DEC,
    DECOM,
    YEARS,
    after,
    before,
    days_after,
    ended_or_year_end,
    in_order,
    rows,
)

PLACE, PROVIDER, URN = pl.col("PLACE"), pl.col("PLACE_PROVIDER"), pl.col("URN")
CHANGE_REASON, RNE, REC, LS = (pl.col("REASON_PLACE_CHANGE"), pl.col("RNE"), pl.col("REC"),
                               pl.col("LS"))
TEMPORARY = sorted(TEMPORARY_PLACEMENTS)
SHORT_BREAKS = ["V3", "V4"]
ADOPTION_PLACEMENTS = ["A3", "A4", "A5", "A6"]
WITH_CURRENT_FOSTER_CARER = ["A3", "A5"]
# Placements with no provider: temporary moves and "other" placements. Rule 178's own list
# leaves out T4, which rule 213 covers.
NO_PROVIDER_178 = sorted({"T0", "T1", "T2", "T3"} | OTHER_PLACEMENTS)
NO_PROVIDER = sorted(TEMPORARY_PLACEMENTS | OTHER_PLACEMENTS)
# Placements Ofsted does not register, so with no URN (rules 218 and 222).
NOT_OFSTED = sorted({"P1", "P3", "R1", "R2", "R5"} | TEMPORARY_PLACEMENTS | OTHER_PLACEMENTS)
URN_NOT_APPLICABLE = "XXXXXXX"  # for providers inspected by CQC or ISI, or adoption agencies
OUTSIDE_ENGLAND = ["CON", "NIR", "SCO", "WAL", "NUK"]


@rule("903", "146", years=YEARS, table="Episodes", fields=["PLACE"],
      message="The placement type is not a DfE code for this year")
def placement_type_valid(tables, context):
    codes = sorted(PLACEMENT_TYPE.codes_for_year(context.year))
    return rows(tables["Episodes"], PLACE.is_not_null() & ~PLACE.is_in(codes))


@rule("903", "178", years=YEARS, table="Episodes", fields=["PLACE_PROVIDER", "PLACE"],
      message="The placement provider is not a DfE code, or is given for a temporary or "
              "other placement")
def provider_valid(tables, context):
    codes = sorted(PLACEMENT_PROVIDER.codes_for_year(context.year))
    given = PROVIDER.is_not_null()
    return rows(tables["Episodes"],
                given & (~PROVIDER.is_in(codes) | PLACE.is_in(NO_PROVIDER_178)))


@rule("903", "213", years=YEARS, table="Episodes", fields=["PLACE_PROVIDER", "PLACE"],
      message="A placement provider is given for a temporary or other placement, which has "
              "none")
def provider_not_for_temporary(tables, context):
    return rows(tables["Episodes"], PLACE.is_in(NO_PROVIDER) & PROVIDER.is_not_null())


@rule("903", "218", years=YEARS, table="Episodes", fields=["URN", "PLACE", "DEC"],
      message="An Ofsted URN is needed for this placement type")
def urn_needed(tables, context):
    episodes = tables["Episodes"]
    in_year = DEC.is_null() | (DEC >= context.start)
    needed = in_year & URN.is_null() & PLACE.is_not_null() & ~PLACE.is_in(NOT_OFSTED)
    # A short break gives no URN at all (rule 214).
    needed = needed & ~LS.is_in(SHORT_BREAKS).fill_null(False)
    # Placements outside England need none; the placement LA comes from postcode data,
    # so it can be honoured only where the frame carries it.
    if "PL_LA" in episodes.columns:
        needed = needed & ~pl.col("PL_LA").str.to_uppercase().is_in(OUTSIDE_ENGLAND)
    return rows(episodes, needed)


@rule("903", "222", years=YEARS, table="Episodes", fields=["URN", "PLACE"],
      message="An Ofsted URN is given for a placement type Ofsted does not register")
def urn_not_for_unregistered(tables, context):
    return rows(tables["Episodes"], PLACE.is_in(NOT_OFSTED) & URN.is_not_null()
                & (URN != URN_NOT_APPLICABLE))


@rule("903", "217", years=YEARS, table="Episodes", fields=["PLACE", "DECOM", "RNE"],
      message="A placement for adoption with the current foster carer (A3 or A5) must have "
              "reason for new episode S, T or U")
def adoption_with_carer_reason(tables, context):
    return rows(tables["Episodes"], PLACE.is_in(WITH_CURRENT_FOSTER_CARER)
                & ~RNE.is_in(["S", "T", "U"]).fill_null(False))


@rule("903", "336", years=YEARS, table="Episodes", fields=["PLACE"],
      message="A placement for adoption with the current foster carer (A3 or A5) does not "
              "follow a foster or adoption placement")
def adoption_with_carer_follows_fostering(tables, context):
    ordered = in_order(tables["Episodes"])
    fostering_before = before("PLACE").is_in(sorted(FOSTER_PLACEMENTS) + ADOPTION_PLACEMENTS)
    return rows(ordered, PLACE.is_in(WITH_CURRENT_FOSTER_CARER) & ~pl.col("_first")
                & ~fostering_before.fill_null(False))


@rule("903", "390", years=YEARS, table="Episodes", fields=["PLACE", "REC"],
      message="The episode ceased with adoption but the child was not placed for adoption")
def adopted_from_adoption_placement(tables, context):
    return rows(tables["Episodes"], REC.is_in(["E11", "E12"])
                & ~PLACE.is_in(ADOPTION_PLACEMENTS).fill_null(False))


@rule("903", "225", years=YEARS, table="Episodes", fields=["REASON_PLACE_CHANGE"],
      message="A reason for the placement change is needed: the next episode changes the "
              "placement")
def change_reason_needed(tables, context):
    ordered = in_order(tables["Episodes"])
    next_changes_placement = after("RNE").is_in(["P", "B", "T", "U"])
    next_not_temporary = ~after("PLACE").is_in(TEMPORARY)
    return rows(ordered, (REC == "X1") & CHANGE_REASON.is_null() & ~PLACE.is_in(TEMPORARY)
                & next_changes_placement & next_not_temporary)


@rule("903", "226", years=YEARS, table="Episodes", fields=["REASON_PLACE_CHANGE", "PLACE"],
      message="No reason for a placement change is recorded for a temporary placement, or "
              "for the episode before it")
def no_change_reason_for_temporary(tables, context):
    ordered = in_order(tables["Episodes"])
    reason_here_or_before = CHANGE_REASON.is_not_null() | before("REASON_PLACE_CHANGE") \
        .is_not_null()
    return rows(ordered, PLACE.is_in(TEMPORARY) & reason_here_or_before)


@rule("903", "233", years=YEARS, table="Episodes", fields=["REASON_PLACE_CHANGE", "DEC"],
      message="A reason for a placement change is recorded on an episode that has not ceased")
def no_change_reason_while_open(tables, context):
    return rows(tables["Episodes"], DEC.is_null() & CHANGE_REASON.is_not_null())


# Temporary placements (T0 to T4).

@rule("903", "380", years=YEARS, table="Episodes", fields=["PLACE", "RNE"],
      message="A temporary placement must follow another placement (reason for new episode "
              "P or B), not start a period of care")
def temporary_not_first(tables, context):
    return rows(tables["Episodes"], PLACE.is_in(TEMPORARY) & ~RNE.is_in(["P", "B"])
                .fill_null(False))


@rule("903", "381", years=YEARS, table="Episodes", fields=["PLACE", "REC"],
      message="A period of care ends during a temporary placement")
def temporary_not_last(tables, context):
    return rows(tables["Episodes"], PLACE.is_in(TEMPORARY) & REC.is_not_null() & (REC != "X1"))


@rule("903", "382", years=YEARS, table="Episodes", fields=["LS", "PLACE"],
      message="A child on short breaks (V3 or V4) is in a temporary placement")
def no_temporary_in_short_breaks(tables, context):
    return rows(tables["Episodes"], LS.is_in(SHORT_BREAKS) & PLACE.is_in(TEMPORARY))


@rule("903", "383", years=YEARS, table="Episodes", fields=["PLACE", "RNE", "PL_POST"],
      message="After a temporary placement the child must return to the placement before it "
              "(reason for new episode P, same placement type and postcode)")
def back_after_temporary(tables, context):
    ordered = in_order(tables["Episodes"])
    two_back, two_back_post = before("PLACE", 2), before("PL_POST", 2)
    returned = ((RNE == "P") & (PLACE == two_back)
                & pl.col("PL_POST").eq_missing(two_back_post)).fill_null(False)
    return rows(ordered, before("PLACE").is_in(TEMPORARY) & two_back.is_not_null() & ~returned)


def temporary_too_long(tables, context, place: str, days: int) -> pl.DataFrame:
    """Episodes in this temporary placement lasting longer than allowed (open ones to 31
    March)."""
    limit = days_after(DECOM, days)
    return rows(tables["Episodes"], (PLACE == place) & (ended_or_year_end(context) > limit))


@rule("903", "375", years=YEARS, table="Episodes", fields=["DECOM", "DEC", "PLACE"],
      message="A temporary stay in hospital (T1) lasted more than six weeks")
def hospital_within_six_weeks(tables, context):
    return temporary_too_long(tables, context, "T1", 42)


@rule("903", "376", years=YEARS, table="Episodes", fields=["DECOM", "DEC", "PLACE"],
      message="A temporary placement while the foster carer is on holiday (T3) lasted more "
              "than three weeks")
def carer_holiday_within_three_weeks(tables, context):
    return temporary_too_long(tables, context, "T3", 21)


@rule("903", "379", years=YEARS, table="Episodes", fields=["DECOM", "DEC", "PLACE"],
      message="A temporary placement for any other reason (T4) lasted more than seven days")
def other_temporary_within_a_week(tables, context):
    return temporary_too_long(tables, context, "T4", 7)


@rule("903", "377", years=YEARS, table="Episodes", fields=["PLACE"],
      message="The child has more than two temporary placements for the foster carer's "
              "holiday (T3) in the year")
def two_carer_holidays_a_year(tables, context):
    holidays = tables["Episodes"].filter(PLACE == "T3")
    return rows(holidays, pl.len().over("CHILD") > 2)


@rule("903", "384", years=YEARS, table="Episodes", fields=["PLACE", "LS"],
      message="A child on short breaks (V3 or V4) is in a long-term foster placement (U1 or "
              "U4)")
def no_long_term_fostering_in_short_breaks(tables, context):
    return rows(tables["Episodes"], LS.is_in(SHORT_BREAKS)
                & PLACE.is_in(sorted(LONG_TERM_FOSTER_PLACEMENTS)))


# Postcodes. Rules that need the postcode directory (164, 169, 392a, 392c) are not here.

def normalised(column: str) -> pl.Expr:
    return pl.col(column).str.replace_all(" ", "").str.to_uppercase()


@rule("903", "392b", years=YEARS, table="Episodes", fields=["HOME_POST", "PL_POST"],
      message="The home or placement postcode is missing (children who were unaccompanied "
              "asylum seekers this year or last are excused)")
def postcodes_given(tables, context):
    episodes = tables["Episodes"]
    excused = [pl.Series("CHILD", [], pl.String), tables.get("UASC")]
    if context.previous is not None:
        excused.append(context.previous.get("UASC"))
    uasc = pl.concat([t if isinstance(t, pl.Series) else t["CHILD"]
                      for t in excused if t is not None])
    missing = pl.col("HOME_POST").is_null() | pl.col("PL_POST").is_null()
    return rows(episodes, ~LS.is_in(SHORT_BREAKS).fill_null(False)
                & ~pl.col("CHILD").is_in(uasc.implode()) & missing)


@rule("903", "392d", years=YEARS, table="Episodes", fields=["HOME_POST", "PL_POST", "PLACE"],
      message="The home and placement postcodes are the same, but the child is not placed "
              "with parents (P1)")
def home_and_placement_differ(tables, context):
    same = normalised("HOME_POST") == normalised("PL_POST")
    return rows(tables["Episodes"], same & (PLACE != "P1").fill_null(True))
