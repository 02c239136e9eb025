"""The workforce pages. Who may see and record what: ``access``; changes: ``actions``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from . import access, actions, forms
from .england import england_on
from .measures import census_by_team
from .teams import staff_in_post, supervisors_for, team_view


@login_required
def index(request):
    teams = list(access.teams_for_user(request.user))
    form = forms.DateChoiceForm(request.GET or None)
    day = forms.default_day(form, timezone.localdate())
    trust, by_team = census_by_team(day, teams)
    return render(request, "workforce/index.html", {
        "form": form, "day": day, "trust": trust, "teams": by_team,
        "england": england_on(day), "team_links": access.may_open_team_pages(request.user),
    })


@login_required
def team(request, team_id):
    found = access.team_for_user(request.user, team_id)
    return render(request, "workforce/team.html", {
        **team_view(found, timezone.localdate()),
        "may_record_staff": access.may_record_staff(request.user),
        "may_record_posts": access.may_record_posts(request.user),
    })


def _record(request, team, form, title: str, save, done: str):
    """Show a recording form; on a valid POST, save it and go back to the team."""
    if request.method == "POST" and form.is_valid():
        save(form.cleaned_data)
        messages.success(request, done)
        return redirect("workforce:team", team_id=team.pk)
    return render(request, "workforce/record.html", {"form": form, "team": team,
                                                     "title": title})


def _data(request):
    return request.POST if request.method == "POST" else None


@login_required
def post_new(request, team_id):
    found = access.team_to_record_posts_for_user(request.user, team_id)
    form = forms.PostForm(_data(request))
    return _record(request, found, form, "Add a post", lambda data: actions.record_post(
        found, actor=request.user, **data), "Post added")


@login_required
def starter_new(request, team_id):
    found = access.team_to_record_staff_for_user(request.user, team_id)
    form = forms.StarterForm(_data(request))
    return _record(request, found, form, "Record a starter", lambda data: actions.record_starter(
        found, actor=request.user, **data), "Starter recorded")


@login_required
def hours_change(request, team_id):
    found = access.team_to_record_staff_for_user(request.user, team_id)
    form = forms.HoursForm(_data(request), staff=staff_in_post(found, timezone.localdate()))
    return _record(request, found, form, "Change someone's hours",
                   lambda data: actions.change_hours(data.pop("staff"), actor=request.user,
                                                     **data), "Hours changed")


@login_required
def leaver_new(request, team_id):
    found = access.team_to_record_staff_for_user(request.user, team_id)
    staff = staff_in_post(found, timezone.localdate()).filter(leaving__isnull=True)
    form = forms.LeaverForm(_data(request), staff=staff)
    return _record(request, found, form, "Record a leaver", lambda data: actions.record_leaver(
        data.pop("staff"), actor=request.user, **data), "Leaver recorded")


@login_required
def sickness_new(request, team_id):
    found = access.team_to_record_staff_for_user(request.user, team_id)
    form = forms.SicknessForm(_data(request), staff=staff_in_post(found, timezone.localdate()))
    return _record(request, found, form, "Record sickness absence",
                   lambda data: actions.record_sickness(data.pop("staff"), actor=request.user,
                                                        **data), "Sickness absence recorded")


@login_required
def supervision_new(request, team_id):
    found = access.team_to_record_staff_for_user(request.user, team_id)
    today = timezone.localdate()
    staff = staff_in_post(found, today).exclude(user=request.user)
    form = forms.SupervisionForm(_data(request), staff=staff,
                                 supervisors=supervisors_for(found, request.user, today),
                                 initial_supervisor=request.user.pk)
    return _record(request, found, form, "Record a supervision session",
                   lambda data: actions.record_supervision(data.pop("staff"),
                                                           actor=request.user, **data),
                   "Supervision session recorded")
