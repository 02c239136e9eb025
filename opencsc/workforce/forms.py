"""The workforce forms: the measures page's date, and one form for each thing recorded."""

import datetime
from decimal import Decimal

from django import forms

from opencsc.core.forms import DateField, GovukForm
from opencsc.core.roles import Role
from opencsc.organisations.models import StaffMember

from .codes import LeaverDestination, ReasonForLeaving


def _fte_field(label="Full-time equivalent"):
    return forms.DecimalField(
        label=label, max_digits=4, decimal_places=2, min_value=Decimal("0.01"),
        max_value=Decimal("1"), help_text="1 is full time; 0.5 is half time.",
        error_messages={"required": "Enter the full-time equivalent, like 1 or 0.6",
                        "invalid": "Enter the full-time equivalent as a number, like 0.6",
                        "min_value": "The full-time equivalent must be more than 0",
                        "max_value": "The full-time equivalent must be 1 (full time) or less",
                        "max_decimal_places": "Give the full-time equivalent to 2 decimal "
                                              "places at most"},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}))


def _date(label: str, *, required=True, not_in_future=False, help_text=""):
    return DateField(label=label, required=required, not_in_future=not_in_future,
                     help_text=help_text or "For example, 27 3 2026",
                     error_messages={"required": f"Enter the {label.lower()}",
                                     "incomplete": f"The {label.lower()} must include a day, "
                                                   "month and year"})


def _staff_field(label: str, queryset):
    field = forms.ModelChoiceField(
        label=label, queryset=queryset, empty_label="Choose a member of staff",
        error_messages={"required": "Choose a member of staff",
                        "invalid_choice": "Choose a member of staff in this team"})
    field.label_from_instance = lambda s: f"{s} ({s.job_title or s.get_role_display()})"
    return field


class DateChoiceForm(GovukForm):
    on = _date("Date", not_in_future=True, required=False,
               help_text="The measures as they stood on this day. For example, 30 9 2026")


class PostForm(GovukForm):
    title = forms.CharField(label="Post title", max_length=120, error_messages={
        "required": "Enter the post's title, like Social worker"})
    fte = _fte_field()
    social_work = forms.TypedChoiceField(
        label="Is this a social worker post?", widget=forms.RadioSelect,
        choices=[("yes", "Yes"), ("no", "No")], coerce=lambda v: v == "yes",
        error_messages={"required": "Say whether this is a social worker post"})
    start_date = _date("Start date")
    end_date = _date("End date", required=False,
                     help_text="Leave blank if the post is funded with no end date")

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be on or after the start date")
        return data


class StarterForm(GovukForm):
    given_name = forms.CharField(label="Given name", max_length=150, error_messages={
        "required": "Enter their given name"})
    family_name = forms.CharField(label="Family name", max_length=150, error_messages={
        "required": "Enter their family name"})
    role = forms.ChoiceField(label="Role", widget=forms.RadioSelect, choices=[
        (Role.SOCIAL_WORKER.value, "Social worker"), (Role.TEAM_MANAGER.value, "Team manager")],
        error_messages={"required": "Choose their role"})
    job_title = forms.CharField(label="Job title", max_length=120, required=False)
    employment_type = forms.ChoiceField(
        label="Employment", widget=forms.RadioSelect,
        choices=StaffMember.EmploymentType.choices,
        error_messages={"required": "Say whether they are permanent or agency staff"})
    fte = _fte_field()
    start_date = _date("Start date")


class HoursForm(GovukForm):
    fte = _fte_field("New full-time equivalent")

    def __init__(self, data=None, *, staff):
        super().__init__(data)
        self.fields = {"staff": _staff_field("Whose hours changed", staff), **self.fields}


class LeaverForm(GovukForm):
    last_day = _date("Last day")
    reason = forms.ChoiceField(
        label="Reason for leaving", choices=[("", "Choose a reason"), *ReasonForLeaving.choices],
        help_text="The workforce census's reason for leaving.",
        error_messages={"required": "Choose the reason they left"})
    destination = forms.ChoiceField(
        label="Where they went", choices=LeaverDestination.choices,
        initial=LeaverDestination.NOT_KNOWN)

    def __init__(self, data=None, *, staff):
        super().__init__(data)
        self.fields = {"staff": _staff_field("Who is leaving", staff), **self.fields}

    def clean(self):
        data = super().clean()
        staff, last_day = data.get("staff"), data.get("last_day")
        if staff and last_day and last_day < staff.start_date:
            started = f"{staff.start_date.day} {staff.start_date:%B %Y}"
            self.add_error("last_day", "The last day must be on or after the day they "
                                       f"started, {started}")
        return data


class SicknessForm(GovukForm):
    start_date = _date("First day off sick", not_in_future=True)
    end_date = _date("Last day off sick")
    working_days_lost = forms.DecimalField(
        label="Working days lost", max_digits=5, decimal_places=1, min_value=Decimal("0.5"),
        help_text="Days they were due to work, in half days: 2.5, for example.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={"required": "Enter the working days lost",
                        "invalid": "Enter the working days lost as a number, like 2.5",
                        "min_value": "Working days lost must be at least half a day",
                        "max_decimal_places": "Give working days lost in half days, like 2.5"})

    def __init__(self, data=None, *, staff):
        super().__init__(data)
        self.fields = {"staff": _staff_field("Who was off sick", staff), **self.fields}

    def clean(self):
        data = super().clean()
        start, end, days = (data.get("start_date"), data.get("end_date"),
                            data.get("working_days_lost"))
        if start and end and end < start:
            self.add_error("end_date", "The last day must be on or after the first day")
        elif start and end and days and days > (end - start).days + 1:
            self.add_error("working_days_lost",
                           f"Working days lost cannot be more than the {(end - start).days + 1} "
                           "days from the first day to the last")
        return data


class SupervisionForm(GovukForm):
    date = _date("Date of the session", not_in_future=True)

    def __init__(self, data=None, *, staff, supervisors, initial_supervisor=None):
        super().__init__(data, initial={"supervisor": initial_supervisor})
        supervisor = forms.ModelChoiceField(
            label="Supervisor", queryset=supervisors, empty_label=None,
            error_messages={"invalid_choice": "Choose a supervisor from the list"})
        supervisor.label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields = {"staff": _staff_field("Who was supervised", staff),
                       "supervisor": supervisor, **self.fields}

    def clean(self):
        data = super().clean()
        staff, day = data.get("staff"), data.get("date")
        if staff and day and day < staff.start_date:
            self.add_error("date", "The session must be on or after the day they started")
        return data


def default_day(form: DateChoiceForm, today: datetime.date) -> datetime.date:
    """The chosen day, or today when none was chosen or the one given is not a real date."""
    if form.is_bound and form.is_valid() and form.cleaned_data.get("on"):
        return form.cleaned_data["on"]
    return today
