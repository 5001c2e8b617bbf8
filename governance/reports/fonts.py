"""Fonts for the PDFs: TrueType files embedded so any text users type renders offline without missing glyphs.

DejaVu Sans covers Latin, Greek, Cyrillic and most symbols; NanumGothic covers Hangul (and common Hanja).
Paragraph markup switches font per run of text, so one line can mix both.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
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


def markup(text: object, *, bold: bool = False) -> str:
    """User text as safe Paragraph markup: escaped first, then Hangul/CJK runs wrapped in the Hangul font
    (its bold face in bold styles: a font tag names a face, so it does not inherit the style's weight)."""
    escaped = escape("" if text is None else str(text))
    face = HANGUL_BOLD if bold else HANGUL
    return CJK_RUN.sub(lambda m: f'<font name="{face}">{m.group(0)}</font>', escaped)


def font_for(text: str, *, bold: bool = False) -> str:
    """One font for a whole string drawn outside a Paragraph (chart labels): Hangul's if it has any."""
    if CJK_RUN.search(text or ""):
        return HANGUL_BOLD if bold else HANGUL
    return BODY_BOLD if bold else BODY
