from urllib.parse import urlsplit, urlunsplit

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination


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
