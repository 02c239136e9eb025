"""Figures from outside the record, kept as data: England's published figures for each
measure (``data/england.csv``, one row per measure and year ending 31 March, from
shared/domain/reference.md section 5) and each council's child population aged 0 to 17
(``data/population.csv``, one row per council and mid-year estimate)."""

import csv
import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class England:
    value: float
    year: int  # the year ending 31 March of ``year``
    source: str

    @property
    def label(self) -> str:
        return f"{self.year - 1}-{self.year % 100:02d}"


@cache
def _england() -> dict[str, list[England]]:
    found: dict[str, list[England]] = {}
    with open(DATA / "england.csv", newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            if row["value"].strip():
                found.setdefault(row["measure"], []).append(
                    England(float(row["value"]), int(row["year"]), row["source"]))
    return {code: sorted(rows, key=lambda e: e.year) for code, rows in found.items()}


def england_for(code: str, day: datetime.date) -> England | None:
    """The latest England figure published for a year ending on or before ``day``'s
    collection year, or None where none is known ("not published")."""
    last = day.year + (1 if day.month >= 4 else 0)
    known = [e for e in _england().get(code, []) if e.year <= last]
    return known[-1] if known else None


@cache
def _populations() -> dict[str, list[tuple[int, int]]]:
    found: dict[str, list[tuple[int, int]]] = {}
    with open(DATA / "population.csv", newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            found.setdefault(row["la_code"], []).append((int(row["year"]), int(row["population"])))
    return {code: sorted(rows) for code, rows in found.items()}


def population(la_code: str, day: datetime.date) -> int | None:
    """Children aged 0 to 17 in the council's area: the latest estimate for a year up to
    ``day``'s year (or the earliest known, for a day before any), None if the council has
    no figure."""
    rows = _populations().get(la_code, [])
    if not rows:
        return None
    earlier = [count for year, count in rows if year <= day.year]
    return earlier[-1] if earlier else rows[0][1]
