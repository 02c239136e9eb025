"""A validation run told to people: problems reading the files, then each rule's findings.

The same content three ways: a short summary for the terminal (each rule code found with
its count, errors apart from queries, file problems first with where they are), and the
full report as CSV or as an Excel workbook, one line per finding with the child's ID,
rule code, message, table, row, fields and values. Rows are counted from 1 within their
table; a problem reading a file keeps the file's own line or row number.
"""

import csv
import time
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from .validation.engine import Report

COLUMNS = ["child_id", "code", "kind", "message", "table", "row", "fields", "values",
           "explanation"]
WARNING = "warning"
# What the SSDA903 reader says when it read a file but wants it looked at.
NOTICES = ("Windows-1252", "its rows were added to the first")


@dataclass(frozen=True)
class Problem:
    """A problem reading an input file: where it is, what is wrong, and the value found."""

    where: str
    message: str
    value: str = ""
    severity: str = "error"
    row: int | None = None
    field: str = ""

    def __str__(self) -> str:
        found = f" (found ‘{self.value}’)" if self.value else ""
        return f"{self.where}: {self.message}{found}"


def from_cin(problem) -> Problem:
    """A CIN reader problem (line, XML path)."""
    where = f"line {problem.line}, {problem.path}" if problem.line else problem.path
    return Problem(where, problem.message, problem.value or "", row=problem.line,
                   field=problem.path)


def from_903(problem, prefix: str = "") -> Problem:
    """An SSDA903 reader problem (file, row, column). A file read as Windows-1252, or a
    second file of a table added to the first, is a warning: the data was read."""
    parts = [prefix + problem.file]
    if problem.row is not None:
        parts.append(f"row {problem.row}")
    if problem.column:
        parts.append(problem.column)
    severity = WARNING if any(n in problem.message for n in NOTICES) else "error"
    return Problem(", ".join(parts), problem.message, problem.value or "", severity,
                   problem.row, problem.column)


def rows(report: Report, problems: list[Problem],
         explanations: dict[tuple[str, str], str] | None = None) -> pl.DataFrame:
    """File problems, then findings, as the report's rows (findings by code, then row);
    a query's row carries its explanation, from ``explanations`` by (code, child ID)."""
    found = report.findings.sort("code", "table", "row").select(
        pl.col("child_id"), pl.col("code"), pl.col("kind"), pl.col("message"),
        pl.col("table"), (pl.col("row").cast(pl.Int64) + 1).alias("row"),
        pl.col("fields"), pl.col("values"))
    found = _explained(found, explanations or {})
    read = pl.DataFrame({
        "child_id": [None] * len(problems), "code": ["FILE"] * len(problems),
        "kind": [f"file {p.severity}" for p in problems],
        "message": [p.message for p in problems], "table": [p.where for p in problems],
        "row": [p.row for p in problems], "fields": [p.field for p in problems],
        "values": [p.value for p in problems], "explanation": [None] * len(problems)},
        schema=found.schema)
    return pl.concat([read, found])


def _explained(found: pl.DataFrame, explanations: dict[tuple[str, str], str]) -> pl.DataFrame:
    given = pl.DataFrame([(code, child, why) for (code, child), why in explanations.items()],
                         schema={"code": pl.String, "child_id": pl.String,
                                 "explanation": pl.String}, orient="row")
    joined = found.join(given, on=["code", "child_id"], how="left", maintain_order="left")
    return joined.with_columns(
        pl.when(pl.col("kind") == "query").then(pl.col("explanation")).alias("explanation"))


def write_report(report: Report, problems: list[Problem], path: Path,
                 explanations: dict[tuple[str, str], str] | None = None) -> None:
    """The full report as .csv or .xlsx, chosen by the file's name; ``explanations`` of
    queries by (code, child ID), where the report is of a run explained in the browser."""
    table = rows(report, problems, explanations)
    if path.suffix.lower() == ".xlsx":
        _write_xlsx(table, report, path)
    else:
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(COLUMNS)
            writer.writerows(table.iter_rows())


def _write_xlsx(table: pl.DataFrame, report: Report, path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    summary = book.create_sheet("Summary")
    summary.append(["code", "kind", "message", "count"])
    for row in report.counts().select("code", "kind", "message", "count").iter_rows():
        summary.append(list(row))
    findings = book.create_sheet("Findings")
    findings.append(COLUMNS)
    for row in table.iter_rows():
        findings.append(list(row))
    book.save(path)


def summary(report: Report, problems: list[Problem], *, children: int | None = None) -> str:
    """What the terminal shows: file problems first, then each rule's count."""
    lines = []
    if problems:
        lines.append(f"Problems reading the files ({len(problems)}):")
        lines += [f"  {p.severity.upper():8} {p}" for p in problems]
        lines.append("")
    counts = report.counts()
    for kind, title in (("error", "Errors"), ("query", "Queries")):
        chosen = counts.filter(pl.col("kind") == kind)
        total = int(chosen["count"].sum()) if chosen.height else 0
        lines.append(f"{title}: {total} across {chosen.height} rule"
                     f"{'' if chosen.height == 1 else 's'}")
        for code, _, message, count in chosen.select("code", "kind", "message", "count").rows():
            lines.append(f"  {code:<7} {count:>6}  {message}")
    if report.broken:
        lines.append(f"Rules that could not run ({len(report.broken)}), please report them:")
        lines += [f"  {code}: {why}" for code, why in sorted(report.broken.items())]
    if children is not None:
        lines.insert(0, f"Children in the file: {children}")
    return "\n".join(lines) + "\n"


def file_errors(problems: list[Problem]) -> int:
    return sum(p.severity != WARNING for p in problems)


class Progress:
    """Progress on a stream for long runs: quiet for the first ``after`` seconds, then a
    line at most every ``every`` seconds, and a last line when the run ends."""

    def __init__(self, stream, *, after: float = 1.0, every: float = 1.0, clock=time.monotonic):
        self.stream, self.after, self.every, self.clock = stream, after, every, clock
        self.started = clock()
        self.shown_at: float | None = None

    def __call__(self, done: int, total: int, code: str) -> None:
        now = self.clock()
        if now - self.started < self.after:
            return
        if done < total and self.shown_at is not None and now - self.shown_at < self.every:
            return
        self.shown_at = now
        self.stream.write(f"Checked {done} of {total} rules (last: {code})\n")
        self.stream.flush()
