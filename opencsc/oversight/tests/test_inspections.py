"""The inspection pages: importing Ofsted's spreadsheet, neighbours, and the comparison."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from opencsc.core.models import AuditAction, AuditEntry
from opencsc.oversight import actions
from opencsc.oversight.models import Inspection, StatisticalNeighbour

from .outcomes import ROWS, workbook


def _upload(content: bytes, name="outcomes.xlsx"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.django_db
def test_an_analyst_uploads_the_outcomes_and_sees_them(login, personas):
    client = login(personas["analyst"])
    response = client.post("/oversight/inspections/import/", {"file": _upload(workbook())})
    assert response.status_code == 302
    assert Inspection.objects.count() == 3
    page = client.get(response["Location"]).content.decode()
    assert "Imported 3 inspections from sheet &#x27;LA outcomes&#x27;: 3 new, 0 updated" in page
    assert "14 November 2025" in page and "Requires improvement to be good" in page


@pytest.mark.django_db
def test_a_bad_upload_is_explained_in_the_error_summary_and_imports_nothing(login, personas):
    rows = [list(ROWS[0])]
    rows[0][7] = "Brilliant"
    response = login(personas["analyst"]).post(
        "/oversight/inspections/import/", {"file": _upload(workbook(rows=rows))})
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "Sheet &#x27;LA outcomes&#x27;, row 4, column H (Overall effectiveness)" in page
    assert not Inspection.objects.exists()


@pytest.mark.django_db
def test_a_file_too_large_to_be_the_outcomes_is_refused_before_it_is_read(
        login, personas, monkeypatch):
    from opencsc.oversight import forms

    monkeypatch.setattr(forms, "MAX_UPLOAD_MB", 0.001)  # about 1 KB, so a test file is over
    page = login(personas["analyst"]).post("/oversight/inspections/import/",
                                           {"file": _upload(workbook())}).content.decode()
    assert "The file must be smaller than 0.001 MB" in page
    assert not Inspection.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["head.of.service", "council.viewer"])
def test_only_analysts_import_or_change_neighbours(login, personas, persona):
    client = login(personas[persona])
    assert client.post("/oversight/inspections/import/",
                       {"file": _upload(workbook())}).status_code == 403
    assert client.post("/oversight/inspections/neighbours/",
                       {"la_codes": "331"}).status_code == 403
    assert not Inspection.objects.exists() and not StatisticalNeighbour.objects.exists()


@pytest.mark.django_db
def test_neighbours_are_saved_in_order_and_audited(login, personas, trust):
    response = login(personas["analyst"]).post("/oversight/inspections/neighbours/",
                                               {"la_codes": "880, 331\n873"})
    assert response.status_code == 302
    assert list(StatisticalNeighbour.objects.filter(council=trust.council)
                .values_list("la_code", flat=True)) == ["880", "331", "873"]
    assert AuditEntry.objects.filter(action=AuditAction.CONFIGURE,
                                     changes__statistical_neighbours__to=["880", "331", "873"]
                                     ).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("typed, message", [
    ("331, 99", "These are not DfE LA codes: 99"),
    ("331, 331", "Each LA code must appear only once"),
    ("330", "A council is not its own statistical neighbour"),
])
def test_wrong_neighbours_are_refused(login, personas, typed, message):
    page = login(personas["analyst"]).post("/oversight/inspections/neighbours/",
                                           {"la_codes": typed}).content.decode()
    assert "govuk-error-summary" in page and message in page
    assert not StatisticalNeighbour.objects.exists()


@pytest.mark.django_db
def test_the_comparison_shows_each_neighbours_latest_inspection(login, personas, trust):
    from opencsc.oversight.ofsted import read_outcomes

    actions.import_inspections(read_outcomes(workbook()).rows, actor=None, source="t.xlsx")
    actions.import_inspections([{  # an older inspection of Ashcombe: not its latest
        "la_code": "880", "la_name": "Ashcombe", "end_date": datetime.date(2019, 5, 1),
        "overall": "4"}], actor=None, source="old.xlsx")
    actions.set_neighbours(trust.council, ["880", "331", "873"], actor=None)
    page = login(personas["council.viewer"]).get("/oversight/inspections/").content.decode()
    comparison = page[page.index("Compared with statistical neighbours"):]
    assert comparison.index("Ashcombe") < comparison.index("Wexley")
    assert "Feb 2024" in comparison and "May 2019" not in comparison
    assert "No inspection imported" in comparison  # 873 is not in the file
    assert "1 of the 2 neighbours with an inspection were judged good or outstanding" in page
