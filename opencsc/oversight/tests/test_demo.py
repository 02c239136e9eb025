import datetime

import pytest

from opencsc.oversight import demo
from opencsc.oversight.models import Contract, ImprovementAction, Inspection
from opencsc.oversight.plan import actions_for, progress
from opencsc.oversight.status import PlanStatus


@pytest.mark.django_db
def test_the_demo_has_a_contract_a_plan_in_every_state_and_fictional_inspections(trust):
    today = datetime.date(2026, 11, 22)
    demo.seed(trust, today=today)
    demo.seed(trust, today=today)  # twice: nothing doubles
    assert Contract.objects.get().measures.count() == len(demo.CONTRACT_MEASURES)
    assert ImprovementAction.objects.count() == len(demo.ACTIONS)
    statuses = {item.action.reference: item.status for item in progress(
        actions_for(trust.council), trust.council, today, today, with_measures=False)}
    assert statuses == {"1.1": PlanStatus.ON_TRACK, "1.2": PlanStatus.AT_RISK,
                        "2.1": PlanStatus.OVERDUE, "3.1": PlanStatus.DONE,
                        "4.1": PlanStatus.NOT_STARTED}
    assert Inspection.objects.count() == 8
    assert all("fictional" in i.la_name for i in Inspection.objects.all())
