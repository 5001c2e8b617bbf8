"""Minimum lengths that fit Hangul as well as Latin script.

A Hangul syllable carries about as much as two or three Latin letters ("승인" is "approval"), so counting
code points refuses complete Korean sentences that an English minimum was sized for ("본인 승인 시도",
"attempted self-approval", is 8 code points). Minimums therefore count display width: a wide
(East Asian Wide or Fullwidth) character counts two, every other character one, which is how terminals and
monospaced layouts measure text and needs no language detection.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _


def text_weight(text: str) -> int:
    """Display width of the trimmed text: wide characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text.strip())


@deconstructible
class MinTextWeightValidator:
    """At least ``minimum`` display-width units, wide (Hangul, CJK) characters counting two."""

    code = "min_length"

    def __init__(self, minimum: int) -> None:
        self.minimum = minimum

    def __call__(self, value: str) -> None:
        if text_weight(value or "") < self.minimum:
            raise ValidationError(
                _("Write at least %(minimum)s characters (a Hangul or other wide character counts as two).")
                % {"minimum": self.minimum},
                code=self.code,
                params={"limit_value": self.minimum},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MinTextWeightValidator) and other.minimum == self.minimum

    def __hash__(self) -> int:
        return hash(self.minimum)
