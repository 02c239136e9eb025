import base64
import io
import math

import segno
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from opencsc.core.roles import Permission, has_permission
from opencsc.organisations.models import RoleSecurityPolicy, StaffMember, Team

from . import actions, lockout
from .forms import CodeForm, PolicyForm, SignInForm, TokenForm
from .models import ApiToken


def _next(request, default="/home/"):
    target = request.GET.get("next") or request.POST.get("next") or default
    ok = url_has_allowed_host_and_scheme(target, {request.get_host()})
    return target if ok else default


def sign_in(request):
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.get_user())
        return redirect(_next(request))
    return render(request, "accounts/sign_in.html", {"form": form, "next": _next(request)})


def locked_out(request, credentials, *args, **kwargs):
    """The sign-in page again, saying the account is locked (django-axes calls this)."""
    form = SignInForm(request, data=request.POST or None)
    form.is_bound = True
    form._errors = {"__all__": form.error_class([lockout.locked_message()])}
    return render(request, "accounts/sign_in.html", {"form": form, "next": _next(request)},
                  status=429)


@require_POST
def sign_out(request):
    logout(request)
    return redirect("accounts:login")


def _code_problem(device: TOTPDevice, code: str) -> str | None:
    """Why a code from the authenticator app is refused, or None if it is accepted."""
    allowed, why = device.verify_is_allowed()
    if not allowed:
        until = (why or {}).get("locked_until") or timezone.now()
        wait = max(1, math.ceil((until - timezone.now()).total_seconds()))
        seconds = "1 second" if wait == 1 else f"{wait} seconds"
        return f"Too many wrong codes. Wait {seconds}, then enter the newest code"
    if not device.verify_token(code):
        return "The code is not right. Check the time on your phone and enter the newest code"
    return None


@login_required
def verify(request):
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None or request.user.is_verified():
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        problem = _code_problem(device, form.cleaned_data["code"])
        if problem is None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", problem)
        actions.note_wrong_code(request.user)
    return render(request, "accounts/verify.html", {"form": form, "next": _next(request)})


@login_required
def account(request):
    tokens = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True)
    has_device = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    return render(request, "accounts/account.html", {
        "tokens": tokens, "has_device": has_device, "token_form": TokenForm(),
        "new_key": request.session.pop("new_api_key", None),
    })


@login_required
def two_factor_setup(request):
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="Authenticator app",
                                           confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        problem = _code_problem(device, form.cleaned_data["code"])
        if problem is None:
            actions.confirm_totp_device(request.user, device)
            otp_login(request, device)
            messages.success(request, "Two-step sign-in is on for your account")
            return redirect(_next(request, "/account/"))
        form.add_error("code", problem)
    buffer = io.BytesIO()  # segno writes SVG as bytes
    segno.make(device.config_url).save(buffer, kind="svg", scale=4, xmldecl=False, svgns=True,
                                       title="QR code for your authenticator app")
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(request, "accounts/two_factor_setup.html", {
        "form": form, "qr_svg": buffer.getvalue().decode(), "secret": secret,
        "next": _next(request, ""),
    })


@login_required
@require_POST
def create_token(request):
    form = TokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter what the token is for")
        return redirect("accounts:account")
    request.session["new_api_key"] = actions.create_api_token(request.user, **form.cleaned_data)
    return redirect("accounts:account")


@login_required
@require_POST
def revoke_token(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    actions.revoke_api_token(request.user, token)
    messages.success(request, f"Token ‘{token.name}’ no longer works")
    return redirect("accounts:account")


@login_required
def keep_alive(request):
    return HttpResponse(status=204)


@login_required
def administration(request):
    if not has_permission(request.user, Permission.ADMINISTER):
        raise PermissionDenied("Only administrators can change configuration.")
    if request.method == "POST" and "unlock" in request.POST:
        return _unlock(request, request.POST["unlock"])
    required = set(RoleSecurityPolicy.objects.filter(require_second_factor=True)
                   .values_list("role", flat=True))
    # Not ``request.POST or None``: unticking every box posts nothing, and must still save.
    data = request.POST if request.method == "POST" else None
    form = PolicyForm(data, initial={"roles": sorted(required)})
    if request.method == "POST" and form.is_valid():
        actions.set_second_factor_roles(request.user, set(form.cleaned_data["roles"]))
        messages.success(request, "Sign-in rules saved")
        return redirect("accounts:administration")
    return render(request, "accounts/administration.html", {
        "form": form,
        "teams": Team.objects.select_related("service_area").prefetch_related("members__user"),
        "staff": StaffMember.objects.select_related("user", "employer").order_by("user__username"),
        "locked": lockout.locked_usernames(),
    })


def _unlock(request, username: str):
    if username in lockout.locked_usernames():
        actions.unlock_account(request.user, username)
        messages.success(request, f"{username} can sign in again")
    return redirect("accounts:administration")
