"""The page frame every report shares: header and footer with title, "Page x of y" and report id, and
PDF metadata. "of y" needs the page count before any page is written, hence the two-pass canvas."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

import governance

from .fonts import body_font, markup
from .styles import MARGIN, MUTED, PAGE, RULE, Heading, heading, stylesheet

PRODUCER = f"ML governance {governance.__version__}"


@dataclass(frozen=True)
class Rendered:
    data: bytes
    pages: int


def _numbered_canvas(title: str, report_label: str):
    """A canvas that holds every page until save(), then stamps the footer with the total page count."""

    face = body_font()  # the report's language is active while it is built (and saved)

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs) -> None:
            kwargs.setdefault("initialFontName", face)  # not Helvetica, which would be referenced unembedded
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict] = []

        def showPage(self) -> None:
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved_pages)
            for state in self._saved_pages:
                self.__dict__.update(state)
                self._draw_frame(total)
                super().showPage()
            super().save()

        def _draw_frame(self, total: int) -> None:
            width, height = PAGE
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, height - MARGIN + 4, width - MARGIN, height - MARGIN + 4)
            self.line(MARGIN, MARGIN - 6, width - MARGIN, MARGIN - 6)
            header = Paragraph(markup(title), stylesheet()["Small"])
            header.wrap(width - 2 * MARGIN - 120, 30)
            header.drawOn(self, MARGIN, height - MARGIN + 8)
            self.setFont(face, 8)
            self.setFillColor(MUTED)
            self.drawRightString(width - MARGIN, height - MARGIN + 8, report_label)
            self.drawString(MARGIN, MARGIN - 16, report_label)
            self.drawRightString(width - MARGIN, MARGIN - 16, page_of(self._pageNumber, total))
            self.restoreState()

    return NumberedCanvas


def page_of(page: int, total: int) -> str:
    return _("Page %(page)s of %(total)s") % {"page": page, "total": total}


def _notes(flowables: list) -> list:
    """The notes of cells too long for their table (tables.Note), in story order, nested lists included."""
    found = []
    for flowable in flowables:
        found += getattr(flowable, "notes", [])
        inner = getattr(flowable, "_content", None)
        if isinstance(inner, list):
            found += _notes(inner)
    return found


def appendix(story: list) -> list:
    """Number the notes of long cells and give them a closing section, where their text splits across pages
    like any paragraph."""
    notes = _notes(story)
    if not notes:
        return []
    parts = [
        heading(_("Appendix: long entries in full")),
        Paragraph(
            _("Entries too long for a table row are shortened there and printed here in full."),
            stylesheet()["Small"],
        ),
    ]
    for number, note in enumerate(notes, start=1):
        note.number = number
        parts += [
            heading(_("Note %(number)s: %(label)s") % {"number": number, "label": note.label}, 2),
            Paragraph(note.text, stylesheet()["Body"]),
        ]
    return parts


def _link_headings(story: list) -> None:
    """Tell each heading what follows it, so it moves to the next page rather than end one alone."""
    for current, following in zip(story, [*story[1:], None], strict=True):
        if isinstance(current, Heading):
            current.following = following


def render(story: list, *, title: str, subject: str, author: str, report_id: int | None) -> Rendered:
    """Lay the story out on A4 pages with the shared header and footer; return the bytes and page count."""
    story = [*story, *appendix(story)]
    _link_headings(story)
    buffer = io.BytesIO()
    label = _("Report #%(id)s") % {"id": report_id} if report_id else _("Report (preview)")
    doc = BaseDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 6,
        bottomMargin=MARGIN + 4,
        title=title,
        author=author,
        subject=subject,
        creator=PRODUCER,
        producer=PRODUCER,
        keywords=[label],
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    canvas_class = _numbered_canvas(title, label)
    pages: list[int] = []

    class Counting(canvas_class):
        def save(self) -> None:
            pages.append(len(self._saved_pages))
            super().save()

    doc.build(story, canvasmaker=Counting)
    return Rendered(buffer.getvalue(), pages[0] if pages else 0)
