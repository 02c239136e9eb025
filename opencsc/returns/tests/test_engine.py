"""The engine runs the rules' queries together; one that breaks is reported, not fatal."""

import polars as pl
import pytest

from opencsc.returns.validation import engine
from opencsc.returns.validation.engine import ROW, Context, rows, rule, validate

from .ssda903_builder import clean_903

CONTEXT = Context(year=2026)


@pytest.fixture
def extra_rules(monkeypatch):
    """Rules registered for this test only (return "903", year 2026)."""
    engine.rules_for("903", 2026)  # the real rules first, so they are not lost
    monkeypatch.setattr(engine, "REGISTRY", list(engine.REGISTRY))

    def add(code, check, *, table="Header", fields=("CHILD",)):
        rule("903", code, years={2026}, table=table, fields=fields,
             message=f"test rule {code}")(check)
    return add


def every_child(tables, context):
    return rows(tables["Header"], pl.col("CHILD").is_not_null())


def no_child(tables, context):
    return rows(tables["Header"], pl.col("CHILD").is_null())


def breaks_when_run(tables, context):
    # Only when the query runs does polars find there is no such column.
    return rows(tables["Header"], pl.col("NO_SUCH_COLUMN") == "1")


def test_rows_is_a_query_run_by_the_engine():
    assert isinstance(every_child(engine.with_row_numbers(clean_903()), CONTEXT), pl.LazyFrame)


def test_queries_and_frames_from_rules_are_both_reported(extra_rules):
    extra_rules("T1", every_child)
    extra_rules("T2", no_child)
    extra_rules("T3", lambda tables, context: tables["Header"].select(ROW))
    report = validate("903", clean_903(), CONTEXT)
    assert report.broken == {}
    found = report.findings.select("code", "child_id", "values").rows()
    assert sorted(found) == [("T1", "C1", "CHILD=C1"), ("T3", "C1", "CHILD=C1")]


@pytest.mark.parametrize("together", [1, 2, engine.TOGETHER])
def test_a_query_that_breaks_when_run_is_reported_and_the_others_still_run(
        extra_rules, monkeypatch, together):
    monkeypatch.setattr(engine, "TOGETHER", together)
    extra_rules("T1", every_child)
    extra_rules("T9", breaks_when_run)
    report = validate("903", clean_903(), CONTEXT)
    assert set(report.broken) == {"T9"} and "NO_SUCH_COLUMN" in report.broken["T9"]
    assert report.findings["code"].to_list() == ["T1"]


def test_a_rule_that_raises_is_reported_and_the_others_still_run(extra_rules):
    def raises(tables, context):
        raise KeyError("Missing")

    extra_rules("T1", every_child)
    extra_rules("T8", raises)
    report = validate("903", clean_903(), CONTEXT)
    assert set(report.broken) == {"T8"}
    assert report.findings["code"].to_list() == ["T1"]
