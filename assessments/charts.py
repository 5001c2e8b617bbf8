"""Geometry for the server-rendered SVG charts: pure functions, so pages need no JavaScript and no CDN.

The templates draw what these return; each chart is paired with a table holding the same numbers.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from .numbers import score_text

LEVEL_COLOURS = {0: "#a40e26", 1: "#7d4e00", 2: "#1a7f37"}  # the stylesheet's bad, warn and ok inks
NEUTRAL = "#0b4f8a"
LABEL_WIDTH = 180
PLOT_WIDTH = 420
ROW = 30
BAR = 18
TOP = 24


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    text_y: float
    width: float
    colour: str
    value_text: str
    text_x: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    plot_left: int
    label_x: int
    plot_bottom: float
    ticks: tuple[Tick, ...]
    bars: tuple[Bar, ...]


def bar_chart(rows: Sequence[tuple[str, float | None, int | None]], *, maximum: float) -> BarChart:
    """Horizontal bars, one per (label, value, level); a None value draws no bar and says so."""
    scale = PLOT_WIDTH / maximum
    bars = []
    for i, (label, value, level) in enumerate(rows):
        width = 0.0 if value is None else round(max(value, 0) * scale, 1)
        bars.append(
            Bar(
                label=label,
                y=TOP + i * ROW + (ROW - BAR) / 2,
                text_y=TOP + i * ROW + (ROW - BAR) / 2 + 13,
                width=width,
                colour=LEVEL_COLOURS.get(level, NEUTRAL) if level is not None else NEUTRAL,
                value_text="not applicable" if value is None else score_text(value),
                text_x=LABEL_WIDTH + width + 6,
            )
        )
    ticks = tuple(Tick(x=LABEL_WIDTH + round(t * scale, 1), label=f"{t:g}") for t in range(int(maximum) + 1))
    height = TOP + len(rows) * ROW
    return BarChart(
        width=LABEL_WIDTH + PLOT_WIDTH + 110,
        height=height + 8,
        plot_left=LABEL_WIDTH,
        label_x=LABEL_WIDTH - 8,
        plot_bottom=height,
        ticks=ticks,
        bars=tuple(bars),
    )


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value_text: str
    date_text: str


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    left: int
    right: int
    bottom: int
    points: tuple[Point, ...]
    polyline: str
    gridlines: tuple[tuple[float, str], ...]


def trend_chart(points: Sequence[tuple[datetime.datetime, float]], *, maximum: float) -> TrendChart:
    """A line through each submitted assessment's overall score, evenly spaced in submission order."""
    left, right, top, bottom, width = 40, 600, 16, 176, 640
    span = right - left
    step = span / (len(points) - 1) if len(points) > 1 else 0
    drawn = []
    for i, (when, value) in enumerate(points):
        x = left + i * step if len(points) > 1 else left + span / 2
        y = bottom - (value / maximum) * (bottom - top)
        drawn.append(
            Point(x=round(x, 1), y=round(y, 1), value_text=score_text(value), date_text=f"{when:%Y-%m-%d}")
        )
    gridlines = tuple(
        (round(bottom - (t / maximum) * (bottom - top), 1), f"{t:g}") for t in range(int(maximum) + 1)
    )
    return TrendChart(
        width=width,
        height=bottom + 30,
        left=left,
        right=right,
        bottom=bottom,
        points=tuple(drawn),
        polyline=" ".join(f"{p.x},{p.y}" for p in drawn),
        gridlines=gridlines,
    )
