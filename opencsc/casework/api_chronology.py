"""GET /api/v1/children/{id}/chronology: a child's chronology, read like the page.

Mounted on the read API in ``opencsc.api.api``, so it has the API's authentication and
its JSON errors. The child is opened through the access layer (404 outside the caller's
scope) and the read is written to the audit log as an export.
"""

import datetime
import re
from typing import Literal

from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError
from pydantic import field_validator

from . import chronology

router = Router(tags=["chronology"])

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class ChronologyQuery(Schema):
    date_from: datetime.date | None = Field(None, description="Entries on or after, YYYY-MM-DD")
    date_to: datetime.date | None = Field(None, description="Entries on or before, YYYY-MM-DD")
    kinds: list[chronology.Kind] = Field(
        [], description="Only these kinds of entry (repeat the parameter); all when empty")
    notes: Literal["significant", "all"] = Field(
        "significant", description="Significant case notes only, or all of them")

    @field_validator("date_from", "date_to", mode="before")
    @classmethod
    def real_date(cls, value):
        # Stricter than pydantic, which would also take a Unix timestamp for a date.
        if value in (None, ""):
            return None
        if not (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
            raise ValueError("must be a real date like 2026-03-27")
        return datetime.date.fromisoformat(value)

    def filters(self) -> chronology.Filters:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValidationError([{"loc": ["query", "date_to"], "type": "value_error",
                                    "msg": "date_to must be the same as or after date_from"}])
        return chronology.Filters(
            date_from=self.date_from, date_to=self.date_to,
            kinds=frozenset(k.value for k in self.kinds) or chronology.ALL_KINDS,
            all_notes=self.notes == "all")


class ChronologyEntry(Schema):
    date: datetime.date
    kind: str
    kind_label: str
    title: str
    summary: str
    recorded_by: str
    link: str
    significant: bool


class Chronology(Schema):
    child_id: int
    la_child_id: str
    covering: str
    showing: str
    entries: list[ChronologyEntry]


class Problem(Schema):
    detail: str


@router.get("/children/{child_id}/chronology",
            response={200: Chronology, 401: Problem, 404: Problem, 422: Problem},
            summary="A child's chronology: the journey's events and significant case notes")
def child_chronology(request, child_id: int, query: Query[ChronologyQuery]):
    filters = query.filters()
    child = chronology.child_for_export(request.user, child_id, what="API", filters=filters)
    return {
        "child_id": child.pk, "la_child_id": child.la_child_id,
        "covering": chronology.period(filters), "showing": chronology.describe(filters),
        "entries": [{**e.__dict__, "kind_label": e.kind_label}
                    for e in chronology.build(child, filters, reader=request.user)],
    }
