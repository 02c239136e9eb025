"""Reading Ofsted's published outcomes of local authority children's services inspections.

Ofsted publishes each LA's inspection outcomes as a spreadsheet (its official statistics
"Local authority inspection outcomes", and management information between releases). The
layout has changed over the years: title rows above the headings, sheets added and renamed,
and a separate care leavers judgement from January 2023. So columns are found by their
heading, on whichever sheet has them, never by position.

Judgements are on Ofsted's four-point scale: 1 Outstanding, 2 Good, 3 Requires improvement
to be good, 4 Inadequate. Files give either the number or the words.

Everything wrong with a file is reported as a ``FileProblem`` naming the sheet, row and
column, so a person can find and fix it; nothing here raises anything else for bad input.
"""

import datetime
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException

from .models import Grade

HEADING_ROWS_SEARCHED = 20
EXCEL_DAYS = (36526, 73051)  # Excel's day numbers for 1 January 2000 and 2100
UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, OSError, SyntaxError)
MAX_PROBLEMS = 20


class FileProblem(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _words(heading) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(heading or "").lower()).split())


# Each field: how to recognise its heading (on the normalised words), and whether it is needed.
def _is_la_code(h: str) -> bool:
    names_la = h.startswith(("la ", "lea ")) or "local authority" in h or h.startswith("old la")
    return names_la and ("code" in h or "number" in h) and not re.search(r"\b(gss|ons|new)\b", h)


COLUMNS = {
    "la_code": ("LA code", True, _is_la_code),
    "la_name": ("Local authority", False,
                lambda h: h in {"local authority", "local authority name", "la name", "la"}),
    "start_date": ("Inspection start date", False,
                   lambda h: "start" in h and "date" in h),
    "end_date": ("Inspection end date", True,
                 lambda h: ("end" in h and "date" in h)
                 or h in {"inspection date", "date of inspection"}),
    "published_on": ("Publication date", False, lambda h: "publi" in h and "date" in h),
    "overall": ("Overall effectiveness", True, lambda h: "overall effectiveness" in h),
    "leaders": ("Impact of leaders", False, lambda h: "leaders" in h or "leadership" in h),
    "help_and_protection": ("Help and protection", False,
                            lambda h: "help and protection" in h),
    "in_care": ("Children in care", False,
                lambda h: "in care" in h or "looked after" in h),
    "care_leavers": ("Care leavers", False,
                     lambda h: "care leavers" in h and "in care" not in h),
}

GRADE_WORDS = {
    "outstanding": Grade.OUTSTANDING,
    "good": Grade.GOOD,
    "requires improvement": Grade.REQUIRES_IMPROVEMENT,
    "requires improvement to be good": Grade.REQUIRES_IMPROVEMENT,
    "ri": Grade.REQUIRES_IMPROVEMENT,
    "inadequate": Grade.INADEQUATE,
}
NOT_JUDGED = {"", "not judged", "not applicable", "n a", "na", "none", "not yet judged"}


@dataclass
class Outcomes:
    sheet: str
    rows: list[dict] = field(default_factory=list)


def read_outcomes(content: bytes, filename: str = "the file") -> Outcomes:
    """The inspections in an outcomes workbook, or FileProblem saying what is wrong."""
    book = _open(content, filename)
    try:
        sheet, heading_row, columns = _find_headings(book, filename)
        return _read_rows(sheet, heading_row, columns)
    except UNREADABLE as exc:  # read-only workbooks are read lazily, so damage shows late
        raise FileProblem([f"{filename} is damaged: part of the workbook could not be read. "
                           "Download it again."]) from exc
    finally:
        book.close()


def _open(content: bytes, filename: str):
    if not content:
        raise FileProblem([f"{filename} is empty."])
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (*UNREADABLE, InvalidFileException, ValueError) as exc:
        hint = ("It may be cut short: download it again." if content[:2] == b"PK"
                else "Save it as an Excel workbook (.xlsx) and try again.")
        raise FileProblem([f"{filename} could not be read as an Excel workbook (.xlsx). "
                           f"{hint}"]) from exc


def _find_headings(book, filename):
    best = None  # (fields found, sheet, row number, columns)
    for sheet in book.worksheets:
        for number, row in enumerate(sheet.iter_rows(max_row=HEADING_ROWS_SEARCHED,
                                                     values_only=True), start=1):
            columns = _match(row)
            if best is None or len(columns) > len(best[0]):
                best = (columns, sheet, number, columns)
            if all(name in columns for name, (_, needed, _) in COLUMNS.items() if needed):
                return sheet, number, columns
    missing = [label for name, (label, needed, _) in COLUMNS.items()
               if needed and name not in (best[0] if best else {})]
    where = (f"the closest is sheet '{best[1].title}' row {best[2]}" if best and best[0]
             else f"sheets looked at: {', '.join(repr(s.title) for s in book.worksheets)}")
    raise FileProblem([
        f"{filename} does not look like Ofsted's inspection outcomes: no sheet has a heading "
        f"row with {', '.join(repr(m) for m in missing)} ({where})."])


def _match(row) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, heading in enumerate(row or ()):
        words = _words(heading)
        if not words:
            continue
        for name, (_, _, recognise) in COLUMNS.items():
            if name not in columns and recognise(words):
                columns[name] = index
                break
    return columns


def _read_rows(sheet, heading_row: int, columns: dict[str, int]) -> Outcomes:
    outcomes, problems = Outcomes(sheet.title), []
    rows = sheet.iter_rows(min_row=heading_row + 1, values_only=True)
    for number, row in enumerate(rows, start=heading_row + 1):
        cell = {name: row[i] if i < len(row) else None for name, i in columns.items()}
        if sum(not _blank(v) for v in row) <= 1 or (
                _blank(cell.get("end_date")) and _blank(cell.get("overall"))):
            continue  # a blank line, a note under the table, or an LA not yet inspected
        found, wrong = _parse(cell, lambda name, n=number: _where(sheet.title, n, columns[name]))
        problems += wrong
        if found:
            outcomes.rows.append(found)
        if len(problems) >= MAX_PROBLEMS:
            problems.append("(stopped after the first 20 problems)")
            break
    if problems:
        raise FileProblem(problems)
    if not outcomes.rows:
        raise FileProblem([f"Sheet '{sheet.title}' has the headings but no inspections "
                           f"below row {heading_row}."])
    return outcomes


def _where(sheet: str, row: int, column: int) -> str:
    return f"Sheet '{sheet}', row {row}, column {get_column_letter(column + 1)}"


def _blank(value) -> bool:
    return value is None or str(value).strip() == ""


def _parse(cell: dict, where) -> tuple[dict | None, list[str]]:
    found, problems = {}, []
    for name, (label, needed, _) in COLUMNS.items():
        if name not in cell:
            continue
        try:
            found[name] = PARSERS.get(name, _text)(cell[name], needed)
        except ValueError as exc:
            problems.append(f"{where(name)} ({label}): {exc}")
    if problems:
        return None, problems
    found["la_name"] = found.get("la_name") or f"LA {found['la_code']}"
    return {k: v for k, v in found.items() if v is not None}, []


def _text(value, needed: bool) -> str:
    return str(value or "").strip()[:120]


def _la_code(value, needed: bool) -> str:
    if _blank(value):
        raise ValueError("the LA code is missing")
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not re.fullmatch(r"\d{3}", text):
        raise ValueError(f"'{text}' is not a three-digit DfE LA code, like 330")
    return text


def _date(value, needed: bool) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and EXCEL_DAYS[0] <= value <= EXCEL_DAYS[1]:
        return from_excel(value).date()  # a date stored as Excel's day number, unformatted
    text = str(value or "").strip()
    if not text:
        if needed:
            raise ValueError("the date is missing")
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"'{text}' is not a date, like 14/03/2024")


def _grade(value, needed: bool) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    words = _words(value)
    if words in {"1", "2", "3", "4"}:
        return words
    if words in GRADE_WORDS:
        return GRADE_WORDS[words].value
    if words in NOT_JUDGED and not needed:
        return ""
    if words in NOT_JUDGED:
        raise ValueError("the judgement is missing")
    raise ValueError(f"'{value}' is not a judgement: use 1 to 4 or Outstanding, Good, "
                     "Requires improvement to be good or Inadequate")


PARSERS = {
    "la_code": _la_code,
    "start_date": _date,
    "end_date": _date,
    "published_on": _date,
    **{name: _grade for name in ("overall", "leaders", "help_and_protection", "in_care",
                                 "care_leavers")},
}
