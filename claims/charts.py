"""
Server-side SVG charts of a question's numeric answers.

The functions here only compute coordinates; templates/includes/ draws them, so
that every label goes through the template engine's escaping.

Each chart is laid out twice, wide for a desktop and narrow for a phone, and the
stylesheet shows the one that fits: a drawing scaled down to a phone's width
would shrink its text with it. Axes are computed in Decimal arithmetic as integer
multiples of one step, so that no figure a claim can hold makes them run long.
"""

import textwrap
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .analysis import format_figure, interval
from .models import Claim, Question

# An axis never has more ticks than this, whatever the figures.
MAX_TICKS = 7
# A generous average width of a character of the interface's sans-serif font, in
# ems: labels measured with it fit, or are wrapped or shortened to fit.
CHAR_EM = 0.6


@dataclass(frozen=True)
class Layout:
    name: str
    width: int
    font: int  # px in the drawing's units; drawn at least this large (see dossier.css)
    labels_above: bool  # the phone layout puts each label above its mark


WIDE = Layout("wide", 720, 13, labels_above=False)
NARROW = Layout("narrow", 360, 15, labels_above=True)
LAYOUTS = (WIDE, NARROW)


def text_width(text: str, font: float) -> float:
    return len(text) * font * CHAR_EM


def fit_lines(text: str, width: float, font: float, max_lines: int = 2) -> tuple[list[str], bool]:
    """Wrap a label into lines that fit the width; shorten the last with "…" if need be."""
    per_line = max(int(width / (font * CHAR_EM)), 4)
    lines = textwrap.wrap(text, per_line, break_long_words=True) or [""]
    if len(lines) <= max_lines:
        return lines, False
    lines = lines[:max_lines]
    lines[-1] = lines[-1][: per_line - 1].rstrip() + "…"
    return lines, True


# Axes -----------------------------------------------------------------------


def nice_step(span: Decimal, count: int, integer: bool) -> Decimal:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten that covers the span in `count` steps."""
    raw = span / count
    if integer and raw <= 1:
        return Decimal(1)
    exponent = raw.adjusted()  # floor(log10(raw)), exactly
    steps = [Decimal(m).scaleb(exponent) for m in ("1", "2", "2.5", "5", "10")]
    if integer:
        steps = [step for step in steps if step == step.to_integral_value()]
    return next(step for step in steps if step >= raw)


def nice_ticks(low, high, count: int = 5, integer: bool = False) -> list[Decimal]:
    """Round tick values that cover [low, high]: integer multiples of one step.

    With the step at least span / count, there are at most count + 3 ticks, and never
    more than MAX_TICKS, for any figures; Decimal arithmetic keeps ticks apart however
    large and close they are.
    """
    with localcontext() as ctx:
        ctx.prec = 60
        low, high = sorted((Decimal(low), Decimal(high)))
        if low == high:
            low, high = low - 1, high + 1
        count = max(1, min(count, MAX_TICKS - 3))
        step = nice_step(high - low, count, integer)
        first = int((low / step).to_integral_value(ROUND_FLOOR))
        last = int((high / step).to_integral_value(ROUND_CEILING))
        return [(step * i).normalize() for i in range(first, last + 1)]


@dataclass
class Tick:
    position: float  # x on a value axis, y on the timeline's
    label: str


@dataclass
class Axis:
    low: Decimal
    high: Decimal
    ticks: list[Decimal]
    labels: list[str]

    def fraction(self, value) -> float:
        """Where a value lies between the axis' ends, from 0 to 1."""
        with localcontext() as ctx:
            ctx.prec = 60
            return float((Decimal(value) - self.low) / (self.high - self.low))


def value_axis(low, high, room: float, value_type: str, vertical: bool, font: int) -> Axis:
    """The fewest-ticks-that-fit axis over [low, high] along `room` units of the drawing."""
    integer = value_type in (Question.ValueType.COUNT, Question.ValueType.YEAR)
    grouped = value_type != Question.ValueType.YEAR
    for count in range(MAX_TICKS - 3, 0, -1):
        ticks = nice_ticks(low, high, count, integer)
        labels = [format_figure(tick, grouped) for tick in ticks]
        needed = font * 2 if vertical else max(text_width(label, font) for label in labels) + 12
        if room / max(len(ticks) - 1, 1) >= needed:
            break
    return Axis(ticks[0], ticks[-1], ticks, labels)


# The shapes ------------------------------------------------------------------

SHAPE_OF_BOUND = {
    Claim.Bound.EXACT: "exact",
    Claim.Bound.APPROXIMATE: "approximate",
    Claim.Bound.ALMOST: "almost",
    Claim.Bound.RANGE: "range",
    Claim.Bound.AT_LEAST: "at_least",
    Claim.Bound.MORE_THAN: "more_than",
    Claim.Bound.AT_MOST: "at_most",
    Claim.Bound.LESS_THAN: "less_than",
    Claim.Bound.VAGUE: "vague",
}

LEGEND = {
    "exact": _("Exact figure: a point"),
    "approximate": _("About N: a point with the margin the analysis allows"),
    "almost": _("Almost N: a short span just below N"),
    "range": _("Range: a bar from the lower to the upper figure"),
    "vague": _("Vague: the bounds the source implies, dashed"),
    "at_least": _("At least N: an arrow to the right, from N on"),
    "more_than": _("More than N: an arrow to the right, from just above N"),
    "at_most": _("At most N: an arrow to the left, from N down"),
    "less_than": _("Less than N: an arrow to the left, from just below N"),
}
OPEN_ABOVE = ("at_least", "more_than")
OPEN_BELOW = ("at_most", "less_than")


@dataclass
class Mark:
    """What one numeric answer allows, as the analysis reads it."""

    claim: Claim
    shape: str
    low: Decimal | None  # None: open below
    high: Decimal | None  # None: open above
    point: Decimal | None  # the stated figure, where the shape marks it

    @property
    def label(self) -> str:
        source = self.claim.source
        speaker = source.outlet.name if source.outlet else source.title
        return f"{self.claim.stated_value} · {speaker}"

    @property
    def title(self) -> str:
        source = self.claim.source
        outlet = f" ({source.outlet.name})" if source.outlet else ""
        return f"{self.claim.stated_value} — {source.title}{outlet}"


def as_decimal(value: float) -> Decimal | None:
    return None if value in (float("inf"), float("-inf")) else Decimal(repr(value))


def mark_for(claim: Claim) -> Mark | None:
    """The claim's shape and the values it allows; None when it gives no figure."""
    if claim.value_min is None and claim.value_max is None:
        return None
    shape = SHAPE_OF_BOUND.get(claim.bound, "vague")
    low, high = claim.value_min, claim.value_max
    if shape in ("approximate", "almost"):
        # The analysis' own reading, with the claim's tolerance where it has one.
        low, high = (as_decimal(v) for v in interval(claim))
    elif shape == "vague":
        if low is None:
            shape = "at_most"
        elif high is None:
            shape = "at_least"
    point = claim.value if shape in ("exact", "approximate", "almost") else None
    if shape in OPEN_ABOVE + OPEN_BELOW:
        point = claim.value if claim.value is not None else (low if high is None else high)
    return Mark(claim, shape, low, high, point)


def figures_span(marks: list[Mark], from_zero: bool) -> tuple[Decimal, Decimal]:
    """The values the axis must show, with room for the arrows of open-ended answers."""
    known = [v for m in marks for v in (m.low, m.high, m.point) if v is not None]
    low, high = min(known), max(known)
    if from_zero:
        low, high = min(low, Decimal(0)), max(high, Decimal(0))
    open_above = any(m.high is None for m in marks)
    open_below = any(m.low is None for m in marks) and not (from_zero and low == 0)
    room = (high - low) / 5 or max(abs(high) / 10, Decimal(1))
    return low - (room if open_below else 0), high + (room if open_above else 0)


def legend_for(marks: list[Mark]) -> list[tuple[str, str]]:
    used = {mark.shape for mark in marks}
    return [(shape, text) for shape, text in LEGEND.items() if shape in used]


def table_rows(marks: list[Mark], grouped: bool) -> list[dict]:
    """The chart's figures for those who cannot see it."""

    def figure(value):
        return "—" if value is None else format_figure(value, grouped)

    rows = []
    for mark in marks:
        claim = mark.claim
        rows.append(
            {
                "claim": claim,
                "shape": LEGEND[mark.shape],
                "low": figure(mark.low),
                "high": figure(mark.high),
                "as_of": claim.as_of_display,
                "published": claim.source.published_display,
            }
        )
    return rows


# The range chart -------------------------------------------------------------


@dataclass
class Row:
    mark: Mark
    y: float  # the mark's line
    label_x: float
    label_y: float  # baseline of the first line
    label_lines: list[str]
    label_anchor: str
    shortened: bool
    x_low: float | None = None
    x_high: float | None = None
    x_point: float | None = None
    x_end: float | None = None  # where an open-ended arrow points to

    @property
    def claim(self) -> Claim:
        return self.mark.claim


@dataclass
class RangeLayout:
    name: str
    width: int
    height: float
    font: int
    plot_left: float
    plot_right: float
    axis_y: float
    tick_y: float = 0
    rows: list[Row] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)


def range_layout(layout: Layout, marks: list[Mark], span, value_type: str) -> RangeLayout:
    font, line = layout.font, layout.font * 1.3
    low, high = span[0], span[1]
    if layout.labels_above:
        label_width, plot_left = layout.width - 8, 14.0
    else:
        label_width = layout.width * 0.34
        plot_left = label_width + 18
    axis = value_axis(low, high, layout.width - plot_left - 40, value_type, False, font)
    # Room for the first and last tick labels, centred on their ticks.
    plot_left = max(plot_left, text_width(axis.labels[0], font) / 2 + 4)
    plot_right = layout.width - max(16, text_width(axis.labels[-1], font) / 2 + 4)

    def x(value) -> float:
        return plot_left + axis.fraction(value) * (plot_right - plot_left)

    chart = RangeLayout(layout.name, layout.width, 0, font, plot_left, plot_right, 0)
    y = 8.0
    for mark in marks:
        lines, shortened = fit_lines(mark.label, label_width - 4, font)
        if layout.labels_above:
            label_y = y + font
            mark_y = label_y + (len(lines) - 1) * line + font * 0.9
            row_bottom = mark_y + 12
            label_x, anchor = 4.0, "start"
        else:
            height = max(30, len(lines) * line + 10)
            mark_y = y + height / 2
            label_y = mark_y - (len(lines) - 1) * line / 2 + font * 0.35
            row_bottom = y + height
            label_x, anchor = label_width, "end"
        row = Row(mark, mark_y, label_x, label_y, lines, anchor, shortened)
        row.x_low = None if mark.low is None else x(mark.low)
        row.x_high = None if mark.high is None else x(mark.high)
        row.x_point = None if mark.point is None else x(mark.point)
        if mark.high is None:
            row.x_end = plot_right
        elif mark.low is None:
            row.x_end = plot_left
        chart.rows.append(row)
        y = row_bottom
    chart.axis_y = y + 4
    chart.tick_y = chart.axis_y + font + 6
    chart.height = chart.tick_y + 8
    chart.ticks = [Tick(x(t), label) for t, label in zip(axis.ticks, axis.labels, strict=True)]
    return chart


def range_chart(claims: list[Claim], value_type: str = Question.ValueType.COUNT) -> dict | None:
    """Each numeric answer on one axis, drawn as the analysis reads its bound.

    Counts and amounts are drawn from zero, so that the eye compares their sizes
    honestly; years are not, and have a year axis.
    """
    marks = [mark for mark in map(mark_for, claims) if mark is not None]
    if not marks:
        return None
    is_year = value_type == Question.ValueType.YEAR
    span = figures_span(marks, from_zero=not is_year)
    return {
        "layouts": [range_layout(layout, marks, span, value_type) for layout in LAYOUTS],
        "legend": legend_for(marks),
        "table": table_rows(marks, grouped=not is_year),
    }


# The timeline ------------------------------------------------------------------


@dataclass
class Point:
    mark: Mark
    x: float
    y: float | None  # the stated figure, where the shape marks it
    y_low: float  # towards the bottom: the lower end
    y_high: float  # towards the top: the upper end
    open_above: bool
    open_below: bool
    label: str
    label_x: float
    label_y: float
    label_anchor: str

    @property
    def claim(self) -> Claim:
        return self.mark.claim


@dataclass
class TimelineLayout:
    name: str
    width: int
    height: int
    font: int
    left: float
    right: float
    top: float
    bottom: float
    points: list[Point] = field(default_factory=list)
    value_ticks: list[Tick] = field(default_factory=list)
    first: str = ""
    last: str = ""
    date_y: float = 0


def timeline_layout(layout: Layout, dated, span, value_type: str) -> TimelineLayout:
    font = layout.font
    height, top = 300, font + 8
    bottom = height - font * 2 - 8
    axis = value_axis(span[0], span[1], bottom - top, value_type, True, font)
    left = max(text_width(label, font) for label in axis.labels) + 12
    label_room = min(layout.width * 0.22, 110)
    right = layout.width - label_room
    days = [day for day, _mark in dated]
    first, last = min(days), max(days)
    days_between = max((last - first).days, 1)

    def y(value) -> float:
        return bottom - axis.fraction(value) * (bottom - top)

    chart = TimelineLayout(layout.name, layout.width, height, font, left, right, top, bottom)
    for day, mark in dated:
        x = left + (day - first).days / days_between * (right - left)
        y_low = bottom if mark.low is None else y(mark.low)
        y_high = top if mark.high is None else y(mark.high)
        y_point = None if mark.point is None else y(mark.point)
        text = mark.claim.stated_value
        # Labels to the right of a point, or to its left in the chart's right half.
        anchor = "start" if x < (left + right) / 2 else "end"
        room = (layout.width - x - 10) if anchor == "start" else (x - 10)
        lines, _shortened = fit_lines(text, room, font, max_lines=1)
        label_y = min(max((y_point if y_point is not None else y_high) - 8, top + font), bottom - 4)
        chart.points.append(
            Point(
                mark,
                x,
                y_point,
                y_low,
                y_high,
                mark.high is None,
                mark.low is None,
                lines[0],
                x + 9 if anchor == "start" else x - 9,
                label_y,
                anchor,
            )
        )
    chart.value_ticks = [
        Tick(y(t), label) for t, label in zip(axis.ticks, axis.labels, strict=True)
    ]
    chart.date_y = bottom + font + 8
    chart.first, chart.last = date_format(first, "DATE_FORMAT"), date_format(last, "DATE_FORMAT")
    return chart


def timeline_chart(claims: list[Claim], value_type: str = Question.ValueType.COUNT) -> dict | None:
    """The numeric answers over the dates they held, when those dates differ."""
    dated = []
    for claim in claims:
        day, mark = claim.held_on, mark_for(claim)
        if day and mark:
            dated.append((day, mark))
    if len({day for day, _mark in dated}) < 2:
        return None
    dated.sort(key=lambda pair: pair[0])
    marks = [mark for _day, mark in dated]
    is_year = value_type == Question.ValueType.YEAR
    span = figures_span(marks, from_zero=not is_year)
    return {
        "layouts": [timeline_layout(layout, dated, span, value_type) for layout in LAYOUTS],
        "legend": legend_for(marks),
    }
