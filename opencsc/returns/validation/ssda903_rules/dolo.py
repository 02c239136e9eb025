"""Rules on deprivation of liberty orders (DoLo, new in 2026-27): rules 700 to 710.

Source: the DfE's 2026-27 SSDA903 validation rules, as implemented by the open 903
validator (data-to-insight/csc-validator-be-903, lac2026_27). A DoLO is an order under the
High Court's inherent jurisdiction; it should sit inside the child's time in care and in a
setting that can lawfully restrict liberty.
"""

import polars as pl

from ..engine import ROW, rule
from .common import DEC, DECOM, YEARS_2027, before, header_once, not_a_date, rows

START, END = pl.col("DOLO_START"), pl.col("DOLO_END")
# Where a child on a DoLO is expected to live: a registered children's home (K2) or one of
# the "other placements" used for DoLOs (Z12, Z13).
EXPECTED_PLACEMENTS = ["K2", "Z12", "Z13"]
# Settings a DoLO cannot be used in: secure children's home, with parents, young
# offender institution, supported accommodation.
FORBIDDEN_PLACEMENTS = ["K1", "P1", "R5", "K3"]


@rule("903", "700", years=YEARS_2027, table="DoLo", fields=["DOLO_START"],
      message="The date the deprivation of liberty order started is not a real date")
def start_is_a_date(tables, context):
    dolo = tables["DoLo"]
    return rows(dolo, START.is_null() | not_a_date(dolo, "DOLO_START"))


@rule("903", "701", years=YEARS_2027, table="DoLo", fields=["DOLO_END"],
      message="The date the deprivation of liberty order ended is not a real date")
def end_is_a_date(tables, context):
    dolo = tables["DoLo"]
    return rows(dolo, not_a_date(dolo, "DOLO_END"))


@rule("903", "702", years=YEARS_2027, table="DoLo", fields=["DOLO_START", "DOLO_END"],
      message="The deprivation of liberty order ended before it started")
def ends_after_it_starts(tables, context):
    return rows(tables["DoLo"], END < START)


@rule("903", "703", years=YEARS_2027, table="DoLo", fields=["DOLO_START"],
      message="The deprivation of liberty order starts after 31 March, the end of the "
              "collection year")
def starts_by_year_end(tables, context):
    return rows(tables["DoLo"], START > context.end)


@rule("903", "704", years=YEARS_2027, table="DoLo", fields=["DOLO_END"],
      message="The deprivation of liberty order's end date falls outside the collection "
              "year")
def ends_in_the_year(tables, context):
    return rows(tables["DoLo"], (END < context.start) | (END > context.end))


@rule("903", "705", years=YEARS_2027, table="DoLo", fields=["DOLO_START", "DOLO_END"],
      message="A deprivation of liberty order starts while the child's previous one is "
              "still open or has not yet ended")
def no_overlapping_orders(tables, context):
    ordered = tables["DoLo"].filter(START.is_not_null()).sort("CHILD", "DOLO_START")
    has_previous = pl.col("CHILD").eq_missing(pl.col("CHILD").shift(1))
    previous_end = before("DOLO_END")
    return rows(ordered, has_previous & (previous_end.is_null() | (START < previous_end)))


@rule("903", "706", years=YEARS_2027, table="DoLo", fields=["DOLO_START"],
      message="Last year's return has an open deprivation of liberty order with no order "
              "of the same start date this year")
def open_order_carried_over(tables, context):
    if context.previous is None or "DoLo" not in context.previous:
        return None
    last = context.previous["DoLo"].filter(START.is_not_null() & END.is_null())
    carried = last.join(tables["DoLo"].select("CHILD", "DOLO_START"),
                        on=["CHILD", "DOLO_START"], how="anti")
    # The order is missing from this year, so the finding names each of the child's rows
    # this year (or none, where the child has no orders at all this year).
    return tables["DoLo"].join(carried.select("CHILD").unique(), on="CHILD").select(ROW)


@rule("903", "707", years=YEARS_2027, table="DoLo", fields=["DOLO_START", "DOLO_END"],
      message="The child has left care but a deprivation of liberty order has no end date")
def closed_when_care_ends(tables, context):
    latest = (tables["Episodes"].sort("DECOM").group_by("CHILD")
              .agg(DEC.last().alias("_left"), pl.col("REC").last().alias("_rec")))
    joined = tables["DoLo"].join(latest, on="CHILD", how="inner")
    left_care = pl.col("_left").is_not_null() & (pl.col("_rec") != "X1")
    return rows(joined, START.is_not_null() & END.is_null() & left_care)


@rule("903", "708", years=YEARS_2027, table="DoLo", fields=["DOLO_START", "DOLO_END", "DOB"],
      message="The deprivation of liberty order's dates are before the child's date of birth")
def after_birth(tables, context):
    header = header_once(tables).select("CHILD", pl.col("DOB").alias("_born"))
    joined = tables["DoLo"].join(header, on="CHILD", how="left")
    born = pl.col("_born").fill_null(pl.col("DOB"))
    return rows(joined, (START < born) | (END < born))


def overlapping_placements(tables, context) -> pl.DataFrame:
    """Each ended DoLO with each of the child's episodes it overlaps (an open episode
    runs to 31 March)."""
    dolo = tables["DoLo"].filter(START.is_not_null() & END.is_not_null())
    episodes = tables["Episodes"].select("CHILD", "DECOM", "DEC", "PLACE")
    joined = dolo.join(episodes, on="CHILD", how="inner")
    return joined.filter((START <= DEC.fill_null(context.end)) & (END >= DECOM))


@rule("903", "709", years=YEARS_2027, table="DoLo",
      fields=["DOLO_START", "DOLO_END"],
      message="A child on a deprivation of liberty order is expected to be placed in a "
              "children's home (K2) or another placement coded Z12 or Z13")
def expected_placement(tables, context):
    overlaps = overlapping_placements(tables, context)
    return rows(overlaps, ~pl.col("PLACE").is_in(EXPECTED_PLACEMENTS))


@rule("903", "710", years=YEARS_2027, table="DoLo",
      fields=["DOLO_START", "DOLO_END"],
      message="A child on a deprivation of liberty order cannot be placed in a secure "
              "children's home (K1), with parents (P1), in a young offender institution "
              "(R5) or in supported accommodation (K3)")
def forbidden_placement(tables, context):
    overlaps = overlapping_placements(tables, context)
    return rows(overlaps, pl.col("PLACE").is_in(FORBIDDEN_PLACEMENTS))
