"""The one style sheet every report uses: paragraph styles, table styles, colours and page geometry."""

from __future__ import annotations

from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak, Paragraph, Table, TableStyle

from .fonts import body_font, korean, markup, register_fonts

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


def stylesheet() -> StyleSheet1:
    """The active language's style sheet: NanumGothic throughout for Korean, DejaVu Sans otherwise."""
    return _stylesheet(korean())


@cache
def _stylesheet(hangul_body: bool) -> StyleSheet1:
    register_fonts()
    BODY, BODY_BOLD = body_font(), body_font(bold=True)
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
    return Paragraph(text if raw else markup(text, bold=chosen.fontName == body_font(bold=True)), chosen)


class Heading(Paragraph):
    """A heading that moves to the next page unless what it introduces starts under it on the same page.

    document.render tells each heading the flowable that follows it (`following`). The heading needs room
    for itself and that flowable's first piece: a table's header and first row, a paragraph's first lines,
    a drawing whole, the next heading's own need. (keepWithNext would move a heading together with a whole
    long table, leaving half a page blank.)
    """

    following = None

    def wrap(self, avail_width, avail_height):
        width, height = super().wrap(avail_width, avail_height)
        need = height + self.style.spaceAfter + first_piece_height(self.following, avail_width)
        if avail_height < need <= BODY_HEIGHT * 0.9:
            return width, avail_height + 1
        return width, height

    def split(self, avail_width, avail_height):
        return []


BODY_HEIGHT = PAGE[1] - 2 * MARGIN - 10


def first_piece_height(flowable, width: float) -> float:
    """The height of the least part of a flowable that may start a page: what a heading keeps under it."""
    if flowable is None or isinstance(flowable, (PageBreak, CondPageBreak)):
        return 0
    if isinstance(flowable, Heading):
        return flowable.wrap(width, BODY_HEIGHT)[1] + first_piece_height(flowable.following, width)
    if isinstance(flowable, Table):
        flowable.wrap(width, BODY_HEIGHT)
        heights = flowable._rowHeights or [0]
        return sum(heights[: flowable.repeatRows + 1]) + (getattr(flowable, "spaceBefore", 0) or 0)
    if isinstance(flowable, Paragraph):
        full = flowable.wrap(width, BODY_HEIGHT)[1]
        return min(full, 2 * flowable.style.leading) + flowable.style.spaceBefore
    return flowable.wrap(width, BODY_HEIGHT)[1]


def heading(text: object, level: int = 1) -> Heading:
    return Heading(markup(text, bold=True), stylesheet()[f"H{level}"])


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


def outcome_markup(outcome: str, label: str) -> str:
    colour = OUTCOME_COLOURS.get(outcome, MUTED).hexval()[2:]
    return f'<font color="#{colour}"><b>{markup(label)}</b></font>'


def mm_(value: float) -> float:
    return value * mm


def fast_style() -> TableStyle:
    """TABLE_STYLE for tables of plain-text cells, in the active language's body face."""
    return _fast_style(body_font())


@cache
def _fast_style(face: str) -> TableStyle:
    return TableStyle(
        [*TABLE_STYLE.getCommands(), ("FONTNAME", (0, 1), (-1, -1), face), ("FONTSIZE", (0, 1), (-1, -1), 8)]
    )
