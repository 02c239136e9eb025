"""Writing CIN census tables as the DfE's XML, in the element order of the XSD.

Written incrementally (lxml xmlfile), a child at a time. Dates are ISO (YYYY-MM-DD);
booleans are written as the XSD's ``true``/``false``. From the 2024-25 collection the
child's sex is ``Sex`` (M/F/U); before it, ``GenderCurrent``.
"""

import datetime
from collections import defaultdict

from lxml import etree

CHILD_ID_ORDER = ["LAchildID", "UPN", "FormerUPN", "UPNunknown", "PersonBirthDate",
                  "ExpectedPersonBirthDate", "SEX", "PersonDeathDate"]
DETAIL_HEAD = ["CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate",
               "ReasonForClosure", "DateOfInitialCPC"]
S47_ORDER = ["S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired"]
CPP_ORDER = ["CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse", "LatestCategoryOfAbuse",
             "NumberOfPreviousCPP"]


def _value(value) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _leaf(xf, name, value):
    if value is None or value == "":
        return
    with xf.element(name):
        xf.write(_value(value))


def _rows_by(table, *keys):
    grouped = defaultdict(list)
    for row in table.iter_rows(named=True):
        grouped[tuple(row[k] for k in keys)].append(row)
    return grouped


def write_cin_xml(tables: dict, out, *, year: int) -> None:
    """Write the tables to ``out`` (a path or binary file) as a CIN census message."""
    sex_element = "Sex" if year >= 2025 else "GenderCurrent"
    traits = {r["LAchildID"]: r for r in tables["ChildCharacteristics"].iter_rows(named=True)}
    disabilities = _rows_by(tables["Disabilities"], "LAchildID")
    episodes = _rows_by(tables["CINdetails"], "LAchildID")
    blocks = {name: _rows_by(tables[name], "CINdetailsID") for name in
              ("Assessments", "CINplanDates", "Section47", "ChildProtectionPlans")}
    reviews = _rows_by(tables["Reviews"], "CPPID")
    with etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("Message"):
            _header(xf, tables["Header"])
            with xf.element("Children"):
                for child in tables["ChildIdentifiers"].iter_rows(named=True):
                    key = (child["LAchildID"],)
                    with xf.element("Child"):
                        _identifiers(xf, child, sex_element)
                        _characteristics(xf, traits.get(child["LAchildID"], {}),
                                         disabilities.get(key, []))
                        for episode in episodes.get(key, []):
                            _details(xf, episode, blocks, reviews)


def _header(xf, header):
    if header.height == 0:
        return
    row = header.row(0, named=True)
    with xf.element("Header"):
        with xf.element("CollectionDetails"):
            for name in ("Collection", "Year", "ReferenceDate"):
                _leaf(xf, name, row.get(name))
        with xf.element("Source"):
            for name in ("SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo",
                         "DateTime"):
                _leaf(xf, name, row.get(name))


def _identifiers(xf, child, sex_element):
    with xf.element("ChildIdentifiers"):
        for name in CHILD_ID_ORDER:
            if name == "SEX":
                _leaf(xf, sex_element, child.get("Sex") if sex_element == "Sex"
                      else child.get("GenderCurrent"))
            else:
                _leaf(xf, name, child.get(name))


def _characteristics(xf, traits, disabilities):
    with xf.element("ChildCharacteristics"):
        _leaf(xf, "Ethnicity", traits.get("Ethnicity"))
        codes = [d["Disability"] for d in disabilities if d["Disability"]]
        if codes:
            with xf.element("Disabilities"):
                for code in codes:
                    _leaf(xf, "Disability", code)


def _details(xf, episode, blocks, reviews):
    key = (episode["CINdetailsID"],)
    with xf.element("CINdetails"):
        for name in DETAIL_HEAD:
            _leaf(xf, name, episode.get(name))
        for assessment in blocks["Assessments"].get(key, []):
            _assessment(xf, assessment)
        for plan in blocks["CINplanDates"].get(key, []):
            with xf.element("CINPlanDates"):
                _leaf(xf, "CINPlanStartDate", plan["CINPlanStartDate"])
                _leaf(xf, "CINPlanEndDate", plan["CINPlanEndDate"])
        for s47 in blocks["Section47"].get(key, []):
            with xf.element("Section47"):
                for name in S47_ORDER:
                    _leaf(xf, name, s47.get(name))
        _leaf(xf, "ReferralNFA", episode.get("ReferralNFA"))
        for plan in blocks["ChildProtectionPlans"].get(key, []):
            _plan(xf, plan, reviews.get((plan["CPPID"],), []))


def _assessment(xf, assessment):
    with xf.element("Assessments"):
        for name in ("AssessmentActualStartDate", "AssessmentInternalReviewDate",
                     "AssessmentAuthorisationDate"):
            _leaf(xf, name, assessment.get(name))
        factors = assessment.get("AssessmentFactors") or []
        if factors:
            with xf.element("FactorsIdentifiedAtAssessment"):
                for factor in factors:
                    _leaf(xf, "AssessmentFactors", factor)


def _plan(xf, plan, reviews):
    with xf.element("ChildProtectionPlans"):
        for name in CPP_ORDER:
            _leaf(xf, name, plan.get(name))
        dates = [r["CPPreviewDate"] for r in reviews if r["CPPreviewDate"]]
        if dates:
            with xf.element("Reviews"):
                for day in dates:
                    _leaf(xf, "CPPreviewDate", day)
