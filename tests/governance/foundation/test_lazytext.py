"""Messages written once, read in either language, kept as JSON (foundation.lazytext, issue 25)."""

from __future__ import annotations

import json

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, npgettext_lazy, pgettext_lazy

from governance.foundation.lazytext import Joined, english, lower, render_message, text
from governance.inventory.models import MLModel

MESSAGES = [
    text(_("team is at level %(level)s, below %(needed)s"), level=0, needed=1),
    text(_("tier %(tier)s"), tier=lower(MLModel.AIActTier.HIGH.label)),
    text(
        _("untreated: %(risks)s"),
        risks=Joined([text(_("%(level)s risk '%(title)s'"), level="high", title="Outage"), "정전"]),
    ),
    text(_("empty: %(fields)s"), fields=Joined([_("limitations"), _("purpose")], ", ")),
    text(ngettext_lazy("%(count)s day", "%(count)s days", 1), count=1),
    text(ngettext_lazy("%(count)s day", "%(count)s days", 4), count=4),
    text(pgettext_lazy("history reason", "Holds %(environment)s"), environment="Production"),
    text(npgettext_lazy("a count of", "model", "models", 3)),
]


@pytest.mark.parametrize("message", MESSAGES)
def test_english_reads_the_msgids_as_english_does(message):
    """Without activating English (the gate's pass renders thousands): the same text as under English."""
    with translation.override("en"):
        as_english = str(message)
    with translation.override("ko"):
        assert english(message) == as_english
        assert str(message) != as_english  # and Korean is really another text


@pytest.mark.parametrize("message", MESSAGES)
def test_the_json_form_reads_back_in_each_language(message):
    stored = json.loads(json.dumps(message.as_json()))
    for language in ("en", "ko"):
        with translation.override(language):
            assert render_message(stored) == str(message)
