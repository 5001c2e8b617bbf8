"""The change reasons the product writes into the history, shown in the reader's language.

A reason is stored as written, in English (`history_change_reason`: also what the API, the audit export and
old rows carry). The ones the product writes itself are listed here, fixed ones by their text and composed
ones ("Holds Production") by a pattern whose parts are kept (an environment's or a version's name), so that
the history and the audit log show them translated, old rows included. A reason a person typed (an owner
transfer's note) is shown as it is. tests/i18n checks that every reason written in the code is listed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import pgettext_lazy

# Each literal spelled out: makemessages reads them here.
FIXED: dict[str, Any] = {
    "Accepted": pgettext_lazy("history reason", "Accepted"),
    "Added": pgettext_lazy("history reason", "Added"),
    "Alias removed": pgettext_lazy("history reason", "Alias removed"),
    "Answered": pgettext_lazy("history reason", "Answered"),
    "Approval added": pgettext_lazy("history reason", "Approval added"),
    "Approved": pgettext_lazy("history reason", "Approved"),
    "Attested": pgettext_lazy("history reason", "Attested"),
    "Closed": pgettext_lazy("history reason", "Closed"),
    "Created": pgettext_lazy("history reason", "Created"),
    "Demotion": pgettext_lazy("history reason", "Demotion"),
    "Disabled after failures": pgettext_lazy("history reason", "Disabled after failures"),
    "Edited": pgettext_lazy("history reason", "Edited"),
    "EU AI Act tier from its classification": pgettext_lazy(
        "history reason", "EU AI Act tier from its classification"
    ),
    "Expired": pgettext_lazy("history reason", "Expired"),
    "Linked": pgettext_lazy("history reason", "Linked"),
    "Override removed": pgettext_lazy("history reason", "Override removed"),
    "Overridden": pgettext_lazy("history reason", "Overridden"),
    "Promotion": pgettext_lazy("history reason", "Promotion"),
    "Recorded": pgettext_lazy("history reason", "Recorded"),
    "Registered": pgettext_lazy("history reason", "Registered"),
    "Rejected": pgettext_lazy("history reason", "Rejected"),
    "Requested": pgettext_lazy("history reason", "Requested"),
    "Reviewed": pgettext_lazy("history reason", "Reviewed"),
    "Rollback": pgettext_lazy("history reason", "Rollback"),
    "Saved": pgettext_lazy("history reason", "Saved"),
    "Started": pgettext_lazy("history reason", "Started"),
    "Submitted": pgettext_lazy("history reason", "Submitted"),
    "Tag removed": pgettext_lazy("history reason", "Tag removed"),
    "Tag set": pgettext_lazy("history reason", "Tag set"),
    "Waived": pgettext_lazy("history reason", "Waived"),
    "Withdrawn": pgettext_lazy("history reason", "Withdrawn"),
}

# (pattern of the English as stored, its message): named groups fill the message's placeholders; a group
# named `reason` is itself a reason (translated when listed).
PATTERNS: list[tuple[re.Pattern[str], Any]] = [
    (
        re.compile(r"^(?P<reason>\w+): (?P<version>\S+) to (?P<environment>.+?) \(was (?P<previous>\S+)\)$"),
        pgettext_lazy("history reason", "%(reason)s: %(version)s to %(environment)s (was %(previous)s)"),
    ),
    (
        re.compile(r"^(?P<reason>\w+): (?P<version>\S+) to (?P<environment>.+)$"),
        pgettext_lazy("history reason", "%(reason)s: %(version)s to %(environment)s"),
    ),
    (
        re.compile(r"^(?P<reason>\w+): (?P<version>\S+) left (?P<environment>.+)$"),
        pgettext_lazy("history reason", "%(reason)s: %(version)s left %(environment)s"),
    ),
    (re.compile(r"^Holds (?P<environment>.+)$"), pgettext_lazy("history reason", "Holds %(environment)s")),
    (re.compile(r"^Left (?P<environment>.+)$"), pgettext_lazy("history reason", "Left %(environment)s")),
    (
        re.compile(r"^(?P<version>\S+) in (?P<environment>.+)$"),
        pgettext_lazy("history reason", "%(version)s in %(environment)s"),
    ),
    (
        re.compile(r"^(?P<version>\S+) left (?P<environment>.+)$"),
        pgettext_lazy("history reason", "%(version)s left %(environment)s"),
    ),
    (
        re.compile(r"^Alias @(?P<name>\S+) set to (?P<version>.+)$"),
        pgettext_lazy("history reason", "Alias @%(name)s set to %(version)s"),
    ),
    (
        re.compile(r"^Ownership transferred to (?P<owner>\S+)\.(?P<note>.*)$", re.S),
        pgettext_lazy("history reason", "Ownership transferred to %(owner)s.%(note)s"),
    ),
    (re.compile(r"^superseded by (?P<name>.+)$"), pgettext_lazy("history reason", "superseded by %(name)s")),
    (
        re.compile(r"^retention of (?P<days>\d+) days ended: rows purged \((?P<name>.*)\)$"),
        pgettext_lazy("history reason", "retention of %(days)s days ended: rows purged (%(name)s)"),
    ),
    (
        re.compile(r"^MLflow sync #(?P<run>\d+) \((?P<connector>.*)\)$"),
        pgettext_lazy("history reason", "MLflow sync #%(run)s (%(connector)s)"),
    ),
]


@dataclass(frozen=True)
class StoredEnglish:
    """Texts the product stored in English, shown in the reader's language: fixed ones by their text, composed
    ones by a pattern whose named groups fill the message's placeholders (a group named `reason` must itself
    be a fixed text, translated); anything else, a person's words included, as written."""

    fixed: Mapping[str, Any]
    patterns: Sequence[tuple[re.Pattern[str], Any]] = ()

    def text(self, english: str) -> str:
        if english in self.fixed:
            return str(self.fixed[english])
        for pattern, message in self.patterns:
            found = pattern.match(english)
            if found:
                parts = found.groupdict()
                if "reason" in parts:
                    if parts["reason"] not in self.fixed:
                        continue
                    parts["reason"] = str(self.fixed[parts["reason"]])
                return str(message) % parts
        return english


HISTORY_REASONS = StoredEnglish(FIXED, PATTERNS)


def reason_text(reason: str) -> str:
    """A stored change reason in the active language: the product's own translated, a person's as typed."""
    return HISTORY_REASONS.text(reason) if reason else ""
