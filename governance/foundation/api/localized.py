"""A read-only API field for bilingual content: the text in the request's language (foundation/i18n.py).

Display texts (a question, a check title, a finding) follow Accept-Language like the pages; codes, keys and
field names stay English. A Korean text that is missing falls back to the English one.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from governance.foundation.i18n import localized


class LocalizedCharField(serializers.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance: Any) -> str:
        *path, name = self.source_attrs  # "obligation.title": the obligation's title
        for attr in path:
            instance = getattr(instance, attr)
        return localized(instance, name)
