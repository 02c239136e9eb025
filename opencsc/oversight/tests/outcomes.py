"""Small synthetic outcomes workbooks laid out like Ofsted's: a title above the headings,
a notes sheet first, full judgement names as headings. The rows are invented."""

import datetime
import io

from openpyxl import Workbook

HEADINGS = [
    "LA code", "Local authority", "Region", "Inspection framework", "Inspection start date",
    "Inspection end date", "Publication date", "Overall effectiveness",
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers",
]
ROWS = [
    [330, "Fernbridge", "West Midlands", "ILACS", datetime.date(2025, 11, 3),
     datetime.date(2025, 11, 14), datetime.date(2026, 1, 9), "Requires improvement to be good",
     "Good", "Requires improvement to be good", "Requires improvement to be good", "Good"],
    ["880", "Ashcombe", "South West", "ILACS", datetime.date(2024, 2, 5),
     datetime.date(2024, 2, 16), datetime.date(2024, 4, 2), 2, 2, 2, 1, 2],
    [331, "Wexley", "West Midlands", "ILACS", None, "21/06/2022", None, "Inadequate",
     "Inadequate", "Inadequate", "Requires improvement", None],
]


def workbook(headings=HEADINGS, rows=ROWS, *, title_rows=2, sheet="LA outcomes") -> bytes:
    book = Workbook()
    book.active.title = "Notes"
    book.active.append(["Local authority inspection outcomes: synthetic test data"])
    data = book.create_sheet(sheet)
    data.append(["Local authority children's services inspection outcomes"])
    for _ in range(title_rows - 1):
        data.append([])
    data.append(headings)
    for row in rows:
        data.append(row)
    data.append([])
    data.append(["Source: synthetic data made in the test"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
