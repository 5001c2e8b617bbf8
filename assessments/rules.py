"""Answer rules shared by the services and the forms."""

from __future__ import annotations

from django.utils.functional import lazy
from django.utils.translation import gettext

from governance.foundation.textlength import text_weight

# "Not applicable" removes a question from the score, so it must say why: a one-line justification of at
# least this display width (a Hangul character counts two; see governance.foundation.textlength).
NA_JUSTIFICATION_MIN = 10


def _na_justification_message() -> str:
    return gettext(
        "Say in one line why this does not apply to the team (at least %(minimum)s characters; a Hangul "
        "character counts as two)."
    ) % {"minimum": NA_JUSTIFICATION_MIN}


NA_JUSTIFICATION_MESSAGE = lazy(_na_justification_message, str)()  # in the language active when read


def na_justified(evidence: str) -> bool:
    return text_weight(evidence or "") >= NA_JUSTIFICATION_MIN
