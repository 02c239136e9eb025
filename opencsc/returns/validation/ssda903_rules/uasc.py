"""Rules on UASC: unaccompanied asylum-seeking children and the date that status ceased.

Source: the DfE SSDA903 validation rules as implemented by the open 903 validator
(data-to-insight/csc-validator-be-903: 104, 205A to 205D, 303, 304, 1014 and the UASC
integrity checks). Whether a child is UASC comes from the header's UASC flag where the
return carries one (the XML header does); a CSV return shows it only by the child's row in
the UASC table, so there a row means UASC and rule 303 (flag against date) stays silent.
"""

import polars as pl

from ..engine import rule
from .care_leavers import filled_in
from .common import YEARS, header_once, not_a_date, rows, years_after
from .outcomes import dob_differs, not_in_header, repeated

DUC = pl.col("DUC")


def uasc(tables) -> pl.DataFrame:
    return tables["UASC"]


def flags(tables) -> pl.DataFrame:
    """Every header child with ``_uasc``: the header's flag, or else a row in UASC."""
    header = tables["Header"].unique("CHILD")
    if "UASC" in header.columns:
        return header.select("CHILD", (pl.col("UASC") == "1").alias("_uasc"))
    listed = tables["UASC"].select("CHILD").unique().with_columns(_uasc=pl.lit(True))
    return (header.select("CHILD").join(listed, on="CHILD", how="left")
            .with_columns(pl.col("_uasc").fill_null(False)))


def header_flag(tables) -> pl.DataFrame | None:
    """The header's own UASC flag, or None for a return without one (CSV)."""
    return flags(tables) if "UASC" in tables["Header"].columns else None


@rule("903", "104", years=YEARS, table="UASC", fields=["DUC"],
      message="The date UASC status ceased is not a real date")
def ceased_is_a_date(tables, context):
    return rows(uasc(tables), not_a_date(uasc(tables), "DUC"))


@rule("903", "304", years=YEARS, table="UASC", fields=["DOB", "DUC"],
      message="UASC status must cease on or before the child's 18th birthday")
def ceased_by_18(tables, context):
    return rows(uasc(tables), DUC > years_after(pl.col("DOB"), 18))


@rule("903", "303", years=YEARS, table="UASC", fields=["DUC"],
      message="A date UASC status ceased is given, so the child must be flagged as UASC "
              "(1) in the header")
def ceased_only_for_uasc(tables, context):
    flag = header_flag(tables)
    if flag is None:
        return None
    joined = uasc(tables).join(flag, on="CHILD", how="left")
    return rows(joined, DUC.is_not_null() & ~pl.col("_uasc").fill_null(False))


def both_years(tables, context) -> pl.DataFrame | None:
    """This year's UASC rows with this and last year's flag and date ceased."""
    previous = context.previous
    if previous is None or "UASC" not in previous or "Header" not in previous:
        return None
    now, then = flags(tables), flags(previous)
    last = (then.rename({"_uasc": "_uasc_last"})
            .join(previous["UASC"].unique("CHILD").select("CHILD", DUC.alias("_duc_last")),
                  on="CHILD", how="left"))
    return (uasc(tables).join(now, on="CHILD", how="left")
            .join(last, on="CHILD", how="inner")
            .with_columns(pl.col("_uasc", "_uasc_last").fill_null(False)))


def last_year_window(context) -> tuple:
    return (context.start.replace(year=context.start.year - 1),
            context.end.replace(year=context.end.year - 1))


@rule("903", "205A", years=YEARS, table="UASC", fields=["DUC"],
      message="The child was UASC last year and is not this year, so UASC status should "
              "have ceased during last year and no date be given this year")
def ceased_last_year(tables, context):
    joined = both_years(tables, context)
    if joined is None:
        return None
    start, end = last_year_window(context)
    duc_last = pl.col("_duc_last")
    ceased_then = (duc_last >= start) & (duc_last <= end)
    stopped = pl.col("_uasc_last") & ~pl.col("_uasc")
    return rows(joined, stopped & (DUC.is_not_null() | ~ceased_then.fill_null(False)))


@rule("903", "205B", years=YEARS, table="UASC", fields=["DUC"],
      message="The child is UASC both this year and last, but last year's date UASC "
              "ceased is before this year or differs from this year's")
def still_uasc(tables, context):
    joined = both_years(tables, context)
    if joined is None:
        return None
    duc_last = pl.col("_duc_last")
    ended_before = duc_last < context.start
    changed = duc_last.is_not_null() & DUC.ne_missing(duc_last)
    return rows(joined, pl.col("_uasc_last") & pl.col("_uasc") & (ended_before | changed))


@rule("903", "205C", years=YEARS, table="UASC", fields=["DUC"],
      message="The child was not UASC this year or last, but a date UASC ceased is given")
def never_uasc(tables, context):
    joined = both_years(tables, context)
    if joined is None:
        return None
    return rows(joined, ~pl.col("_uasc_last") & ~pl.col("_uasc") & DUC.is_not_null())


@rule("903", "205D", years=YEARS, table="Header", fields=["UASC"],
      message="The child is UASC this year but was in last year's return without being UASC")
def uasc_from_the_start(tables, context):
    previous = context.previous
    if previous is None or "Header" not in previous or "UASC" not in previous:
        return None
    now, then = flags(tables), flags(previous)
    joined = (header_once(tables).join(now, on="CHILD")
              .join(then.rename({"_uasc": "_uasc_last"}), on="CHILD", how="inner"))
    return rows(joined, pl.col("_uasc") & ~pl.col("_uasc_last"))


@rule("903", "1014", years=YEARS, table="UASC", fields=["DUC"],
      message="UASC information is not needed for a care leaver not looked after this year")
def not_for_care_leavers(tables, context):
    leavers = (filled_in(tables).select("CHILD")
               .join(tables["Episodes"].select("CHILD"), on="CHILD", how="anti"))
    return rows(uasc(tables).join(leavers, on="CHILD", how="semi"), pl.lit(True))


@rule("903", "INT09", years=YEARS, table="UASC", fields=["CHILD"],
      message="The child in UASC is not in the header")
def uasc_child_in_header(tables, context):
    return not_in_header(tables, "UASC")


@rule("903", "INT18", years=YEARS, table="UASC", fields=["DOB"],
      message="The date of birth in UASC differs from the child's header")
def uasc_dob_matches_header(tables, context):
    return dob_differs(tables, "UASC")


@rule("903", "INT21", years=YEARS, table="UASC", fields=["SEX"],
      message="The sex in UASC differs from the child's header")
def uasc_sex_matches_header(tables, context):
    header = header_once(tables).select("CHILD", pl.col("SEX").alias("_header_sex"))
    joined = uasc(tables).join(header, on="CHILD", how="inner")
    return rows(joined, pl.col("SEX").ne_missing(pl.col("_header_sex")))


@rule("903", "INT36", years=YEARS, table="UASC", fields=["CHILD"],
      message="The child appears more than once in UASC")
def uasc_child_once(tables, context):
    return repeated(tables, "UASC")
