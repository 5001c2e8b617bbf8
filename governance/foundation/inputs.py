"""Rules every text input obeys, wherever it comes from: no NUL character, and a length limit.

PostgreSQL refuses NUL in text and jsonb (a 500 if it reaches the database); Django's form CharField and
DRF's CharField already refuse it in plain text, but not inside JSON, where `\\u0000` spells it. Free text
without a max_length would take megabytes that PDF reports and pages then have to lay out.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.exceptions import ParseError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

TEXT_MAX_LENGTH = 20_000
# Lazy: read in the language of the request that is refused, not the one active at import.
NUL_MESSAGE = gettext_lazy("Remove the NUL character (\\u0000): text here cannot contain it.")


def nul_paths(value: Any, path: str = "") -> list[str]:
    """Where NUL characters are in a parsed JSON value (keys included), as dotted paths."""
    if isinstance(value, str):
        return [path or "value"] if "\x00" in value else []
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and "\x00" in key:
                found.append(where.replace("\x00", "\\u0000"))
            found += nul_paths(item, where.replace("\x00", "\\u0000"))
        return found
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in nul_paths(item, f"{path}.{i}" if path else str(i))]
    return []


def reject_nul(value: Any) -> None:
    """A validator for JSON values (and text): raises when a NUL character is anywhere in it."""
    if nul_paths(value):
        raise ValidationError(NUL_MESSAGE, code="null_characters_not_allowed")


def long_paths(value: Any, path: str = "", limit: int = TEXT_MAX_LENGTH) -> list[str]:
    if isinstance(value, str):
        return [path or "value"] if len(value) > limit else []
    if isinstance(value, dict):
        found = []
        for k, v in value.items():
            if isinstance(k, str) and len(k) > limit:  # a key is text too: named by its start
                found.append(f"{path}.{k[:40]}…" if path else f"{k[:40]}…")
            else:
                found += long_paths(v, f"{path}.{k}" if path else str(k), limit)
        return found
    if isinstance(value, list):
        return [
            p for i, v in enumerate(value) for p in long_paths(v, f"{path}.{i}" if path else str(i), limit)
        ]
    return []


def json_shape_problem(value: Any) -> str | None:
    """What makes a JSON value too big in shape, or None: a key longer than JSON_KEY_MAX_LENGTH, more than
    JSON_MAX_ENTRIES keys and list items in all, or nesting deeper than JSON_MAX_DEPTH (settings.py).

    Keys escaped the text limit: a 1.5 MB key was stored, and the edit page then served it."""
    key_max, entries_max, depth_max = (
        settings.JSON_KEY_MAX_LENGTH,
        settings.JSON_MAX_ENTRIES,
        settings.JSON_MAX_DEPTH,
    )
    entries = 0
    stack: list[tuple[Any, int, str]] = [(value, 1, "")]
    while stack:
        item, depth, path = stack.pop()
        if not isinstance(item, dict | list):
            continue
        if depth > depth_max:
            return (
                f"Nest objects and lists at most {depth_max} levels deep ({path or 'the value'} is deeper)."
            )
        entries += len(item)
        if entries > entries_max:
            return f"Use at most {entries_max} keys and list items in all."
        pairs = item.items() if isinstance(item, dict) else enumerate(item)
        for key, child in pairs:
            if isinstance(key, str) and len(key) > key_max:
                return f"Keys may have at most {key_max} characters ({key[:40]!r}… has {len(key)})."
            stack.append((child, depth + 1, f"{path}.{key}" if path else str(key)))
    return None


def validate_json_shape(value: Any) -> None:
    """The one validator for JSON fields that take input, used by forms, serializers and models alike."""
    problem = json_shape_problem(value)
    if problem:
        raise ValidationError(problem, code="json_too_large")


def validate_json_fields(instance: Any, *names: str) -> None:
    """Model.clean() helper: the shape rule for the instance's JSON fields, errors keyed by field."""
    errors = {name: problem for name in names if (problem := json_shape_problem(getattr(instance, name)))}
    if errors:
        raise ValidationError(errors, code="json_too_large")


def limit_free_text(form: forms.BaseForm, limit: int = TEXT_MAX_LENGTH) -> None:
    """Give every text field of the form without a max_length this one (form error, maxlength attribute)."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and field.max_length is None:
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit))
            field.widget.attrs.setdefault("maxlength", str(limit))


def refuse_bad_text(data: Any) -> None:
    """Raise a field-by-field validation error (400) for NUL characters and over-long strings in data."""
    problems: dict[str, list[str]] = {}
    for path in nul_paths(data):
        problems.setdefault(path, []).append(NUL_MESSAGE)
    for path in long_paths(data):
        problems.setdefault(path, []).append(
            _("Use at most %(limit)s characters.") % {"limit": TEXT_MAX_LENGTH}
        )
    if problems:
        raise serializers.ValidationError(problems)


class GuardedJSONParser(JSONParser):
    """The API's JSON parser: refuses NUL characters and over-long strings anywhere, naming where."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
            refuse_bad_text(data)
        except RecursionError as exc:  # thousands of nested brackets: json and the walks above give up
            raise ParseError(_("JSON parse error - the document is nested too deeply.")) from exc
        return data


class GuardedFormParser(FormParser):
    """Form-encoded API bodies obey the same rule as JSON ones (every value of every field)."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        refuse_bad_text(dict(data.lists()))
        return data


class GuardedMultiPartParser(MultiPartParser):
    """Multipart API bodies: the same rule for their text fields (files are not text)."""

    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        refuse_bad_text(dict(parsed.data.lists()))
        return parsed
