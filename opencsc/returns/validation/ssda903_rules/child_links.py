"""Rules linking a child's rows across tables: every child in Episodes has a header and
every header has episodes or care-leaver data; other tables only for children in care this
year; and header items that depend on the child's episodes (UPN, mother, first child's
birth).
"""

import polars as pl

from ..engine import ROW, rule
from .common import DEC, DECOM, YEARS, episodes_with_header, header_once, rows

SHORT_BREAKS = ["V3", "V4"]
FEMALE = ["F", "2"]  # 2 was the code for female up to 2023-24
# Tables that hold data only for children looked after this year (rule 1012).
CARE_TABLES = ["PlacedAdoption", "Missing", "Reviews", "AD1", "PrevPerm", "OC2"]


def children(frame: pl.DataFrame | None) -> pl.DataFrame:
    if frame is None:
        return pl.DataFrame(schema={"CHILD": pl.String})
    return frame.select("CHILD").unique()


@rule("903", "EPI", years=YEARS, table="Header", fields=["CHILD"],
      message="The child has no episodes and no care-leaver (OC3) data; load their episodes "
              "before the return can be fully checked")
def header_has_episodes(tables, context):
    known = pl.concat([children(tables.get("Episodes")), children(tables.get("OC3"))])
    return tables["Header"].join(known, on="CHILD", how="anti").select(ROW)


@rule("903", "INT03", years=YEARS, table="Episodes", fields=["CHILD"],
      message="This child is in the Episodes table but not in the Header")
def episode_child_in_header(tables, context):
    return tables["Episodes"].join(children(tables["Header"]), on="CHILD",
                                   how="anti").select(ROW)


@rule("903", "INT32", years=YEARS, table="Header", fields=["CHILD"],
      message="This child appears more than once in the Header; each child has one header")
def one_header_each(tables, context):
    return rows(tables["Header"], pl.col("CHILD").is_duplicated())


def only_for_children_in_care(table: str):
    def check(tables, context):
        frame = tables.get(table)
        if frame is None:
            return None
        in_care = children(tables.get("Episodes"))
        return frame.join(in_care, on="CHILD", how="anti").select(ROW)
    return check


for _table in CARE_TABLES:
    rule("903", "1012", years=YEARS, table=_table, fields=["CHILD"],
         message=f"This child has no episodes this year, so should have no {_table} data")(
        only_for_children_in_care(_table))


@rule("903", "442", years=YEARS, table="Header", fields=["UPN"],
      message="The UPN is blank; give the UPN or an unknown code (UN1 to UN5) for a child "
              "looked after other than for short breaks")
def upn_given(tables, context):
    looked_after = (tables["Episodes"].filter(~pl.col("LS").is_in(SHORT_BREAKS)
                                              .fill_null(False))
                    .select("CHILD").unique())
    joined = tables["Header"].join(looked_after, on="CHILD", how="inner")
    return rows(joined, pl.col("UPN").is_null())


@rule("903", "607", years=YEARS, table="Episodes", fields=["DEC", "REC", "MOTHER", "SEX"],
      message="The girl ceased to be looked after this year, but whether she is a mother is "
              "not recorded")
def mother_recorded_on_leaving(tables, context):
    episodes = episodes_with_header(tables, "SEX", "MOTHER")
    rec = pl.col("REC")
    left_care = (DEC >= context.start) & (DEC <= context.end) & rec.is_not_null() & (
        rec != "X1")
    return rows(episodes, left_care & ~pl.col("LS").is_in(SHORT_BREAKS).fill_null(False)
                & pl.col("SEX").is_in(FEMALE) & pl.col("MOTHER").is_null())


@rule("903", "625", years=YEARS, table="Header", fields=["MC_DOB"],
      message="The first child's date of birth is after the end of the year or after the "
              "mother ceased to be looked after")
def first_child_born_in_care(tables, context):
    latest = (tables["Episodes"].filter(DECOM.is_not_null()).sort("CHILD", "DECOM")
              .unique("CHILD", keep="last").select("CHILD", DEC.alias("_care_ended")))
    header = header_once(tables).join(latest, on="CHILD", how="left")
    born = pl.col("MC_DOB")
    if header.schema["MC_DOB"] == pl.String:  # not yet parsed; rule 171 reports bad dates
        born = born.str.to_date("%d/%m/%Y", strict=False)
    return rows(header, (born > context.end) | (born > pl.col("_care_ended")))
