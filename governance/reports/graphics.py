"""Vector charts for the PDFs, drawn from the same selector results the web pages draw (risks.selectors
heat_map; an assessment's per-dimension result)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from assessments.numbers import score_text
from governance.risks.selectors import HeatMap

from .fonts import drawable
from .styles import INK, MUTED, RULE

LEVEL_COLOURS = {0: "#a40e26", 1: "#7d4e00", 2: "#1a7f37"}  # as assessments.charts: bad, warn, ok


def _label(
    x: float, y: float, text: str, *, size: float = 7, anchor: str = "start", bold: bool = False, colour=INK
) -> String:
    font, shown = drawable(text, bold=bold)
    return String(x, y, shown, fontName=font, fontSize=size, textAnchor=anchor, fillColor=colour)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _width(text: str, size: float) -> float:
    font, shown = drawable(text)
    return stringWidth(shown, font, size)


def fit_label(text: str, width: float, *, size: float = 6, smallest: float = 4.5) -> tuple[list[str], float]:
    """A label in at most two lines no wider than `width`, at the largest size from `size` down to
    `smallest` that fits whole; clipped with "…" only when even that cannot hold it."""
    words = text.split() or [""]
    candidates = [[text]] + [[" ".join(words[:i]), " ".join(words[i:])] for i in range(1, len(words))]
    step = size
    while step >= smallest:
        for lines in candidates:
            if all(_width(line, step) <= width for line in lines):
                return lines, step
        step -= 0.5
    clipped = text
    while len(clipped) > 1 and _width(clipped + "…", smallest) > width:
        clipped = clipped[:-1]
    return [clipped + "…" if clipped != text else clipped], smallest


def heat_map_drawing(heat: HeatMap, *, title: str, cell: float = 30) -> Drawing:
    """Likelihood rows (highest on top) by impact columns, each cell in its level's colour with its count."""
    label_w, top, bottom = 78, 20, 40
    cols, rows = len(heat.impact_labels), len(heat.rows)
    width, height = label_w + cols * cell + 6, top + rows * cell + bottom
    drawing = Drawing(width, height)
    drawing.add(
        _label(
            0,
            height - 12,
            _("%(title)s (%(count)s active)") % {"title": title, "count": heat.total},
            size=8.5,
            bold=True,
        )
    )
    for r, (likelihood_label, cells) in enumerate(heat.rows):
        y = height - top - (r + 1) * cell
        lines, size = fit_label(likelihood_label, label_w - 6, size=7)
        base = y + cell / 2 - 3 + (len(lines) - 1) * (size + 1) / 2
        for i, line in enumerate(lines):
            drawing.add(_label(label_w - 4, base - i * (size + 1), line, size=size, anchor="end"))
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
        lines, size = fit_label(impact_label, cell - 2)
        for i, line in enumerate(lines):
            drawing.add(_label(x, bottom - 10 - i * (size + 1), line, size=size, anchor="middle"))
    drawing.add(_label(label_w + cols * cell / 2, 4, _("Impact →"), size=7, anchor="middle", colour=MUTED))
    drawing.add(_label(0, height - top + 2 - 10, _("Likelihood ↓"), size=6, colour=MUTED))
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
        drawing.add(
            _label(
                x, bottom - 14, _("Level %(level)s") % {"level": tick}, size=7, anchor="middle", colour=MUTED
            )
        )
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
