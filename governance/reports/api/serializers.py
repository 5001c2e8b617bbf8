from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from governance.checks.models import CheckRun
from governance.checks.selectors import runs_visible_to
from governance.foundation.api.fields import UserField, VisibleRelatedField
from governance.foundation.api.strict_input import StrictInput
from governance.inventory.models import MLModel
from governance.inventory.selectors import models_visible_to
from governance.teams.models import Team
from governance.teams.selectors import teams_visible_to

from ..models import Report


class ReportSerializer(serializers.ModelSerializer):
    requested_by = UserField(read_only=True)
    download_url = serializers.SerializerMethodField()
    waiting_for_queue = serializers.BooleanField(
        read_only=True,
        help_text="Queued while the task queue is unavailable; the build starts when it is back.",
    )

    class Meta:
        model = Report
        fields = [
            "id",
            "kind",
            "model",
            "team",
            "check_run",
            "status",
            "waiting_for_queue",
            "requested_by",
            "language",
            "created_at",
            "started_at",
            "finished_at",
            "page_count",
            "size_bytes",
            "sha256",
            "error",
            "download_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download_url(self, report: Report) -> str | None:
        if report.status != Report.Status.SUCCEEDED:
            return None
        return f"/api/v1/reports/{report.pk}/download/"


class ReportCreateSerializer(StrictInput, serializers.Serializer):
    kind = serializers.ChoiceField(choices=Report.Kind.choices)
    model = VisibleRelatedField(
        queryset=MLModel.objects.all(), visible=models_visible_to, required=False, allow_null=True
    )
    team = VisibleRelatedField(
        queryset=Team.objects.all(), visible=teams_visible_to, required=False, allow_null=True
    )
    check_run = VisibleRelatedField(
        queryset=CheckRun.objects.all(), visible=runs_visible_to, required=False, allow_null=True
    )
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES,
        required=False,
        help_text="The language the PDF is written in (en or ko); default: the request's (Accept-Language).",
    )
