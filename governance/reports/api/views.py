"""REST endpoints: request a report (POST), poll it (GET), download its PDF once it has succeeded."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from governance.foundation.api.querying import StrictQueryMixin
from governance.foundation.api.schema import LOCATION_202

from .. import selectors, services
from ..downloads import pdf_response
from ..limits import ReportLimitReached
from ..models import Report
from . import serializers as s


class FileNegotiation(BaseContentNegotiation):
    """The download sends the PDF as a file whatever Accept says, and any error as JSON (never a 406)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ReportViewSet(
    StrictQueryMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """PDF reports. POST queues one; poll it until its status is final, then GET its download URL."""

    http_method_names = ["get", "post", "head", "options"]
    permission_classes = [IsAuthenticated]
    serializer_class = s.ReportSerializer

    def get_queryset(self):
        return selectors.reports_visible_to(user=self.request.user).order_by("-created_at", "-id")

    @extend_schema(
        request=s.ReportCreateSerializer,
        parameters=[LOCATION_202],
        responses={
            202: OpenApiResponse(s.ReportSerializer, description="Queued: a new build."),
            200: OpenApiResponse(
                s.ReportSerializer,
                description="The same report (requester, kind, subject, language) is already queued or "
                "running: that one, and nothing new is queued.",
            ),
            429: OpenApiResponse(description="Too many report requests this minute, or the daily quota."),
        },
    )
    def create(self, request, *args, **kwargs):
        data = s.ReportCreateSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        try:
            report, created = services.report_request_or_existing(actor=request.user, **data.validated_data)
        except ReportLimitReached as exc:
            raise exceptions.Throttled(wait=exc.retry_after, detail=exc.message) from exc
        return Response(
            self.get_serializer(report).data,
            status=202 if created else 200,
            headers={"Location": reverse("v1:report-detail", args=[report.pk])},
        )

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF.")}
    )
    @action(detail=True, methods=["get"], content_negotiation_class=FileNegotiation)
    def download(self, request, pk=None):
        report = self.get_object()
        if report.status != Report.Status.SUCCEEDED or not report.file:
            raise exceptions.NotFound(
                _("This report has no file yet; poll it until its status is succeeded.")
            )
        return pdf_response(report)
