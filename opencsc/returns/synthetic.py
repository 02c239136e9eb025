"""Realistic synthetic returns, of any size, for benchmarks and tests; errors planted on request.

A return is built from a few template children who pass every rule (the tests check it).
Each copy gets its own ID and UPN, an ethnicity and, for the SSDA903, a sex of its own,
and its dates moved by whole weeks, so weekdays, working days and the year's boundaries
hold. Children follow the templates in turn: a CIN census mixes child protection journeys,
open child in need plans and assessments that closed the case; an SSDA903 child has four
episodes (three moves), two reviews, a missing night and a social worker.

``plant`` then breaks chosen children on purpose, one DfE rule each, and says what it
planted, so a test can check the validator finds every one. Everything here is synthetic:
the IDs, UPNs and postcodes are made up.
"""

import datetime
import random
from dataclasses import dataclass

import polars as pl

from opencsc.codes.person import ETHNICITY
from opencsc.people.identifiers import upn_check_letter

from .cin.tables import TABLES as CIN_TABLES
from .cin.tables import frame as cin_frame
from .ssda903.tables import TABLES as SSDA903_TABLES
from .ssda903.tables import TABLES_BY_YEAR
from .ssda903.tables import frame as ssda903_frame

D = datetime.date
CHILD = "_child"  # the copy's number, dropped before the tables are handed out
SHIFTS = [0, 7, 14, 21, 28, 35]  # days: whole weeks keep each date's weekday
ETHNICITIES = sorted(ETHNICITY.codes_for_year() - {"REFU", "NOBT"})


@dataclass(frozen=True)
class Planted:
    """An error planted on purpose: the rule that should find it, where, and for whom."""

    code: str
    table: str
    child_id: str


# The CIN census (2025-26): three kinds of child --------------------------------------

def _cin_protection() -> dict[str, dict]:
    """Referred in September 2025, assessed, a section 47 and conference, a child
    protection plan with a review; a CIN plan before it; still open on 31 March."""
    return {
        "ChildIdentifiers": {"PersonBirthDate": [D(2015, 5, 1)], "Sex": ["F"]},
        "Disabilities": {"Disability": ["NONE"]},
        "CINdetails": {"CINdetailsID": [1], "CINreferralDate": [D(2025, 9, 1)],
                       "ReferralSource": ["2A"], "PrimaryNeedCode": ["N1"],
                       "ReferralNFA": ["false"]},
        "Assessments": {"CINdetailsID": [1], "AssessmentID": [1],
                        "AssessmentActualStartDate": [D(2025, 9, 2)],
                        "AssessmentAuthorisationDate": [D(2025, 10, 2)],
                        "AssessmentFactors": [["16A", "3B"]]},
        "CINplanDates": {"CINdetailsID": [1], "CINPlanStartDate": [D(2025, 9, 9)],
                         "CINPlanEndDate": [D(2025, 9, 29)]},
        "Section47": {"CINdetailsID": [1], "S47ActualStartDate": [D(2025, 9, 8)],
                      "InitialCPCtarget": [D(2025, 9, 26)], "DateOfInitialCPC": [D(2025, 9, 29)],
                      "ICPCnotRequired": ["false"]},
        "ChildProtectionPlans": {"CINdetailsID": [1], "CPPID": [1],
                                 "CPPstartDate": [D(2025, 9, 29)],
                                 "InitialCategoryOfAbuse": ["NEG"],
                                 "LatestCategoryOfAbuse": ["NEG"], "NumberOfPreviousCPP": ["0"]},
        "Reviews": {"CINdetailsID": [1], "CPPID": [1], "CPPreviewDate": [D(2025, 12, 18)]},
    }


def _cin_plan() -> dict[str, dict]:
    """Referred in October 2025, assessed, on a child in need plan on 31 March."""
    return {
        "ChildIdentifiers": {"PersonBirthDate": [D(2011, 11, 20)], "Sex": ["M"]},
        "Disabilities": {"Disability": ["LD", "COMM"]},
        "CINdetails": {"CINdetailsID": [1], "CINreferralDate": [D(2025, 10, 6)],
                       "ReferralSource": ["6"], "PrimaryNeedCode": ["N5"],
                       "ReferralNFA": ["false"]},
        "Assessments": {"CINdetailsID": [1], "AssessmentID": [1],
                        "AssessmentActualStartDate": [D(2025, 10, 7)],
                        "AssessmentAuthorisationDate": [D(2025, 11, 18)],
                        "AssessmentFactors": [["4B", "1B"]]},
        "CINplanDates": {"CINdetailsID": [1], "CINPlanStartDate": [D(2025, 11, 25)],
                         "CINPlanEndDate": [None]},
    }


def _cin_assessed() -> dict[str, dict]:
    """Two episodes: one closed after assessment in 2025, a re-referral in February."""
    return {
        "ChildIdentifiers": {"PersonBirthDate": [D(2019, 2, 11)], "Sex": ["M"]},
        "Disabilities": {"Disability": ["NONE"]},
        "CINdetails": {"CINdetailsID": [1, 2],
                       "CINreferralDate": [D(2025, 6, 2), D(2026, 2, 2)],
                       "ReferralSource": ["3B", "1A"], "PrimaryNeedCode": ["N4", "N4"],
                       "CINclosureDate": [D(2025, 7, 14), None],
                       "ReasonForClosure": ["RC8", None], "ReferralNFA": ["false", "false"]},
        "Assessments": {"CINdetailsID": [1, 2], "AssessmentID": [1, 2],
                        "AssessmentActualStartDate": [D(2025, 6, 3), D(2026, 2, 3)],
                        "AssessmentAuthorisationDate": [D(2025, 7, 10), None],
                        "AssessmentFactors": [["21"], []]},
    }


def _cin_disabled() -> dict[str, dict]:
    """A disabled child, many needs recorded, assessed and on a CIN plan since May."""
    plan = _cin_plan()
    plan["ChildIdentifiers"] = {"PersonBirthDate": [D(2013, 3, 14)], "Sex": ["F"]}
    plan["Disabilities"] = {"Disability": ["MOB", "HAND", "PC", "INC", "HEAR", "VIS", "AUT",
                                           "CON", "BEH", "DDA"]}
    plan["CINdetails"] = {**plan["CINdetails"], "PrimaryNeedCode": ["N2"],
                          "ReferralSource": ["3D"]}
    return plan


CIN_TEMPLATES = [_cin_protection, _cin_plan, _cin_assessed, _cin_protection, _cin_plan,
                 _cin_disabled, _cin_assessed, _cin_plan]


def cin_census(children: int, *, seed: int = 2026, year: int = 2026) -> dict[str, pl.DataFrame]:
    """A CIN census of ``children`` children for the collection year ending in ``year``
    (the templates are dated for 2025-26; another year moves every date by whole years)."""
    rng = random.Random(f"cin {seed}")
    ids = [f"SYN{i:07d}" for i in range(children)]
    shifts = [rng.choice(SHIFTS) for _ in range(children)]
    parts: dict[str, list[pl.DataFrame]] = {name: [] for name in CIN_TABLES}
    for kind, template in enumerate(CIN_TEMPLATES):
        chosen = list(range(kind, children, len(CIN_TEMPLATES)))
        if not chosen:
            continue
        copies = pl.DataFrame({CHILD: chosen, "LAchildID": [ids[i] for i in chosen],
                               "_shift": [shifts[i] for i in chosen]},
                              schema={CHILD: pl.Int64, "LAchildID": pl.String,
                                      "_shift": pl.Int64})
        for name, columns in template().items():
            parts[name].append(_copies(cin_frame(name, _with_keys(columns)), copies,
                                       years=year - 2026))
    tables = {name: _assemble(name, found, cin_frame) for name, found in parts.items()}
    tables = _numbered(tables)
    tables["ChildIdentifiers"] = tables["ChildIdentifiers"].with_columns(
        UPN=pl.Series(_upns(children, rng)))
    tables["ChildCharacteristics"] = cin_frame("ChildCharacteristics", {
        "LAchildID": ids, "Ethnicity": [rng.choice(ETHNICITIES) for _ in ids]})
    tables["Header"] = cin_frame("Header", {
        "Collection": ["CIN"], "Year": [str(year)], "ReferenceDate": [D(year, 3, 31)],
        "SourceLevel": ["L"], "LEA": ["330"], "SoftwareCode": ["opencsc synthetic"],
        "Release": ["1"], "SerialNo": ["001"], "DateTime": ["2026-04-20T09:00:00"]})
    return tables


def _with_keys(columns: dict) -> dict:
    length = len(next(iter(columns.values())))
    return {"LAchildID": ["T"] * length, **columns}


def _numbered(tables: dict) -> dict:
    """Episode, assessment and plan keys unique across the return (child number * 10 +
    the template's key), as a reader numbering a file would give."""
    out = {}
    for name, table in tables.items():
        keys = [k for k in ("CINdetailsID", "AssessmentID", "CPPID") if k in table.columns]
        out[name] = table.with_columns(
            [(pl.col(CHILD) * 10 + pl.col(k)).alias(k) for k in keys]).drop(CHILD)
    return out


def _upns(children: int, rng: random.Random) -> list[str]:
    """Valid, distinct UPNs: LA 330, then the child's number."""
    out = []
    for i in range(children):
        body = f"330{i + 10_000_000:09d}"
        out.append(upn_check_letter(body) + body)
    return out


# The SSDA903 (2025-26) ----------------------------------------------------------------

def _ssda903_child() -> dict[str, dict]:
    """In care from May 2025 on a care order; three moves; two reviews; one night missing."""
    dob = D(2012, 6, 15)
    return {
        "Header": {"SEX": ["F"], "DOB": [dob], "ETHNIC": ["WBRI"], "MOTHER": ["0"],
                   "MC_DOB": [None]},
        "Episodes": {"DECOM": [D(2025, 5, 1), D(2025, 7, 1), D(2025, 9, 1), D(2025, 11, 3)],
                     "RNE": ["S", "P", "P", "P"], "LS": ["C2"] * 4, "CIN": ["N1"] * 4,
                     "PLACE": ["U6", "U6", "U4", "U4"],
                     "PLACE_PROVIDER": ["PR1", "PR4", "PR4", "PR1"],
                     "DEC": [D(2025, 7, 1), D(2025, 9, 1), D(2025, 11, 3), None],
                     "REC": ["X1", "X1", "X1", None],
                     "REASON_PLACE_CHANGE": ["CARPL", "CREQB", "CARPL", None],
                     "HOME_POST": ["B1 1AA"] * 4,
                     "PL_POST": ["B2 2AA", "B3 3AA", "B4 4AA", "B5 5AA"],
                     "URN": ["SC123456", "SC234567", "SC345678", "SC456789"]},
        "Reviews": {"DOB": [dob, dob], "REVIEW": [D(2025, 5, 29), D(2025, 8, 20)],
                    "REVIEW_CODE": ["PN1", "PN6"]},
        "PrevPerm": {"DOB": [dob], "PREV_PERM": ["Z1"]},
        "Missing": {"DOB": [dob], "MISSING": ["M"], "MIS_START": [D(2025, 10, 3)],
                    "MIS_END": [D(2025, 10, 4)]},
        "SWEpisodes": {"DOB": [dob], "SW_ID": ["SW123456"], "SW_DECOM": [D(2025, 5, 1)],
                       "SW_REASON": ["FCONTA"]},
    }


def ssda903(children: int, *, seed: int = 2026, year: int = 2026) -> dict[str, pl.DataFrame]:
    """The SSDA903 tables of ``children`` children (four episodes each)."""
    rng = random.Random(f"903 {seed}")
    ids = [f"SYN{i:07d}" for i in range(children)]
    sexes = [rng.choice("MF") for _ in ids]
    copies = pl.DataFrame({CHILD: range(children), "CHILD": ids,
                           "_shift": [rng.choice(SHIFTS) for _ in ids]},
                          schema={CHILD: pl.Int64, "CHILD": pl.String, "_shift": pl.Int64})
    tables = {}
    for name, columns in _ssda903_child().items():
        template = ssda903_frame(name, {"CHILD": ["T"] * len(next(iter(columns.values()))),
                                        **columns})
        tables[name] = _copies(template, copies, years=year - 2026).drop(CHILD)
    tables["Header"] = tables["Header"].with_columns(
        SEX=pl.Series(sexes), ETHNIC=pl.Series([rng.choice(ETHNICITIES) for _ in ids]),
        UPN=pl.Series(_upns(children, rng)),
        # MOTHER is for girls only (rules 165 and 393).
        MOTHER=pl.Series(["0" if s == "F" else None for s in sexes]))
    return {name: tables.get(name, ssda903_frame(name, {})).select(list(SSDA903_TABLES[name]))
            for name in TABLES_BY_YEAR[year]}


# Shared: copying templates -------------------------------------------------------------

def _copies(template: pl.DataFrame, copies: pl.DataFrame, *, years: int) -> pl.DataFrame:
    """The template's rows once for each copy, with the copy's ID and its dates moved by
    the copy's shift (and by whole ``years``)."""
    key = "LAchildID" if "LAchildID" in template.columns else "CHILD"
    dates = [c for c, t in template.schema.items() if t == pl.Date]
    joined = template.drop(key).with_row_index("_k").join(copies, how="cross")
    moved = [(pl.col(c).dt.offset_by(f"{years}y") + pl.duration(days=pl.col("_shift")))
             .alias(c) for c in dates]
    return (joined.with_columns(moved).sort(CHILD, "_k")
            .select([CHILD, key, *[c for c in template.columns if c != key]]))


def _assemble(name: str, found: list[pl.DataFrame], make) -> pl.DataFrame:
    if not found:
        return make(name, {}).with_columns(pl.lit(None, pl.Int64).alias(CHILD))
    return pl.concat(found).sort(CHILD, maintain_order=True)


# Planting errors ------------------------------------------------------------------------

# (rule, table, column, wrong value): each breaks one rule of the return's year.
CIN_PLANTS = [
    ("8866", "CINdetails", "ReferralSource", "ZZ"),
    ("8650", "CINdetails", "PrimaryNeedCode", "N99"),
    ("4220", "ChildCharacteristics", "Ethnicity", "XXXX"),
    ("4180", "ChildIdentifiers", "Sex", "X"),
    ("1540", "ChildIdentifiers", "UPN", "A330ABCDEFGH1"),
    ("8600", "CINdetails", "CINreferralDate", D(2026, 5, 1)),
    ("8540", "Disabilities", "Disability", "NONE+"),
]
SSDA903_PLANTS = [
    ("101", "Header", "SEX", "X"),
    ("103", "Header", "ETHNIC", "XXXX"),
    ("143", "Episodes", "RNE", "Z"),
    ("146", "Episodes", "PLACE", "Q9"),
    ("145", "Episodes", "CIN", "N0"),
    ("167", "Reviews", "REVIEW_CODE", "PN9"),
    ("SW02STG1", "SWEpisodes", "SW_ID", "AB123"),
]


def plant(tables: dict[str, pl.DataFrame], plants: list[tuple], *, every: int = 97,
          ) -> tuple[dict[str, pl.DataFrame], list[Planted]]:
    """Break one child in ``every`` for each planted rule, in turn; say what was planted.

    Each child broken gets one error (in every row of theirs in that table). The first
    planted child is the second in the return, so the first stays clean."""
    key = "LAchildID" if "LAchildID" in tables["Header"].columns or "ChildIdentifiers" in \
        tables else "CHILD"
    ids = (tables["ChildIdentifiers"] if key == "LAchildID" else tables["Header"])[key]
    planted, out = [], dict(tables)
    for n, position in enumerate(range(1, len(ids), every)):
        code, table, column, value = plants[n % len(plants)]
        child = ids[position]
        if child not in out[table][key]:
            continue  # this child has no row in that table
        dtype = out[table].schema[column]
        out[table] = out[table].with_columns(
            pl.when(pl.col(key) == child).then(pl.lit(value, dtype=dtype))
            .otherwise(pl.col(column)).alias(column))
        planted.append(Planted(code, table, child))
    return out, planted
