from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from opencsc.people import actions as people_actions

from . import access, forms, queries, team
from .team import Filters

FILTER_DEFAULTS = {"status": Filters.status, "sort": Filters.sort}


@login_required
def my_work(request):
    access.require_caseholder(request.user)
    return render(request, "worklists/my_work.html", {
        "work": queries.my_work(request.user),
        "manages_a_team": access.manages_a_team(request.user),
    })


@login_required
def team_page(request):
    teams = list(access.teams_for_user(request.user))
    chosen = [t for t in teams if str(t.pk) == request.GET.get("team")] or teams
    members = list(team.team_members(chosen))
    form = forms.TeamFilterForm({**FILTER_DEFAULTS, **request.GET.dict()}, teams=teams,
                                workers=members)
    filters = form.filters()
    return render(request, "worklists/team.html", {
        "form": form, "filters": filters, "several_teams": len(teams) > 1,
        "work": team.team_work(request.user, chosen, members, filters),
        "query": _query_without(request, "page"),
        "unallocated_query": _query_without(request, "unallocated_page"),
        "workers_query": _query_without(request, "workers_page"),
    })


def _query_without(request, name: str) -> str:
    params = request.GET.copy()
    params.pop(name, None)
    return params.urlencode()


@login_required
def allocate(request, pk):
    child, allocation = access.allocation_to_change_for_user(request.user, pk)
    data = request.POST if request.method == "POST" else None
    form = forms.AllocateForm(data, workers=team.allocatable_workers(allocation.team),
                              current_worker=allocation.worker)
    if request.method == "POST" and form.is_valid():
        worker = form.cleaned_data["worker"]
        people_actions.allocate_child(child, actor=request.user, team=allocation.team,
                                      worker=worker, reason=form.cleaned_data["reason"])
        messages.success(request, f"{child.full_name}'s case is now allocated to "
                                  f"{worker.get_full_name() or worker.username}")
        return redirect("worklists:team")
    return render(request, "worklists/allocate.html",
                  {"form": form, "child": child, "allocation": allocation})
