"""Strict request bodies: an unknown or read-only field is a 400, and every value must have its JSON type.

DRF alone drops unknown fields, ignores read-only ones and coerces types ("12345" for 12345, true for 1.0,
"0.2" for a rate). A pipeline with a typo then loses data silently, so every API input serializer mixes
this in (issue 15, items 8 and 9).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import fields as f
from rest_framework import relations, serializers

UNKNOWN = _("Unknown field; see the request schema at /api/schema/ for the fields this operation takes.")
READ_ONLY = _("This field is read-only and cannot be set here.")

EARLIEST = datetime.date(1970, 1, 1)  # no record of this product's kind predates it; earlier is a typo


def _day(value: datetime.date) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


# The JSON types a field accepts, checked before DRF's own (lenient) conversion.
_TEXT = (str,)
_NUMBER = (int, float)


def _type_error(field: f.Field, value: Any) -> str | None:
    """Why `value` does not have the JSON type `field` takes, or None."""
    if value is None:
        return None  # DRF reports a null where none is allowed, in its own words
    if isinstance(field, f.BooleanField):
        return None if isinstance(value, bool) else _("Must be a JSON boolean (true or false).")
    if isinstance(field, relations.PrimaryKeyRelatedField):
        return None if _is_int(value) else _("Must be an integer id.")
    if isinstance(field, relations.ManyRelatedField):
        return None if isinstance(value, list) else _("Must be a JSON array.")
    if isinstance(field, f.ChoiceField):
        expected = {type(key) for key in field.choices}
        if expected <= {int}:
            return None if _is_int(value) else _("Must be one of the integer choices.")
        return None if isinstance(value, str) else _("Must be a string, one of the choices.")
    if isinstance(field, f.IntegerField):
        return None if _is_int(value) else _("Must be an integer (a JSON number, not a string).")
    if isinstance(field, f.FloatField | f.DecimalField):
        if isinstance(value, bool) or not isinstance(value, _NUMBER):
            return _("Must be a number (a JSON number, not a string).")
        return None
    if isinstance(field, f.ListField):
        if not isinstance(value, list):
            return _("Must be a JSON array.")
        return _first(_type_error(field.child, item) for item in value)
    if isinstance(field, f.DictField | f.HStoreField):
        if not isinstance(value, Mapping):
            return _("Must be a JSON object.")
        return _first(_type_error(field.child, item) for item in value.values())
    if isinstance(field, f.JSONField):
        return None
    if isinstance(field, serializers.BaseSerializer):
        return None if isinstance(value, Mapping | list) else _("Must be a JSON object.")
    if isinstance(field, f.CharField | f.DateField | f.DateTimeField | f.TimeField | relations.RelatedField):
        return None if isinstance(value, _TEXT) else _("Must be a string.")
    return None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _first(reasons) -> str | None:
    return next((reason for reason in reasons if reason), None)


class StrictInput:
    """Mix into an input serializer. `refused_fields` maps a field to why it may not be sent (a PATCH of a
    model's team, say); other read-only fields and unknown fields get a generic reason."""

    refused_fields: dict[str, str] = {}

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            errors: dict[str, list[str]] = {}
            for name, value in data.items():
                reason = self._field_problem(name, value)
                if reason:
                    errors[name] = [reason]
            if errors:
                raise serializers.ValidationError(errors)
        values = super().to_internal_value(data)
        early = {
            name: [_("Dates before %(day)s are refused.") % {"day": EARLIEST.isoformat()}]
            for name, value in values.items()
            if isinstance(value, datetime.date) and _day(value) < EARLIEST
        }
        if early:
            raise serializers.ValidationError(early)
        return values

    def _field_problem(self, name: str, value: Any) -> str | None:
        if name in self.refused_fields:
            return self.refused_fields[name]
        field = self.fields.get(name)
        if field is None:
            return UNKNOWN
        if field.read_only:
            return READ_ONLY
        return _type_error(field, value)
