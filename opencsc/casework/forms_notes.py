"""Forms for case notes, the chronology's filters, and the drafts kept as a worker types."""

from django import forms
from django.http import QueryDict

from opencsc.core.forms import DateField, GovukForm

from . import chronology
from .models import CaseNote

NEVER_SHARED_MESSAGE = ("Supervision and management oversight notes are never shared with "
                        "partner agencies")
DRAFT_MAX_CHARS = 200_000  # far beyond any real note; stops one request filling the table


class CaseNoteForm(GovukForm):
    kind = forms.ChoiceField(label="Type of note", choices=CaseNote.Kind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Select the type of note"})
    event_date = DateField(label="Date of the event", not_in_future=True,
                           help_text="For example, 27 3 2026",
                           error_messages={"required": "Enter the date of the event"})
    present = forms.CharField(label="Who was present", required=False, max_length=500,
                              help_text="Names and roles, for example: Sam (mother), "
                                        "health visitor")
    child_seen = forms.BooleanField(label="The child was seen", required=False)
    child_seen_alone = forms.BooleanField(label="The child was seen alone", required=False)
    significant = forms.BooleanField(
        label="This is a significant event", required=False,
        help_text="Significant events appear on the child's chronology")
    shared_with_partners = forms.BooleanField(
        label="Share with partner agencies", required=False,
        help_text="Only for a child shared with an agency, and only what they need to know. "
                  "Supervision and management oversight are never shared")
    title = forms.CharField(label="Title", max_length=200,
                            error_messages={"required": "Enter a title for the note",
                                            "max_length": "The title must be 200 characters "
                                                          "or fewer"})
    body = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 12}),
                           error_messages={"required": "Enter the note"})

    def __init__(self, *args, episode=None, **kwargs):
        super().__init__(*args, **kwargs)
        if episode is not None:
            self.fields["link_episode"] = forms.BooleanField(
                label=f"Link this note to the open episode (referral of "
                      f"{episode.referral_date:%-d %B %Y})", required=False, initial=True)

    def clean(self):
        data = super().clean()
        if data.get("child_seen_alone") and not data.get("child_seen"):
            self.add_error("child_seen_alone", "If the child was seen alone, also tick "
                                               "'The child was seen'")
        if data.get("shared_with_partners") and data.get("kind") in CaseNote.NEVER_SHARED:
            self.add_error("shared_with_partners", NEVER_SHARED_MESSAGE)
        return data

    def details(self) -> dict:
        fields = ("kind", "event_date", "present", "child_seen", "child_seen_alone",
                  "significant", "shared_with_partners", "title", "body")
        return {name: self.cleaned_data[name] for name in fields}


def restored(form_class, data: dict, **kwargs):
    """An unbound form showing a draft's raw values, without judging them yet."""
    bound = form_class(data=_as_querydict(data), **kwargs)
    return form_class(initial={name: bound[name].data for name in bound.fields}, **kwargs)


def _as_querydict(data: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, value in data.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    return query


def draft_data(form_class, submitted: QueryDict | dict, **kwargs) -> dict:
    """The submitted values that belong to the form, as a draft holds them.

    Raises ValueError, with a message for the user, for what should not be kept.
    """
    names = _field_names(form_class(**kwargs))
    data = {}
    for name in names:
        values = (submitted.getlist(name) if isinstance(submitted, QueryDict)
                  else _listed(submitted.get(name)))
        if values:
            data[name] = values if len(values) > 1 else values[0]
    if not data:
        raise ValueError("Nothing to save: the draft has none of this form's fields")
    if sum(len(str(v)) for v in data.values()) > DRAFT_MAX_CHARS:
        raise ValueError("The draft is too long to save")
    return data


def _listed(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        if not all(isinstance(v, str | int | float | bool) for v in value):
            raise ValueError("Each value in a draft must be text")
        return [str(v) for v in value]
    if not isinstance(value, str | int | float | bool):
        raise ValueError("Each value in a draft must be text")
    return [str(value)]


def _field_names(form) -> set[str]:
    names = set()
    for name, field in form.fields.items():
        if isinstance(field, DateField):
            names |= {f"{name}_{i}" for i in range(3)}
        else:
            names.add(name)
    return names


class NoteFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Type", required=False,
                             choices=[("", "All types"), *CaseNote.Kind.choices])
    significant = forms.BooleanField(label="Significant events only", required=False)
    note = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def apply(self, notes):
        if not self.is_valid():
            return notes
        data = self.cleaned_data
        if data["kind"]:
            notes = notes.filter(kind=data["kind"])
        if data["significant"]:
            notes = notes.filter(significant=True)
        if data["note"]:
            notes = notes.filter(pk=data["note"])
        return notes


class ChronologyFilterForm(GovukForm):
    date_from = DateField(label="From", required=False, help_text="For example, 1 4 2025")
    date_to = DateField(label="To", required=False, help_text="For example, 31 3 2026")
    kinds = forms.MultipleChoiceField(
        label="Show", required=False, choices=chronology.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to show everything")
    notes = forms.ChoiceField(
        label="Case notes", required=False, widget=forms.RadioSelect, initial="significant",
        choices=[("significant", "Significant events only"), ("all", "All case notes")])

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The 'to' date must be the same as or after the "
                                      "'from' date")
        return data

    def filters(self) -> chronology.Filters:
        """The filters chosen, or none at all while the form is not valid."""
        if not self.is_valid():
            return chronology.Filters()
        data = self.cleaned_data
        return chronology.Filters(
            date_from=data["date_from"], date_to=data["date_to"],
            kinds=frozenset(data["kinds"]) or chronology.ALL_KINDS,
            all_notes=data["notes"] == "all")


def open_episode(child):
    """The child's open episode, which a new note is linked to unless the worker says not."""
    return child.referrals.filter(closure_date__isnull=True, nfa=False).first()
