"""Design-system helpers: Django form fields that render as GOV.UK Frontend components."""

import datetime

from django import forms
from django.core.exceptions import ValidationError


class DateInputWidget(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes."""


    def __init__(self, attrs=None):
        box = {"inputmode": "numeric"}
        super().__init__([forms.TextInput(box), forms.TextInput(box), forms.TextInput(box)], attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    """A date typed as day, month and year, with GOV.UK error messages."""

    widget = DateInputWidget

    def __init__(self, *, not_in_future: bool = False, **kwargs):
        self.not_in_future = not_in_future
        fields = [forms.CharField(), forms.CharField(), forms.CharField()]
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        label = (self.label or "date").lower()
        missing = [n for n, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            raise ValidationError(f"The {label} must include a {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise ValidationError(f"The {label} must be a real date, like 27 3 2019")
        try:
            value = datetime.date(int(year), int(month), int(day))
        except ValueError as exc:
            raise ValidationError(f"The {label} must be a real date, like 27 3 2019") from exc
        if self.not_in_future and value > datetime.date.today():
            raise ValidationError(f"The {label} must be today or in the past")
        return value


class GovukForm(forms.Form):
    """A form whose errors are listed in the GOV.UK error summary."""

    def error_list(self) -> list[tuple[str, str]]:
        items = [("", str(e)) for e in self.non_field_errors()]
        for name, field in self.fields.items():
            anchor = f"id_{name}_0" if isinstance(field, DateField) else f"id_{name}"
            if isinstance(field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
                anchor = f"id_{name}_0"
            items += [(anchor, str(e)) for e in self.errors.get(name, [])]
        return items
