"""JSON for every answer under /api/v1/, including the ones django-ninja leaves to Django.

django-ninja answers a wrong method with a plain-text 405, and an address it does not
know falls through to the HTML 404 page. A client of an API should not have to parse
HTML, so the API's URL patterns are wrapped to answer those in JSON too.
"""

import functools

from django.http import Http404, JsonResponse
from django.urls import URLPattern, path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI


def error_response(status: int, detail: str, **extra) -> JsonResponse:
    return JsonResponse({"detail": detail, **extra}, status=status)


def _json_errors(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return error_response(404, "Not found")
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "")
            json = error_response(405, f"Method not allowed: use {allowed}")
            json["Allow"] = allowed
            return json
        return response

    return wrapped


@csrf_exempt  # it changes nothing, and a POST deserves the same JSON 404 as a GET
def no_such_endpoint(request, rest: str):
    return error_response(404, "There is no such endpoint. See /api/v1/openapi.json")


class JsonErrorsAPI(NinjaAPI):
    """A NinjaAPI whose every URL answers errors in JSON."""

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        wrapped = [
            URLPattern(p.pattern, _json_errors(p.callback), p.default_args, p.name)
            if isinstance(p, URLPattern)
            else p
            for p in patterns
        ]
        # Last, so it only catches what no endpoint matched.
        wrapped.append(path("<path:rest>", no_such_endpoint, name="no-such-endpoint"))
        return wrapped, app_name, namespace
