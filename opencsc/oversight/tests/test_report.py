"""The monthly performance report, on the page and as a PDF."""

import base64
import datetime
import re
import zlib

import pytest

from opencsc.core.models import AuditAction, AuditEntry
from opencsc.oversight import figures
from opencsc.oversight.status import TargetStatus

SEPTEMBER = datetime.date(2026, 9, 1)


@pytest.fixture
def september(engine):
    """A year of figures to September 2026: assessments rising, re-referrals falling."""
    months = figures.months_back(SEPTEMBER, 12)
    for i, month in enumerate(months):
        engine.values["assessments_45wd"][month] = 72.0 + i  # 72 in Oct 2025 ... 83 in Sep
        engine.values["re_referrals"][month] = 30.0 - i / 2  # 30 ... 24.5
    return engine


def test_months_back_runs_across_the_new_year():
    assert figures.months_back(datetime.date(2026, 2, 1), 3) == [
        datetime.date(2025, 12, 1), datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)]


@pytest.mark.django_db
def test_each_contract_measure_has_its_figure_status_england_and_a_years_trend(
        contract, september):
    report = figures.report_for(contract, SEPTEMBER)
    assessments, re_referrals = report.rows
    # 83 against a target of 85 with 5 points' tolerance; 24.5 against 20 with 2: missed.
    assert (assessments.value, assessments.status) == (83.0, TargetStatus.CLOSE)
    assert (re_referrals.value, re_referrals.status) == (24.5, TargetStatus.MISSED)
    assert assessments.england == 82.1
    assert [v for _, v in assessments.trend] == [72.0 + i for i in range(12)]
    assert assessments.trend[0][0] == datetime.date(2025, 10, 1)
    assert report.summary["Within tolerance"] == 1 and report.summary["Target missed"] == 1
    # Each month's figures are read from the engine once, for every measure together.
    assert sorted(month for _, month, _ in september.calls) == figures.months_back(
        SEPTEMBER, 12)


@pytest.mark.django_db
def test_the_report_page_shows_the_measures_for_the_month_chosen(
        login, personas, contract, september):
    page = login(personas["council.viewer"]).get(
        "/oversight/report/?month=2026-09").content.decode()
    assert "Monthly performance report: September 2026" in page
    assert "Assessments completed within 45 working days" in page
    assert ">83%<" in page and ">85%" in page and "Within tolerance" in page
    assert ">24.5%<" in page and "Target missed" in page
    assert "/oversight/report.pdf?month=2026-09&amp;council=330" in page


@pytest.mark.django_db
def test_a_month_before_the_contract_says_there_was_none(login, personas, contract, engine):
    contract.start_date = datetime.date(2025, 6, 1)
    contract.save()
    page = login(personas["analyst"]).get("/oversight/report/?month=2025-01").content.decode()
    assert "Monthly performance report: January 2025" in page
    assert "No contract between Fernbridge City Council and the trust" in page


def _pdf_text(pdf: bytes) -> str:
    """The words the PDF shows, each line's text joined by spaces."""
    shown = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            content = zlib.decompress(base64.a85decode(stream.strip(), adobe=True))
        except ValueError:
            continue
        shown += re.findall(r"\((.*?)(?<!\\)\) Tj", content.decode("latin-1"))
    return " ".join(" ".join(shown).replace("\\(", "(").replace("\\)", ")").split())


@pytest.mark.django_db
def test_the_pdf_holds_every_contract_measure_and_is_audited_as_an_export(
        login, personas, contract, september):
    response = login(personas["board.member"] if "board.member" in personas
                     else personas["head.of.service"]).get(
        "/oversight/report.pdf?month=2026-09&council=330")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="performance-report-330-2026-09.pdf"')
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    for words in ["Monthly performance report: Fernbridge City Council, September 2026",
                  "Assessments completed within 45 working days",
                  "Re-referrals within 12 months", "Within tolerance", "Target missed",
                  "Oct 2025: 72%", "Sep 2026: 83%"]:
        assert words in text, words
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT,
                                     object_id="330-2026-09").exists()
