"""The read API at /api/v1/, with its OpenAPI document at /api/v1/openapi.json.

It reads through the same access layer as the pages, so it is scoped and audited
the same way: a child outside the caller's scope is a 404.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, ValidationError

from opencsc.core import audit
from opencsc.core.models import AuditAction
from opencsc.core.roles import Permission, has_permission, role_of
from opencsc.people import access, record, search

from . import schemas
from .auth import TokenAuth, VerifiedSessionAuth

api = NinjaAPI(
    title="opencsc read API",
    version="1",
    description="Children's records, read through the same access scopes and audit as the pages.",
    auth=[TokenAuth(), VerifiedSessionAuth()],
    urls_namespace="api",
    docs_url="/docs",
)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    return api.create_response(request, {"detail": "The request is not valid", "errors": exc.errors},
                               status=422)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "Not found"}, status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(request, {"detail": "Sign in, or send a bearer token"}, status=401)


class ChildQuery(Schema):
    name: str = ""
    date_of_birth: str = ""
    nhs_number: str = ""
    upn: str = ""
    postcode: str = ""
    limit: int = 50


@api.get("/children", response={200: list[schemas.ChildSummary], 400: schemas.Error},
         summary="Search the children the caller may see")
def children(request, filters: Query[ChildQuery]):
    if not has_permission(request.user, Permission.VIEW_CHILDREN):
        raise PermissionDenied("Your role does not include children's records.")
    if not 1 <= filters.limit <= 200:
        return 400, {"detail": "limit must be between 1 and 200"}
    criteria = _criteria(filters)
    if isinstance(criteria, str):
        return 400, {"detail": criteria}
    found = search.search(access.children_for_user(request.user), criteria, limit=filters.limit)
    audit.record_now(request.user, AuditAction.SEARCH, object_type="people.person",
                     reason=f"API search {filters.dict()}")
    return [_summary(p) for p in found]


def _criteria(filters: ChildQuery):
    dob = None
    if filters.date_of_birth:
        try:
            dob = datetime.date.fromisoformat(filters.date_of_birth)
        except ValueError:
            return "date_of_birth must be a date like 2019-03-27"
    return search.Criteria(name=filters.name, date_of_birth=dob, nhs_number=filters.nhs_number,
                           upn=filters.upn, postcode=filters.postcode)


@api.get("/children/{child_id}", response={200: schemas.ChildRecord, 404: schemas.Error},
         summary="Read one child's record")
def child(request, child_id: int):
    found = access.child_for_user(request.user, child_id, purpose="API")
    context = record.context(request.user, found)
    full = context["child"]
    allocation = context["allocation"]
    return {
        **_summary(full),
        **{f: getattr(full, f) or "" for f in (
            "sex", "gender_identity", "ethnicity", "first_language", "religion", "nhs_number",
            "upn", "former_upn", "gp_practice", "school")},
        "date_of_death": full.date_of_death,
        "disabilities": [d.code for d in full.disabilities.all()],
        "responsible_council_la_code": full.responsible_council.la_code,
        "other_names": [str(n) for n in full.other_names.all()],
        "addresses": list(full.addresses.all()),
        "relationships": [
            {"name": r.other.full_name, "relationship": r.kind,
             "parental_responsibility": r.parental_responsibility, "lives_with": r.lives_with}
            for r in full.relationships.all()
        ],
        "allocated_team": allocation.team.name if allocation else None,
        "allocated_worker": allocation.worker.username if allocation and allocation.worker else None,
    }


@api.get("/me", response=schemas.Me, summary="The signed-in user's own details")
def me(request):
    user = request.user
    staff = getattr(user, "staff", None)
    return {
        "username": user.username,
        "name": user.get_full_name(),
        "role": role_of(user),
        "teams": [t.name for t in staff.teams.all()] if staff else [],
        "employer": staff.employer.name if staff else None,
        "employment_type": staff.employment_type if staff else None,
    }


def _summary(person) -> dict:
    return {
        "id": person.pk, "la_child_id": person.la_child_id, "given_names": person.given_names,
        "family_name": person.family_name, "date_of_birth": person.date_of_birth,
        "expected_date_of_birth": person.expected_date_of_birth,
        "restricted": person.is_restricted,
    }
