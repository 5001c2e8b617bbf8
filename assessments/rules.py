"""Answer rules shared by the services and the forms."""

from __future__ import annotations

from governance.foundation.textlength import text_weight

# "Not applicable" removes a question from the score, so it must say why: a one-line justification of at
# least this display width (a Hangul character counts two; see governance.foundation.textlength).
NA_JUSTIFICATION_MIN = 10
NA_JUSTIFICATION_MESSAGE = (
    f"Say in one line why this does not apply to the team (at least {NA_JUSTIFICATION_MIN} characters; "
    "a Hangul character counts as two)."
)


def na_justified(evidence: str) -> bool:
    return text_weight(evidence or "") >= NA_JUSTIFICATION_MIN
