"""The questionnaires' problems (an unanswered role) and reasons (why a category) in the reader's language.

A released questionnaire's rule is frozen, its source pinned by a checksum (tests/governance/regulation/
test_content.py), so its problems and reasons stay the English it was released with (the reasons are stored
on the classification as written); they are translated here, where they are shown, as the change reasons are
(foundation.reasons.StoredEnglish). A text not listed is shown as written.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy

from governance.foundation.reasons import StoredEnglish

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
UNANSWERED = (re.compile(r"^Unanswered: (?P<keys>.+)\.$"), gettext_lazy("Unanswered: %(keys)s."))

REASONS = {
    "a prohibited practice": gettext_lazy("a prohibited practice"),
    "safety component of an Annex I product": gettext_lazy("safety component of an Annex I product"),
    "third-party conformity assessment required": gettext_lazy("third-party conformity assessment required"),
    "profiles natural persons: the Art. 6(3) exceptions do not apply": gettext_lazy(
        "profiles natural persons: the Art. 6(3) exceptions do not apply"
    ),
    "exception applies": gettext_lazy("exception applies"),
    "assessment documented": gettext_lazy("assessment documented"),
    "generative AI: advance notice and output labelling": gettext_lazy(
        "generative AI: advance notice and output labelling"
    ),
    "virtual output hard to tell from reality must be indicated": gettext_lazy(
        "virtual output hard to tell from reality must be indicated"
    ),
    "significant effect on life, safety or fundamental rights": gettext_lazy(
        "significant effect on life, safety or fundamental rights"
    ),
}
# Composed reasons: (pattern, message); the named groups fill the message's placeholders.
COMPOSED = (
    (re.compile(r"^Art\. 50 case: (?P<flag>.+)$"), gettext_lazy("Art. 50 case: %(flag)s")),
    (re.compile(r"^listed: (?P<cited>.+)$"), gettext_lazy("listed: %(cited)s")),
    (re.compile(r"^listed area: (?P<cited>.+)$"), gettext_lazy("listed area: %(cited)s")),
    (
        re.compile(r"^carried over from the hand-set tier '(?P<tier>.*)'$"),
        gettext_lazy("carried over from the hand-set tier '%(tier)s'"),
    ),
)


PROBLEMS = StoredEnglish(FIXED, (UNANSWERED,))
CLASSIFICATION_REASONS = StoredEnglish(REASONS, COMPOSED)


def reason_text(why: str) -> str:
    """A classification's reason in the active language."""
    return CLASSIFICATION_REASONS.text(why)


def problem_text(problem: str) -> str:
    """A rule's problem in the active language."""
    return PROBLEMS.text(problem)
