"""
Server-side SVG charts of a question's numeric answers.

The functions here only compute coordinates; templates/includes/ draws them, so
that every label goes through the template engine's escaping.
"""

import datetime
import math
from dataclasses import dataclass

from .analysis import format_figure
from .models import Claim

WIDTH = 720
LABEL_WIDTH = 230
PLOT_LEFT = LABEL_WIDTH + 10
PLOT_RIGHT = WIDTH - 30
ROW_HEIGHT = 30
TOP = 10
AXIS_HEIGHT = 30


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values that cover [low, high]."""
    if low == high:
        low, high = low - 1, high + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks, tick = [], first
    while tick <= high + step / 2:
        ticks.append(round(tick, 10))
        tick += step
    return ticks


@dataclass
class Row:
    claim: Claim
    y: float
    label: str
    x_low: float | None  # where the known values start; None when open below
    x_high: float | None  # where they end; None when open above
    x_point: float | None  # the stated figure, if there is one


def row_label(claim: Claim, length: int = 36) -> str:
    """The stated figure and who states it, short enough for the chart's margin."""
    speaker = claim.source.outlet.name if claim.source.outlet else claim.source.title
    label = f"{claim.stated_value} · {speaker}"
    return label if len(label) <= length else label[: length - 1] + "…"


@dataclass
class Tick:
    position: float  # x on a value axis, y on the timeline's
    label: str


def range_chart(claims: list[Claim], from_zero: bool = True, grouped: bool = True) -> dict | None:
    """Each numeric answer on one axis: a point, a range, or an open-ended arrow.

    Counts and amounts are drawn from zero, so that the eye compares their sizes
    honestly; years are not.
    """
    numeric = [c for c in claims if c.value_min is not None or c.value_max is not None]
    if not numeric:
        return None
    known = [float(v) for c in numeric for v in (c.value_min, c.value_max) if v is not None]
    low, high = (min(known + [0.0]) if from_zero else min(known)), max(known)
    if any(c.value_max is None for c in numeric):
        high += (high - low) * 0.2 or 1  # room for the arrows of open-ended answers
    ticks = nice_ticks(low, high)
    low, high = ticks[0], ticks[-1]

    def x(value) -> float:
        return PLOT_LEFT + (float(value) - low) / (high - low) * (PLOT_RIGHT - PLOT_LEFT)

    rows = []
    for i, claim in enumerate(numeric):
        rows.append(
            Row(
                claim=claim,
                y=TOP + i * ROW_HEIGHT + ROW_HEIGHT / 2,
                label=row_label(claim),
                x_low=None if claim.value_min is None else x(claim.value_min),
                x_high=None if claim.value_max is None else x(claim.value_max),
                x_point=None if claim.value is None else x(claim.value),
            )
        )
    axis_y = TOP + len(rows) * ROW_HEIGHT + 5
    return {
        "width": WIDTH,
        "height": axis_y + AXIS_HEIGHT,
        "plot_left": PLOT_LEFT,
        "plot_right": PLOT_RIGHT,
        "label_right": LABEL_WIDTH,
        "axis_y": axis_y,
        "rows": rows,
        "ticks": [Tick(x(t), format_figure(t, grouped)) for t in ticks],
    }


@dataclass
class Point:
    claim: Claim
    x: float
    y: float
    y_low: float
    y_high: float
    label: str


def timeline_chart(claims: list[Claim], grouped: bool = True) -> dict | None:
    """The numeric answers over the dates they held, when those dates differ."""
    dated = [
        (c.held_on, c)
        for c in claims
        if c.held_on and (c.value is not None or c.value_min is not None)
    ]
    if len({day for day, _claim in dated}) < 2:
        return None
    height, top, bottom, left, right = 260, 25, 215, 80, WIDTH - 130
    days = [day for day, _claim in dated]
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    values = [
        float(v) for _day, c in dated for v in (c.value, c.value_min, c.value_max) if v is not None
    ]
    ticks = nice_ticks(min(values + [0.0]), max(values))
    low, high = ticks[0], ticks[-1]

    def y(value) -> float:
        return bottom - (float(value) - low) / (high - low) * (bottom - top)

    def x(day: datetime.date) -> float:
        return left + (day - first).days / span * (right - left)

    points = []
    for day, claim in sorted(dated, key=lambda pair: pair[0]):
        figure = claim.value if claim.value is not None else claim.value_min
        points.append(
            Point(
                claim=claim,
                x=x(day),
                y=y(figure),
                y_low=y(claim.value_min) if claim.value_min is not None else y(figure),
                y_high=y(claim.value_max) if claim.value_max is not None else top,
                label=claim.stated_value[:24],
            )
        )
    return {
        "width": WIDTH,
        "height": height,
        "left": left,
        "right": right,
        "top": top,
        "bottom": bottom,
        "points": points,
        "value_ticks": [Tick(y(t), format_figure(t, grouped)) for t in ticks],
        "first": first,
        "last": last,
    }
