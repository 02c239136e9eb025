"""The SSDA903 return's tables and their DfE column names (shared/domain/reference.md
section 3.2). Dates are DD/MM/YYYY in the files; here they are dates. Columns a year
does not have are simply absent from that year's files."""

import polars as pl

DATE, STR = pl.Date, pl.String

TABLES: dict[str, dict[str, pl.DataType]] = {
    "Header": {"CHILD": STR, "SEX": STR, "DOB": DATE, "ETHNIC": STR, "UPN": STR,
               "MOTHER": STR, "MC_DOB": DATE},
    "Episodes": {"CHILD": STR, "DECOM": DATE, "RNE": STR, "LS": STR, "CIN": STR, "PLACE": STR,
                 "PLACE_PROVIDER": STR, "DEC": DATE, "REC": STR, "REASON_PLACE_CHANGE": STR,
                 "HOME_POST": STR, "PL_POST": STR, "URN": STR},
    "Reviews": {"CHILD": STR, "DOB": DATE, "REVIEW": DATE, "REVIEW_CODE": STR},
    "UASC": {"CHILD": STR, "SEX": STR, "DOB": DATE, "DUC": DATE},
    "OC2": {"CHILD": STR, "DOB": DATE, "SDQ_SCORE": STR, "SDQ_REASON": STR, "CONVICTED": STR,
            "HEALTH_CHECK": STR, "IMMUNISATIONS": STR, "TEETH_CHECK": STR,
            "HEALTH_ASSESSMENT": STR, "SUBSTANCE_MISUSE": STR, "INTERVENTION_RECEIVED": STR,
            "INTERVENTION_OFFERED": STR},
    "OC3": {"CHILD": STR, "DOB": DATE, "IN_TOUCH": STR, "ACTIV": STR, "ACCOM": STR},
    "AD1": {"CHILD": STR, "DOB": DATE, "DATE_INT": DATE, "DATE_MATCH": DATE,
            "FOSTER_CARE": STR, "NB_ADOPTR": STR, "SEX_ADOPTR": STR, "LS_ADOPTR": STR},
    "PlacedAdoption": {"CHILD": STR, "DOB": DATE, "DATE_PLACED": DATE,
                       "DATE_PLACED_CEASED": DATE, "REASON_PLACED_CEASED": STR},
    "PrevPerm": {"CHILD": STR, "DOB": DATE, "PREV_PERM": STR, "LA_PERM": STR, "DATE_PERM": STR},
    "Missing": {"CHILD": STR, "DOB": DATE, "MISSING": STR, "MIS_START": DATE, "MIS_END": DATE},
    "SWEpisodes": {"CHILD": STR, "DOB": DATE, "SW_ID": STR, "SW_DECOM": DATE, "SW_DEC": DATE,
                   "SW_REASON": STR},
    "DoLo": {"CHILD": STR, "DOB": DATE, "DOLO_START": DATE, "DOLO_END": DATE},
}

# The files of each collection year (SWEpisodes from 2023-24; DoLo in 2026-27).
TABLES_BY_YEAR = {
    year: [t for t in TABLES if (t != "DoLo" or year >= 2027)
           and (t != "SWEpisodes" or year >= 2024)]
    for year in range(2023, 2030)
}

FILE_NAMES = {"Header": "header", "Episodes": "episodes", "Reviews": "reviews",
              "UASC": "uasc", "OC2": "oc2", "OC3": "oc3", "AD1": "ad1",
              "PlacedAdoption": "placed_for_adoption", "PrevPerm": "previous_permanence",
              "Missing": "missing", "SWEpisodes": "social_worker", "DoLo": "dolo"}


def frame(table: str, rows: dict[str, list]) -> pl.DataFrame:
    schema = TABLES[table]
    length = len(next(iter(rows.values()))) if rows else 0
    return pl.DataFrame({n: rows.get(n, [None] * length) for n in schema}, schema=schema)
