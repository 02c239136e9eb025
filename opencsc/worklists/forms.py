from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe

from opencsc.casework.timescales import RULES, Status
from opencsc.core.forms import GovukForm
from opencsc.people.models import Allocation

from .team import NOT_ALLOCATED, Filters

STATUS_CHOICES = [
    (Status.OVERDUE.value, "Overdue"),
    (Status.DUE_SOON.value, "Due soon"),
    (Status.ON_TRACK.value, "On track"),
    ("any", "Any status"),
]
SORT_CHOICES = [("due", "Due date"), ("child", "Child"), ("worker", "Worker")]


def _page(value) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def _name(user) -> str:
    return user.get_full_name() or user.username


class TeamFilterForm(GovukForm):
    """The team page's filters and sort, read from the query string (no JavaScript)."""

    team = forms.ChoiceField(label="Team", required=False, error_messages={
        "invalid_choice": "Choose one of your teams: showing all of them"})
    worker = forms.ChoiceField(label="Worker", required=False, error_messages={
        "invalid_choice": "Choose a worker in the team: showing everyone's work"})
    rule = forms.ChoiceField(label="What is due", required=False, choices=[
        ("", "Anything"), *((code, rule.label) for code, rule in RULES.items())],
        error_messages={"invalid_choice": "Choose what is due from the list: showing anything"})
    status = forms.ChoiceField(label="Status", required=False, choices=STATUS_CHOICES,
                               error_messages={"invalid_choice": "Choose a status from the list: "
                                                                 "showing overdue work"})
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORT_CHOICES,
                             error_messages={"invalid_choice": "Choose how to sort from the "
                                                               "list: sorted by due date"})

    def __init__(self, data, *, teams, workers):
        super().__init__(data)
        self.fields["team"].choices = [("", "All your teams"), *((t.pk, t.name) for t in teams)]
        self.fields["worker"].choices = [("", "Anyone"), (NOT_ALLOCATED, "Not allocated"),
                                         *((w.pk, w.name) for w in workers)]

    def worker_options(self) -> str:
        """The worker filter's options as HTML, drawn here rather than in the template: a
        large team's list runs to well over a thousand workers."""
        current = str(self["worker"].value() or "")
        return mark_safe("".join(  # each value and label escaped
            f'<option value="{escape(value)}"{" selected" if str(value) == current else ""}>'
            f'{escape(label)}</option>' for value, label in self.fields["worker"].choices))

    def filters(self) -> Filters:
        """The valid filters; a value that is not one of the choices is ignored."""
        self.is_valid()
        clean = self.cleaned_data
        status = clean.get("status") or Status.OVERDUE.value
        return Filters(
            worker=clean.get("worker", ""), rule=clean.get("rule", ""),
            status="" if status == "any" else status, sort=clean.get("sort") or "due",
            page=_page(self.data.get("page")),
            unallocated_page=_page(self.data.get("unallocated_page")),
            workers_page=_page(self.data.get("workers_page")),
        )


class AllocateForm(GovukForm):
    worker = forms.ModelChoiceField(
        label="Social worker", queryset=None, empty_label="Choose a worker",
        error_messages={"required": "Choose the worker who will hold this case",
                        "invalid_choice": "Choose a worker from the team"})
    reason = forms.ChoiceField(
        label="Reason", choices=[("", "Choose a reason"), *Allocation.Reason.choices],
        help_text="The SSDA903 SW_REASON code, reported in the children looked after return.",
        error_messages={"required": "Choose the reason for this allocation"})

    def __init__(self, data=None, *, workers, current_worker=None):
        super().__init__(data)
        self.current_worker = current_worker
        self.fields["worker"].queryset = workers
        self.fields["worker"].label_from_instance = (
            lambda w: f"{_name(w)} ({w.caseload} case{'s' if w.caseload != 1 else ''})")

    def clean_worker(self):
        worker = self.cleaned_data["worker"]
        if self.current_worker is not None and worker.pk == self.current_worker.pk:
            raise forms.ValidationError(f"{_name(worker)} already holds this case: choose "
                                        "another worker")
        return worker
