"""JSON built by the database, the same on PostgreSQL and SQLite: a list page's nested parts (latest version,
data uses, tags ...) come back inside one row per model from one query, instead of one query and a set of
ORM instances per part (issue 24).

PostgreSQL builds `json` (text), not `jsonb`: the rows are only ever sent on, and at a 100-row page json
takes a third of jsonb's time (no binary form, no key sorting). SQLite's JSON functions build text, and a
JSON value crossing a subquery there must be re-marked with JSON() or the outer JSON_OBJECT would embed it as
a string.
"""

from __future__ import annotations

from django.db.models import Aggregate, F, Func, JSONField, OuterRef, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Cast, Coalesce
from django.db.models.functions import JSONObject as _DjangoJSONObject

__all__ = ["JSONObject", "json_array", "json_first", "json_mapping", "json_text"]


class JSONObject(_DjangoJSONObject):
    """Django's JSONObject, built as `json` on PostgreSQL (Django builds jsonb there)."""

    def as_postgresql(self, compiler, connection, **extra_context):
        copy = self.copy()
        copy.set_source_expressions(
            [
                Cast(expression, TextField()) if index % 2 == 0 else expression
                for index, expression in enumerate(copy.get_source_expressions())
            ]
        )
        return Func.as_sql(copy, compiler, connection, function="JSON_BUILD_OBJECT", **extra_context)


class _JsonAgg(Aggregate):
    function = "JSON_AGG"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra)


class _JsonObjectAgg(Aggregate):
    function = "JSON_OBJECT_AGG"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="JSON_GROUP_OBJECT", **extra)


class _AsJson(Func):
    """A subquery's JSON, kept JSON for the enclosing JSON_OBJECT (SQLite); as is on PostgreSQL."""

    template = "%(expressions)s"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="JSON(%(expressions)s)", **extra)


class _EmptyJson(Func):
    """'[]' or '{}' as JSON on both backends."""

    output_field = JSONField()

    def __init__(self, literal: str) -> None:
        super().__init__(Value(literal))

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="%(expressions)s::json", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="JSON(%(expressions)s)", **extra)


def json_array(queryset: QuerySet, *, link: str, outer: str = "pk", **fields) -> _AsJson:
    """The rows of `queryset` linked to the outer row by `link` (a foreign key to OuterRef(outer)), as a
    JSON array of objects with `fields` (name -> expression); [] when there are none. Order is not
    guaranteed: the caller sorts."""
    grouped = (
        queryset.filter(**{link: OuterRef(outer)})
        .order_by()
        .values(link)
        .annotate(_json=_JsonAgg(JSONObject(**fields)))
        .values("_json")
    )
    return _AsJson(Coalesce(Subquery(grouped, output_field=JSONField()), _EmptyJson("[]")))


def json_mapping(queryset: QuerySet, *, link: str, key: str, value) -> _AsJson:
    """{key: value} over the rows of `queryset` linked to the outer row; {} when there are none."""
    grouped = (
        queryset.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(_json=_JsonObjectAgg(F(key), value))
        .values("_json")
    )
    return _AsJson(Coalesce(Subquery(grouped, output_field=JSONField()), _EmptyJson("{}")))


def json_first(queryset: QuerySet, **fields) -> _AsJson:
    """The first row of an ordered, already correlated `queryset` as a JSON object, or null."""
    return _AsJson(Subquery(queryset.values(_json=JSONObject(**fields))[:1], output_field=JSONField()))


def json_text(**fields) -> Cast:
    """One JSON object per row, as text, for orjson to parse in one call."""
    return Cast(JSONObject(**fields), TextField())
