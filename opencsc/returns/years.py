"""Collection years. ``--year 2026`` names the 2025-26 collection: 1 April 2025 to
31 March 2026, reference date 31 March 2026."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class CollectionYear:
    year: int

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year - 1, 4, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.year, 3, 31)

    reference_date = end

    @property
    def label(self) -> str:
        return f"{self.year - 1}-{self.year % 100:02d}"

    @property
    def previous(self) -> "CollectionYear":
        return CollectionYear(self.year - 1)

    def __str__(self) -> str:
        return self.label


def year_of(day: datetime.date) -> CollectionYear:
    return CollectionYear(day.year + 1 if day.month >= 4 else day.year)
