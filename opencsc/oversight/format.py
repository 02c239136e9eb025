"""How figures are written on the pages and in the PDF, so both say the same."""

from decimal import Decimal


def figure(value, unit: str = "") -> str:
    """A figure to one decimal place (whole numbers as they are), or a dash for none."""
    if value is None:
        return "–"
    number = Decimal(str(value))
    text = f"{number:,.0f}" if number == number.to_integral_value() else f"{number:,.1f}"
    return f"{text}%" if str(unit) in ("%", "percent") else text


def sparkline_points(values, width: float, height: float) -> list[tuple[float, float]]:
    """Where each known value sits in a width x height box (y downwards), oldest at left."""
    known = [(i, float(v)) for i, v in enumerate(values) if v is not None]
    if not known:
        return []
    low, high = min(v for _, v in known), max(v for _, v in known)
    span = (high - low) or 1.0
    step = width / max(len(values) - 1, 1)
    return [(round(i * step, 1), round(height - (v - low) / span * height, 1))
            for i, v in known]
