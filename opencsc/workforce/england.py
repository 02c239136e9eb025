"""England's workforce figures, as published by the DfE, one row per census year
(``data/england.csv``; each row names its source, and a blank is a figure we do not have).

The census year ends on 30 September, so the figure beside a trust's measures on a given
day is England's at the latest 30 September on or before it.
"""

import csv
import datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "england.csv"
FIGURES = ["in_post_fte", "agency_rate", "vacancy_rate", "turnover_rate", "average_caseload",
           "working_days_lost", "absence_rate"]


@cache
def rows() -> tuple[dict, ...]:
    with DATA.open(newline="", encoding="utf-8") as handle:
        return tuple(_row(raw) for raw in csv.DictReader(handle))


def _row(raw: dict) -> dict:
    row = {name: Decimal(raw[name]) if raw[name] else None for name in FIGURES}
    row["year"] = int(raw["year"])
    row["reference_date"] = datetime.date.fromisoformat(raw["reference_date"])
    row["source"] = raw["source"]
    days, fte = row["working_days_lost"], row["in_post_fte"]
    row["sickness_days_per_fte"] = days / fte if days is not None and fte else None
    return row


def england_on(day: datetime.date) -> dict | None:
    """England's latest published figures on ``day``, or None before the first we hold."""
    published = [row for row in rows() if row["reference_date"] <= day]
    return max(published, key=lambda row: row["reference_date"]) if published else None
