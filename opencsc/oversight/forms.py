"""The oversight forms, in GOV.UK markup through opencsc.core.forms."""

import datetime
import re

from django import forms

from opencsc.codes.local_authorities import upn_la_numbers
from opencsc.core.forms import DateField, GovukForm

from . import contract as rules
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


# --- The contract: its dates, measures and targets (rules in contract.py) ---------------


def _amount(label: str, *, required: bool = True, help_text: str = "") -> forms.DecimalField:
    """A target or tolerance: a number with at most two decimal places."""
    what = label.lower()
    too_large = f"The {what} must be less than 100,000,000"
    return forms.DecimalField(
        label=label, required=required, help_text=help_text, max_digits=10, decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={"required": f"Enter the {what}",
                        "invalid": f"Enter the {what} as a number, like 85 or 85.5",
                        "max_decimal_places": f"The {what} can have at most 2 decimal places",
                        "max_digits": too_large, "max_whole_digits": too_large})


def _refuse(form: GovukForm, field: str, problem: str | None) -> None:
    if problem:
        form.add_error(field, problem)


class ContractForm(GovukForm):
    name = forms.CharField(
        label="Name", max_length=200, required=False,
        help_text="As the contract is known. Left blank, it is named by its years, like "
                  "Children's services contract 2026 to 2031")
    start_date = DateField(label="Start date",
                           error_messages={"required": "Enter the date the contract starts"})
    end_date = DateField(label="End date",
                         error_messages={"required": "Enter the date the contract ends"})

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", "The end date must be after the start date")
        elif start and end:
            _refuse(self, "start_date", rules.overlap_problem(self.council, start, end))
            data["name"] = data.get("name") or (
                f"Children's services contract {start.year} to {end.year}")
        return data


class _TargetForm(GovukForm):
    """A target and its tolerance, checked against the measure's unit, from a date inside
    the contract. ``date_what`` names the date in error messages."""

    target = _amount("Target", help_text="For a percentage, a number from 0 to 100")
    tolerance = _amount(
        "Tolerance", required=False,
        help_text="How far on the wrong side of the target still counts as close to it, "
                  "in the measure's units (percentage points for a percentage). Leave blank "
                  "for none")
    date_what = "date"

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.contract = contract

    def check(self, data, code: str) -> None:
        for name in ("target", "tolerance"):
            if data.get(name) is not None:
                _refuse(self, name, rules.amount_problem(code, data[name], name))
        data["tolerance"] = data.get("tolerance") or 0
        if data.get("from_date"):
            _refuse(self, "from_date",
                    rules.outside_contract(self.contract, data["from_date"], self.date_what))


class ContractMeasureForm(_TargetForm):
    code = forms.ChoiceField(
        label="Measure", help_text="From the performance catalogue. Measures with no "
                                   "direction of good, such as rates per 10,000 children, "
                                   "take no target",
        error_messages={"required": "Select the measure"})
    from_date = DateField(label="Date it joins the contract",
                          help_text="A month's report includes it if it is in the contract on "
                                    "the month's last day. For example, 1 4 2027",
                          error_messages={"required": "Enter the date it joins the contract"})
    date_what = "date it joins the contract"
    field_order = ["code", "target", "tolerance", "from_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [("", "Choose a measure")] + rules.measure_choices()

    def clean(self):
        data = super().clean()
        code, day = data.get("code"), data.get("from_date")
        if code:
            self.check(data, code)
        if code and day and "from_date" not in self.errors:
            _refuse(self, "code", rules.addition_problem(self.contract, code, day))
        return data


class ContractTargetForm(_TargetForm):
    from_date = DateField(label="Date the new target starts",
                          help_text="A month's report uses the target in force on its last "
                                    "day. For example, 1 4 2027",
                          error_messages={"required": "Enter the date the new target starts"})
    date_what = "date the new target starts"

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, contract=measure.contract, **kwargs)
        self.measure = measure
        if rules.is_percentage(measure.code):
            self.fields["target"].help_text = "A percentage, from 0 to 100"
        else:
            self.fields["target"].help_text = "A number, 0 or more"

    def clean(self):
        data = super().clean()
        self.check(data, self.measure.code)
        if data.get("from_date") and "from_date" not in self.errors:
            _refuse(self, "from_date",
                    rules.not_in_force_problem(self.measure, data["from_date"]))
        return data


class ContractRemovalForm(GovukForm):
    from_date = DateField(label="Date it leaves the contract",
                          help_text="The last month it is judged in is the month before",
                          error_messages={"required": "Enter the date it leaves the contract"})

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure

    def clean(self):
        data = super().clean()
        day = data.get("from_date")
        if day:
            _refuse(self, "from_date", rules.outside_contract(
                self.measure.contract, day, "date it leaves the contract")
                or rules.removal_problem(self.measure, day))
        return data
