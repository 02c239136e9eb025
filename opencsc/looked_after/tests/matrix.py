"""The care pages' part of the access matrix (tests/test_access_matrix.py): the matrix
children put into care, a valid POST for each care and leaving-care form, and the few
forms that need the record in another state first.

The provider has a fixed id because the matrix's POSTS are plain data built at import.
"""

import datetime

from opencsc.core.tests.matrix import CASEWORKERS, CHANGE, ChildPage, Page
from opencsc.looked_after import actions
from opencsc.looked_after.models import Provider
from opencsc.people.models import Person

D = datetime.date
PROVIDER_ID = 990_001  # far above any id a test database hands out


def put_in_care(children, actor) -> None:
    """Each matrix child looked after since 2 January 2024, once missing and back."""
    provider = Provider.objects.create(pk=PROVIDER_ID, name="Matrix foster household",
                                       kind="in_house_foster", provider_code="PR1",
                                       postcode="B1 1AA", local_authority="330")
    for child in children:
        actions.start_period_of_care(child, actor=actor, start_date=D(2024, 1, 2),
                                     legal_status="C1", category_of_need="N1",
                                     placement_type="U6", provider=provider)
        missing = actions.record_missing(child, actor=actor, kind="M",
                                         start_date=D(2025, 1, 10))
        actions.record_return(missing, actor=actor, end_date=D(2025, 1, 11))


# Rows of the access matrix this app lists itself: the register's page with a provider's
# id in the URL (tests/test_access_matrix.py fills param "provider" with PROVIDER_ID; its
# POSTs are tested in test_pages_register_and_api.py), and the extra visit form.
URLS = {
    "looked_after:provider_edit": Page(who=CASEWORKERS, param="provider"),
    "looked_after:visit_request": ChildPage(needs=CHANGE),
}


def _date(prefix, day) -> dict:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month),
            f"{prefix}_2": str(day.year)}


POSTS = {
    "looked_after:start": {**_date("start_date", D(2025, 6, 1)), "legal_status": "V2",
                           "category_of_need": "N1", "placement_type": "U6",
                           "provider": str(PROVIDER_ID)},
    "looked_after:legal_status": {**_date("change_date", D(2025, 3, 3)), "legal_status": "C2"},
    "looked_after:placement": {**_date("change_date", D(2025, 3, 3)),
                               "provider": str(PROVIDER_ID), "placement_type": "U6",
                               "reason_placement_change": "CARPL", "same_carer": "no"},
    "looked_after:cease": {**_date("end_date", D(2025, 3, 1)), "reason_ceased": "E4A"},
    "looked_after:review_new": {**_date("review_date", D(2024, 2, 1)), "participation": "PN1"},
    "looked_after:visit_new": {**_date("visit_date", D(2024, 1, 9)), "child_seen": "yes",
                               "child_seen_alone": "yes"},
    "looked_after:visit_request": {"reason": "carer", **_date("requested_date", D(2024, 1, 20))},
    "looked_after:iro": {"iro": "team.manager", **_date("start_date", D(2024, 1, 2))},
    "looked_after:care_plan_new": _date("plan_date", D(2024, 1, 10)),
    "looked_after:placement_plan_new": _date("plan_date", D(2024, 1, 5)),
    "looked_after:health_assessment_new": {"kind": "initial",
                                           **_date("assessment_date", D(2024, 1, 20))},
    "looked_after:health_check_new": {"kind": "dental", **_date("check_date", D(2024, 3, 1))},
    "looked_after:sdq_new": {**_date("sdq_date", D(2025, 3, 1)), "score": "10"},
    "looked_after:pep_new": _date("pep_date", D(2024, 2, 1)),
    "looked_after:missing_new": {"kind": "A", **_date("start_date", D(2025, 2, 1)),
                                 **_date("end_date", D(2025, 2, 2))},
    "looked_after:missing_return": {**_date("end_date", D(2025, 1, 11)),
                                    **_date("return_interview_offered", D(2025, 1, 12)),
                                    "return_interview_accepted": "yes"},
    "looked_after:uasc": _date("start_date", D(2024, 1, 2)),
    "looked_after:adoption": _date("decision_date", D(2025, 6, 1)),
    "looked_after:previous_permanence": {"kind": "Z1"},
    "care_leavers:needs_assessment_new": _date("assessment_date", D(2025, 6, 1)),
    "care_leavers:pathway_plan_new": {**_date("plan_date", D(2025, 6, 1)), "is_review": "no"},
    "care_leavers:personal_adviser": {"adviser": "team.manager",
                                      **_date("start_date", D(2025, 6, 1))},
    "care_leavers:keep_in_touch_new": {**_date("contact_date", D(2025, 6, 1)),
                                       "in_touch": "NO"},
    "care_leavers:staying_put_new": {"carer_name": "Matrix carers",
                                     **_date("start_date", D(2025, 6, 1))},
}


def _end_care(child) -> None:
    period = child.periods_of_care.get(end_date__isnull=True)
    actions.cease_care(period, actor=period.recorded_by, end_date=D(2025, 3, 1),
                       reason_ceased="E4A")


def _make_nineteen(child) -> None:
    Person.objects.filter(pk=child.pk).update(date_of_birth=D(2006, 1, 1))


# Forms whose POST needs the record in another state: a child not looked after for the
# start of care, and a young person of 18 or over for Staying Put.
BEFORE_POST = {"looked_after:start": _end_care, "care_leavers:staying_put_new": _make_nineteen}
