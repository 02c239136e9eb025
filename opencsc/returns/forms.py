"""The forms of returns from the web: build a return, and upload files to check."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils import timezone

from opencsc.core.forms import GovukForm

from .models import ReturnKind
from .validation.engine import REGISTRY, rules_for
from .years import CollectionYear, year_of

RET = {ReturnKind.CIN: "cin", ReturnKind.SSDA903: "903"}
FIRST_YEAR = 2024


def year_choices() -> list[tuple[int, str]]:
    """From 2023-24 to the year under way, the latest first."""
    current = year_of(timezone.localdate()).year
    return [(y, CollectionYear(y).label) for y in range(current, FIRST_YEAR - 1, -1)]


def last_finished_year() -> int:
    return year_of(timezone.localdate()).year - 1


class BuildForm(GovukForm):
    kind = forms.ChoiceField(label="Return", choices=ReturnKind.choices,
                             widget=forms.RadioSelect)
    year = forms.TypedChoiceField(
        label="Collection year", coerce=int, choices=year_choices,
        help_text="The year the collection ends in. Annex A looks back 12 months from the "
                  "end of the year, or from today while the year is under way.")
    council = forms.ModelChoiceField(label="Council", queryset=None, empty_label=None)

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils
        self.fields["council"].label_from_instance = lambda c: f"{c.name} ({c.la_code})"
        self.fields["year"].initial = last_finished_year()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one file input; none at all when not required."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if not files and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class UploadForm(GovukForm):
    kind = forms.ChoiceField(label="Return", widget=forms.RadioSelect,
                             choices=[(ReturnKind.CIN, "CIN census (one XML file)"),
                                      (ReturnKind.SSDA903, "SSDA903 (CSV files)")])
    year = forms.TypedChoiceField(label="Collection year", coerce=int, choices=year_choices,
                                  help_text="The year the collection ends in.")
    files = MultipleFileField(
        label="Files", error_messages={"required": "Choose the file or files to check"},
        help_text="A CIN census XML file, or this year's SSDA903 CSV files (choose them all "
                  "at once). Each file is recognised by its columns, not its name.")
    previous = MultipleFileField(
        label="Last year's SSDA903 files (optional)", required=False,
        help_text="For the rules that compare a child's return with last year's.")

    def __init__(self, *args, refused: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = last_finished_year()
        self.refused = refused

    @classmethod
    def refusing(cls, message: str) -> "UploadForm":
        """The form shown again when the upload was stopped unread (uploads.py): its one
        error is ``message``, against the files."""
        return cls(data={}, refused=message)

    def full_clean(self):
        if not self.refused:
            return super().full_clean()
        self._errors, self.cleaned_data = ErrorDict(), {}
        self.add_error("files", self.refused)

    def clean(self):
        data = super().clean()
        kind, files = data.get("kind"), data.get("files") or []
        if kind == ReturnKind.CIN:
            self._check_cin(files, data.get("previous"))
        elif kind == ReturnKind.SSDA903:
            self._check_csv("files", files)
            self._check_csv("previous", data.get("previous") or [])
        if kind and data.get("year") and not rules_for(RET[kind], data["year"]):
            known = sorted({y for r in REGISTRY if r.ret == RET[kind] for y in r.years})
            self.add_error("year", f"There are no rules for {CollectionYear(data['year'])} "
                                   f"yet: choose "
                                   f"{' or '.join(CollectionYear(y).label for y in known)}")
        return data

    def _check_cin(self, files, previous) -> None:
        if len(files) > 1:
            self.add_error("files", "Choose one CIN census XML file")
        elif files and not files[0].name.lower().endswith(".xml"):
            self.add_error("files", "The CIN census file must be an XML file (.xml)")
        if previous:
            self.add_error("previous", "Last year's files are only used for SSDA903")

    def _check_csv(self, field: str, files) -> None:
        wrong = [f.name for f in files if not f.name.lower().endswith(".csv")]
        if wrong:
            self.add_error(field, f"SSDA903 files must be CSV files (.csv): "
                                  f"{', '.join(wrong)} is not")


class ExplanationForm(GovukForm):
    reason = forms.CharField(
        label="Why is this right?", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
        error_messages={"required": "Say why the data is right"},
        help_text="What the council will tell the DfE, like ‘The child was adopted abroad: "
                  "the date is from the court order’. Do not include names.")


class RulesForm(forms.Form):
    """Which rule set to list: a return that has rules, and a year."""

    kind = forms.ChoiceField(label="Return", choices=[(k, ReturnKind(k).label) for k in RET])
    year = forms.TypedChoiceField(label="Collection year", coerce=int, choices=year_choices)

    def defaults(self) -> dict:
        return {"kind": ReturnKind.CIN, "year": last_finished_year()}
