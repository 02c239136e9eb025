"""The CIN census as tables: one frame per repeating block of the XML, keyed by the
child's LAchildID and the position of each block in the file, so that rules can join
them. Columns keep the DfE element names. Source: the CIN census XSD (2023-24, and the
2024-25 change of GenderCurrent to Sex), shared/domain/schemas.
"""

import polars as pl

DATE, STR, INT, BOOL = pl.Date, pl.String, pl.Int64, pl.Boolean
KEY = {"LAchildID": STR}
EPISODE = {**KEY, "CINdetailsID": INT}

TABLES: dict[str, dict[str, pl.DataType]] = {
    "Header": {"Collection": STR, "Year": STR, "ReferenceDate": DATE, "SourceLevel": STR,
               "LEA": STR, "SoftwareCode": STR, "Release": STR, "SerialNo": STR,
               "DateTime": STR},
    "ChildIdentifiers": {**KEY, "UPN": STR, "FormerUPN": STR, "UPNunknown": STR,
                         "PersonBirthDate": DATE, "ExpectedPersonBirthDate": DATE,
                         "Sex": STR, "GenderCurrent": STR, "PersonDeathDate": DATE},
    "ChildCharacteristics": {**KEY, "Ethnicity": STR},
    "Disabilities": {**KEY, "Disability": STR},
    "CINdetails": {**EPISODE, "CINreferralDate": DATE, "ReferralSource": STR,
                   "PrimaryNeedCode": STR, "CINclosureDate": DATE, "ReasonForClosure": STR,
                   "DateOfInitialCPC": DATE, "ReferralNFA": STR},
    "Assessments": {**EPISODE, "AssessmentID": INT, "AssessmentActualStartDate": DATE,
                    "AssessmentInternalReviewDate": DATE, "AssessmentAuthorisationDate": DATE,
                    "AssessmentFactors": pl.List(STR)},
    "CINplanDates": {**EPISODE, "CINPlanStartDate": DATE, "CINPlanEndDate": DATE},
    "Section47": {**EPISODE, "S47ActualStartDate": DATE, "InitialCPCtarget": DATE,
                  "DateOfInitialCPC": DATE, "ICPCnotRequired": STR},
    "ChildProtectionPlans": {**EPISODE, "CPPID": INT, "CPPstartDate": DATE, "CPPendDate": DATE,
                             "InitialCategoryOfAbuse": STR, "LatestCategoryOfAbuse": STR,
                             "NumberOfPreviousCPP": STR},
    "Reviews": {**EPISODE, "CPPID": INT, "CPPreviewDate": DATE},
}

# Where each table's rows sit in the XML, for reports that point back into a file.
XML_PATH = {
    "Header": "Message/Header", "ChildIdentifiers": "Child/ChildIdentifiers",
    "ChildCharacteristics": "Child/ChildCharacteristics",
    "Disabilities": "Child/ChildCharacteristics/Disabilities/Disability",
    "CINdetails": "Child/CINdetails", "Assessments": "CINdetails/Assessments",
    "CINplanDates": "CINdetails/CINPlanDates", "Section47": "CINdetails/Section47",
    "ChildProtectionPlans": "CINdetails/ChildProtectionPlans",
    "Reviews": "ChildProtectionPlans/Reviews/CPPreviewDate",
}

TRUE_VALUES = {"true", "TRUE", "1"}


def empty(table: str) -> pl.DataFrame:
    return pl.DataFrame(schema=TABLES[table])


def frame(table: str, rows: dict[str, list]) -> pl.DataFrame:
    """A table from columns of Python values, with the table's types; missing columns null."""
    schema = TABLES[table]
    length = len(next(iter(rows.values()))) if rows else 0
    data = {name: rows.get(name, [None] * length) for name in schema}
    return pl.DataFrame(data, schema=schema)


def is_true(column: str) -> pl.Expr:
    return pl.col(column).is_in(list(TRUE_VALUES))
