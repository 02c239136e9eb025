"""Returns from the web: build from the record, upload to check, follow a run, read its
report and download. Every page is for those who produce returns only (access.py)."""

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET

from . import access, actions, explore, uploads
from .forms import BuildForm, ExplanationForm, RulesForm, UploadForm
from .models import ReturnKind
from .years import CollectionYear

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TYPES = {".xml": "application/xml", ".zip": "application/zip", ".xlsx": XLSX,
         ".csv": "text/csv"}


@login_required
def index(request):
    councils = access.councils_for_user(request.user)
    form = BuildForm(request.POST or None, councils=councils)
    if request.method == "POST" and form.is_valid():
        run = actions.request_build(actor=request.user, **form.cleaned_data)
        return redirect("returns:run", run_id=run.pk)
    actions.interrupt_lost_runs()
    recent = access.runs_for_user(request.user)[:30]
    return render(request, "returns/index.html", {"form": form, "runs": recent})


@login_required
@require_GET
def rules(request):
    """Every DfE rule opencsc checks for a return and year: what each looks at."""
    access.runs_for_user(request.user)  # 403 for those who do not produce returns
    form = RulesForm(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else form.defaults()
    return render(request, "returns/rules.html", {
        "form": form, "rules": explore.all_rules(**chosen),
        "chosen": f"{ReturnKind(chosen['kind']).label} {CollectionYear(chosen['year'])}"})


@csrf_exempt  # the CSRF middleware would read the whole body first: checked in _upload
@login_required
def upload(request):
    access.runs_for_user(request.user)  # 403 for those who do not produce returns
    if request.method == "POST" and uploads.declared_too_large(request):
        return _too_large(request)
    return _upload(request, uploads.install(request))


@csrf_protect
def _upload(request, limit: uploads.UploadLimit):
    form = UploadForm(request.POST or None, request.FILES or None)
    if limit.refused:
        return _too_large(request)
    if request.method == "POST" and form.is_valid():
        run = actions.upload_return(actor=request.user, **form.cleaned_data)
        return redirect("returns:run", run_id=run.pk)
    return render(request, "returns/upload.html", {"form": form})


def _too_large(request):
    form = UploadForm.refusing(uploads.too_large_message())
    return render(request, "returns/upload.html", {"form": form}, status=413)


def _run(request, run_id):
    actions.interrupt_lost_runs()
    return access.run_for_user(request.user, run_id)


@login_required
@require_GET
def run(request, run_id):
    found = _run(request, run_id)
    return render(request, "returns/run.html", {"run": found})


@login_required
@require_GET
def status(request, run_id):
    found = _run(request, run_id)
    return JsonResponse({
        "status": found.status, "label": found.get_status_display(), "step": found.step,
        "percent": found.percent, "finished": found.is_finished,
        "page": reverse("returns:run", args=[found.pk])})


@login_required
@require_GET
def download(request, run_id):
    found = _run(request, run_id)
    path = found.folder / found.output if found.output else None
    if not (found.status == found.Status.DONE and found.has_files and path and path.is_file()):
        raise Http404("This run has no file to download")
    actions.record_download(found, what=found.output, actor=request.user)
    return _file(path, found.output)


def _file(path: Path, name: str) -> FileResponse:
    return FileResponse(path.open("rb"), as_attachment=True, filename=name,
                        content_type=TYPES.get(path.suffix, "application/octet-stream"))


@login_required
@require_GET
def report(request, run_id):
    found = access.report_for_user(request.user, run_id)
    explained = explore.explained_counts(found)
    rules = [{**rule, "explained": explained.get(rule["code"], 0)}
             for rule in found.summary["rules"]]
    return render(request, "returns/report.html", {"run": found, "rules": rules})


@login_required
@require_GET
def report_rule(request, run_id, code):
    found = access.report_for_user(request.user, run_id)
    rules = explore.rules_of(found, code)
    rows = explore.rule_rows(found, code)
    if not rules and not rows.total:
        raise Http404("No such rule")
    links = access.child_pages_for_user(request.user, found, {r["child_id"] for r in rows.rows})
    explained = explore.explanations(found, code)
    for row in rows.rows:
        row["child_pk"] = links.get(row["child_id"])
        row["explanation"] = explained.get((code, row["child_id"]))
    return render(request, "returns/report_rule.html", {
        "run": found, "code": code, "rules": rules, "rows": rows,
        "is_query": any(r.is_query for r in rules)})


@login_required
def explain(request, run_id, code, child_id):
    found = access.report_for_user(request.user, run_id)
    rows = explore.query_finding(found, code, child_id)
    if not rows:
        raise Http404("No such query for this child")
    form = ExplanationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.explain_query(found, code=code, child_id=child_id, actor=request.user,
                              **form.cleaned_data)
        return redirect("returns:report_rule", run_id=found.pk, code=code)
    return render(request, "returns/explain.html", {
        "run": found, "code": code, "child_id": child_id, "rows": rows, "form": form,
        "rule": explore.rules_of(found, code)[0],
        "explanation": explore.explanations(found, code).get((code, child_id))})


@login_required
@require_GET
def report_children(request, run_id):
    found = access.report_for_user(request.user, run_id)
    rows = explore.by_child(found)
    return render(request, "returns/report_children.html", {"run": found, "rows": rows})


@login_required
@require_GET
def report_child(request, run_id, child_id):
    found = access.report_for_user(request.user, run_id)
    rows = explore.child_rows(found, child_id)
    if not rows.total:
        raise Http404("No findings for this child")
    links = access.child_pages_for_user(request.user, found, {child_id})
    return render(request, "returns/report_child.html", {
        "run": found, "child_id": child_id, "rows": rows, "child_pk": links.get(child_id)})


@login_required
@require_GET
def report_file(request, run_id, suffix):
    found = access.report_for_user(request.user, run_id)
    path, name = explore.report_download(found, suffix)
    actions.record_download(found, what=name, actor=request.user)
    return _file(path, name)
