"""Small hand-made CIN census tables for rule tests: one clean child, then changes."""

import datetime

from opencsc.people.identifiers import upn_check_letter
from opencsc.returns.cin.tables import TABLES, frame

D = datetime.date
VALID_UPN = upn_check_letter("330000000012") + "330000000012"


def clean_census(**changes) -> dict:
    """A valid 2025-26 census for one child; ``changes`` maps table -> {column: [values]}.

    Shorter columns are padded with their last value; a table given as None is emptied.
    """
    rows = {
        "Header": {"Collection": ["CIN"], "Year": ["2026"], "ReferenceDate": [D(2026, 3, 31)],
                   "LEA": ["330"]},
        "ChildIdentifiers": {"LAchildID": ["C1"], "UPN": [VALID_UPN],
                             "PersonBirthDate": [D(2015, 5, 1)], "Sex": ["F"]},
        "ChildCharacteristics": {"LAchildID": ["C1"], "Ethnicity": ["WBRI"]},
        # Eight different codes on one child, so the return-level queries 2887Q (fewer than
        # eight codes used) and 2888Q (nobody with more than one) stay quiet on one child.
        "Disabilities": {"LAchildID": ["C1"] * 8,
                         "Disability": ["MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS"]},
        "CINdetails": {"LAchildID": ["C1"], "CINdetailsID": [1],
                       "CINreferralDate": [D(2025, 5, 1)], "ReferralSource": ["2A"],
                       "PrimaryNeedCode": ["N1"], "ReferralNFA": ["false"]},
        "Assessments": {"LAchildID": ["C1"], "CINdetailsID": [1], "AssessmentID": [1],
                        "AssessmentActualStartDate": [D(2025, 5, 2)],
                        "AssessmentAuthorisationDate": [D(2025, 6, 2)],
                        "AssessmentFactors": [["16A"]]},
        "Section47": {"LAchildID": ["C1"], "CINdetailsID": [1],
                      "S47ActualStartDate": [D(2025, 5, 6)],
                      "InitialCPCtarget": [D(2025, 5, 28)],
                      "DateOfInitialCPC": [D(2025, 5, 27)], "ICPCnotRequired": ["false"]},
        "ChildProtectionPlans": {"LAchildID": ["C1"], "CINdetailsID": [1], "CPPID": [1],
                                 "CPPstartDate": [D(2025, 5, 27)],
                                 "InitialCategoryOfAbuse": ["NEG"],
                                 "LatestCategoryOfAbuse": ["NEG"],
                                 "NumberOfPreviousCPP": ["0"]},
        # A CIN plan that ends the day the child protection plan starts (allowed), and one
        # review of the protection plan.
        "CINplanDates": {"LAchildID": ["C1"], "CINdetailsID": [1],
                         "CINPlanStartDate": [D(2025, 5, 9)], "CINPlanEndDate": [D(2025, 5, 27)]},
        "Reviews": {"LAchildID": ["C1"], "CINdetailsID": [1], "CPPID": [1],
                    "CPPreviewDate": [D(2025, 8, 19)]},
    }
    for table, columns in changes.items():
        if columns is None:
            rows.pop(table, None)
            continue
        current = rows.setdefault(table, {})
        current.update(columns)
        height = max(len(v) for v in current.values())
        for name, values in current.items():
            current[name] = values + [values[-1]] * (height - len(values))
    return {name: frame(name, rows.get(name, {})) for name in TABLES}
