"""The demo trust's returns, built from a freshly seeded record, have no validation errors.

A small demo (a few hundred children) keeps this quick; the same seed at 3,000 children
is what `opencsc seed_demo` gives a new installation. Queries may remain: they are the
record's to explain, not mistakes of the build.
"""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command

from opencsc.organisations.models import Organisation
from opencsc.returns.cin.extract import census_tables
from opencsc.returns.ssda903.extract import ssda903_tables
from opencsc.returns.validation.engine import Context, validate
from opencsc.returns.years import CollectionYear

NOW = datetime.datetime(2026, 10, 15, 12, tzinfo=datetime.UTC)


def errors(report) -> list[tuple]:
    """Each error's code, child and values, and any rule that broke, for a readable diff."""
    found = report.findings.filter(kind="error").select("code", "child_id", "values").rows()
    return found + list(report.broken.items())


@pytest.fixture
def demo_council(db):
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", "--children", "300", "--seed", "2026", stdout=io.StringIO())
    return Organisation.objects.get(la_code="330", kind=Organisation.Kind.COUNCIL)


@time_machine.travel(NOW, tick=False)
def test_the_demo_trusts_cin_census_has_no_errors(demo_council):
    census = census_tables(demo_council, CollectionYear(2026))
    assert census["CINdetails"].height > 20  # a real census, not an empty one
    assert errors(validate("cin", census, Context(2026))) == []


@time_machine.travel(NOW, tick=False)
def test_the_demo_trusts_ssda903_has_no_errors(demo_council):
    this_year = ssda903_tables(demo_council, CollectionYear(2026))
    last_year = ssda903_tables(demo_council, CollectionYear(2025))
    assert this_year["Episodes"].height > 20
    report = validate("903", this_year, Context(2026, previous=last_year))
    assert errors(report) == []
