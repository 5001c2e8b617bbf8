"""The one style sheet every report uses: paragraph styles, table styles, colours and page geometry."""

from __future__ import annotations

from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from .fonts import BODY, BODY_BOLD, CJK_RUN, markup, register_fonts

PAGE = A4
MARGIN = 18 * mm
CONTENT_WIDTH = PAGE[0] - 2 * MARGIN

INK = colors.HexColor("#1f2328")
MUTED = colors.HexColor("#59636e")
ACCENT = colors.HexColor("#0b4f8a")
RULE = colors.HexColor("#d0d7de")
HEAD_FILL = colors.HexColor("#eaf1f8")
ZEBRA = colors.HexColor("#f6f8fa")
OUTCOME_COLOURS = {
    "fail": colors.HexColor("#a40e26"),
    "warn": colors.HexColor("#7d4e00"),
    "pass": colors.HexColor("#1a7f37"),
    "not_applicable": MUTED,
}


@cache
def stylesheet() -> StyleSheet1:
    register_fonts()
    sheet = StyleSheet1()
    base = ParagraphStyle("Body", fontName=BODY, fontSize=9.5, leading=13, textColor=INK, spaceAfter=4)
    sheet.add(base)
    sheet.add(ParagraphStyle("Small", parent=base, fontSize=8, leading=10.5, textColor=MUTED))
    sheet.add(ParagraphStyle("Cell", parent=base, fontSize=8, leading=10, spaceAfter=0))
    sheet.add(
        ParagraphStyle("CellHead", parent=base, fontName=BODY_BOLD, fontSize=8, leading=10, spaceAfter=0)
    )
    sheet.add(
        ParagraphStyle(
            "Title", parent=base, fontName=BODY_BOLD, fontSize=22, leading=28, textColor=ACCENT, spaceAfter=10
        )
    )
    sheet.add(
        ParagraphStyle("Subtitle", parent=base, fontSize=13, leading=18, textColor=MUTED, spaceAfter=14)
    )
    sheet.add(
        ParagraphStyle(
            "H1",
            parent=base,
            fontName=BODY_BOLD,
            fontSize=14,
            leading=18,
            textColor=ACCENT,
            spaceBefore=10,
            spaceAfter=6,
        )
    )
    sheet.add(ParagraphStyle("H2", parent=base, fontName=BODY_BOLD, fontSize=11, leading=14, spaceBefore=6))
    sheet.add(ParagraphStyle("Caption", parent=base, fontSize=8, textColor=MUTED, alignment=TA_CENTER))
    return sheet


def para(text: object, style: str = "Body", *, raw: bool = False) -> Paragraph:
    """A paragraph of user text (escaped, fonts per run); raw=True for markup this code wrote itself."""
    chosen = stylesheet()[style]
    return Paragraph(text if raw else markup(text, bold=chosen.fontName == BODY_BOLD), chosen)


class Heading(Paragraph):
    """A heading that moves to the next page when too little room is left under it for what it introduces.

    (keepWithNext would move a heading together with a whole long table, leaving half a page blank.)
    """

    room = 30 * mm

    def wrap(self, avail_width, avail_height):
        width, height = super().wrap(avail_width, avail_height)
        return (width, avail_height + 1) if avail_height < height + self.room else (width, height)

    def split(self, avail_width, avail_height):
        return []


def heading(text: object, level: int = 1) -> Heading:
    return Heading(markup(text, bold=True), stylesheet()[f"H{level}"])


def data_table(header: list[str], rows: list[list[object]], widths: list[float]) -> Table:
    """A table whose header row repeats on every page it spans; cells are user text unless flowables."""
    sheet = stylesheet()
    head = [Paragraph(markup(h, bold=True), sheet["CellHead"]) for h in header]
    body = [[c if hasattr(c, "wrapOn") else Paragraph(markup(c), sheet["Cell"]) for c in row] for row in rows]
    total = sum(widths)
    table = Table([head, *body], colWidths=[w * CONTENT_WIDTH / total for w in widths], repeatRows=1)
    table.setStyle(TABLE_STYLE)
    return table


TABLE_STYLE = TableStyle(
    [
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
)

FACTS_STYLE = TableStyle(
    [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
)


def facts(pairs: list[tuple[str, object]]) -> Table:
    """A two-column label/value block (cover page, summaries)."""
    sheet = stylesheet()
    rows = [
        [Paragraph(markup(k, bold=True), sheet["CellHead"]), Paragraph(markup(v), sheet["Cell"])]
        for k, v in pairs
    ]
    table = Table(rows, colWidths=[0.3 * CONTENT_WIDTH, 0.7 * CONTENT_WIDTH])
    table.setStyle(FACTS_STYLE)
    return table


def outcome_markup(outcome: str, label: str) -> str:
    colour = OUTCOME_COLOURS.get(outcome, MUTED).hexval()[2:]
    return f'<font color="#{colour}"><b>{markup(label)}</b></font>'


def mm_(value: float) -> float:
    return value * mm


def fast_table(header: list[str], rows: list[list[object]], widths: list[float]) -> Table:
    """data_table for thousands of rows: short plain-Latin cells stay strings (no markup parse, no wrap)."""
    sheet = stylesheet()
    head = [Paragraph(markup(h, bold=True), sheet["CellHead"]) for h in header]
    total = sum(widths)
    col_widths = [w * CONTENT_WIDTH / total for w in widths]
    body = []
    for row in rows:
        cells = []
        for c, width in zip(row, col_widths, strict=True):
            text = "" if c is None else str(c)
            if hasattr(c, "wrapOn") or CJK_RUN.search(text) or stringWidth(text, BODY, 8) > width - 8:
                cells.append(c if hasattr(c, "wrapOn") else Paragraph(markup(text), sheet["Cell"]))
            else:
                cells.append(text)
        body.append(cells)
    table = Table([head, *body], colWidths=col_widths, repeatRows=1)
    table.setStyle(FAST_STYLE)
    return table


FAST_STYLE = TableStyle(
    [*TABLE_STYLE.getCommands(), ("FONTNAME", (0, 1), (-1, -1), BODY), ("FONTSIZE", (0, 1), (-1, -1), 8)]
)
