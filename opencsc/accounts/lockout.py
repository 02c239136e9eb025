"""Lock-out after repeated wrong passwords (django-axes), in words people can act on.

Axes counts failures by username (see AXES_LOCKOUT_PARAMETERS). A wrong attempt
during a lock-out restarts the wait, so the message says so rather than promising a
time that a second try would break.
"""

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone


def cool_off_minutes() -> int:
    return int(get_cool_off().total_seconds() // 60)


def wrong_password_message() -> str:
    return (
        f"Enter a correct username and password. After {settings.AXES_FAILURE_LIMIT} wrong "
        f"attempts your account is locked for {cool_off_minutes()} minutes."
    )


def locked_message() -> str:
    return (
        f"Your account is locked after {settings.AXES_FAILURE_LIMIT} wrong attempts. Wait "
        f"{cool_off_minutes()} minutes, then sign in again: trying before then restarts the "
        "wait. Or ask your administrator to unlock it now."
    )


def locked_usernames() -> list[str]:
    """Usernames locked out now, for the administrator to unlock."""
    since = timezone.now() - get_cool_off()
    rows = AccessAttempt.objects.filter(
        attempt_time__gte=since, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    )
    return sorted(set(rows.exclude(username=None).values_list("username", flat=True)))
