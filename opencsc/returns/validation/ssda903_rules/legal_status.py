"""Rules on legal statuses: how long emergency statuses may last, and short breaks
(respite: V3 single breaks, V4 agreed series)."""

import polars as pl

from ..engine import ROW, rule
from .common import DECOM, YEARS, before, days_after, ended_or_year_end, in_order, rows

LS, RNE = pl.col("LS"), pl.col("RNE")


def spells_longer_than(tables, context, status: str, days: int) -> pl.DataFrame:
    """Episodes in a spell of this legal status lasting more than ``days`` days.

    A spell is a run of the child's episodes in the status, each starting the day the one
    before ceased; an open episode runs to 31 March.
    """
    episodes = in_order(tables["Episodes"], dated=True)
    end = ended_or_year_end(context)
    continues = (LS == status) & (before("LS") == status) & (before("DEC") == DECOM)
    spells = (episodes.with_columns(end.alias("_end"),
                                    (~continues.fill_null(False)).cum_sum().alias("_spell"))
              .filter(LS == status))
    spans = spells.group_by("_spell").agg(
        (pl.col("_end").max() - DECOM.min()).alias("_span"))
    too_long = spans.filter(pl.col("_span") > pl.duration(days=days))
    return spells.join(too_long, on="_spell", how="semi").select(ROW)


@rule("903", "361", years=YEARS, table="Episodes", fields=["DECOM", "LS", "DEC"],
      message="Police protection (L1) lasted longer than the 72 hours the Children Act 1989 "
              "allows")
def police_protection_72_hours(tables, context):
    return spells_longer_than(tables, context, "L1", 3)


@rule("903", "362", years=YEARS, table="Episodes", fields=["DECOM", "LS", "DEC"],
      message="An emergency protection order (L2) lasted longer than 21 days")
def emergency_protection_21_days(tables, context):
    return spells_longer_than(tables, context, "L2", 21)


@rule("903", "363", years=YEARS, table="Episodes", fields=["DECOM", "LS", "DEC"],
      message="A child assessment order (L3) lasted longer than the 7 days the Children Act "
              "1989 allows")
def assessment_order_7_days(tables, context):
    return spells_longer_than(tables, context, "L3", 7)


@rule("903", "364", years=YEARS, table="Episodes", fields=["LS", "DECOM", "DEC"],
      message="Accommodation under the Police and Criminal Evidence Act 1984 (J2) lasted "
              "longer than 21 days")
def pace_accommodation_limit(tables, context):
    return spells_longer_than(tables, context, "J2", 21)


@rule("903", "365", years=YEARS, table="Episodes", fields=["LS", "DECOM", "DEC"],
      message="A single short break (V3) lasted more than 17 days")
def short_break_17_days(tables, context):
    return rows(tables["Episodes"],
                (LS == "V3") & (ended_or_year_end(context) > days_after(DECOM, 17)))


@rule("903", "366", years=YEARS, table="Episodes", fields=["RNE"],
      message="A single short break (V3) must be its own episode (reason for new episode S): "
              "the child cannot change placement during it")
def short_break_one_placement(tables, context):
    return rows(tables["Episodes"], (LS == "V3") & (RNE != "S").fill_null(True))


@rule("903", "367", years=YEARS, table="Episodes", fields=["LS", "DECOM", "DEC"],
      message="The child had more than 75 days of short breaks (V3) in the year")
def short_breaks_75_days_a_year(tables, context):
    start = pl.max_horizontal(DECOM, pl.lit(context.start))
    end = pl.min_horizontal(ended_or_year_end(context), pl.lit(context.end))
    breaks = (tables["Episodes"].filter((LS == "V3") & DECOM.is_not_null())
              .with_columns((end - start).dt.total_days().alias("_days"))
              .filter(pl.col("_days") > 0))
    totals = breaks.with_columns(pl.col("_days").sum().over("CHILD").alias("_total"))
    return totals.filter(pl.col("_total") > 75).select(ROW)


@rule("903", "378", years=YEARS, table="Episodes", fields=["LS", "PLACE"],
      message="A child placed with parents (P1) cannot be accommodated under a single period "
              "of section 20 accommodation (V2)")
def not_accommodated_at_home(tables, context):
    return rows(tables["Episodes"], (LS == "V2") & (pl.col("PLACE") == "P1"))


