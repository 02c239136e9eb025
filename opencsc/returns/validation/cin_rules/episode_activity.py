"""Rules comparing a CIN episode with the activity recorded in it: assessments, section 47
enquiries, conferences, CIN plans and child protection plans.

Each is the DfE's CINdetails rule, so each reports the episode, not the activity's row.
"""

import polars as pl

from ...cin.tables import is_true
from ..engine import ROW, rule
from .common import YEARS, nfa, rows

CLOSED_AFTER_ASSESSMENT = ["RC8", "RC9"]
EPISODE = "CINdetailsID"


def among(episodes: pl.DataFrame, activity: pl.DataFrame, how: str = "semi") -> pl.DataFrame:
    """The episodes with (semi) or without (anti) a row in ``activity``."""
    return episodes.join(activity.select(EPISODE), on=EPISODE, how=how)


def closed_after_assessment() -> pl.Expr:
    return pl.col("ReasonForClosure").is_in(CLOSED_AFTER_ASSESSMENT)


def icpc_not_required() -> pl.Expr:
    return is_true("ICPCnotRequired").fill_null(False)


@rule("cin", "2990", years=YEARS, table="CINdetails",
      fields=["ReasonForClosure", "DateOfInitialCPC"],
      message="The episode closed after assessment (RC8 or RC9) but records a section 47 "
              "enquiry, a conference, a CIN plan or a child protection plan")
def nothing_after_closing_at_assessment(tables, context):
    activity = pl.concat([tables[name].select(EPISODE) for name in
                          ("Section47", "ChildProtectionPlans", "CINplanDates")])
    closed = tables["CINdetails"].filter(closed_after_assessment())
    conference = closed.filter(pl.col("DateOfInitialCPC").is_not_null())
    return pl.concat([among(closed, activity).select(ROW), conference.select(ROW)])


@rule("cin", "2991Q", years=YEARS, table="CINdetails", fields=["CINdetailsID"],
      message="Check: the episode has a section 47 enquiry but no assessment")
def enquiry_has_an_assessment(tables, context):
    enquired = among(tables["CINdetails"], tables["Section47"])
    return among(enquired, tables["Assessments"], how="anti").select(ROW)


@rule("cin", "8825Q", years=YEARS, table="CINdetails", fields=["ReasonForClosure"],
      message="Check: the episode closed after assessment (RC8 or RC9) but has no assessment")
def closed_after_assessment_has_one(tables, context):
    unassessed = among(tables["CINdetails"], tables["Assessments"], how="anti")
    return rows(unassessed, closed_after_assessment())


@rule("cin", "8831", years=YEARS, table="CINdetails",
      fields=["ReferralNFA", "DateOfInitialCPC"],
      message="A referral with no further action records an assessment, a section 47 "
              "enquiry or a conference")
def nothing_after_nfa(tables, context):
    started = pl.col("AssessmentActualStartDate").is_not_null()
    authorised = pl.col("AssessmentAuthorisationDate").is_not_null()
    enquiry = pl.col("S47ActualStartDate").is_not_null()
    conference = pl.col("DateOfInitialCPC").is_not_null()
    activity = pl.concat([tables["Assessments"].filter(started | authorised).select(EPISODE),
                          tables["Section47"].filter(enquiry | conference).select(EPISODE),
                          tables["CINdetails"].filter(conference).select(EPISODE)])
    return rows(among(tables["CINdetails"], activity), nfa())


@rule("cin", "8867", years=YEARS, table="CINdetails",
      fields=["CINclosureDate", "AssessmentAuthorisationDate"],
      message="The episode is closed but an assessment in it has no authorisation date")
def closed_with_assessments_done(tables, context):
    unfinished = tables["Assessments"].filter(pl.col("AssessmentAuthorisationDate").is_null())
    return rows(among(tables["CINdetails"], unfinished), pl.col("CINclosureDate").is_not_null())


@rule("cin", "8868", years=YEARS, table="CINdetails",
      fields=["CINclosureDate", "DateOfInitialCPC", "ICPCnotRequired"],
      message="The episode is closed but a section 47 enquiry in it has neither a conference "
              "date nor 'conference not required'")
def closed_with_enquiries_done(tables, context):
    unresolved = tables["Section47"].filter(pl.col("DateOfInitialCPC").is_null()
                                            & ~icpc_not_required())
    return rows(among(tables["CINdetails"], unresolved), pl.col("CINclosureDate").is_not_null())


@rule("cin", "8890", years=YEARS, table="CINdetails", fields=["CINdetailsID"],
      message="A section 47 enquiry starts while another in the same episode is still open")
def enquiries_do_not_overlap(tables, context):
    # Within an episode an enquiry runs from its start to its conference, or, with neither a
    # conference nor 'not required', to the end of the year; both ends count as inside.
    start = pl.col("S47ActualStartDate")
    enquiries = tables["Section47"].filter(start.is_not_null()
                                           & (pl.len().over(EPISODE) > 1))
    others = enquiries.select(
        EPISODE, pl.col(ROW).alias("_other"), start.alias("_start"),
        pl.col("DateOfInitialCPC").alias("_end"), icpc_not_required().alias("_finished"))
    pairs = enquiries.join(others, on=EPISODE).filter(pl.col(ROW) != pl.col("_other"))
    until_conference = pl.col("_end").is_not_null() & (start <= pl.col("_end"))
    until_year_end = (pl.col("_end").is_null() & ~pl.col("_finished")
                      & (start <= context.end))
    overlapping = pairs.filter((start >= pl.col("_start")) & (until_conference | until_year_end))
    return among(tables["CINdetails"], overlapping).select(ROW)
