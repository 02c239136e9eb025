"""Shared pieces for SSDA903 rules: the years they apply in, and small frame helpers.

Every rule here applies in 2025-26 and 2026-27. A rule whose DfE definition changes in a
later year gets a second registration with the later years, not an edit of this one.
"""

import datetime

import polars as pl

from ..engine import ROW, rows  # noqa: F401  (rows: the rules' own helper)

YEARS = frozenset({2026, 2027})  # 2025-26 and 2026-27
YEARS_2026 = frozenset({2026})
YEARS_2027 = frozenset({2027})

DECOM, DEC = pl.col("DECOM"), pl.col("DEC")
EARLIEST_PLAUSIBLE_DATE = datetime.date(1900, 1, 1)


def years_after(date: pl.Expr, years: int) -> pl.Expr:
    """The date ``years`` later: a birthday. 29 February falls on 28 February."""
    return date.dt.offset_by(f"{years}y")


def days_after(date: pl.Expr, days: int) -> pl.Expr:
    return date + pl.duration(days=days)


def not_a_date(frame: pl.DataFrame, name: str) -> pl.Expr:
    """A value given that is not a real date in DD/MM/YYYY.

    Tables read by csvio hold dates already parsed (an unreadable date is reported by the
    reader and arrives as null), so for a date column this finds only impossible years; a
    column still holding text is parsed strictly here.
    """
    column = pl.col(name)
    if frame.schema[name] == pl.String:
        return column.is_not_null() & column.str.to_date("%d/%m/%Y", strict=False).is_null()
    return column < EARLIEST_PLAUSIBLE_DATE


def header_once(tables) -> pl.DataFrame:
    """Each child's header row once (a duplicated child is another rule's business)."""
    return tables["Header"].unique("CHILD", keep="first", maintain_order=True)


def episodes_with_header(tables, *columns: str) -> pl.DataFrame:
    """Episodes joined to the child's header columns (DOB, SEX, UPN ...)."""

    def join():
        header = header_once(tables).select("CHILD", *columns)
        return tables["Episodes"].join(header, on="CHILD", how="left", suffix="_header")

    return kept(("header", columns), (tables["Episodes"], tables["Header"]), join)


def in_order(episodes: pl.DataFrame, *, dated: bool = False) -> pl.DataFrame:
    """A child's episodes by start date, each marked with its place in the child's history.

    Adds ``_first`` and ``_last`` (the child's earliest and latest episode in this return;
    with ``dated``, among episodes with a start date). Rules read the previous and next
    episode with ``before`` and ``after``, which look along the sorted frame rather than
    window over each child, so they stay fast for 25,000 children. Several rules order the
    same frame, so the last ordering of each kind is kept.
    """
    def order():
        child = pl.col("CHILD")
        chosen = episodes.filter(DECOM.is_not_null()) if dated else episodes
        return chosen.sort("CHILD", "DECOM", nulls_last=True).with_columns(
            child.ne_missing(child.shift(1)).alias("_first"),
            child.ne_missing(child.shift(-1)).alias("_last"))

    return kept(("order", dated), (episodes,), order)


_KEPT: dict[tuple, tuple[tuple, pl.DataFrame]] = {}


def kept(key: tuple, sources: tuple, build) -> pl.DataFrame:
    """``build()``, kept while its source frames are the very same objects: several rules
    derive the same frame from one return, and frames never change in place."""
    held = _KEPT.get(key)
    if held is not None and all(a is b for a, b in zip(held[0], sources, strict=True)):
        return held[1]
    result = build()
    _KEPT[key] = (sources, result)
    return result


def before(name: str, steps: int = 1) -> pl.Expr:
    """The column's value ``steps`` episodes earlier for the same child (frame from
    ``in_order``); null where the child has no such episode."""
    same_child = pl.col("CHILD").eq_missing(pl.col("CHILD").shift(steps))
    return pl.when(same_child).then(pl.col(name).shift(steps))


def after(name: str) -> pl.Expr:
    """The column's value on the child's next episode (frame from ``in_order``)."""
    return pl.when(~pl.col("_last")).then(pl.col(name).shift(-1))


def ended_or_year_end(context) -> pl.Expr:
    """DEC, or 31 March for an episode still open at the end of the year."""
    return DEC.fill_null(pl.lit(context.end))
