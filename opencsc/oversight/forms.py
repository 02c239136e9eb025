"""The oversight forms, in GOV.UK markup through opencsc.core.forms."""

import datetime
import re

from django import forms

from opencsc.codes.local_authorities import upn_la_numbers
from opencsc.core.forms import DateField, GovukForm

from . import figures
from .models import ActionStatus

MAX_NEIGHBOURS = 15
MAX_UPLOAD_MB = 20  # Ofsted's outcomes workbook is well under 1 MB


def month_choices(today: datetime.date, count: int = 24) -> list[tuple[str, str]]:
    months = reversed(figures.months_back(figures.first_of_month(today), count))
    return [(f"{m:%Y-%m}", f"{m:%B %Y}") for m in months]


class ReportForm(GovukForm):
    """Which month, and for a reader with several councils, which council."""

    month = forms.ChoiceField(label="Month")
    council = forms.ChoiceField(label="Council", required=False)

    def __init__(self, data, *, councils, today):
        super().__init__(data)
        self.fields["month"].choices = month_choices(today)
        self.fields["council"].choices = [(c.la_code, c.name) for c in councils]
        if len(councils) < 2:
            del self.fields["council"]

    def chosen_month(self, today: datetime.date) -> datetime.date:
        """The month asked for, or the last complete month."""
        value = self.cleaned_data.get("month") if self.is_valid() else None
        if value:
            return datetime.date(int(value[:4]), int(value[5:]), 1)
        return figures.months_back(figures.first_of_month(today), 2)[0]


class ActionForm(GovukForm):
    reference = forms.CharField(label="Reference", max_length=12,
                                help_text="Its number in the plan, like 2.3",
                                error_messages={"required": "Enter the action's reference"})
    title = forms.CharField(label="Action", max_length=200,
                            error_messages={"required": "Enter what the action is"})
    description = forms.CharField(label="What will be done, and how we will know",
                                  widget=forms.Textarea(attrs={"rows": 4}), required=False)
    owner = forms.CharField(label="Owner", max_length=120,
                            help_text="The person who answers for it, with their role",
                            error_messages={"required": "Enter who owns the action"})
    opened_on = DateField(label="Date opened",
                          error_messages={"required": "Enter the date the action opened"})
    due_date = DateField(label="Due date",
                         error_messages={"required": "Enter the date the action is due"})
    measure_codes = forms.MultipleChoiceField(
        label="Measures it should move", widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one measure the action should move"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure_codes"].choices = sorted(
            figures.catalogue_titles().items(), key=lambda item: item[1])

    def clean(self):
        data = super().clean()
        opened, due = data.get("opened_on"), data.get("due_date")
        if opened and due and due < opened:
            self.add_error("due_date", "The due date must be on or after the date opened")
        return data


class ProgressForm(GovukForm):
    status = forms.ChoiceField(
        label="Status", choices=ActionStatus.choices, widget=forms.RadioSelect,
        help_text="Overdue is shown without being recorded, once the due date has passed",
        error_messages={"required": "Select the action's status"})
    evidence = forms.CharField(
        label="Evidence", widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What shows the progress: an audit, a figure, a report, a decision. "
                  "Do not name or describe any child.",
        error_messages={"required": "Describe the evidence for this progress"})
    evidence_date = DateField(label="Date of the evidence", not_in_future=True,
                              error_messages={"required": "Enter the date of the evidence"})


class NeighboursForm(GovukForm):
    la_codes = forms.CharField(
        label="Statistical neighbours", widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Their three-digit DfE LA codes, closest first, separated by commas or "
                  "spaces, like 331, 332, 880", required=False)

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council

    def clean_la_codes(self) -> list[str]:
        codes = [c for c in re.split(r"[\s,;]+", self.cleaned_data["la_codes"]) if c]
        known = upn_la_numbers(datetime.date.today().year)
        wrong = [c for c in codes if not re.fullmatch(r"\d{3}", c) or c not in known]
        if wrong:
            raise forms.ValidationError(
                f"These are not DfE LA codes: {', '.join(wrong)}. An LA code is three digits, "
                "like 331")
        if len(set(codes)) != len(codes):
            raise forms.ValidationError("Each LA code must appear only once")
        if self.council.la_code in codes:
            raise forms.ValidationError("A council is not its own statistical neighbour")
        if len(codes) > MAX_NEIGHBOURS:
            raise forms.ValidationError(f"Enter {MAX_NEIGHBOURS} neighbours or fewer")
        return codes


class ImportForm(GovukForm):
    file = forms.FileField(
        label="Ofsted's inspection outcomes spreadsheet",
        help_text="The Excel workbook (.xlsx) Ofsted publishes with its local authority "
                  "inspection outcomes",
        error_messages={"required": "Choose the spreadsheet to import",
                        "empty": "The file you chose is empty"})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                f"The file must be smaller than {MAX_UPLOAD_MB} MB: Ofsted's outcomes "
                "spreadsheet is much smaller than that")
        return upload
