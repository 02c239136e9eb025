"""Checking a CIN census file against the DfE's XSD for its collection year.

One known conflict is not counted as a problem: the XSD types NumberOfPreviousCPP as
``positiveInteger``, but the DfE's rule 8730 and the census guide ask for 0 on a child's
first plan, and the record holds 0 there. opencsc writes 0, as the rules ask, and says how
many first plans the XSD would refuse (README, Returns). The console (``opencsc returns
cin-census``) and a build from the web both check through here, so they agree.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

SCHEMA_NAME = re.compile(r"^CIN_schema_(\d{4})(_derived)?\.xsd$")


def schema_for(year: int, folder: Path) -> Path | None:
    """The CIN XSD for a collection year: the year's own, else the nearest earlier one of
    the same generation (``Sex`` from 2024-25, ``GenderCurrent`` before); a published
    schema before a derived one."""
    found = []
    for path in folder.glob("CIN_schema_*.xsd") if folder.is_dir() else []:
        match = SCHEMA_NAME.match(path.name)
        if match:
            found.append((int(match[1]), match[2] is None, path))
    same_kind = [f for f in found if (f[0] >= 2025) == (year >= 2025) and f[0] <= year]
    same_kind = same_kind or [f for f in found if (f[0] >= 2025) == (year >= 2025)]
    if not same_kind:
        return None
    return min(same_kind, key=lambda f: (abs(year - f[0]), not f[1]))[2]


@dataclass
class SchemaCheck:
    """How a file departs from the XSD: ``errors`` (libxml2's, with line, path and
    message), and how many first plans' NumberOfPreviousCPP of 0 it set aside."""

    schema: Path
    errors: list = field(default_factory=list)
    first_plans: int = 0


def check_against(schema_path: Path, path: Path) -> SchemaCheck:
    """Every way the file departs from the XSD but the first plans' count (libxml2's
    validator: a 100,000-child trust's census is checked in about a second)."""
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(schema_path)))
    document = etree.parse(str(path), etree.XMLParser(huge_tree=True, resolve_entities=False))
    schema.validate(document)
    found = list(schema.error_log)
    errors = [e for e in found if not _first_plan_count(e)]
    return SchemaCheck(schema_path, errors, len(found) - len(errors))


def _first_plan_count(error) -> bool:
    return (str(error.path).endswith("/NumberOfPreviousCPP")
            and "'0' is not a valid value" in error.message)


def first_plans_note(count: int, schema_name: str) -> str:
    plans = "child protection plan is a first plan" if count == 1 else (
        "child protection plans are first plans")
    return (f"{count} {plans}, with NumberOfPreviousCPP 0. {schema_name} types the item as "
            "a positive integer, but the DfE's rule 8730 and the census guide ask for 0 when "
            "there were no previous plans, so 0 is written and not counted as a schema "
            "problem.")
