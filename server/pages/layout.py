"""The geometry of the pictures drawn on the server: the grouped bar chart of returnees per phase
and the timeline of dated claims. Pure arithmetic on plain values, no Flask and no RDF, so the
templates only place what is computed here and every number can be checked in a unit test.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# ---- the bar chart ----------------------------------------------------------------------------

CHART_WIDTH = 760
CHART_HEIGHT = 380
CHART_MARGIN = {"top": 28, "right": 16, "bottom": 72, "left": 64}


@dataclass(frozen=True)
class BarInput:
    """One stated figure: which group (phase) and series (category) it belongs to."""

    group: int  # index of the phase
    series: int  # index of the category
    value: int
    more_than: bool  # an exclusive bound, stated as "more than …"
    payload: Any = None  # whatever the template needs to link and label the bar


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    more_than: bool
    series: int
    payload: Any


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    plot: dict[str, float]  # left, top, right, bottom of the plotting area
    ticks: list[tuple[float, int]]  # (y, value) of each horizontal grid line
    groups: list[tuple[float, float]]  # (x of the group's centre, group width) per group
    bars: list[Bar]


def nice_step(largest: float, ticks: int = 4) -> int:
    """A round step (1, 2, 2.5, 5 × 10ⁿ, at least 1) that covers ``largest`` in ``ticks``."""
    if largest <= 0:
        return 1
    raw = largest / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if step >= raw and float(step).is_integer():
            return max(1, int(step))
    return max(1, int(10 * magnitude))


def bar_chart(n_groups: int, n_series: int, inputs: list[BarInput]) -> BarChart:
    """Groups side by side, one slot per series in each group (several figures of one series
    and group share its slot side by side); the value axis starts at zero."""
    m = CHART_MARGIN
    left, top = m["left"], m["top"]
    right, bottom = CHART_WIDTH - m["right"], CHART_HEIGHT - m["bottom"]
    step = nice_step(max((b.value for b in inputs), default=0))
    top_value = max(step, math.ceil(max((b.value for b in inputs), default=0) / step) * step)

    def y_of(value: float) -> float:
        return bottom - (bottom - top) * value / top_value

    ticks = [(y_of(v), v) for v in range(0, top_value + 1, step)]
    group_width = (right - left) / max(n_groups, 1)
    slot_width = group_width * 0.8 / max(n_series, 1)
    groups = [(left + group_width * (g + 0.5), group_width) for g in range(n_groups)]
    bars = []
    for g in range(n_groups):
        for s in range(n_series):
            same_slot = [b for b in inputs if b.group == g and b.series == s]
            slot_x = left + group_width * (g + 0.1) + slot_width * s
            for k, item in enumerate(same_slot):
                width = slot_width * 0.9 / len(same_slot)
                y = y_of(item.value)
                bars.append(
                    Bar(
                        x=round(slot_x + width * k, 2),
                        y=round(y, 2),
                        width=round(width, 2),
                        height=round(bottom - y, 2),
                        value=item.value,
                        more_than=item.more_than,
                        series=s,
                        payload=item.payload,
                    )
                )
    plot: dict[str, float] = {"left": left, "top": top, "right": right, "bottom": bottom}
    return BarChart(CHART_WIDTH, CHART_HEIGHT, plot, ticks, groups, bars)


# ---- the timeline -----------------------------------------------------------------------------

TIMELINE_WIDTH = 960
TIMELINE_MARGIN = {"top": 36, "right": 16, "bottom": 16, "left": 16}
ROW_HEIGHT = 40
MIN_MARK_WIDTH = 6.0
# Average advance of the label (13 px) and source (11 px) fonts, to keep text inside the picture.
CHAR_WIDTH = (6.6, 5.6)

XSD = "http://www.w3.org/2001/XMLSchema#"
PRECISION_OF_TYPE = {
    XSD + "gYear": "year",
    XSD + "gYearMonth": "month",
    XSD + "date": "day",
    XSD + "dateTime": "day",
}
DATE_TEXT = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


@dataclass(frozen=True)
class Span:
    """What a date literal says, at the precision it says it: ``2019`` is the whole year."""

    text: str
    precision: str  # decade, year, month or day
    start: date
    end: date  # exclusive


def date_span(text: str, datatype: str, precision: str | None = None) -> Span | None:
    """The interval a date literal covers; None for a text that is not a date. ``precision``
    "decade" widens a year to its decade: a claim's zh:datePrecision, coarser than the type."""
    found = DATE_TEXT.match(text)
    if not found:
        return None
    year = int(found.group(1))
    if precision == "decade":
        first = year - year % 10
        return Span(text, "decade", date(first, 1, 1), date(first + 10, 1, 1))
    month = int(found.group(2)) if found.group(2) else None
    day = int(found.group(3)) if found.group(3) else None
    precision = PRECISION_OF_TYPE.get(datatype) or ("day" if day else "month" if month else "year")
    try:
        if precision == "year":
            return Span(text, precision, date(year, 1, 1), date(year + 1, 1, 1))
        if precision == "month" and month:
            following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
            return Span(text, precision, date(year, month, 1), following)
        if month and day:
            start = date(year, month, day)
            return Span(text, "day", start, date.fromordinal(start.toordinal() + 1))
    except ValueError:
        return None
    return None


@dataclass(frozen=True)
class Mark:
    x: float
    width: float
    y: float  # top of the row
    label_x: float
    anchor: str  # "start" (label right of the mark) or "end" (left of it)
    precision: str
    payload: Any


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    axis_y: float
    years: list[tuple[float, int]]  # (x, year) of each year boundary
    marks: list[Mark] = field(default_factory=list)


def timeline(items: list[tuple[Span, tuple[str, str], Any]]) -> Timeline:
    """One row per item, in the given order; x is proportional to time from the first year to
    the end of the last. Each item is (span, (label, source line), payload); the text goes right
    of its mark where it fits, else left."""
    m = TIMELINE_MARGIN
    left, right = m["left"], TIMELINE_WIDTH - m["right"]
    if not items:
        return Timeline(TIMELINE_WIDTH, m["top"] + m["bottom"], m["top"] - 12, [])
    first = min(span.start.year for span, _, _ in items)
    last = max(
        span.end.year + (1 if span.end.month > 1 or span.end.day > 1 else 0) for span, _, _ in items
    )
    origin, finish = date(first, 1, 1).toordinal(), date(last, 1, 1).toordinal()

    def x_of(day: date) -> float:
        return left + (right - left) * (day.toordinal() - origin) / (finish - origin)

    years = [(round(x_of(date(y, 1, 1)), 2), y) for y in range(first, last + 1)]
    marks = []
    for row, (span, lines, payload) in enumerate(items):
        x0, x1 = x_of(span.start), x_of(span.end)
        width = max(x1 - x0, MIN_MARK_WIDTH)
        x = min(x0, right - width)
        room_right = right - (x + width)
        text_width = max(len(line) * w for line, w in zip(lines, CHAR_WIDTH, strict=True))
        fits_right = room_right >= text_width + 8
        marks.append(
            Mark(
                x=round(x, 2),
                width=round(width, 2),
                y=m["top"] + row * ROW_HEIGHT,
                label_x=round(x + width + 6 if fits_right else x - 6, 2),
                anchor="start" if fits_right else "end",
                precision=span.precision,
                payload=payload,
            )
        )
    height = m["top"] + len(items) * ROW_HEIGHT + m["bottom"]
    return Timeline(TIMELINE_WIDTH, height, m["top"] - 12, years, marks)
