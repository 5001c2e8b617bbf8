"""The questionnaires' problems (an unanswered role, say) in the reader's language.

A released questionnaire's rule is frozen, its source pinned by a checksum (tests/governance/regulation/
test_content.py), so its problems stay the English it was released with; they are translated here, where
they are shown, as the change reasons are (foundation.reasons). A problem not listed is shown as written.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext, gettext_lazy

FIXED = {
    "The role (provider or deployer) is not answered.": gettext_lazy(
        "The role (provider or deployer) is not answered."
    ),
    "An Annex III system judged not high-risk needs the Art. 6(4) documented assessment.": gettext_lazy(
        "An Annex III system judged not high-risk needs the Art. 6(4) documented assessment."
    ),
    "The operator's role is not answered.": gettext_lazy("The operator's role is not answered."),
    "A listed area is chosen: say whether the effect is significant.": gettext_lazy(
        "A listed area is chosen: say whether the effect is significant."
    ),
}
UNANSWERED = re.compile(r"^Unanswered: (?P<keys>.+)\.$")


def problem_text(problem: str) -> str:
    """A rule's problem in the active language."""
    if problem in FIXED:
        return str(FIXED[problem])
    found = UNANSWERED.match(problem)
    if found:
        return gettext("Unanswered: %(keys)s.") % {"keys": found["keys"]}
    return problem
