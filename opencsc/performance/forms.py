"""The dashboard's month and cut selectors, and the form a target is set with."""

import datetime

from django import forms
from django.utils import timezone

from opencsc.core.forms import DateField, GovukForm
from opencsc.core.working_days import add_months

from .catalogue import MEASURES

MONTHS_BACK = 36


def month_choices(today: datetime.date | None = None) -> list[tuple[str, str]]:
    this = (today or timezone.localdate()).replace(day=1)
    months = [add_months(this, -n) for n in range(MONTHS_BACK)]
    return [(f"{m:%Y-%m}", f"{m:%B %Y}") for m in months]


class CutForm(GovukForm):
    """Which month, and which part of the service, to show. Read from the query string."""

    month = forms.ChoiceField(label="Month", error_messages={
        "invalid_choice": "Choose a month from the list"})
    cut = forms.ChoiceField(label="Figures for", error_messages={
        "invalid_choice": "Choose a part of the service from the list: you can only see "
                          "figures for your own part of it"})

    def __init__(self, data, cuts):
        super().__init__(data)
        self.fields["month"].choices = month_choices()
        self.fields["cut"].choices = [(cut.key, cut.choice) for cut in cuts]
        self.cuts = {cut.key: cut for cut in cuts}

    @property
    def chosen_month(self) -> datetime.date:
        return datetime.datetime.strptime(self.cleaned_data["month"], "%Y-%m").date()


class TargetForm(GovukForm):
    measure = forms.ChoiceField(label="Measure", choices=[(m.code, m.title) for m in MEASURES])
    from_date = DateField(label="Applies from", help_text="For example, 1 4 2026")
    value = forms.DecimalField(label="Target", max_digits=9, decimal_places=1,
                               help_text="In the measure's unit: a percentage, a rate per "
                                         "10,000 children, or a count",
                               error_messages={"invalid": "Enter the target as a number, "
                                                          "like 85 or 62.5",
                                               "required": "Enter the target"})
    note = forms.CharField(label="Why this target (optional)", required=False, max_length=200)

    def clean_value(self):
        value = self.cleaned_data["value"]
        if value is not None and value < 0:
            raise forms.ValidationError("The target must be 0 or more")
        return value
