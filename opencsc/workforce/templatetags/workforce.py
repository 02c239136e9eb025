"""How the workforce pages print their figures: one decimal place, and "No figure" where a
measure has nothing to divide by (or England's figure is not published)."""

from django import template

register = template.Library()
NO_FIGURE = "No figure"


@register.filter
def percent(value) -> str:
    return NO_FIGURE if value is None else f"{float(value):.1f}%"


@register.filter
def figure(value) -> str:
    if value is None:
        return NO_FIGURE
    number = float(value)
    return f"{number:,.0f}" if number == int(number) else f"{number:,.1f}"
