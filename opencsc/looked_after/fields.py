"""Field helpers and the base form shared by the care and leaving-care forms.

``CareForm.add_problems`` puts each problem an entry rule returns on the field it names, so
the GOV.UK error summary links to it and nothing typed is lost.
"""

from django import forms
from django.contrib.auth import get_user_model

from opencsc.codes import CodeList
from opencsc.core.forms import DateField, GovukForm
from opencsc.core.roles import Role

YES_NO = [("yes", "Yes"), ("no", "No")]
YES_NO_UNKNOWN = [("yes", "Yes"), ("no", "No"), ("", "Not known yet")]


def _years(code) -> str:
    first, last = code.first_year, code.last_year
    if first and last:
        return f", {first - 1}-{first % 100:02d} to {last - 1}-{last % 100:02d} only"
    if first:
        return f", from {first - 1}-{first % 100:02d}"
    if last:
        return f", until {last - 1}-{last % 100:02d}"
    return ""


def every_code(codes: CodeList) -> list[tuple[str, str]]:
    """Every code with the collection years it is valid in: the rules check the date's year."""
    return [(c.code, f"{c.code}: {c.label}{_years(c)}") for c in codes.codes]


def coded(codes: CodeList, year=None, *, leave_out=()) -> list[tuple[str, str]]:
    return [(c.code, f"{c.code}: {c.label}") for c in codes.for_year(year)
            if c.code not in leave_out]


def select(label, choices, prompt, *, required=True, **kwargs):
    messages = {"required": f"Select {prompt.lower()}"} if required else {}
    return forms.ChoiceField(label=label, choices=[("", prompt), *choices], required=required,
                             error_messages=messages, **kwargs)


def radios(label, choices, required_message, **kwargs):
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect,
                             error_messages={"required": required_message}, **kwargs)


def date_field(label, required_message="", **kwargs):
    return DateField(label=label, help_text=kwargs.pop("help_text", "For example, 27 3 2026"),
                     required=bool(required_message),
                     error_messages={"required": required_message}, **kwargs)


def text(label, *, rows=0, required=False, **kwargs):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput
    return forms.CharField(label=label, required=required, widget=widget, **kwargs)


def yes_or_none(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def practitioners():
    """Staff who may be named as an IRO or a personal adviser, by name."""
    roles = [Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE]
    return (get_user_model().objects.filter(staff__role__in=roles, is_active=True)
            .order_by("first_name", "last_name", "username"))


class StaffChoice(forms.ModelChoiceField):
    """A member of staff, chosen by username (stable, unlike a row id)."""

    def __init__(self, label, required_message="", **kwargs):
        super().__init__(queryset=practitioners(), to_field_name="username", label=label,
                         required=bool(required_message), empty_label="Choose a person",
                         error_messages={"required": required_message}, **kwargs)

    def label_from_instance(self, user):
        title = getattr(getattr(user, "staff", None), "job_title", "")
        name = user.get_full_name() or user.username
        return f"{name} ({title})" if title else name


class CareForm(GovukForm):
    """A form for one action. ``refuse`` says why the action cannot be taken now, if so."""

    # Where an action names a field this form calls something else.
    aliases: dict[str, str] = {}

    def __init__(self, *args, refuse: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.refuse = refuse

    def clean(self):
        data = super().clean()
        if self.refuse:
            raise forms.ValidationError(self.refuse)
        return data

    def action_kwargs(self) -> dict:
        """What the action is called with; most forms name their fields as it does."""
        return dict(self.cleaned_data)

    def add_problems(self, problems) -> None:
        """Put each (field, message) an entry rule returned on its field, or above the form."""
        for name, message in problems:
            name = self.aliases.get(name, name)
            self.add_error(name if name in self.fields else None, message)
