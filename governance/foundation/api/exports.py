"""`?format=csv|xlsx` on an API list: the whole filtered set the reader may see, whatever the page size.

DRF's own format override chooses the renderer, so the schema lists `format` and the strict query check
accepts it; the list then answers with the export itself (the renderers are never asked to render a page).
Errors stay JSON.
"""

from __future__ import annotations

from typing import Any

from rest_framework.renderers import BaseRenderer, JSONRenderer

from governance.foundation.exports import XLSX_TYPE, dict_rows, export_response


class CSVExportRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):  # pragma: no cover - not used
        return JSONRenderer().render(data)


class XLSXExportRenderer(BaseRenderer):
    media_type = XLSX_TYPE
    format = "xlsx"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):  # pragma: no cover - not used
        return JSONRenderer().render(data)


class ExportListMixin:
    """For a list viewset: `export_name` names the file; `export_chunk(objects)` renders a chunk of rows
    (by default the list serializer; viewsets whose list gathers look-ups per page override it)."""

    export_name = "export"
    renderer_classes = [JSONRenderer, CSVExportRenderer, XLSXExportRenderer]

    def export_format(self) -> str | None:
        renderer = getattr(self.request, "accepted_renderer", None)
        fmt = getattr(renderer, "format", None)
        return fmt if self.action == "list" and fmt in {"csv", "xlsx"} else None

    def allowed_query_params(self) -> set[str]:
        names = super().allowed_query_params()
        return names | {"format"} if self.action == "list" else names

    def export_chunk(self, objects: list[Any]) -> list[dict[str, Any]]:
        return self.get_serializer(objects, many=True).data

    def export_queryset(self):
        return self.filter_queryset(self.get_queryset())

    def list(self, request, *args, **kwargs):
        fmt = self.export_format()
        if fmt is None:
            return super().list(request, *args, **kwargs)
        return self.export_list(fmt)

    def export_list(self, fmt: str):
        """Viewsets that define their own list() start it with this branch."""
        queryset = self.export_queryset()
        objects = queryset.iterator(chunk_size=2000) if hasattr(queryset, "iterator") else queryset
        return export_response(rows=dict_rows(objects, self.export_chunk), fmt=fmt, filename=self.export_name)

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        # An error is JSON in the product's error shape, whatever format was asked for.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response

    def get_renderers(self):
        # Exports are lists only: other actions render JSON and refuse `?format=` as before.
        if getattr(self, "action", None) == "list":
            return [renderer() for renderer in self.renderer_classes]
        return [JSONRenderer()]
