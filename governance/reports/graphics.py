"""Vector charts for the PDFs, drawn from the same selector results the web pages draw (risks.selectors
heat_map; an assessment's per-dimension result)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors

from assessments.numbers import score_text
from governance.risks.selectors import HeatMap

from .fonts import font_for
from .styles import INK, MUTED, RULE

LEVEL_COLOURS = {0: "#a40e26", 1: "#7d4e00", 2: "#1a7f37"}  # as assessments.charts: bad, warn, ok


def _label(
    x: float, y: float, text: str, *, size: float = 7, anchor: str = "start", bold: bool = False, colour=INK
) -> String:
    return String(
        x, y, text, fontName=font_for(text, bold=bold), fontSize=size, textAnchor=anchor, fillColor=colour
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def heat_map_drawing(heat: HeatMap, *, title: str, cell: float = 30) -> Drawing:
    """Likelihood rows (highest on top) by impact columns, each cell in its level's colour with its count."""
    label_w, top, bottom = 78, 20, 40
    cols, rows = len(heat.impact_labels), len(heat.rows)
    width, height = label_w + cols * cell + 6, top + rows * cell + bottom
    drawing = Drawing(width, height)
    drawing.add(_label(0, height - 12, f"{title} ({heat.total} active)", size=8.5, bold=True))
    for r, (likelihood_label, cells) in enumerate(heat.rows):
        y = height - top - (r + 1) * cell
        drawing.add(_label(label_w - 4, y + cell / 2 - 3, _clip(likelihood_label, 16), anchor="end"))
        for c, hc in enumerate(cells):
            x = label_w + c * cell
            fill = colors.HexColor(hc.level.colour)
            drawing.add(Rect(x, y, cell, cell, fillColor=fill, strokeColor=colors.white, strokeWidth=1))
            if hc.count:
                text_colour = colors.HexColor(hc.level.text_colour)
                drawing.add(
                    _label(
                        x + cell / 2,
                        y + cell / 2 - 4,
                        str(hc.count),
                        size=10,
                        anchor="middle",
                        bold=True,
                        colour=text_colour,
                    )
                )
    for c, impact_label in enumerate(heat.impact_labels):
        x = label_w + c * cell + cell / 2
        drawing.add(_label(x, bottom - 12, _clip(impact_label, 9), size=6, anchor="middle"))
    drawing.add(_label(label_w + cols * cell / 2, 4, "Impact →", size=7, anchor="middle", colour=MUTED))
    drawing.add(_label(0, height - top + 2 - 10, "Likelihood ↓", size=6, colour=MUTED))
    return drawing


def level_bar_chart(
    rows: Sequence[tuple[str, float | None, int | None]], *, maximum: float = 2.0, width: float = 460
) -> Drawing:
    """Horizontal bars of per-dimension scores (0..maximum), coloured by level, with gridlines per level."""
    label_w, row_h, bar_h, top, bottom = 150, 20, 12, 6, 22
    plot_w = width - label_w - 40
    height = top + len(rows) * row_h + bottom
    drawing = Drawing(width, height)
    scale = plot_w / maximum
    for tick in range(int(maximum) + 1):
        x = label_w + tick * scale
        drawing.add(Line(x, bottom - 4, x, height - top, strokeColor=RULE, strokeWidth=0.5))
        drawing.add(_label(x, bottom - 14, f"Level {tick}", size=7, anchor="middle", colour=MUTED))
    for i, (label, value, level) in enumerate(rows):
        y = height - top - (i + 1) * row_h + (row_h - bar_h) / 2
        drawing.add(_label(label_w - 6, y + 3, _clip(label, 28), size=8, anchor="end"))
        if value is None:
            drawing.add(_label(label_w + 4, y + 3, "not assessed", size=7, colour=MUTED))
            continue
        colour = colors.HexColor(LEVEL_COLOURS.get(level if level is not None else 0, "#0b4f8a"))
        bar_w = max(min(value, maximum), 0) * scale
        drawing.add(Rect(label_w, y, bar_w, bar_h, fillColor=colour, strokeColor=None))
        drawing.add(_label(label_w + bar_w + 4, y + 3, score_text(value), size=7.5))
    return drawing
