"""Notice texts in the reader's language, not the language of whoever caused the event.

A producer builds a title as `text(_("... %(name)s ..."), name=...)`: a message formatted when it is read.
notify_many reads it once per language among the recipients (the stored `title`, kept as the fallback) and
stores the message itself as JSON (`title_message`: msgids and parameters), so that a page, the e-mail and
the digest render it again in the language of whoever reads it (`render_message`). The message mechanism
is governance.foundation.lazytext."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from governance.foundation.lazytext import Text, lower, render_message, text


def days_word(days: int) -> Text:
    """ "1 day", "3 days" (in the language active when read)."""
    return text(ngettext_lazy("%(count)s day", "%(count)s days", days), count=days)


def count_word(count: int, singular: Any, plural: Any) -> Text:
    """A count with its noun, plural-aware: count_word(2, _("%(count)s check"), _("%(count)s checks"))."""
    return text(plural if count != 1 else singular, count=count)


def recipient_language(language: str | None) -> str:
    """The language a recipient reads: their saved one, else the site's (LANGUAGE_CODE)."""
    return language or settings.LANGUAGE_CODE


def rendered(value: Any, language: str) -> str:
    """A (possibly lazy) text as the recipient reads it."""
    with translation.override(language):
        return str(value)


__all__ = [
    "Text",
    "_",
    "count_word",
    "days_word",
    "lower",
    "recipient_language",
    "render_message",
    "rendered",
    "text",
]
