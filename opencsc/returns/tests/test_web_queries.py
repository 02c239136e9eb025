"""Explaining a query from the web: who may, which findings, and what later builds see."""

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from opencsc.core.models import AuditEntry
from opencsc.returns import actions, explore
from opencsc.returns.models import QueryExplanation, ReturnKind, ReturnRun

from .test_web import OUTSIDERS, run_of, upload, waiting_run
from .web import PLANTED_CODE, QUERY_CODE, planted_903_files

pytestmark = pytest.mark.django_db

@pytest.fixture
def query_run(as_user, committed):
    """An uploaded SSDA903 whose child's sex is U: query 232 for C1."""
    run = run_of(upload(as_user("analyst"), committed, planted_903_files(sex="U")))
    assert run.status == ReturnRun.Status.DONE and run.summary["queries"] == 1, run.summary
    return run


def test_an_analyst_explains_a_query_and_the_report_shows_it(as_user, query_run):
    client = as_user("analyst")
    rule_url = reverse("returns:report_rule", args=[query_run.pk, QUERY_CODE])
    explain_url = reverse("returns:explain", args=[query_run.pk, QUERY_CODE, "C1"])
    assert explain_url in client.get(rule_url).content.decode()
    response = client.post(explain_url, {"reason": "Sex not yet known: a baby born abroad"})
    assert response.status_code == 302 and response["Location"] == rule_url
    page = client.get(rule_url).content.decode()
    assert "Sex not yet known: a baby born abroad" in page and "Avery Nakamura" in page
    report = client.get(reverse("returns:report", args=[query_run.pk])).content.decode()
    assert re.search(r">1</td>\s*<td class=\"govuk-table__cell\">1 child</td>", report)
    entry = AuditEntry.objects.get(object_type="returns.queryexplanation")
    assert entry.changes["reason"] == "Sex not yet known: a baby born abroad"
    assert entry.actor_username == "analyst"


def test_a_second_explanation_is_added_and_the_latest_is_shown(as_user, query_run):
    client = as_user("analyst")
    explain_url = reverse("returns:explain", args=[query_run.pk, QUERY_CODE, "C1"])
    client.post(explain_url, {"reason": "First thoughts"})
    as_user("head.of.service").post(explain_url, {"reason": "Checked with the team"})
    assert QueryExplanation.objects.count() == 2
    page = client.get(reverse("returns:report_rule", args=[query_run.pk, QUERY_CODE]))
    assert "Checked with the team" in page.content.decode()
    assert "First thoughts" not in page.content.decode()


def test_an_empty_explanation_is_refused_with_an_error_summary(as_user, query_run):
    url = reverse("returns:explain", args=[query_run.pk, QUERY_CODE, "C1"])
    page = as_user("analyst").post(url, {"reason": "  "}).content.decode()
    assert "govuk-error-summary" in page and "Say why the data is right" in page
    assert not QueryExplanation.objects.exists()


def test_only_queries_this_run_found_can_be_explained(as_user, query_run, committed):
    client = as_user("analyst")
    errors = run_of(upload(client, committed, planted_903_files()))
    for run, code, child in [(errors, PLANTED_CODE, "C1"), (query_run, QUERY_CODE, "C9"),
                             (query_run, "NOPE", "C1")]:
        url = reverse("returns:explain", args=[run.pk, code, child])
        assert client.post(url, {"reason": "Because"}).status_code == 404, (code, child)
    assert not QueryExplanation.objects.exists()


@pytest.mark.parametrize("username", OUTSIDERS)
def test_those_who_do_not_produce_returns_cannot_explain(username, as_user, query_run):
    url = reverse("returns:explain", args=[query_run.pk, QUERY_CODE, "C1"])
    assert as_user(username).post(url, {"reason": "Because"}).status_code == 403
    assert not QueryExplanation.objects.exists()


def test_a_built_returns_explanations_hold_for_the_next_build_of_it(personas, trust):
    def built(year):
        return ReturnRun.objects.create(purpose=ReturnRun.Purpose.BUILD, kind=ReturnKind.CIN,
                                        year=year, council=trust.council,
                                        requested_by=personas["analyst"])

    first, again, other_year = built(2026), built(2026), built(2025)
    actions.explain_query(first, code="2990Q", child_id="C1", reason="Right",
                          actor=personas["analyst"])
    assert list(explore.explanations(again)) == [("2990Q", "C1")]
    assert explore.explanations(other_year) == {}
    uploaded = waiting_run(personas)
    assert explore.explanations(uploaded) == {}


def downloaded(client, run, name) -> bytes:
    return b"".join(client.get(reverse(name, args=[run.pk])).streaming_content)


def csv_rows(client, run) -> list[dict]:
    return list(csv.DictReader(io.StringIO(downloaded(client, run, "returns:report_csv")
                                           .decode())))


def xlsx_rows(client, run) -> list[dict]:
    book = load_workbook(io.BytesIO(downloaded(client, run, "returns:report_xlsx")))
    header, *rows = book["Findings"].iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.mark.parametrize("read", [csv_rows, xlsx_rows])
def test_the_downloads_carry_the_latest_explanation_of_each_query(as_user, query_run, read):
    client = as_user("analyst")
    [before] = [r for r in read(client, query_run) if r["code"] == QUERY_CODE]
    assert not before["explanation"]  # downloaded before it was explained
    explain_url = reverse("returns:explain", args=[query_run.pk, QUERY_CODE, "C1"])
    client.post(explain_url, {"reason": "First thoughts"})
    client.post(explain_url, {"reason": "A baby born abroad: sex not yet known"})
    [after] = [r for r in read(client, query_run) if r["code"] == QUERY_CODE]
    assert after["explanation"] == "A baby born abroad: sex not yet known"


def test_an_error_never_carries_an_explanation(as_user, committed, personas):
    client = as_user("analyst")
    run = run_of(upload(client, committed, planted_903_files()))
    actions.explain_query(run, code=PLANTED_CODE, child_id="C1", reason="Not a query",
                          actor=personas["analyst"])
    [error] = [r for r in csv_rows(client, run) if r["code"] == PLANTED_CODE]
    assert error["kind"] == "error" and error["explanation"] == ""
