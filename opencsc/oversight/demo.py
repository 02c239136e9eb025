"""The demo trust's contract, improvement plan and inspection history.

Everything here is invented. The inspections are NOT Ofsted's judgements of any real
council: the demo council and its "neighbours" have made-up names, and every row says it
is fictional. Seeding twice changes nothing.
"""

import datetime
from decimal import Decimal

from .actions import (
    agree_contract,
    import_inspections,
    open_action,
    record_progress,
    set_neighbours,
)
from .models import (
    Contract,
    Direction,
    ImprovementAction,
    Inspection,
    StatisticalNeighbour,
)

FICTIONAL = "Fictional demo data: not Ofsted's judgements"
H, L = Direction.HIGHER, Direction.LOWER

# code, target, tolerance, direction
CONTRACT_MEASURES = [
    ("assessments_45wd", 85, 5, H), ("re_referrals", 20, 2, L), ("icpc_15wd", 85, 5, H),
    ("cp_repeat", 20, 3, L), ("cp_visits_on_time", 90, 5, H),
    ("cla_three_placements", 10, 2, L), ("cla_long_term_stability", 70, 5, H),
    ("cla_health_assessments", 90, 5, H), ("care_leavers_suitable", 88, 4, H),
    ("care_leavers_eet", 55, 5, H),
]

# reference, title, owner, opened (months before today), due (months from today),
# measures, progress recorded: (status, evidence, days ago)
ACTIONS = [
    ("1.1", "Make every assessment's management oversight visible on the record",
     "Head of service, safeguarding", 10, 2, ["assessments_45wd"],
     [("on_track", "Dip sample of 40 assessments: 36 show a manager's direction.", 20)]),
    ("1.2", "Step-down plans agreed with families before a case closes",
     "Head of service, front door and assessment", 8, 4, ["re_referrals"],
     [("on_track", "Step-down template in use by both assessment teams.", 90),
      ("at_risk", "Re-referrals have not fallen; early help capacity is short.", 12)]),
    ("2.1", "Timely initial conferences: book the conference at the strategy discussion",
     "Child protection chair manager", 12, -1, ["icpc_15wd", "cp_repeat"],
     [("on_track", "Booking at strategy discussion agreed with chairs.", 200)]),
    ("3.1", "Find local foster homes so fewer children move placement",
     "Head of service, children in care", 14, -3, ["cla_three_placements",
                                                   "cla_long_term_stability"],
     [("on_track", "Recruitment campaign launched.", 300),
      ("done", "Twelve new fostering households approved; panel minutes held.", 100)]),
    ("4.1", "A personal adviser for every care leaver within 28 days of their 16th birthday",
     "Care leavers service manager", 3, 9, ["care_leavers_suitable", "care_leavers_eet"], []),
]

# la code, name, [(end date, overall, leaders, help and protection, in care, care leavers)]
INSPECTIONS = [
    ("330", "Fernbridge City (fictional)", [
        (datetime.date(2019, 3, 8), "4", "4", "4", "3", ""),
        (datetime.date(2022, 6, 17), "3", "3", "3", "3", ""),
        (datetime.date(2025, 10, 10), "3", "2", "3", "3", "2")]),
    ("880", "Ashcombe (fictional)", [(datetime.date(2024, 2, 16), "2", "2", "2", "1", "2")]),
    ("873", "Brindlemoor (fictional)", [(datetime.date(2023, 5, 12), "3", "3", "3", "2", "3")]),
    ("872", "Calderholt (fictional)", [(datetime.date(2024, 11, 8), "2", "2", "2", "2", "2")]),
    ("855", "Dunmere (fictional)", [(datetime.date(2022, 12, 2), "4", "4", "4", "3", "")]),
    ("336", "Eastwick Vale (fictional)", [(datetime.date(2025, 3, 21), "2", "1", "2", "2",
                                           "2")]),
]


def _months(today: datetime.date, months: int) -> datetime.date:
    index = today.year * 12 + today.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, min(today.day, 28))


def seed(trust, *, today: datetime.date) -> None:
    """Add the demo contract, plan and inspections where they are not already there."""
    council, actor = trust.council, trust.personas.get("head.of.service")
    if not Contract.objects.filter(council=council).exists():
        agree_contract(actor=None, council=council, provider=trust.trust,
                       name="Children's services contract 2024 to 2029 (fictional)",
                       start_date=datetime.date(2024, 4, 1), end_date=datetime.date(2029, 3, 31),
                       measures=[{"code": c, "target": Decimal(t), "tolerance": Decimal(tol),
                                  "direction": d} for c, t, tol, d in CONTRACT_MEASURES])
    for ref, title, owner, opened, due, codes, updates in ACTIONS:
        if ImprovementAction.objects.filter(council=council, reference=ref).exists():
            continue
        action = open_action(actor=actor, council=council, reference=ref, title=title,
                             owner=owner, opened_on=_months(today, -opened),
                             due_date=_months(today, due), measure_codes=codes)
        for status, evidence, days_ago in updates:
            on = today - datetime.timedelta(days=days_ago)
            record_progress(action, actor=actor, status=status, evidence=evidence,
                            evidence_date=on, recorded_at=datetime.datetime.combine(
                                on, datetime.time(10), tzinfo=datetime.UTC))
    rows = [{"la_code": code, "la_name": name, "end_date": end, "overall": overall,
             "leaders": leaders, "help_and_protection": help_, "in_care": in_care,
             "care_leavers": leavers}
            for code, name, found in INSPECTIONS
            for end, overall, leaders, help_, in_care, leavers in found]
    if not Inspection.objects.filter(source=FICTIONAL).exists():
        import_inspections(rows, actor=None, source=FICTIONAL)
    if not StatisticalNeighbour.objects.filter(council=council).exists():
        set_neighbours(council, [code for code, _, _ in INSPECTIONS[1:]], actor=None)
