"""REST endpoints for the register: matrices (read), risks, mitigations and acceptances.

Reads are limited to the teams the user may see; writes go through the register's services.
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from governance.foundation.api.exports import ExportListMixin
from governance.foundation.api.querying import StrictOrderingFilter, StrictQueryMixin, VisibleFilterBackend
from governance.inventory.selectors import models_visible_to
from governance.teams.selectors import teams_visible_to

from .. import selectors, services
from ..filters import RiskFilter
from ..models import Mitigation, RiskAcceptance, RiskMatrix
from . import serializers as s


class TodayMixin:
    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}


class RiskMatrixViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated]
    serializer_class = s.RiskMatrixSerializer
    queryset = RiskMatrix.objects.order_by("-is_default", "name")


class RiskViewSet(
    ExportListMixin,
    StrictQueryMixin,
    TodayMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The register. Ratings in, levels, scores and review dates out; closed risks only with status=closed."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    permission_classes = [IsAuthenticated]
    serializer_class = s.RiskSerializer
    filter_backends = [VisibleFilterBackend, StrictOrderingFilter]
    filterset_class = RiskFilter
    filter_visible = {"team": teams_visible_to, "model": models_visible_to}
    ordering_fields = ["residual_score", "inherent_score", "next_review_due", "title", "created_at"]
    ordering = ["-residual_level", "-residual_score", "title", "id"]
    export_name = "risks"

    def get_queryset(self):
        return selectors.risk_list(user=self.request.user)

    @extend_schema(request=s.RiskSerializer, responses={201: s.RiskSerializer})
    def create(self, request, *args, **kwargs):
        data = s.RiskSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        risk = services.risk_create(actor=request.user, **fields)
        return Response(self.get_serializer(self.get_queryset().get(pk=risk.pk)).data, status=201)

    @extend_schema(request=s.RiskUpdateSerializer, responses={200: s.RiskSerializer})
    def partial_update(self, request, *args, **kwargs):
        risk = self.get_object()
        data = s.RiskUpdateSerializer(
            risk, data=request.data, partial=True, context=self.get_serializer_context()
        )
        data.is_valid(raise_exception=True)
        services.risk_update(actor=request.user, risk=risk, **data.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=risk.pk)).data)

    @extend_schema(request=s.ReviewSerializer, responses={201: s.ReviewSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        risk = self.get_object()
        data = s.ReviewSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        review = services.risk_review_record(actor=request.user, risk=risk, **data.validated_data)
        return Response(s.ReviewSerializer(review).data, status=201)

    @extend_schema(request=s.CloseSerializer, responses={200: s.RiskSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        risk = self.get_object()
        data = s.CloseSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        services.risk_close(actor=request.user, risk=risk, **data.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=risk.pk)).data)


class MitigationViewSet(
    StrictQueryMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    http_method_names = ["get", "post", "patch", "head", "options"]
    permission_classes = [IsAuthenticated]
    serializer_class = s.MitigationSerializer
    filterset_fields = ["risk", "status"]
    filter_visible = {"risk": selectors.risks_visible_to}

    def get_queryset(self):
        return (
            Mitigation.objects.filter(risk__in=selectors.risks_visible_to(user=self.request.user))
            .select_related("owner")
            .order_by("due_date", "id")
        )

    @extend_schema(request=s.MitigationSerializer, responses={201: s.MitigationSerializer})
    def create(self, request, *args, **kwargs):
        data = s.MitigationSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        risk = selectors.risk_get_for_view(user=request.user, pk=fields.pop("risk").pk)
        mitigation = services.mitigation_add(actor=request.user, risk=risk, **fields)
        return Response(s.MitigationSerializer(mitigation).data, status=201)

    @extend_schema(request=s.MitigationUpdateSerializer, responses={200: s.MitigationSerializer})
    def partial_update(self, request, *args, **kwargs):
        mitigation = self.get_object()
        data = s.MitigationUpdateSerializer(
            mitigation, data=request.data, partial=True, context=self.get_serializer_context()
        )
        data.is_valid(raise_exception=True)
        mitigation = services.mitigation_update(
            actor=request.user, mitigation=mitigation, **data.validated_data
        )
        return Response(s.MitigationSerializer(mitigation).data)


class AcceptanceViewSet(
    StrictQueryMixin, TodayMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    http_method_names = ["get", "post", "head", "options"]
    permission_classes = [IsAuthenticated]
    serializer_class = s.AcceptanceSerializer
    filterset_fields = ["risk"]
    filter_visible = {"risk": selectors.risks_visible_to}

    def get_queryset(self):
        return (
            RiskAcceptance.objects.filter(risk__in=selectors.risks_visible_to(user=self.request.user))
            .select_related("approver")
            .order_by("-expires_on", "-id")
        )

    @extend_schema(request=s.AcceptanceSerializer, responses={201: s.AcceptanceSerializer})
    def create(self, request, *args, **kwargs):
        data = s.AcceptanceSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        risk = selectors.risk_get_for_view(user=request.user, pk=fields.pop("risk").pk)
        acceptance = services.acceptance_record(actor=request.user, risk=risk, **fields)
        return Response(self.get_serializer(acceptance).data, status=201)
