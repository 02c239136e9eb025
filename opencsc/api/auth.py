"""API authentication: a bearer token, or the browser session (with its second factor)."""

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from opencsc.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = (
            ApiToken.objects.select_related("user__staff")
            .filter(key_hash=ApiToken.hash_key(token), revoked_at__isnull=True)
            .first()
        )
        if found is None or not found.user.is_active:
            return None
        staff = getattr(found.user, "staff", None)
        if staff is None or not staff.is_active_on():
            return None  # a leaver's tokens stop working on their last day
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


class VerifiedSessionAuth(SessionAuth):
    """The signed-in session; the second-factor middleware has already had its say."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user and user.is_authenticated else None
