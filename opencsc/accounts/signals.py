"""Sign-in events go to the audit log."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from opencsc.core import audit
from opencsc.core.models import AuditAction


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    audit.record_now(user, AuditAction.SIGN_IN, object_type="user", object_id=str(user.pk))


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record_now(user, AuditAction.SIGN_OUT, object_type="user", object_id=str(user.pk))


@receiver(user_login_failed)
def _failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    audit.record_now(None, AuditAction.SIGN_IN_FAILED, object_type="user", object_id=username)
