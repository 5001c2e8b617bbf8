"""GET /api/v1/audit-log/: the audit log for governance admins and auditors; `?format=csv|xlsx` exports it."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from governance.foundation.api.exports import CSVExportRenderer, XLSXExportRenderer
from governance.foundation.exports import export_response

from . import selectors
from .forms import AuditFilterForm
from .views import REFUSED

PARAMS = {"person", "kind", "action", "since", "until", "page", "page_size", "format"}
MAX_PAGE_SIZE = 100


class AuditChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.CharField()
    new = serializers.CharField()


class AuditEntrySerializer(serializers.Serializer):
    when = serializers.DateTimeField()
    who = serializers.CharField()
    record_type = serializers.CharField()
    record_kind = serializers.CharField(help_text="app_label.model, the `kind` filter's value")
    record_id = serializers.IntegerField()
    record = serializers.CharField()
    action = serializers.ChoiceField(choices=list(selectors.ACTIONS))
    reason = serializers.CharField()
    changes = AuditChangeSerializer(many=True)


class AuditLogPageSerializer(serializers.Serializer):
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = AuditEntrySerializer(many=True)


class AuditLogView(APIView):
    """Every recorded change, newest first, for governance admins and auditors (403 for anyone else)."""

    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer, CSVExportRenderer, XLSXExportRenderer]

    @extend_schema(
        parameters=[
            OpenApiParameter("person", int, description="The user id of who made the change."),
            OpenApiParameter("kind", str, enum=list(selectors.history_models()), description="Record type."),
            OpenApiParameter("action", str, enum=list(selectors.ACTIONS)),
            OpenApiParameter("since", str, description="From this day (YYYY-MM-DD)."),
            OpenApiParameter("until", str, description="To this day, inclusive (YYYY-MM-DD)."),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int, description=f"1 to {MAX_PAGE_SIZE}."),
        ],
        responses={200: AuditLogPageSerializer},
    )
    def get(self, request):
        # Unknown parameters first, as on every list (the names reveal nothing), then who may read it.
        unknown = sorted(set(request.query_params) - PARAMS)
        if unknown:
            takes = ", ".join(sorted(PARAMS))
            raise serializers.ValidationError(
                {
                    n: [_("Unknown query parameter; this endpoint takes: %(takes)s.") % {"takes": takes}]
                    for n in unknown
                }
            )
        if not selectors.can_read_audit_log(request.user):
            raise PermissionDenied(REFUSED)
        form = AuditFilterForm(
            {k: v for k, v in request.query_params.items() if k not in {"page", "page_size", "format"}}
        )
        if not form.is_valid():
            errors = form.errors.get_json_data()
            raise serializers.ValidationError({k: [e["message"] for e in v] for k, v in errors.items()})
        filters = form.filters()
        fmt = getattr(request.accepted_renderer, "format", "json")
        if fmt in {"csv", "xlsx"}:
            rows = selectors.export_rows(selectors.audit_rows(filters=filters))
            return export_response(rows=rows, fmt=fmt, filename="audit-log")
        page = _positive(request.query_params.get("page", "1"), "page", None)
        size = _positive(
            request.query_params.get("page_size", str(selectors.PAGE_SIZE)), "page_size", MAX_PAGE_SIZE
        )
        rows, has_next = selectors.audit_page(filters=filters, page=page, size=size)
        return Response(
            {
                "next": _link(request, page + 1) if has_next else None,
                "previous": _link(request, page - 1) if page > 1 else None,
                "results": [_entry(row) for row in rows],
            }
        )

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response


def _positive(raw: str, name: str, maximum: int | None) -> int:
    if raw.isdigit() and int(raw) >= 1 and (maximum is None or int(raw) <= maximum):
        return int(raw)
    if maximum:
        message = _("Must be an integer from 1 to %(max_page_size)s.") % {"max_page_size": maximum}
    else:
        message = _("Must be a positive integer.")
    raise serializers.ValidationError({name: [message]})


def _link(request, page: int) -> str:
    params = request.query_params.copy()
    params["page"] = str(page)
    return f"{request.path}?{params.urlencode()}"


def _entry(row: selectors.AuditRow) -> dict:
    entry = row.entry
    return {
        "when": entry.when,
        "who": entry.who,
        "record_type": entry.kind,
        "record_kind": row.key,
        "record_id": row.object_id,
        "record": entry.subject,
        "action": entry.action,
        "reason": entry.reason,
        "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in entry.changes],
    }
