"""Notice texts written in each recipient's language, not the language of whoever caused the event.

A producer builds a title as `text(_("... %(name)s ..."), name=...)`: a lazy string that is formatted when
it is read. notify_many reads it once per language among the recipients, under translation.override, so
one event gives each recipient the title in their saved language (UserPreference, else LANGUAGE_CODE)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


def _format(message: Any, params: dict[str, Any]) -> str:
    return str(message) % {key: str(value) for key, value in params.items()}


_lazy_format = lazy(_format, str)


def text(message: Any, **params: Any) -> str:
    """A message (gettext_lazy) with its named placeholders filled, both in the language active when read."""
    return _lazy_format(message, params)


lower = lazy(lambda value: str(value).lower(), str)
lower.__doc__ = "A (lazy) label in lower case, in the language active when read."


def days_word(days: int) -> str:
    """ "1 day", "3 days" (in the language active when read)."""
    return text(ngettext_lazy("%(count)s day", "%(count)s days", days), count=days)


def count_word(count: int, singular: Any, plural: Any) -> str:
    """A count with its noun, plural-aware: count_word(2, _("%(count)s check"), _("%(count)s checks"))."""
    return text(plural if count != 1 else singular, count=count)


def recipient_language(language: str | None) -> str:
    """The language a recipient reads: their saved one, else the site's (LANGUAGE_CODE)."""
    return language or settings.LANGUAGE_CODE


def rendered(value: Any, language: str) -> str:
    """A (possibly lazy) text as the recipient reads it."""
    with translation.override(language):
        return str(value)


__all__ = ["_", "count_word", "days_word", "lower", "recipient_language", "rendered", "text"]
