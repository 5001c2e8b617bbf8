"""Tables of the reports: columns wide enough for every header word, and cells that always fit a page.

reportlab cannot split a table row across pages: a cell taller than the page is a LayoutError and the whole
report fails. So a cell taller than MAX_CELL_HEIGHT keeps its beginning in the table, marked "continued in
note N", and its full text goes to the report's appendix (document.render numbers the notes and adds it),
where a paragraph splits across as many pages as it needs. Header columns get at least the width of their
longest word, so a header never breaks inside a word ("Versio n").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table

from .fonts import body_face_only, body_font, drawable, markup, printable
from .styles import CONTENT_WIDTH, FACTS_STYLE, MUTED, TABLE_STYLE, fast_style, stylesheet

MAX_CELL_HEIGHT = 60 * mm  # taller cells continue in the appendix
EXCERPT_HEIGHT = 30 * mm  # what such a cell keeps in the table
PADDING = 8  # left and right cell padding (TABLE_STYLE)
MIN_HEADER_SIZE = 6.0
LINE_BREAKS = re.compile("[\t\n\r]")


@dataclass(eq=False)
class Note:
    """The full text of a cell too tall for a page, printed in the appendix."""

    label: str
    text: str  # Paragraph markup
    number: int | None = None


class NoteRef(Flowable):
    """The beginning of a long cell and a pointer to its note; the note's number is known only when the
    document is laid out (document.render numbers every note in story order)."""

    def __init__(self, excerpt: str, style, note: Note) -> None:
        super().__init__()
        self.excerpt, self.style, self.note = excerpt, style, note
        self._para: Paragraph | None = None

    def _paragraph(self) -> Paragraph:
        if self.note.number:
            where = _("(continued in note %(number)s of the appendix)") % {"number": self.note.number}
        else:
            where = _("(continued in a note of the appendix)")
        colour = MUTED.hexval()[2:]
        pointer = f'<font color="#{colour}">{where}</font>'
        return Paragraph(f"{self.excerpt}… {pointer}", self.style)

    def wrap(self, avail_width, avail_height):
        self._para = self._paragraph()
        self.width, self.height = self._para.wrap(avail_width, avail_height)
        return self.width, self.height

    def draw(self) -> None:
        self._para.drawOn(self.canv, 0, 0)

    def getPlainText(self) -> str:
        return self._paragraph().getPlainText()


@dataclass
class Cells:
    """Builds the cells of one table at known column widths, keeping the notes of overflowing cells."""

    widths: list[float]
    header: list[str]
    notes: list[Note] = field(default_factory=list)

    def make(self, value: object, column: int, row_key: str, *, style: str = "Cell") -> Flowable:
        chosen = stylesheet()[style]
        flowable = (
            value
            if hasattr(value, "wrapOn")
            else Paragraph(markup(value, bold=chosen.fontName == body_font(bold=True)), chosen)
        )
        if not isinstance(flowable, Paragraph):
            return flowable
        return self._fit(flowable, column, row_key)

    def _fit(self, para: Paragraph, column: int, row_key: str) -> Flowable:
        width = max(self.widths[column] - PADDING, 1)
        plain = para.getPlainText()
        leading = para.style.leading
        estimate = (
            stringWidth(plain, body_font(), para.style.fontSize) / width + plain.count("\n") + 1
        ) * leading
        if estimate < MAX_CELL_HEIGHT / 2 or para.wrap(width, 1e9)[1] <= MAX_CELL_HEIGHT:
            return para
        heading = self.header[column] if column < len(self.header) else _("Cell")
        note = Note(
            label=_("%(column)s, row “%(row)s”") % {"column": heading, "row": _short(row_key)}, text=para.text
        )
        self.notes.append(note)
        return NoteRef(_excerpt(plain, width, para.style), para.style, note)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _excerpt(plain: str, width: float, style) -> str:
    """As much of the text's beginning as fills about EXCERPT_HEIGHT at this width (as markup)."""
    lines = max(int(EXCERPT_HEIGHT / style.leading) - 1, 1)
    sample = plain[:400] or " "
    per_line = max(int(width / max(stringWidth(sample, body_font(), style.fontSize) / len(sample), 1)), 1)
    cut = plain[: lines * per_line]
    while cut and Paragraph(markup(cut), style).wrap(width, 1e9)[1] > EXCERPT_HEIGHT:
        cut = cut[: int(len(cut) * 0.8)]
    return markup(cut.rstrip())


def column_widths(
    header: list[str], weights: list[float], rows: list[list[object]] = ()
) -> tuple[list[float], float]:
    """Widths in proportion to the weights, each at least its header's longest word at the header size;
    (widths, header font size): the size shrinks to MIN_HEADER_SIZE when the words cannot fit otherwise.
    Short words of plain-text cells (labels such as "Experimentation") get the same, where room is left."""
    size = stylesheet()["CellHead"].fontSize
    cap = 0.4 * CONTENT_WIDTH  # a longer word (user text in a header) breaks anyway: it does not set widths
    while True:
        longest = [max((_word_width(w, size) for w in h.split()), default=0) for h in header]
        need = [min(width + PADDING + 1, cap) for width in longest]
        if sum(need) <= CONTENT_WIDTH or size <= MIN_HEADER_SIZE:
            break
        size -= 0.5
    body_need = [max(n, _body_words_width(rows, i) + PADDING + 1) for i, n in enumerate(need)]
    if sum(body_need) <= CONTENT_WIDTH:
        need = body_need
    widths = [w * CONTENT_WIDTH / sum(weights) for w in weights]
    fixed: set[int] = set()
    while True:
        short = {i for i, w in enumerate(widths) if w < need[i] - 0.01} - fixed
        if not short:
            return widths, size
        fixed |= short
        free = [i for i in range(len(widths)) if i not in fixed]
        room = CONTENT_WIDTH - sum(need[i] for i in fixed)
        if not free or room <= 0:
            return [max(w, n) for w, n in zip(widths, need, strict=True)], size
        free_weight = sum(weights[i] for i in free)
        widths = [need[i] if i in fixed else weights[i] * room / free_weight for i in range(len(widths))]


def _body_words_width(rows: list[list[object]], column: int) -> float:
    """The widest word of a column's plain-text cells, ignoring words too long to keep whole anyway."""
    cap = 0.2 * CONTENT_WIDTH
    widest = 0.0
    for row in rows:
        value = row[column] if column < len(row) else None
        if value is None or hasattr(value, "wrapOn"):
            continue
        for word in str(value).split():
            width = stringWidth(printable(word), body_font(), 8) if len(word) < 40 else cap + 1
            if width <= cap:
                widest = max(widest, width)
    return widest


def _word_width(word: str, size: float) -> float:
    font, text = drawable(word, bold=True)
    return stringWidth(text, font, size)


def _header_row(header: list[str], size: float) -> list[Paragraph]:
    base = stylesheet()["CellHead"]
    style = base if size == base.fontSize else base.clone(f"CellHead{size}", fontSize=size, leading=size + 2)
    return [Paragraph(markup(h, bold=True), style) for h in header]


def _row_key(row: list[object]) -> str:
    first = row[0] if row else ""
    return first.getPlainText() if hasattr(first, "getPlainText") else str(first or "")


def data_table(header: list[str], rows: list[list[object]], widths: list[float]) -> Table:
    """A table whose header row repeats on every page it spans; cells are user text unless flowables."""
    col_widths, size = column_widths(header, widths, rows)
    cells = Cells(col_widths, header)
    body = [[cells.make(c, i, _row_key(row)) for i, c in enumerate(row)] for row in rows]
    table = Table([_header_row(header, size), *body], colWidths=col_widths, repeatRows=1)
    table.setStyle(TABLE_STYLE)
    table.notes = cells.notes
    return table


def fast_table(header: list[str], rows: list[list[object]], widths: list[float]) -> Table:
    """data_table for thousands of rows: short cells the body face draws stay strings (no markup parse,
    no wrap)."""
    col_widths, size = column_widths(header, widths)
    cells = Cells(col_widths, header)
    face = body_font()
    body = []
    for row in rows:
        out: list[object] = []
        for i, c in enumerate(row):
            text = "" if c is None else str(c)
            plain = not hasattr(c, "wrapOn") and body_face_only(text) and not LINE_BREAKS.search(text)
            if plain and stringWidth(text, face, 8) <= col_widths[i] - PADDING:
                out.append(text)
            else:
                out.append(cells.make(c, i, _row_key(row)))
        body.append(out)
    table = Table([_header_row(header, size), *body], colWidths=col_widths, repeatRows=1)
    table.setStyle(fast_style())
    table.notes = cells.notes
    return table


def facts(pairs: list[tuple[str, object]]) -> Table:
    """A two-column label/value block (cover page, summaries)."""
    widths = [0.3 * CONTENT_WIDTH, 0.7 * CONTENT_WIDTH]
    cells = Cells(widths, ["Label", "Value"])
    rows = [[cells.make(k, 0, str(k), style="CellHead"), cells.make(v, 1, str(k))] for k, v in pairs]
    table = Table(rows, colWidths=widths)
    table.setStyle(FACTS_STYLE)
    table.notes = cells.notes
    return table
