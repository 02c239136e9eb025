"""Asks for the second factor where the user has one, or where their role requires one."""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from opencsc.core.roles import role_of
from opencsc.organisations.models import RoleSecurityPolicy

EXEMPT_PREFIXES = ("/static/", "/logout/")


def second_factor_required(user) -> bool:
    role = role_of(user)
    return bool(role) and RoleSecurityPolicy.objects.filter(
        role=role, require_second_factor=True
    ).exists()


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified() or self._exempt(request):
            return self.get_response(request)
        if user_has_device(user, confirmed=True):
            target = "accounts:verify"
        elif second_factor_required(user):
            target = "accounts:two_factor_setup"
        else:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": "Complete sign-in with your second factor."},
                                status=403)
        if request.path == reverse(target):
            return self.get_response(request)
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")

    @staticmethod
    def _exempt(request) -> bool:
        return request.path.startswith(EXEMPT_PREFIXES) or request.path == "/login/"
