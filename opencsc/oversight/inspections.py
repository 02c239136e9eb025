"""A council's inspection history and how its latest outcome compares with its statistical
neighbours' latest outcomes."""

from dataclasses import dataclass

from .models import Grade, Inspection, StatisticalNeighbour

JUDGEMENTS = [
    ("overall", "Overall effectiveness"),
    ("leaders", "Impact of leaders"),
    ("help_and_protection", "Help and protection"),
    ("in_care", "Children in care"),
    ("care_leavers", "Care leavers"),
]


def history(la_code: str) -> list[Inspection]:
    return list(Inspection.objects.filter(la_code=la_code).order_by("-end_date"))


def neighbour_codes(council) -> list[str]:
    return list(StatisticalNeighbour.objects.filter(council=council)
                .values_list("la_code", flat=True))


@dataclass
class Comparison:
    la_code: str
    latest: Inspection | None
    is_council: bool = False

    @property
    def name(self) -> str:
        return self.latest.la_name if self.latest else f"LA {self.la_code}"


def comparison(council) -> list[Comparison]:
    """The council's latest inspection, then each neighbour's, in the council's order."""
    codes = [council.la_code, *neighbour_codes(council)]
    latest: dict[str, Inspection] = {}
    for inspection in Inspection.objects.filter(la_code__in=codes).order_by("end_date"):
        latest[inspection.la_code] = inspection
    return [Comparison(code, latest.get(code), i == 0) for i, code in enumerate(codes)]


def share_good_or_better(rows: list[Comparison], judgement: str = "overall") -> tuple[int, int]:
    """How many of the neighbours (not the council) are good or outstanding, of those judged."""
    judged = [getattr(r.latest, judgement) for r in rows if not r.is_council and r.latest]
    judged = [g for g in judged if g]
    return sum(1 for g in judged if g in (Grade.OUTSTANDING, Grade.GOOD)), len(judged)
