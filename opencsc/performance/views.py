"""The performance pages: HTTP only. Scope comes from ``access``, figures from ``engine``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from opencsc.core.working_days import add_months

from . import actions
from .access import cuts_for_user, may_set_targets
from .catalogue import BY_CODE, Unit
from .chart import chart_for
from .engine import Status, figures_for, trend
from .forms import CutForm, TargetForm, month_choices
from .models import Target

TREND_MONTHS = 12
# Past months are worked out within this time per visit; each visit adds more.
TREND_SECONDS = 3.0


def _chosen(request):
    """The month and cut asked for in the query string (defaults: this month, the
    user's first cut), and the form to show, with its errors if the choice was bad."""
    cuts = cuts_for_user(request.user)
    data = {"month": month_choices()[0][0], "cut": cuts[0].key, **request.GET.dict()}
    form = CutForm(data, cuts)
    if not form.is_valid():
        return form, None, None
    return form, form.chosen_month, form.cuts[form.cleaned_data["cut"]]


@login_required
def dashboard(request):
    form, month, cut = _chosen(request)
    figures = figures_for(month, **cut.kwargs) if cut else []
    areas = {}
    for figure in figures:
        areas.setdefault(figure.measure.area, []).append(figure)
    return render(request, "performance/dashboard.html", {
        "form": form, "month": month, "cut": cut, "areas": areas, "summary": _summary(figures),
        "may_set_targets": may_set_targets(request.user)}, status=200 if cut else 400)


def _summary(figures) -> str:
    judged = [f for f in figures if f.status in (Status.MET, Status.MISSED)]
    if not judged:
        return ""
    met = sum(f.status == Status.MET for f in judged)
    return (f"{met} of the {len(judged)} measures with a target and a figure meet it; "
            f"{len(judged) - met} miss it.")


@login_required
def measure(request, code):
    if code not in BY_CODE:
        raise Http404("No such measure")
    form, month, cut = _chosen(request)
    figures = []
    if cut:
        months = [add_months(month, -n) for n in range(TREND_MONTHS - 1, -1, -1)]
        figures = trend(code, months, budget_seconds=TREND_SECONDS, **cut.kwargs)
    m = BY_CODE[code]
    return render(request, "performance/measure.html", {
        "form": form, "month": month, "cut": cut, "measure": m, "figures": figures,
        "latest": figures[-1] if figures else None,
        "pending": sum(not f.worked_out for f in figures),
        "chart": chart_for(figures, percent=m.unit == Unit.PERCENT) if figures else None,
    }, status=200 if cut else 400)


@login_required
@require_http_methods(["GET", "POST"])
def targets(request):
    cuts_for_user(request.user)  # 403 without aggregate figures
    if not may_set_targets(request.user):
        raise PermissionDenied("Only a head of service or an analyst sets targets.")
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.set_target(data["measure"], data["from_date"], data["value"],
                           actor=request.user, note=data["note"])
        messages.success(request, f"Target set for {BY_CODE[data['measure']].title}.")
        return redirect("performance:targets")
    rows = Target.objects.select_related("set_by").order_by("-from_date", "-set_at")[:100]
    return render(request, "performance/targets.html", {
        "form": form, "rows": [(getattr(BY_CODE.get(t.measure), "title", t.measure), t)
                               for t in rows]})
