from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from opencsc.organisations.models import Notification

from . import overview as overview_data
from .roles import Permission, has_permission


@login_required
def home(request):
    notifications = Notification.objects.filter(recipient=request.user, read_at__isnull=True)[:20]
    return render(request, "core/home.html", {
        "notifications": notifications,
        "can_view_children": has_permission(request.user, Permission.VIEW_CHILDREN),
        "can_see_overview": has_permission(request.user, Permission.VIEW_AGGREGATES),
        "can_administer": has_permission(request.user, Permission.ADMINISTER),
        "can_request_emergency": has_permission(request.user, Permission.EMERGENCY_ACCESS),
    })


@login_required
def overview(request):
    """Aggregate figures only: never an identifiable child."""
    if not has_permission(request.user, Permission.VIEW_AGGREGATES):
        raise PermissionDenied("Your role does not include aggregate figures.")
    rows = overview_data.rows_for_user(request.user)
    return render(request, "core/overview.html", {"rows": rows})


def root(request):
    return redirect("core:home") if request.user.is_authenticated else redirect("accounts:login")
