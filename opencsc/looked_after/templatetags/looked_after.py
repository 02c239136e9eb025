"""Template helpers for the care pages, and the short "Looked after" summary that the
child's record page includes (one query, whatever the length of the history)."""

from django import template
from django.utils import timezone
from django.utils.html import format_html

from opencsc.codes import ssda903
from opencsc.looked_after import summary

register = template.Library()

# GOV.UK input widths for short answers; anything else takes the column's width.
WIDTHS = {"postcode": "10", "home_postcode": "10", "urn": "10", "local_authority": "10",
          "order_date": "10", "score": "3"}


@register.filter
def width_for(form, name: str) -> str:
    return getattr(form, "widths", WIDTHS).get(name, "")


@register.inclusion_tag("looked_after/_summary.html")
def care_summary(child):
    """The child's care at a glance for their record page, with a link to the full history."""
    return {"child": child,
            **summary.for_child(child, timezone.localdate())}


@register.filter
def coded(value) -> str:
    """A DfE code in bold with its label beneath, or a dash when there is none."""
    if not value:
        return format_html('<div class="govuk-hint govuk-!-margin-bottom-0">None</div>')
    return format_html('<strong>{}</strong><div class="govuk-hint govuk-!-font-size-16 '
                       'govuk-!-margin-bottom-0">{}</div>', value.code, value.label)


@register.filter
def yes_no(value) -> str:
    return {True: "Yes", False: "No"}.get(value, "Not known")


@register.filter
def code_label(code: str, list_name: str) -> str:
    """The label of a code from the SSDA903 list named: ``m.kind|code_label:"MISSING_TYPE"``."""
    codes = getattr(ssda903, list_name)
    return codes.label(code) if code else ""
