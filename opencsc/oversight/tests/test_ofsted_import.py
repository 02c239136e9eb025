"""Reading Ofsted's outcomes spreadsheet: by heading, with errors a person can act on."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from opencsc.core.models import AuditAction, AuditEntry
from opencsc.oversight.models import Grade, Inspection
from opencsc.oversight.ofsted import FileProblem, read_outcomes

from .outcomes import HEADINGS, ROWS, workbook


def test_a_good_file_is_read_by_heading_below_its_title_rows():
    outcomes = read_outcomes(workbook(), "outcomes.xlsx")
    assert outcomes.sheet == "LA outcomes"
    first, second, third = outcomes.rows
    assert first == {
        "la_code": "330", "la_name": "Fernbridge", "start_date": datetime.date(2025, 11, 3),
        "end_date": datetime.date(2025, 11, 14), "published_on": datetime.date(2026, 1, 9),
        "overall": Grade.REQUIRES_IMPROVEMENT, "leaders": Grade.GOOD,
        "help_and_protection": Grade.REQUIRES_IMPROVEMENT,
        "in_care": Grade.REQUIRES_IMPROVEMENT, "care_leavers": Grade.GOOD}
    assert (second["la_code"], second["overall"], second["in_care"]) == ("880", "2", "1")
    # Before 2023 there was no care leavers judgement, and a date may be typed as text.
    assert third["end_date"] == datetime.date(2022, 6, 21)
    assert third["care_leavers"] == "" and third["overall"] == Grade.INADEQUATE


def test_a_date_left_as_excels_day_number_is_read_as_the_date():
    rows = [list(ROWS[0])]
    rows[0][5] = 46340  # 14 November 2026, in a cell without a date format
    assert read_outcomes(workbook(rows=rows)).rows[0]["end_date"] == datetime.date(2026, 11, 14)


def test_columns_in_another_order_are_found_all_the_same():
    order = [7, 5, 0, 1, 8, 9, 10, 11]
    rows = [[row[i] for i in order] for row in ROWS]
    outcomes = read_outcomes(workbook([HEADINGS[i] for i in order], rows))
    assert [r["la_code"] for r in outcomes.rows] == ["330", "880", "331"]
    assert outcomes.rows[0]["overall"] == Grade.REQUIRES_IMPROVEMENT


def test_the_older_combined_children_in_care_and_care_leavers_heading_is_children_in_care():
    headings = HEADINGS[:10] + ["The experiences and progress of children in care and "
                                "care leavers"]
    outcomes = read_outcomes(workbook(headings, [row[:11] for row in ROWS]))
    assert outcomes.rows[1]["in_care"] == "1"
    assert "care_leavers" not in outcomes.rows[1]


def test_wrong_headings_say_which_are_missing_and_where_it_looked():
    headings = ["School URN", "School name", "Inspection end date", "Quality of education"]
    with pytest.raises(FileProblem) as raised:
        read_outcomes(workbook(headings, [[1, "A", datetime.date(2024, 1, 1), 2]]), "x.xlsx")
    message = str(raised.value)
    assert "'LA code'" in message and "'Overall effectiveness'" in message
    assert "sheet 'LA outcomes'" in message and "row 3" in message


def test_a_malformed_cell_is_named_by_sheet_row_and_column():
    rows = [list(ROWS[0]), list(ROWS[1])]
    rows[0][7] = "Very good"
    rows[1][0] = "E06000022"
    rows[1][5] = "next spring"
    with pytest.raises(FileProblem) as raised:
        read_outcomes(workbook(rows=rows))
    assert raised.value.problems == [
        "Sheet 'LA outcomes', row 4, column H (Overall effectiveness): 'Very good' is not a "
        "judgement: use 1 to 4 or Outstanding, Good, Requires improvement to be good or "
        "Inadequate",
        "Sheet 'LA outcomes', row 5, column A (LA code): 'E06000022' is not a three-digit "
        "DfE LA code, like 330",
        "Sheet 'LA outcomes', row 5, column F (Inspection end date): 'next spring' is not a "
        "date, like 14/03/2024",
    ]


def test_a_missing_overall_judgement_is_a_problem_but_a_missing_sub_judgement_is_not():
    rows = [list(ROWS[0])]
    rows[0][7], rows[0][11] = None, None
    with pytest.raises(FileProblem) as raised:
        read_outcomes(workbook(rows=rows))
    assert raised.value.problems == [
        "Sheet 'LA outcomes', row 4, column H (Overall effectiveness): the judgement is missing"]


def test_a_truncated_file_says_so():
    content = workbook()
    with pytest.raises(FileProblem) as raised:
        read_outcomes(content[: len(content) // 2], "outcomes.xlsx")
    assert "could not be read as an Excel workbook" in str(raised.value)
    assert "cut short" in str(raised.value)


@pytest.mark.parametrize("content", [
    b"LA code,Overall effectiveness\n330,Good\n",  # a CSV
    b"%PDF-1.4 not a spreadsheet",
    bytes.fromhex("d0cf11e0a1b11ae1") + bytes(500),  # the old binary .xls
])
def test_a_file_of_the_wrong_type_says_so(content):
    with pytest.raises(FileProblem) as raised:
        read_outcomes(content, "outcomes.csv")
    assert str(raised.value) == ("outcomes.csv could not be read as an Excel workbook (.xlsx). "
                                 "Save it as an Excel workbook (.xlsx) and try again.")


def test_an_empty_file_says_so():
    with pytest.raises(FileProblem, match="is empty"):
        read_outcomes(b"", "empty.xlsx")


@pytest.mark.django_db
def test_the_command_imports_and_then_updates_without_duplicating(tmp_path):
    path = tmp_path / "outcomes.xlsx"
    path.write_bytes(workbook())
    out = io.StringIO()
    call_command("import_ofsted_outcomes", str(path), stdout=out)
    assert "3 new, 0 updated" in out.getvalue()
    call_command("import_ofsted_outcomes", str(path), stdout=out)
    assert "0 new, 3 updated" in out.getvalue()
    assert Inspection.objects.count() == 3
    assert Inspection.objects.get(la_code="330").source == "outcomes.xlsx"
    assert AuditEntry.objects.filter(action=AuditAction.CONFIGURE,
                                     object_type="oversight.inspection").count() == 2


@pytest.mark.django_db
def test_the_command_refuses_a_bad_file_without_a_traceback_and_imports_nothing(tmp_path):
    path = tmp_path / "outcomes.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_ofsted_outcomes", str(path))
    assert not Inspection.objects.exists()
