"""Changes to accounts and sign-in configuration, audited."""

from axes.utils import reset as reset_lockout
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from opencsc.core import audit
from opencsc.core.models import AuditAction
from opencsc.organisations.models import RoleSecurityPolicy

from .models import ApiToken


@transaction.atomic
def create_api_token(user, *, name: str) -> str:
    key = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, name=name, prefix=key[5:13],
                                    key_hash=ApiToken.hash_key(key))
    audit.record(user, AuditAction.CONFIGURE, obj=token, changes={"api token": [None, name]})
    return key


@transaction.atomic
def revoke_api_token(user, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(user, AuditAction.CONFIGURE, obj=token,
                 changes={"api token revoked": [token.name, None]})


@transaction.atomic
def confirm_totp_device(user, device: TOTPDevice) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    audit.record(user, AuditAction.CONFIGURE, obj=device,
                 changes={"two-step sign-in": [False, True]})


def note_wrong_code(user) -> None:
    """A wrong second-factor code: the password was right, so this may be an attacker."""
    audit.record_now(user, AuditAction.SIGN_IN_FAILED, object_type="user",
                     object_id=str(user.pk), reason="wrong code from authenticator app")


@transaction.atomic
def unlock_account(actor, username: str) -> int:
    """Lift a lock-out before its wait is over; returns how many lock records went."""
    removed = reset_lockout(username=username)
    audit.record(actor, AuditAction.CONFIGURE, object_type="user", object_id=username[:64],
                 changes={"locked out": [True, False]})
    return removed


@transaction.atomic
def set_second_factor_roles(actor, roles: set[str]) -> None:
    from opencsc.core.roles import Role

    changes = {}
    for role in Role.values:
        policy, _ = RoleSecurityPolicy.objects.get_or_create(role=role)
        wanted = role in roles
        if policy.require_second_factor != wanted:
            changes[f"two-step sign-in required for {role}"] = [not wanted, wanted]
            policy.require_second_factor = wanted
            policy.save(update_fields=["require_second_factor"])
    if changes:
        audit.record(actor, AuditAction.CONFIGURE, object_type="role_security_policy",
                     changes=changes)
