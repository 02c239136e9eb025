"""A child's looked-after and care-leaver timescales as pages show them: each Deadline row
with its rule, due date and status today (``casework.timescales.status_of``)."""

import datetime
from dataclasses import dataclass

from opencsc.casework.timescales import RULES, Status, status_of

STATUS_TAGS = {
    Status.ON_TRACK: "govuk-tag--turquoise",
    Status.DUE_SOON: "govuk-tag--yellow",
    Status.OVERDUE: "govuk-tag--red",
    Status.MET: "govuk-tag--green",
    Status.MET_LATE: "govuk-tag--orange",
}


@dataclass(frozen=True)
class Timescale:
    code: str
    label: str
    source: str
    basis_date: datetime.date
    due_date: datetime.date
    met_date: datetime.date | None
    status: Status
    href: str = ""

    @property
    def tag(self) -> str:
        return STATUS_TAGS[self.status]

    @property
    def status_text(self) -> str:
        return self.status.value.capitalize()

    @property
    def is_open(self) -> bool:
        return self.met_date is None


def timescales(deadlines, today: datetime.date, links: dict[str, str]) -> list[Timescale]:
    """Open timescales first, soonest due first; then those met, latest first.

    ``links`` maps a rule's code to the page that records what meets it."""
    rows = [Timescale(code=d.rule, label=_label(d), source=RULES[d.rule].source,
                      basis_date=d.basis_date, due_date=d.due_date, met_date=d.met_date,
                      status=status_of(d.due_date, d.met_date, today),
                      href=links.get(d.rule, "")) for d in deadlines]
    open_rows = sorted((t for t in rows if t.is_open), key=lambda t: t.due_date)
    met = sorted((t for t in rows if not t.is_open), key=lambda t: t.met_date, reverse=True)
    return open_rows + met


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _label(deadline) -> str:
    """The rule's label, with the birthday for a keep-in-touch contact (one per birthday)."""
    label = RULES[deadline.rule].label
    _, _, age = deadline.instance.rpartition("birthday:")
    if deadline.rule == "keep_in_touch" and age.isdigit():
        return f"{label}: the {_ordinal(int(age))}, {deadline.basis_date:%-d %B %Y}"
    return label


def split_timescales(rows: list[Timescale]) -> dict:
    """The template's two lists: ``open_rows`` and ``met_rows``."""
    return {"open_rows": [t for t in rows if t.is_open],
            "met_rows": [t for t in rows if not t.is_open]}
