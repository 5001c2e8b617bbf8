import base64
import binascii
from urllib.parse import urlsplit, urlunsplit

import orjson
from django.core.paginator import InvalidPage
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param


class StandardPagination(PageNumberPagination):
    """`?page=N&page_size=M`. A page size over the maximum, or anything that is not a positive integer, is a
    400 naming the parameter: a pipeline that asked for 500 must not take the first 100 for all of them."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        size = _positive_int(raw)
        if size is None or size > self.max_page_size:
            raise serializers.ValidationError(
                {
                    self.page_size_query_param: [
                        _("Must be an integer from 1 to %(max_page_size)s.")
                        % {"max_page_size": self.max_page_size}
                    ]
                }
            )
        return size

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and _positive_int(raw) is None:
            raise serializers.ValidationError({self.page_query_param: [_("Must be a positive integer.")]})
        return super().paginate_queryset(queryset, request, view)

    def get_next_link(self) -> str | None:
        return _relative(super().get_next_link())

    def get_previous_link(self) -> str | None:
        return _relative(super().get_previous_link())

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        for link in ("next", "previous"):
            response["properties"][link]["format"] = "uri-reference"
        response["properties"]["count"]["minimum"] = 0
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
            elif parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters


class KeysetPagination(StandardPagination):
    """Page numbers as before, plus keyset pages (issue 24): `?cursor=` with the `next_cursor` of a page goes
    on after that page's last row with `WHERE (name, id) > (last name, last id)`, so page 500 costs what
    page 1 costs, where `OFFSET` grows with the page. A cursor page has no count and no previous link; a
    cursor follows the default order only (with `ordering` it is a 400).

    The view asks for the page's ids (`page_ids`, lazy: the rows query embeds them as a subquery) and hands
    the built rows to `response`.
    """

    cursor_query_param = "cursor"
    keyset = ("name", "id")
    extra_query_params = ("cursor",)

    def page_ids(self, queryset, request):
        self.request = request
        self.size = self.get_page_size(request)
        self.by_key = list(queryset.query.order_by) == list(self.keyset)
        raw = request.query_params.get(self.cursor_query_param)
        self.cursor_mode = raw is not None
        ids = queryset.values_list("pk", flat=True)
        if not self.cursor_mode:
            number = request.query_params.get(self.page_query_param)
            if number is not None and _positive_int(number) is None:
                raise serializers.ValidationError({self.page_query_param: [_("Must be a positive integer.")]})
            paginator = self.django_paginator_class(ids, self.size)
            try:
                self.page = paginator.page(_positive_int(number) if number else 1)
            except InvalidPage as exc:
                message = self.invalid_page_message.format(page_number=number, message=str(exc))
                raise NotFound(message) from exc
            return self.page.object_list
        if self.page_query_param in request.query_params:
            raise serializers.ValidationError(
                {self.cursor_query_param: [_("Give either cursor or page, not both.")]}
            )
        if not self.by_key:
            raise serializers.ValidationError(
                {self.cursor_query_param: [_("A cursor follows the default order: leave out ordering.")]}
            )
        name, pk = _decode_cursor(raw)
        after = ids.filter(**{f"{self.keyset[0]}__gte": name}).exclude(
            **{self.keyset[0]: name, f"{self.keyset[1]}__lte": pk}
        )
        return after[: self.size + 1]  # one more tells whether a next page exists

    def response(self, rows: list[dict]) -> Response:
        if self.cursor_mode:
            more = len(rows) > self.size
            rows = rows[: self.size]
            cursor = self._cursor(rows[-1]) if more and rows else None
            return Response({"next": self._cursor_link(cursor), "next_cursor": cursor, "results": rows})
        cursor = self._cursor(rows[-1]) if self.by_key and rows and self.page.has_next() else None
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "next_cursor": cursor,
                "results": rows,
            }
        )

    def _cursor(self, row: dict) -> str:
        return base64.urlsafe_b64encode(orjson.dumps([row[k] for k in self.keyset])).decode().rstrip("=")

    def _cursor_link(self, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        return _relative(replace_query_param(url, self.cursor_query_param, cursor))

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["next_cursor"] = {
            "type": "string",
            "nullable": True,
            "description": "Give it as `cursor` for the page after this one (keyset: as fast at any depth).",
        }
        response["required"] = ["results"]  # a cursor page has no count; nested lists no next_cursor
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        if getattr(view, "action", None) != "list":
            return parameters  # the nested lists take page numbers only
        return [
            *parameters,
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "A page's `next_cursor`: the page after it, without a count.",
                "schema": {"type": "string", "minLength": 1},
            },
        ]


def _decode_cursor(raw: str) -> tuple[str, int]:
    try:
        name, pk = orjson.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
        if isinstance(name, str) and isinstance(pk, int) and not isinstance(pk, bool):
            return name, pk
    except (ValueError, TypeError, binascii.Error, orjson.JSONDecodeError):
        pass
    raise serializers.ValidationError({"cursor": [_("Not a cursor this list gave; start again without it.")]})


def _positive_int(raw: str) -> int | None:
    raw = raw.strip()
    if not raw.isascii() or not raw.isdigit():
        return None
    value = int(raw)
    return value if value >= 1 else None


def _relative(url: str | None) -> str | None:
    """Every URL the API returns is relative to the server (results_url, download_url, Location too)."""
    if url is None:
        return None
    parts = urlsplit(url)
    return urlunsplit(("", "", parts.path, parts.query, ""))
