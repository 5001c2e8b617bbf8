"""`{{ question|localized:"text" }}`: a content field in the page's language (see foundation/i18n.py)."""

from __future__ import annotations

from typing import Any

from django import template

from governance.foundation.i18n import localized as _localized

register = template.Library()


@register.filter
def localized(obj: Any, field: str) -> str:
    if obj is None or obj == "":
        return ""
    return _localized(obj, field)
