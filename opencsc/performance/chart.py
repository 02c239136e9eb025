"""A measure's trend as coordinates for a server-rendered SVG line chart (no JavaScript).
The chart is decoration for sighted readers: the same figures are in the table beside it."""

import math
from dataclasses import dataclass

WIDTH, HEIGHT = 960, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 32, 16, 40


@dataclass
class Chart:
    width: int
    height: int
    points: list[dict]
    line: str
    y_ticks: list[dict]
    target_y: float | None
    england_y: float | None
    baseline: float
    left: int = LEFT
    right: int = WIDTH - RIGHT


def _scale(top_value: float):
    inner = HEIGHT - TOP - BOTTOM
    return lambda v: round(TOP + inner - (v / top_value) * inner, 1)


def _nice_top(values: list[float]) -> float:
    """The smallest of 1, 2, 5 or 10 times a power of ten at or above every value."""
    top = max(values, default=0.0)
    if top <= 0:
        return 10.0
    power = 10 ** math.floor(math.log10(top))
    return float(next(m * power for m in (1, 2, 5, 10) if m * power >= top))


def chart_for(figures, *, percent: bool = False) -> Chart:
    values = [f.value for f in figures if f.value is not None]
    extras = [v for v in (figures[-1].target if figures else None,
                          figures[-1].england if figures else None) if v is not None]
    top = 100.0 if percent else _nice_top(values + extras)
    y = _scale(top)
    inner_w = WIDTH - LEFT - RIGHT
    step = inner_w / max(len(figures) - 1, 1)
    points = []
    for i, f in enumerate(figures):
        x = round(LEFT + i * step, 1)
        points.append({"x": x, "y": None if f.value is None else y(f.value),
                       "label": f"{f.month:%b %y}", "value": f.value})
    line = " ".join(f"{p['x']},{p['y']}" for p in points if p["y"] is not None)
    ticks = [{"y": y(top * k / 4), "label": f"{top * k / 4:g}"} for k in range(5)]
    last = figures[-1] if figures else None
    return Chart(WIDTH, HEIGHT, points, line, ticks,
                 y(last.target) if last and last.target is not None else None,
                 y(last.england) if last and last.england is not None else None,
                 y(0))
