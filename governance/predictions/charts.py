"""Geometry for the fairness and drift bar charts, shared by the page (SVG) and the dossier PDF (reportlab).

Pure functions over the selectors' figures; each chart sits beside a table with the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext

from assessments.charts import Bar  # the same horizontal bar the maturity charts draw

OK, WARN, BAD, GREY = "#1a7f37", "#7d4e00", "#a40e26", "#6e7781"
LABEL_WIDTH, PLOT_WIDTH, ROW, BAR, TOP = 190, 380, 26, 16, 24


@dataclass(frozen=True)
class Line:
    x: float
    label: str
    colour: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot_left: int
    label_x: int
    plot_bottom: float
    ticks: tuple[tuple[float, str], ...]
    bars: tuple[Bar, ...]
    lines: tuple[Line, ...]
    title: str


def _chart(rows: list[tuple[str, float | None, str]], *, maximum: float, lines, ticks, title: str) -> Chart:
    scale = PLOT_WIDTH / maximum if maximum > 0 else 0
    bars = []
    for i, (label, value, colour) in enumerate(rows):
        width = 0.0 if value is None else round(min(max(value, 0), maximum) * scale, 1)
        top = TOP + i * ROW + (ROW - BAR) / 2
        bars.append(
            Bar(
                label=label[:40],
                y=top,
                text_y=top + 12,
                width=width,
                colour=colour,
                value_text=gettext("too small to judge") if value is None else f"{value:.3f}",
                text_x=LABEL_WIDTH + width + 6,
            )
        )
    bottom = TOP + len(rows) * ROW
    return Chart(
        width=LABEL_WIDTH + PLOT_WIDTH + 130,
        height=bottom + 8,
        plot_left=LABEL_WIDTH,
        label_x=LABEL_WIDTH - 8,
        plot_bottom=bottom,
        ticks=tuple((LABEL_WIDTH + round(t * scale, 1), f"{t:g}") for t in ticks),
        bars=tuple(bars),
        lines=tuple(Line(x=LABEL_WIDTH + round(v * scale, 1), label=text, colour=c) for v, text, c in lines),
        title=title,
    )


def selection_chart(attribute: str, figures: dict[str, Any], *, ratio_min: float) -> Chart:
    """Selection rate per group, with the line a group must reach: ratio_min x the highest judged rate."""
    groups = figures.get("groups", [])
    judged = [g["selection_rate"] for g in groups if g["judged"]]
    line = ratio_min * max(judged) if judged else None
    rows = []
    for g in groups:
        value = g["selection_rate"] if g["judged"] else None
        colour = GREY if value is None else (BAD if line is not None and value < line else OK)
        rows.append((f"{g['group']} (n={g['count']})", value, colour))
    lines = (
        [(line, gettext("%(ratio)s of highest") % {"ratio": f"{ratio_min:g}"}, BAD)]
        if line is not None
        else []
    )
    return _chart(
        rows,
        maximum=1.0,
        lines=lines,
        ticks=(0, 0.25, 0.5, 0.75, 1),
        title=gettext("Selection rate per group of %(attribute)s, with the %(ratio)s line")
        % {"attribute": attribute, "ratio": f"{ratio_min:g}"},
    )


def psi_chart(drift: dict[str, dict], *, warn_at: float, fail_at: float) -> Chart:
    """PSI per feature, largest first, against the warning and failure thresholds."""
    ranked = sorted(drift.items(), key=lambda kv: -(kv[1].get("psi") or 0))
    values = [d.get("psi") or 0 for _, d in ranked]
    maximum = max([fail_at * 1.5, *values]) if values else fail_at * 1.5
    rows = [
        (
            name,
            d.get("psi"),
            BAD if (d.get("psi") or 0) >= fail_at else WARN if (d.get("psi") or 0) >= warn_at else OK,
        )
        for name, d in ranked
    ]
    step = maximum / 4
    return _chart(
        rows,
        maximum=maximum,
        lines=[
            (warn_at, gettext("warn %(value)s") % {"value": f"{warn_at:g}"}, WARN),
            (fail_at, gettext("fail %(value)s") % {"value": f"{fail_at:g}"}, BAD),
        ],
        ticks=tuple(round(step * i, 2) for i in range(5)),
        title=gettext("Population stability index per feature"),
    )
