"""DfE code lists, versioned by collection year.

A collection year is named by the year it ends in: 2026 is the 2025-26 collection
(1 April 2025 to 31 March 2026). Each code carries the first and last collection
year it is valid for, so next year's change is an added row, not a rewrite.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    code: str
    label: str
    first_year: int | None = None
    last_year: int | None = None

    def valid_in(self, year: int | None) -> bool:
        if year is None:
            return self.last_year is None
        return (self.first_year or 0) <= year <= (self.last_year or 9999)


class CodeList:
    """A named DfE code list with its source, e.g. ``ETHNICITY.choices()``."""

    def __init__(self, name: str, source: str, codes: list[Code]):
        self.name = name
        self.source = source
        self.codes = codes
        self._by_code = {c.code: c for c in codes}

    def for_year(self, year: int | None = None) -> list[Code]:
        return [c for c in self.codes if c.valid_in(year)]

    def choices(self, year: int | None = None) -> list[tuple[str, str]]:
        return [(c.code, f"{c.label} ({c.code})") for c in self.for_year(year)]

    def codes_for_year(self, year: int | None = None) -> set[str]:
        return {c.code for c in self.for_year(year)}

    def is_valid(self, code: str, year: int | None = None) -> bool:
        found = self._by_code.get(code)
        return found is not None and found.valid_in(year)

    def label(self, code: str) -> str:
        found = self._by_code.get(code)
        return found.label if found else code

    def __contains__(self, code: str) -> bool:
        return code in self._by_code


def code_list(name: str, source: str, rows: list[tuple]) -> CodeList:
    return CodeList(name, source, [Code(*row) for row in rows])
