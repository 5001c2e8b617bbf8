"""`tag=key:value`, repeatable: the model and version lists keep what carries every tag named (issue 20).

Strict like the other filters (governance/foundation/api/querying.py): a value without a colon, an empty
key or one longer than a tag can be is a 400 that says so, never an ignored filter.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from .tags import TAG_KEY_MAX, TAG_VALUE_MAX, ModelTag, VersionTag

MAX_TAG_TERMS = 10
TAG_HELP = "key:value (repeat for several tags: each must be present)."


class TagInputs(forms.TextInput):
    """One text box per given tag plus an empty one; reads every `tag` of the query string."""

    def value_from_datadict(self, data, files, name):
        getlist = getattr(data, "getlist", None)
        values = getlist(name) if getlist else data.get(name)
        if values is None or values == []:
            return None
        return values if isinstance(values, list) else [values]

    def render(self, name, value, attrs=None, renderer=None):
        values = [v for v in (value or []) if v] + [""]
        attrs = {**(attrs or {}), "placeholder": "key:value"}
        attrs.pop("aria-describedby", None)  # the filter forms show no help text; the placeholder says it
        first_id = attrs.pop("id", "")
        boxes = [
            super(TagInputs, self).render(
                name,
                v,
                {**attrs, "id": first_id}
                if i == 0
                else {**attrs, "id": f"{first_id}_{i}", "aria-label": f"Tag {i + 1} (key:value)"},
            )
            for i, v in enumerate(values)
        ]
        return format_html("{}", format_html_join("", "{}", ((b,) for b in boxes)))


class TagPairsField(forms.Field):
    widget = TagInputs

    def to_python(self, value):
        if value in (None, "", []):
            return []
        values = value if isinstance(value, list) else [value]
        values = [v for v in values if v != ""]
        if len(values) > MAX_TAG_TERMS:
            raise forms.ValidationError(
                _("At most %(MAX_TAG_TERMS)s tags at once.") % {"MAX_TAG_TERMS": MAX_TAG_TERMS},
                code="invalid",
            )
        pairs = []
        for raw in values:
            key, colon, tag_value = str(raw).partition(":")
            key = key.strip()
            if not colon or not key:
                raise forms.ValidationError(
                    _("'%(value)s': use key:value, e.g. team:fraud.") % {"value": raw[:60]}, code="invalid"
                )
            if len(key) > TAG_KEY_MAX or len(tag_value) > TAG_VALUE_MAX:
                raise forms.ValidationError(
                    _("A tag key has at most %(TAG_KEY_MAX)s characters and a value %(TAG_VALUE_MAX)s.")
                    % {"TAG_KEY_MAX": TAG_KEY_MAX, "TAG_VALUE_MAX": TAG_VALUE_MAX},
                    code="invalid",
                )
            if "\x00" in raw:
                raise forms.ValidationError(_("A tag cannot contain NUL characters."), code="invalid")
            pairs.append((key, tag_value))
        return pairs


@extend_schema_field({"type": "array", "items": {"type": "string", "pattern": "^[^:]+:"}})
class TagFilter(django_filters.Filter):
    field_class = TagPairsField

    def __init__(self, *args, tag_model=ModelTag, owner_field: str = "model", **kwargs) -> None:
        kwargs.setdefault("label", _("Tags"))
        kwargs.setdefault("help_text", TAG_HELP)
        super().__init__(*args, **kwargs)
        self.tag_model = tag_model
        self.owner_field = owner_field

    def filter(self, qs: QuerySet, value) -> QuerySet:
        for key, tag_value in value or []:
            qs = qs.filter(
                Exists(
                    self.tag_model.objects.filter(
                        **{self.owner_field: OuterRef("pk")}, key=key, value=tag_value
                    )
                )
            )
        return qs


def version_tag_filter() -> TagFilter:
    return TagFilter(tag_model=VersionTag, owner_field="version")
