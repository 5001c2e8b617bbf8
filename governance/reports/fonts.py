"""Fonts for the PDFs: TrueType files embedded so any text users type renders offline without missing glyphs.

DejaVu Sans covers Latin, Greek, Cyrillic and most symbols; NanumGothic covers Hangul (and common Hanja).
Paragraph markup switches font per run of text, so one line can mix both. An English report is set in
DejaVu with Hangul runs in NanumGothic; a Korean report (built under translation.override("ko")) is set in
NanumGothic throughout, regular and bold, with only the characters NanumGothic lacks (some symbols, Greek,
Cyrillic) in DejaVu. The active language picks the faces: see body_font.

A character neither face has, and any character outside the Basic Multilingual Plane (reportlab writes a
malformed ToUnicode map for those: the text layer breaks, pypdf warns "Odd-length string"), is printed as its
code point in brackets, "[U+1F600]", so the reader sees that something was there and what; invisible format
characters the fonts lack (variation selectors, joiners) are dropped. See docs/decisions.md.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

BODY = "DejaVu"
BODY_BOLD = "DejaVu-Bold"
HANGUL = "Nanum"
HANGUL_BOLD = "Nanum-Bold"

# Hangul jamo and syllables, CJK punctuation, kana, CJK ideographs and full-width forms: NanumGothic's ranges.
CJK_RUN = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3130-\u318f\u3200-\u32ff"
    "\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff\uf900-\ufaff\uff00-\uffef]+"
)
_FONTS = (
    (BODY, "REPORT_FONT_LATIN", "fonts-dejavu-core"),
    (BODY_BOLD, "REPORT_FONT_LATIN_BOLD", "fonts-dejavu-core"),
    (HANGUL, "REPORT_FONT_HANGUL", "fonts-nanum"),
    (HANGUL_BOLD, "REPORT_FONT_HANGUL_BOLD", "fonts-nanum"),
)
_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the four faces once per process; a missing file is a configuration error that names it."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, setting, package in _FONTS:
            path = Path(getattr(settings, setting))
            if not path.is_file():
                raise ImproperlyConfigured(
                    f"PDF report font file {path} is missing (setting {setting}). Install the Debian package "
                    f"{package} (apt-get install -y {package}) or set {setting} to a TrueType font file."
                )
            pdfmetrics.registerFont(TTFont(name, str(path)))
        for family, normal, bold in ((BODY, BODY, BODY_BOLD), (HANGUL, HANGUL, HANGUL_BOLD)):
            addMapping(family, 0, 0, normal)
            addMapping(family, 1, 0, bold)
            addMapping(family, 0, 1, normal)  # no italic faces: italic falls back to upright
            addMapping(family, 1, 1, bold)
        _registered = True


def korean() -> bool:
    """Whether the active language (the report's, under translation.override) is Korean."""
    return (get_language() or "").split("-")[0] == "ko"


def body_font(*, bold: bool = False) -> str:
    """The face a report's text is set in: NanumGothic (regular or bold) for Korean, else DejaVu Sans."""
    if korean():
        return HANGUL_BOLD if bold else HANGUL
    return BODY_BOLD if bold else BODY


def other_font(*, bold: bool = False) -> str:
    """The face the characters the body face lacks are set in (the other of the two families)."""
    if korean():
        return BODY_BOLD if bold else BODY
    return HANGUL_BOLD if bold else HANGUL


def _char_class(codes: set[int]) -> str:
    """A regex character class body for a set of BMP code points, as ranges."""
    parts, ordered = [], sorted(codes)
    start = prev = ordered[0]
    for code in [*ordered[1:], None]:
        if code is not None and code == prev + 1:
            prev = code
            continue
        parts.append(re.escape(chr(start)) + ("" if start == prev else "-" + re.escape(chr(prev))))
        if code is not None:
            start = prev = code
    return "".join(parts)


def _printable(codes: set[int]) -> set[int]:
    """What a face can draw in a valid text layer: its BMP glyphs, less control characters and
    non-characters (tab, line feed and carriage return stay: paragraphs read them as spaces)."""
    return {c for c in codes if c <= 0xFFFF and unicodedata.category(chr(c)) not in ("Cc", "Cs", "Cn")} | {
        0x09,
        0x0A,
        0x0D,
    }


def _coverage(bold: bool) -> tuple[re.Pattern, re.Pattern, frozenset[int]]:
    """(text the body face draws alone, one character the other face takes, every drawable code point),
    for the active language's body face."""
    return _coverage_for(bold, korean())


@cache
def _coverage_for(bold: bool, hangul_body: bool) -> tuple[re.Pattern, re.Pattern, frozenset[int]]:
    register_fonts()
    latin = _printable(set(pdfmetrics.getFont(BODY_BOLD if bold else BODY).face.charToGlyph))
    hangul = _printable(set(pdfmetrics.getFont(HANGUL_BOLD if bold else HANGUL).face.charToGlyph))
    if hangul_body:  # Korean report: NanumGothic draws all it can, DejaVu only what NanumGothic lacks
        body, other_takes = hangul, latin - hangul
    else:  # English report: DejaVu draws all but Hangul/CJK and what it lacks
        cjk = {c for c in hangul if CJK_RUN.match(chr(c))}
        body, other_takes = latin, cjk | (hangul - latin)
    body_only = body - other_takes
    return (
        re.compile(f"[{_char_class(body_only)}]*"),
        re.compile(f"[{_char_class(other_takes)}]"),
        frozenset(latin | hangul),
    )


def _stand_in(char: str) -> str:
    code, category = ord(char), unicodedata.category(char)
    if category == "Cf" or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
        return ""  # invisible anyway: a joiner, a direction mark, a variation selector
    if category in ("Cc", "Zl", "Zp"):
        return " "  # a control character or line separator: a space keeps the words around it apart
    return f"[U+{code:04X}]"


def printable(text: object, *, bold: bool = False) -> str:
    """The text with every character the embedded faces cannot draw replaced by a visible stand-in."""
    value = "" if text is None else str(text)
    body_only, _, drawable = _coverage(bold)
    if body_only.fullmatch(value):
        return value
    return "".join(c if ord(c) in drawable else _stand_in(c) for c in value)


def markup(text: object, *, bold: bool = False) -> str:
    """User text as safe Paragraph markup: characters no face has replaced (see printable), escaped, then
    the runs the other face draws (in an English report Hangul, CJK and what DejaVu lacks; in a Korean one
    what NanumGothic lacks) wrapped in it (its bold face in bold styles: a font tag names a face, so it does
    not inherit the style's weight)."""
    value = printable(text, bold=bold)
    body_only, other_takes, _ = _coverage(bold)
    if body_only.fullmatch(value):
        return escape(value)
    face = other_font(bold=bold)
    out, run = [], []
    for char in value:
        if other_takes.match(char):
            run.append(char)
            continue
        if run:
            out.append(f'<font name="{face}">{escape("".join(run))}</font>')
            run = []
        out.append(escape(char))
    if run:
        out.append(f'<font name="{face}">{escape("".join(run))}</font>')
    return "".join(out)


def body_face_only(text: str) -> bool:
    """Whether the body face draws every character of the text (then it needs no markup)."""
    return _coverage(False)[0].fullmatch(text) is not None


def font_for(text: str, *, bold: bool = False) -> str:
    """One font for a whole string drawn outside a Paragraph (chart labels): the other face's if the body
    face lacks any of its characters (Hangul in an English report)."""
    if _coverage(bold)[1].search(text or ""):
        return other_font(bold=bold)
    return body_font(bold=bold)


def drawable(text: object, *, bold: bool = False) -> tuple[str, str]:
    """(font, text) for a string drawn outside a Paragraph: one face, and what that face cannot draw
    replaced as in printable."""
    value = printable(text, bold=bold)
    font = font_for(value, bold=bold)
    glyphs = pdfmetrics.getFont(font).face.charToGlyph
    return font, "".join(c if ord(c) in glyphs or c in "\t\n\r" else _stand_in(c) for c in value)
