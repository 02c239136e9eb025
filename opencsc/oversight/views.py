"""The oversight pages: HTTP only. Scope is in access.py, writes in actions.py. Nothing
here names or links a child."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from opencsc.core import audit
from opencsc.core.models import AuditAction

from . import access, actions, figures, forms, ofsted, pdf
from . import inspections as inspection_data
from . import plan as plan_data


def _posted(request):
    return request.POST if request.method == "POST" else None


def _scope(request):
    """The reader's councils, and the one this page is about (?council=LA code)."""
    councils = access.councils_for_user(request.user)
    council = access.council_for_user(request.user, request.GET.get("council"))
    return councils, council


def _context(request, council, councils, **extra):
    return {"council": council, "councils": councils,
            "can_edit_plan": access.can_edit_plan(request.user),
            "is_data_keeper": access.is_data_keeper(request.user), **extra}


@login_required
def index(request):
    councils, council = _scope(request)
    today = timezone.localdate()
    actions_now = plan_data.progress(plan_data.actions_for(council), council, today, today,
                                     with_measures=False)
    history = inspection_data.history(council.la_code)
    return render(request, "oversight/index.html", _context(
        request, council, councils, contract=figures.contract_for(council, today),
        plan_counts=_count_statuses(actions_now), latest=history[0] if history else None))


def _count_statuses(items) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item.status.label] = counts.get(item.status.label, 0) + 1
    return sorted(counts.items())


def _report(request):
    councils, council = _scope(request)
    today = timezone.localdate()
    form = forms.ReportForm(request.GET or None, councils=councils, today=today)
    month = form.chosen_month(today)
    contract = figures.contract_for(council, month)
    report = figures.report_for(contract, month) if contract else None
    return councils, council, form, month, report


@login_required
def report(request):
    councils, council, form, month, report = _report(request)
    query = f"?month={month:%Y-%m}&council={council.la_code}"
    return render(request, "oversight/report.html", _context(
        request, council, councils, form=form, month=month, report=report,
        pdf_url=reverse("oversight:report_pdf") + query))


@login_required
def report_pdf(request):
    councils, council, form, month, report = _report(request)
    body = pdf.render(report, council, month, user=request.user, at=timezone.localtime())
    audit.record_now(request.user, AuditAction.EXPORT, object_type="oversight.report",
                     object_id=f"{council.la_code}-{month:%Y-%m}")
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="performance-report-{council.la_code}-{month:%Y-%m}.pdf"')
    return response


@login_required
def plan(request):
    councils, council = _scope(request)
    today = timezone.localdate()
    month = figures.months_back(figures.first_of_month(today), 2)[0]
    items = plan_data.progress(plan_data.actions_for(council), council, month, today)
    return render(request, "oversight/plan.html", _context(
        request, council, councils, items=items, month=month, today=today))


@login_required
def action(request, pk):
    access.require_reader(request.user)
    found = access.action_for_user(request.user, pk)
    councils, council = access.councils_for_user(request.user), found.council
    today = timezone.localdate()
    month = figures.months_back(figures.first_of_month(today), 2)[0]
    item = plan_data.progress(plan_data.actions_for(council).filter(pk=pk), council, month,
                              today)[0]
    return render(request, "oversight/action.html", _context(
        request, council, councils, item=item, month=month))


@login_required
def action_new(request):
    access.require_plan_editor(request.user)
    councils, council = _scope(request)
    form = forms.ActionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        created = actions.open_action(actor=request.user, council=council, **form.cleaned_data)
        messages.success(request, f"Action {created.reference} added to the plan")
        return redirect(f"{reverse('oversight:plan')}?council={council.la_code}")
    return render(request, "oversight/action_new.html", _context(
        request, council, councils, form=form, back_name="Improvement plan",
        back=f"{reverse('oversight:plan')}?council={council.la_code}"))


@login_required
def action_progress(request, pk):
    access.require_plan_editor(request.user)
    found = access.action_for_user(request.user, pk)
    form = forms.ProgressForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        actions.record_progress(found, actor=request.user, **form.cleaned_data)
        messages.success(request, f"Progress recorded on action {found.reference}")
        return redirect("oversight:action", pk=found.pk)
    return render(request, "oversight/action_progress.html", _context(
        request, found.council, access.councils_for_user(request.user), form=form,
        action=found, back=reverse("oversight:action", args=[found.pk]),
        back_name=f"Action {found.reference}"))


@login_required
def inspections(request):
    councils, council = _scope(request)
    rows = inspection_data.comparison(council)
    return render(request, "oversight/inspections.html", _context(
        request, council, councils, history=inspection_data.history(council.la_code),
        rows=rows, judgements=inspection_data.JUDGEMENTS,
        good=inspection_data.share_good_or_better(rows)))


@login_required
def neighbours(request):
    access.require_data_keeper(request.user)
    councils, council = _scope(request)
    initial = {"la_codes": ", ".join(inspection_data.neighbour_codes(council))}
    form = forms.NeighboursForm(_posted(request), council=council, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.set_neighbours(council, form.cleaned_data["la_codes"], actor=request.user)
        messages.success(request, f"Statistical neighbours saved for {council.name}")
        return redirect(f"{reverse('oversight:inspections')}?council={council.la_code}")
    return render(request, "oversight/neighbours.html",
                  _context(request, council, councils, form=form, **_back_to_inspections(council)))


@login_required
def inspections_import(request):
    access.require_data_keeper(request.user)
    councils, council = _scope(request)
    form = forms.ImportForm(_posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outcomes = ofsted.read_outcomes(upload.read(), upload.name)
        except ofsted.FileProblem as problem:
            for message in problem.problems:
                form.add_error("file", message)
        else:
            added, updated = actions.import_inspections(outcomes.rows, actor=request.user,
                                                        source=upload.name)
            messages.success(request, f"Imported {added + updated} inspections from sheet "
                                      f"'{outcomes.sheet}': {added} new, {updated} updated")
            return redirect(f"{reverse('oversight:inspections')}?council={council.la_code}")
    return render(request, "oversight/import.html",
                  _context(request, council, councils, form=form, **_back_to_inspections(council)))


def _back_to_inspections(council) -> dict:
    return {"back": f"{reverse('oversight:inspections')}?council={council.la_code}",
            "back_name": "Inspections"}
