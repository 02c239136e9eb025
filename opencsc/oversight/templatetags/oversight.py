"""Figures, statuses and trend lines on the oversight pages."""

from django import template
from django.utils.html import format_html, format_html_join

from .. import format as formatting

register = template.Library()

TAG_COLOURS = {
    "met": "green", "close": "yellow", "missed": "red", "no_data": "grey",
    "done": "green", "on_track": "blue", "at_risk": "orange", "overdue": "red",
    "not_started": "grey", "better": "green", "worse": "red", "same": "grey",
    "unknown": "grey", "changed": "grey",
}


@register.filter
def figure(value, unit=""):
    return formatting.figure(value, unit or "")


@register.simple_tag
def status_tag(status):
    """A status (target, plan or movement) as a GOV.UK tag."""
    colour = TAG_COLOURS.get(str(status), "grey")
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour,
                       status.label)


@register.simple_tag
def sparkline(trend, width=120, height=28):
    """A small line of the trend, hidden from screen readers: the table beside it, or
    the words it comes with, say the same."""
    points = formatting.sparkline_points([v for _, v in trend], width, height)
    if len(points) < 2:
        return ""
    drawn = format_html_join(" ", "{},{}", ((x, y + 2) for x, y in points))
    return format_html(
        '<svg class="app-sparkline" width="{}" height="{}" viewBox="0 0 {} {}" '
        'aria-hidden="true" focusable="false"><polyline fill="none" stroke="#0b0c0c" '
        'stroke-width="2" points="{}"/></svg>', width, height + 4, width, height + 4, drawn)
