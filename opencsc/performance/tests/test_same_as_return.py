"""A figure on the dashboard and the same figure in the return built by the returns code
agree: the return files are written by ``opencsc returns``, read back, and counted here by
hand, independently of the performance code."""

import datetime
import io

import polars as pl
import pytest
from django.core.management import call_command

from opencsc.core.working_days import add_working_days
from opencsc.performance.engine import figures_for
from opencsc.returns.cin.reader import read_cin_xml
from opencsc.returns.ssda903.csvio import read_903_folder

D = datetime.date
START, END = D(2025, 4, 1), D(2026, 3, 31)


def _returns(tmp_path):
    for command, out in (("cin-census", tmp_path / "cin.xml"), ("ssda903", tmp_path / "903")):
        call_command("returns", command, "--year", "2026", "--la", "330", "--out", str(out),
                     stdout=io.StringIO(), stderr=io.StringIO())
    return read_cin_xml(str(tmp_path / "cin.xml")).tables, read_903_folder(tmp_path / "903").tables


@pytest.mark.django_db
def test_march_figures_equal_the_returns_for_the_year(seeded, tmp_path):
    cin, cla = _returns(tmp_path)
    figures = {f.code: f for f in figures_for(D(2026, 3, 1), council=seeded.council)}

    done = cin["Assessments"].filter(
        pl.col("AssessmentAuthorisationDate").is_between(START, END))
    in_time = sum(end <= add_working_days(start, 45) for start, end in done.select(
        "AssessmentActualStartDate", "AssessmentAuthorisationDate").iter_rows())
    assert done.height > 0, "the demo should hold assessments authorised in 2025-26"
    assert (figures["assessments_45wd"].numerator,
            figures["assessments_45wd"].denominator) == (in_time, done.height)

    looked_after = cla["Episodes"].filter(pl.col("DEC").is_null()
                                          & ~pl.col("LS").is_in(["V3", "V4"]))
    assert looked_after.height > 0
    assert figures["cla_rate"].numerator == looked_after["CHILD"].n_unique()

    on_plans = cin["ChildProtectionPlans"].filter(pl.col("CPPendDate").is_null())
    assert figures["cp_plans_rate"].numerator == on_plans["LAchildID"].n_unique()
    referrals = cin["CINdetails"].filter(pl.col("CINreferralDate").is_between(START, END))
    assert figures["referrals_rate"].numerator == referrals.height
