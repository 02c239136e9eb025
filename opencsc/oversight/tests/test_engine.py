"""The report reads the real performance engine: the same figures as the dashboard."""

import datetime

import pytest

from opencsc.oversight import figures
from opencsc.performance import engine


@pytest.mark.django_db
def test_the_report_shows_the_engines_own_figures_for_the_contract_measures(contract):
    month = datetime.date(2026, 3, 1)
    report = figures.report_for(contract, month)
    dashboard = {f.code: f for f in engine.figures_for(month, council=contract.council)}
    for row in report.rows:
        assert row.title == dashboard[row.code].title
        assert row.value == dashboard[row.code].value
        assert row.england == dashboard[row.code].england
        assert len(row.trend) == 12 and row.trend[-1] == (month, row.value)


def test_every_catalogue_measure_can_be_chosen_for_an_action():
    titles = figures.catalogue_titles()
    assert titles["re_referrals"] == "Re-referrals within 12 months"
    assert len(titles) >= 20
