"""SSDA903 CSV files: written with the DfE's column names and DD/MM/YYYY dates; read from
any council's folder, recognising each file by its columns, never by its name.

Reading reports, rather than raises: a file whose columns match no table (naming the
nearest table and the columns that are missing or misspelt), a column named twice, rows
with more fields than the header (with the line), text that is not UTF-8 (read as
Windows-1252 and said so), dates not in DD/MM/YYYY (with the row), and a file larger
than ``MAX_BYTES``, which is refused unread so memory stays bounded.
"""

import csv
import datetime
import difflib
import io
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from .tables import FILE_NAMES, TABLES, frame

DATE_FORMAT = "%d/%m/%Y"
# The largest table of a big council's return (episodes of 25,000 children) is about
# 10 MB; anything far larger is not an SSDA903 file.
MAX_BYTES = 256 * 1024 * 1024


@dataclass
class FileProblem:
    file: str
    message: str
    row: int | None = None
    column: str = ""
    value: str = ""


@dataclass
class Folder:
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    problems: list[FileProblem] = field(default_factory=list)


def write_903_csvs(tables: dict[str, pl.DataFrame], folder: Path, *, year: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in tables.items():
        path = folder / f"{FILE_NAMES[name]}_{year}.csv"
        dates = [c for c, t in table.schema.items() if t == pl.Date]
        table.with_columns(pl.col(dates).dt.strftime(DATE_FORMAT)).write_csv(path)
        written.append(path)
    return written


def _decode(raw: bytes, name: str, problems: list[FileProblem]) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(FileProblem(name, "The file is not UTF-8; it was read as Windows-1252. "
                                          "Check names with accents came through correctly."))
        return raw.decode("cp1252", errors="replace")


def identify(columns: list[str]) -> tuple[str | None, list[str]]:
    """The table these columns belong to, or the nearest one and what is missing."""
    given = {c.strip().upper() for c in columns}
    best, best_missing = None, None
    for table, schema in TABLES.items():
        missing = [c for c in schema if c not in given]
        if not missing:
            return table, []
        if best_missing is None or len(missing) < len(best_missing):
            best, best_missing = table, missing
    return None, [best or "", *(best_missing or [])]


def read_903_csv(raw: bytes, name: str,
                 problems: list[FileProblem]) -> tuple[str, pl.DataFrame] | None:
    """The table a file holds, recognised by its columns; None, with the problem said,
    if it cannot be read as one."""
    text = _decode(raw, name, problems)
    try:
        data = pl.read_csv(io.StringIO(text), infer_schema=False, truncate_ragged_lines=False)
    except pl.exceptions.PolarsError as exc:
        problems.append(FileProblem(name, f"The file could not be read as CSV: "
                                          f"{_first_line(exc)}{_ragged(text)}"))
        return None
    names = [c.strip().upper() for c in data.columns]
    twice = sorted({c for c in names if names.count(c) > 1})
    if twice:
        problems.append(FileProblem(name, f"The file could not be read: the column "
                                          f"{', '.join(twice)} is named more than once"))
        return None
    data = data.rename(dict(zip(data.columns, names, strict=True)))
    table, missing = identify(data.columns)
    if table is None:
        nearest, *absent = missing
        hints = [_hint(col, data.columns) for col in absent]
        problems.append(FileProblem(name, f"The columns do not match any SSDA903 table. Nearest "
                                          f"is {nearest}, which also needs: "
                                          f"{', '.join(hints)}"))
        return None
    short = _ragged(text, short=True)
    if short:
        problems.append(FileProblem(name, f"A row has fewer fields than the header{short}; "
                                          "the missing fields were read as blank. The file "
                                          "may have been cut short."))
    return table, _typed(table, data, name, problems)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _ragged(text: str, *, short: bool = False) -> str:
    """Where a row first has more fields than the header (fewer, with ``short``): its
    line, counted as a spreadsheet would count rows; blank lines are not rows."""
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(rows, None)
        for fields in rows if header else ():
            if fields and (len(fields) < len(header) if short else len(fields) > len(header)):
                return (f" (line {rows.line_num} has {len(fields)} fields, the header "
                        f"{len(header)})")
    except csv.Error:
        pass  # the CSV reader proper has said what it could not read
    return ""


def _hint(column: str, given: list[str]) -> str:
    close = difflib.get_close_matches(column, given, n=1)
    return f"{column} (is ‘{close[0]}’ meant to be it?)" if close else column


def _typed(table: str, data: pl.DataFrame, name: str, problems) -> pl.DataFrame:
    schema = TABLES[table]
    out = data.select([pl.col(c).str.strip_chars().replace("", None) for c in schema])
    for column, dtype in schema.items():
        if dtype != pl.Date:
            continue
        parsed = out[column].str.to_date(DATE_FORMAT, strict=False)
        bad = out.with_row_index("_i").filter(parsed.is_null() & out[column].is_not_null())
        for row in bad.head(50).iter_rows(named=True):
            problems.append(FileProblem(name, "is not a date in the form DD/MM/YYYY",
                                        row["_i"] + 2, column, row[column]))
        out = out.with_columns(parsed.alias(column))
    return out


def read_903_folder(folder: Path) -> Folder:
    result = Folder()
    files = sorted(p for p in Path(folder).iterdir() if p.suffix.lower() == ".csv")
    if not files:
        result.problems.append(FileProblem(str(folder), "No CSV files were found here"))
    for path in files:
        size = path.stat().st_size
        if size > MAX_BYTES:
            result.problems.append(FileProblem(
                path.name, f"The file is {size / 1024 ** 2:,.0f} MB, larger than the "
                           f"{MAX_BYTES / 1024 ** 2:,.0f} MB an SSDA903 table can be: it was "
                           "not read. Check it is the right file."))
            continue
        read = read_903_csv(path.read_bytes(), path.name, result.problems)
        if read is None:
            continue
        table, data = read
        if table in result.tables:
            result.problems.append(FileProblem(path.name, f"A second {table} file was found; "
                                                          "its rows were added to the first"))
            data = pl.concat([result.tables[table], data])
        result.tables[table] = data
    for table in TABLES:
        result.tables.setdefault(table, frame(table, {}))
    return result


def year_problems(tables: dict[str, pl.DataFrame], year: int, *,
                  chosen_as: str = "--year") -> list[FileProblem]:
    """A return whose episodes all fall outside the collection year is from another year
    (or given the wrong year, ``chosen_as`` naming where it was chosen): say so, with the
    dates it does cover."""
    episodes = tables.get("Episodes")
    if episodes is None or episodes.height == 0:
        return []
    start, end = datetime.date(year - 1, 4, 1), datetime.date(year, 3, 31)
    dated = episodes.filter(pl.col("DECOM").is_not_null())
    in_year = dated.filter((pl.col("DECOM") <= end)
                           & (pl.col("DEC").is_null() | (pl.col("DEC") >= start)))
    if dated.height == 0 or in_year.height:
        return []
    first, last = dated["DECOM"].min(), dated.select(pl.max_horizontal("DECOM", "DEC"))
    return [FileProblem("Episodes", f"No episode falls in {year - 1}-{year % 100:02d} "
                        f"(1 April {year - 1} to 31 March {year}): the episodes run from "
                        f"{first:%d/%m/%Y} to {last.to_series().max():%d/%m/%Y}. The files "
                        f"look like another year's, or {chosen_as} is wrong.")]
