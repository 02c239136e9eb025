"""Template tags that render Django form fields as GOV.UK Frontend components."""

from django import forms, template

from opencsc.core.forms import DateField

register = template.Library()


def _kind(field) -> str:
    widget = field.field.widget
    if isinstance(field.field, DateField):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):  # first: Django makes it a RadioSelect
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


@register.inclusion_tag("govuk/field.html")
def govuk_field(field, width: str = "", label_size: str = ""):
    """Label, hint, error message and control for one field, in GOV.UK markup."""
    return {
        "field": field,
        "kind": _kind(field),
        "width": width,
        "label_size": label_size,
        "errors": field.errors,
    }


@register.inclusion_tag("govuk/error_summary.html")
def govuk_error_summary(form):
    return {"errors": form.error_list() if form.is_bound and form.errors else []}


@register.filter
def date_part(field, index):
    values = field.value()
    if isinstance(values, list | tuple):
        return values[int(index)] if len(values) > int(index) and values[int(index)] else ""
    if values and hasattr(values, "year"):
        return [values.day, values.month, values.year][int(index)]
    return ""


@register.filter
def is_checked(field, value) -> bool:
    current = field.value()
    if isinstance(current, list | tuple):
        return str(value) in [str(v) for v in current]
    return str(current) == str(value)
