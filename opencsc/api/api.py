"""The read API at /api/v1/, with its OpenAPI document at /api/v1/openapi.json.

It reads through the same access layer as the pages, so it is scoped and audited
the same way: a child outside the caller's scope is a 404. Every answer is JSON,
errors included: a malformed request gets a 4xx saying what is wrong, never a 500.
"""

import functools

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query
from ninja.errors import AuthenticationError, ValidationError

from opencsc.core import audit
from opencsc.core.models import AuditAction
from opencsc.core.roles import Permission, has_permission, role_of
from opencsc.people import access, record, search

from . import schemas
from .auth import TokenAuth, VerifiedSessionAuth
from .errors import JsonErrorsAPI, error_response

api = JsonErrorsAPI(
    title="opencsc read API",
    version="1",
    description=(
        "Children's records, read through the same access scopes and audit as the pages. "
        "Authenticate with `Authorization: Bearer <token>` (make a token on your account page) "
        "or a signed-in browser session. Every error is JSON with a `detail`."
    ),
    auth=[TokenAuth(), VerifiedSessionAuth()],
    urls_namespace="api",
    docs_url="/docs",
)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    # Only where and what: echoing the input back could return a very long string.
    errors = [
        {
            "loc": list(e.get("loc", ())),
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors
    ]
    return error_response(422, "The request is not valid", errors=errors)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return error_response(404, "Not found")


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return error_response(403, str(exc) or "Forbidden")


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    response = error_response(401, "Sign in, or send a bearer token")
    response["WWW-Authenticate"] = 'Bearer realm="opencsc"'
    return response


SEARCH_ERRORS = {401: schemas.Error, 403: schemas.Error, 422: schemas.ValidationErrors}


@api.get(
    "/children",
    response={200: list[schemas.ChildSummary], **SEARCH_ERRORS},
    summary="Search the children the caller may see",
)
def children(request, filters: Query[schemas.ChildQuery]):
    if not has_permission(request.user, Permission.VIEW_CHILDREN):
        raise PermissionDenied("Your role does not include children's records.")
    criteria = search.Criteria(
        name=filters.name,
        date_of_birth=filters.date_of_birth,
        nhs_number=filters.nhs_number,
        upn=filters.upn,
        postcode=filters.postcode,
    )
    found = search.search(access.children_for_user(request.user), criteria, limit=filters.limit,
                          among=functools.partial(access.children_among_for_user, request.user))
    given = {k: str(v) for k, v in filters.dict().items() if v and k != "limit"}
    audit.record_now(
        request.user, AuditAction.SEARCH, object_type="people.person", reason=f"API search {given}"
    )
    return [_summary(p) for p in found]


@api.get(
    "/children/{child_id}",
    response={
        200: schemas.ChildRecord,
        401: schemas.Error,
        404: schemas.Error,
        422: schemas.ValidationErrors,
    },
    summary="Read one child's record",
)
def child(request, child_id: int):
    found = access.child_for_user(request.user, child_id, purpose="API")
    context = record.context(request.user, found)
    full = context["child"]
    allocation = context["allocation"]
    worker = allocation.worker if allocation else None
    return {
        **_summary(full),
        **{
            f: getattr(full, f) or ""
            for f in (
                "sex",
                "gender_identity",
                "ethnicity",
                "first_language",
                "religion",
                "nhs_number",
                "upn",
                "former_upn",
                "gp_practice",
                "school",
            )
        },
        "date_of_death": full.date_of_death,
        "disabilities": [d.code for d in full.disabilities.all()],
        "responsible_council_la_code": full.responsible_council.la_code,
        "other_names": [str(n) for n in full.other_names.all()],
        "addresses": list(full.addresses.all()),
        "relationships": [
            {
                "name": r.other.full_name,
                "relationship": r.kind,
                "parental_responsibility": r.parental_responsibility,
                "lives_with": r.lives_with,
            }
            for r in full.relationships.all()
        ],
        "allocated_team": allocation.team.name if allocation else None,
        "allocated_worker": worker.username if worker else None,
    }


@api.get(
    "/me",
    response={200: schemas.Me, 401: schemas.Error},
    summary="The signed-in user's own details",
)
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
        "id": person.pk,
        "la_child_id": person.la_child_id,
        "given_names": person.given_names,
        "family_name": person.family_name,
        "date_of_birth": person.date_of_birth,
        "expected_date_of_birth": person.expected_date_of_birth,
        "restricted": person.is_restricted,
    }


# Routers owned by other apps, mounted here so they share the auth and error handlers above.
from opencsc.worklists.api import router as worklist_router  # noqa: E402

api.add_router("/worklist/", worklist_router)
from opencsc.casework.api_chronology import router as chronology_router  # noqa: E402

api.add_router("", chronology_router)
from opencsc.looked_after.api import router as care_router  # noqa: E402

api.add_router("", care_router)
