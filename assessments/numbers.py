"""The one rule for showing a score: pages, charts and PDFs all call score_text.

Scores are shown to two decimals (one for the ML Test Score's half-point sums), rounded half up on the
decimal value a reader sees: 0.625 is "0.63" everywhere. Python's own formatting rounds the binary value
half to even (f"{0.625:.2f}" is "0.62") while Django's floatformat rounds half up, which is how a chart
and its table once disagreed about the same number.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

NOTHING = "—"


def score_text(value: float | Decimal | None, places: int = 2) -> str:
    """The score rounded half up to ``places`` decimals; an em dash for no score."""
    if value is None:
        return NOTHING
    quantum = Decimal(1).scaleb(-places)
    return str(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))
