"""Small hand-made SSDA903 tables for rule tests: one clean child, then changes."""

import datetime

import polars as pl

from opencsc.people.identifiers import upn_check_letter
from opencsc.returns.ssda903.tables import TABLES, frame

D = datetime.date
VALID_UPN = upn_check_letter("330000000012") + "330000000012"
DOB = D(2012, 6, 15)


def clean_903(**changes) -> dict:
    """A valid 2025-26 return for one girl of 12 who came into care on 1 May 2025.

    Two episodes: a short-term foster placement that ends the day she moves to a long-term
    one, still open at 31 March 2026. ``changes`` maps table -> {column: [values]}; shorter
    columns are padded with their last value; a table given as None is emptied.
    """
    rows = {
        "Header": {"CHILD": ["C1"], "SEX": ["F"], "DOB": [DOB], "ETHNIC": ["WBRI"],
                   "UPN": [VALID_UPN], "MOTHER": ["0"], "MC_DOB": [None]},
        "Episodes": {"CHILD": ["C1", "C1"], "DECOM": [D(2025, 5, 1), D(2025, 9, 1)],
                     "RNE": ["S", "P"], "LS": ["C2", "C2"], "CIN": ["N1", "N1"],
                     "PLACE": ["U6", "U4"], "PLACE_PROVIDER": ["PR1", "PR4"],
                     "DEC": [D(2025, 9, 1), None], "REC": ["X1", None],
                     "REASON_PLACE_CHANGE": ["CARPL", None],
                     "HOME_POST": ["B1 1", "B1 1"], "PL_POST": ["B2 2", "B3 3"],
                     "URN": ["SC123456", "SC654321"]},
        "Reviews": {"CHILD": ["C1"], "DOB": [DOB], "REVIEW": [D(2025, 5, 29)],
                    "REVIEW_CODE": ["PN1"]},
        "PrevPerm": {"CHILD": ["C1"], "DOB": [DOB], "PREV_PERM": ["Z1"]},
        "SWEpisodes": {"CHILD": ["C1"], "DOB": [DOB], "SW_ID": ["SW123456"],
                       "SW_DECOM": [D(2025, 5, 1)], "SW_REASON": ["FCONTA"]},
    }
    extra = {}
    for table, columns in changes.items():
        if columns is None:
            rows.pop(table, None)
            continue
        current = rows.setdefault(table, {})
        current.update(columns)
        height = max(len(v) for v in current.values())
        for name, values in current.items():
            current[name] = values + [values[-1]] * (height - len(values))
        extra[table] = {n: v for n, v in current.items() if n not in TABLES[table]}
    tables = {name: frame(name, rows.get(name, {})) for name in TABLES}
    # Columns outside the CSV tables (the XML header's UASC flag, the derived PL_LA).
    for table, columns in extra.items():
        if columns:
            tables[table] = tables[table].with_columns(
                **{n: pl.Series(v, dtype=pl.String) for n, v in columns.items()})
    return tables
