"""Synthetic care histories for page tests, recorded through the actions."""

import datetime

from opencsc.looked_after import actions
from opencsc.looked_after.models import Provider

D = datetime.date


def make_providers() -> dict[str, Provider]:
    return {
        "foster": Provider.objects.create(name="The Ashworth household", kind="in_house_foster",
                                          provider_code="PR1", postcode="B15 2TT",
                                          local_authority="330"),
        "agency": Provider.objects.create(name="Brightwater Fostering: the Osei household",
                                          kind="agency_foster", provider_code="PR4",
                                          postcode="B30 1AA", local_authority="330"),
        "home": Provider.objects.create(name="Larchfield House", kind="childrens_home",
                                        provider_code="PR4", urn="SC123456",
                                        postcode="WS1 1AA", local_authority="335"),
    }


def start_care(child, worker, providers, start=D(2025, 9, 1)):
    return actions.start_period_of_care(
        child, actor=worker, start_date=start, legal_status="C1", category_of_need="N1",
        placement_type="U6", provider=providers["foster"],
        placement_details={"postcode": "B15 2TT", "home_postcode": "B11 1AA"})


def long_history(child, worker, providers, episodes: int, start=D(2016, 4, 4), iro=None):
    """A period of care of ``episodes`` episodes, alternating moves and legal status
    changes a month or two apart, with a review (chaired by ``iro``) and a visit after each."""
    period = start_care(child, worker, providers, start)
    day, status = start, "C1"
    for n in range(1, episodes):
        day += datetime.timedelta(days=45)
        if n % 2:
            provider = providers["agency" if n % 4 == 1 else "foster"]
            actions.change_placement(period, actor=worker, change_date=day, provider=provider,
                                     placement_type="U6", reason_placement_change="CARPL")
        else:
            status = "C2" if status == "C1" else "C1"
            actions.change_legal_status(period, actor=worker, change_date=day,
                                        legal_status=status)
        actions.record_review(period, actor=worker, review_date=day + datetime.timedelta(5),
                              participation="PN1", iro=iro)
        actions.record_statutory_visit(period, actor=worker,
                                       visit_date=day + datetime.timedelta(2),
                                       child_seen=True, child_seen_alone=n % 3 == 0)
    return period
