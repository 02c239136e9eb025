"""Rules comparing this year's episodes with last year's return: an episode open at last
31 March carries over unchanged, and care that began before this year appears in last
year's return.

Each returns nothing when last year's return is not given. Only last year's episodes that
began before this year count, so a later file loaded by mistake as "last year" is not
compared field by field.
"""

import polars as pl

from ..engine import ROW, rule
from .common import DEC, DECOM, YEARS, rows

NO_FINDINGS = None


def last_years_episodes(context) -> pl.DataFrame | None:
    previous = context.previous
    if previous is None or previous.get("Episodes") is None:
        return None
    return previous["Episodes"].filter(DECOM.is_not_null() & (DECOM < context.start))


def first_episodes(tables) -> pl.DataFrame:
    """Each child's earliest dated episode this year."""
    episodes = tables["Episodes"].filter(DECOM.is_not_null())
    return episodes.sort("CHILD", "DECOM").unique("CHILD", keep="first")


def latest_episodes(last_year: pl.DataFrame) -> pl.DataFrame:
    """Each child's latest episode in last year's return, its columns suffixed ``_last``."""
    latest = last_year.sort("CHILD", "DECOM").unique("CHILD", keep="last")
    return latest.select("CHILD", *[pl.col(c).alias(f"{c}_last")
                                    for c in latest.columns if c not in ("CHILD", ROW)])


@rule("903", "502", years=YEARS, table="Episodes", fields=["DECOM"],
      message="Last year's return ended with an open episode, but this year's first episode "
              "does not start on the same date")
def open_episode_carries_over(tables, context):
    last_year = last_years_episodes(context)
    if last_year is None:
        return NO_FINDINGS
    still_open = last_year.filter(DEC.is_null()).select("CHILD", DECOM.alias("_open_start"))
    joined = first_episodes(tables).join(still_open, on="CHILD", how="inner")
    return rows(joined, DECOM != pl.col("_open_start"))


def carried_over(tables, context) -> pl.DataFrame | None:
    """Each child's first episode joined to last year's latest, where that was open.

    The six 503 rules share it, so the last pairing is kept, as ``in_order`` does."""
    last_year = last_years_episodes(context)
    if last_year is None:
        return None
    this_year, previous = tables["Episodes"], context.previous["Episodes"]
    if _CARRIED and _CARRIED[0] is this_year and _CARRIED[1] is previous \
            and _CARRIED[2] == context.year:
        return _CARRIED[3]
    joined = (first_episodes(tables).join(latest_episodes(last_year), on="CHILD", how="inner")
              .filter(pl.col("DEC_last").is_null()))
    _CARRIED[:] = [this_year, previous, context.year, joined]
    return joined


_CARRIED: list = []


def same_as_last_year(field: str):
    """The first episode fails where last year's latest episode was open at 31 March and
    had a different value in this field (a blank differs from a code)."""
    def check(tables, context):
        joined = carried_over(tables, context)
        if joined is None:
            return NO_FINDINGS
        return rows(joined, pl.col(field).ne_missing(pl.col(f"{field}_last")))
    return check


CARRIED_FIELDS = [
    ("503A", "RNE", "reason for new episode"),
    ("503B", "LS", "legal status"),
    ("503C", "CIN", "category of need"),
    ("503D", "PLACE", "placement type"),
    ("503E", "PLACE_PROVIDER", "placement provider"),
    ("503F", "URN", "Ofsted URN"),
]

for code, field, words in CARRIED_FIELDS:
    rule("903", code, years=YEARS, table="Episodes", fields=[field],
         message=f"The {words} of this year's first episode differs from the episode open at "
                 f"the end of last year's return")(same_as_last_year(field))


@rule("903", "562", years=YEARS, table="Episodes", fields=["DECOM"],
      message="The child's first episode began before this year, but it is not the latest "
              "episode in last year's return")
def earlier_episode_in_last_year(tables, context):
    last_year = last_years_episodes(context)
    if last_year is None:
        return NO_FINDINGS
    began_before = first_episodes(tables).filter(DECOM < context.start)
    latest = latest_episodes(last_year).select("CHILD", "DECOM_last")
    joined = began_before.join(latest, on="CHILD", how="left")
    return rows(joined, DECOM.ne_missing(pl.col("DECOM_last")))


@rule("903", "NoE", years=YEARS, table="Episodes", fields=["DECOM"],
      message="The episode began before this year, but last year's return has no episodes "
              "for this child")
def child_in_last_years_return(tables, context):
    previous = context.previous
    if previous is None or previous.get("Episodes") is None:
        return NO_FINDINGS
    known = previous["Episodes"].select("CHILD").unique()
    began_before = tables["Episodes"].filter(DECOM < context.start)
    return began_before.join(known, on="CHILD", how="anti").select(ROW)
