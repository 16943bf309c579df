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


@dataclass(frozen=True)
class ChartFrame:
    """The size of a chart drawing and its margins. Each frame is drawn at its own size (never
    scaled down below it), so its text keeps the size the style sheet gives it."""

    width: int
    height: int
    margin: dict[str, int]
    legend_columns: int  # legend entries per row
    legend_step: int  # horizontal distance between legend entries


# The wide drawing for screens of 48rem and more; the narrow one, 340 px wide, fits the content
# box of a 360 px phone without being scaled, with its legend on two rows.
WIDE = ChartFrame(760, 380, {"top": 28, "right": 16, "bottom": 72, "left": 64}, 4, 150)
NARROW = ChartFrame(340, 360, {"top": 36, "right": 6, "bottom": 96, "left": 46}, 2, 150)
LEGEND_ROW = 20


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
    legend: list[tuple[float, float]] = field(default_factory=list)  # (x, y) per series
    upright_values: bool = False  # values written upwards: the bars are too thin for them


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


def bar_chart(
    n_groups: int, n_series: int, inputs: list[BarInput], frame: ChartFrame = WIDE
) -> BarChart:
    """Groups side by side, one slot per series in each group (several figures of one series
    and group share its slot side by side); the value axis starts at zero."""
    m = frame.margin
    left, top = m["left"], m["top"]
    right, bottom = frame.width - m["right"], frame.height - m["bottom"]
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
    rows = math.ceil(n_series / frame.legend_columns)
    legend: list[tuple[float, float]] = [
        (
            left + frame.legend_step * (s % frame.legend_columns),
            frame.height - 14 - LEGEND_ROW * (rows - 1 - s // frame.legend_columns),
        )
        for s in range(n_series)
    ]
    # A value needs about 7 px per digit at 12 px: wider than the bar, it is written upwards.
    upright = slot_width * 0.9 < 3 * 7
    return BarChart(frame.width, frame.height, plot, ticks, groups, bars, legend, upright)


# ---- the timeline -----------------------------------------------------------------------------

TIMELINE_WIDTH = 960
NARROW_TIMELINE_WIDTH = 340  # fits a 360 px phone unscaled, as the narrow chart does
TIMELINE_MARGIN = {"top": 36, "right": 16, "bottom": 16, "left": 16}
ROW_HEIGHT = 40
MIN_MARK_WIDTH = 6.0
# Average advance of a character of the label (13 px) and source (12 px) lines, Latin or
# Cyrillic, to keep text inside the picture; and the distance between the lines' baselines.
CHAR_WIDTH = (7.6, 7.0)
LINE_HEIGHT = (16, 15)

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
class TextLine:
    x: float
    y: float
    anchor: str  # "start" or "end"
    kind: str  # "label" or "source"
    text: str


@dataclass(frozen=True)
class Mark:
    x: float
    width: float
    y: float  # top of the row
    lines: list[TextLine]  # the label's and the source's lines, placed
    precision: str
    payload: Any


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    axis_y: float
    years: list[tuple[float, int]]  # (x, year) of each year boundary
    marks: list[Mark] = field(default_factory=list)


def wrap(text: str, room: float, char_width: float) -> list[str]:
    """``text`` cut at spaces into lines of at most ``room`` px (a longer word stays whole).

    >>> wrap("Forum on Security in Central Asia", 100, 7.0)
    ['Forum on', 'Security in', 'Central Asia']
    """
    most = max(1, int(room // char_width))
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= most:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def timeline(
    items: list[tuple[Span, tuple[str, str], Any]], width: int = TIMELINE_WIDTH
) -> Timeline:
    """One row per item, in the given order; x is proportional to time from the first year to
    the end of the last. Each item is (span, (label, source line), payload); the text goes right
    of its mark where it fits, else left, else under it, cut into lines that fit the width."""
    m = TIMELINE_MARGIN
    left, right = m["left"], width - m["right"]
    if not items:
        return Timeline(width, m["top"] + m["bottom"], m["top"] - 12, [])
    first = min(span.start.year for span, _, _ in items)
    last = max(
        span.end.year + (1 if span.end.month > 1 or span.end.day > 1 else 0) for span, _, _ in items
    )
    origin, finish = date(first, 1, 1).toordinal(), date(last, 1, 1).toordinal()

    def x_of(day: date) -> float:
        return left + (right - left) * (day.toordinal() - origin) / (finish - origin)

    # On a narrow drawing a year is too thin for its number: every other one is written.
    every = 1 if (right - left) / max(last - first, 1) >= 40 else 2
    years = [(round(x_of(date(y, 1, 1)), 2), y) for y in range(first, last + 1)]
    years = [(x, y) for x, y in years if (y - first) % every == 0 or y == last]
    marks = []
    y = float(m["top"])
    height: float
    for span, texts, payload in items:
        x0, x1 = x_of(span.start), x_of(span.end)
        mark_width = max(x1 - x0, MIN_MARK_WIDTH)
        x = min(x0, right - mark_width)
        text_width = max(len(t) * w for t, w in zip(texts, CHAR_WIDTH, strict=True))
        kinds = ("label", "source")
        if right - (x + mark_width) >= text_width + 8:
            tx = x + mark_width + 6
            lines = [
                TextLine(round(tx, 2), y + 15 + 15 * i, "start", k, t)
                for i, (k, t) in enumerate(zip(kinds, texts, strict=True))
            ]
            height = ROW_HEIGHT
        elif x - left >= text_width + 8:
            lines = [
                TextLine(round(x - 6, 2), y + 15 + 15 * i, "end", k, t)
                for i, (k, t) in enumerate(zip(kinds, texts, strict=True))
            ]
            height = ROW_HEIGHT
        else:
            room = right - left
            cut = [
                (kind, line, w, lh)
                for kind, t, w, lh in zip(kinds, texts, CHAR_WIDTH, LINE_HEIGHT, strict=True)
                for line in wrap(t, room, w)
            ]
            widest = max(len(line) * w for _, line, w, _ in cut)
            tx = max(left, min(x, right - widest))
            lines = []
            baseline = y + 18
            for kind, line, _, line_height in cut:
                baseline += line_height
                lines.append(TextLine(round(tx, 2), baseline, "start", kind, line))
            height = baseline - y + 12
        marks.append(
            Mark(
                x=round(x, 2),
                width=round(mark_width, 2),
                y=y,
                lines=lines,
                precision=span.precision,
                payload=payload,
            )
        )
        y += height
    return Timeline(width, int(y) + m["bottom"], m["top"] - 12, years, marks)
