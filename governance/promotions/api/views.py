"""REST endpoints of the gate: a version's gate for an environment, and promotion requests with their
approve and reject actions. Conflicts (decided, expired, duplicate, approved twice) answer 409."""

from __future__ import annotations

from contextlib import contextmanager

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from governance.foundation.api.errors import Conflict
from governance.foundation.api.querying import StrictBooleanFilter, StrictQueryMixin
from governance.foundation.filtering import FilterSet
from governance.inventory.models import MLModel, ModelVersion
from governance.inventory.selectors import models_visible_to, versions_visible_to

from .. import selectors, services
from ..models import Approval, PromotionRequest
from . import serializers as s


@contextmanager
def conflicts_as_409():
    try:
        yield
    except ValidationError as exc:
        if getattr(exc, "code", None) == "conflict":
            raise Conflict(exc.messages[0]) from exc
        raise


@extend_schema(
    parameters=[OpenApiParameter("environment", str, description="Environment slug, e.g. production.")],
    responses={200: s.GateSerializer},
)
@api_view(["GET", "HEAD"])
@permission_classes([IsAuthenticated])
def version_gate(request, pk: int):
    """May this version go to this environment now? Every rule with its result, reason and evidence link."""
    slug = request.query_params.get("environment", "production")
    environment = selectors.environment_or_none(slug=slug)
    if environment is None:
        raise DRFValidationError({"environment": [_("No environment '%(slug)s'.") % {"slug": slug[:50]}]})
    version = selectors.version_for_gate(user=request.user, pk=pk)
    gate = selectors.gate_evaluate(version=version, environment=environment)
    body = gate.as_dict()
    body["approvals_needed"] = selectors.gate_needs_for_new_request(version=version, gate=gate)
    body["holds_environment"] = selectors.holds_environment(version=version, environment=environment)
    return Response(body)


class PromotionFilter(FilterSet):
    status = django_filters.ChoiceFilter(choices=PromotionRequest.Status.choices)
    kind = django_filters.ChoiceFilter(choices=PromotionRequest.Kind.choices)
    environment = django_filters.CharFilter(field_name="environment__slug")
    # Ids are validated as such, and limited to what the reader may see (the view's filter_visible).
    model = django_filters.ModelChoiceFilter(queryset=MLModel.objects.all())
    version = django_filters.ModelChoiceFilter(queryset=ModelVersion.objects.all())
    waiting_for_me = StrictBooleanFilter(method="filter_waiting", label=_("Requests I may decide"))

    class Meta:
        model = PromotionRequest
        fields = ["status", "kind", "environment", "model", "version"]

    def filter_waiting(self, queryset, name, value):
        q = selectors.decidable_q(user=self.request.user)
        return queryset.filter(q) if value else queryset.exclude(q)


class PromotionViewSet(
    StrictQueryMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "post", "head", "options"]
    permission_classes = [IsAuthenticated]
    serializer_class = s.PromotionRequestSerializer
    filterset_class = PromotionFilter
    filter_visible = {"model": models_visible_to, "version": versions_visible_to}

    def get_queryset(self):
        return (
            selectors.requests_visible_to(user=self.request.user)
            .prefetch_related(Prefetch("approvals", queryset=Approval.objects.select_related("approver")))
            .order_by("-created_at", "-id")
        )

    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        # Another team's version is indistinguishable from a missing one: 404 for both.
        version = selectors.version_for_gate(user=request.user, pk=data.validated_data["version_id"])
        with conflicts_as_409():
            created = services.promotion_request_create(
                actor=request.user,
                version=version,
                environment=data.validated_data["environment"],
                justification=data.validated_data.get("justification", ""),
                kind=data.validated_data.get("kind"),
            )
        return Response(self.get_serializer(self.get_queryset().get(pk=created.pk)).data, status=201)

    @extend_schema(request=s.ApproveSerializer, responses={200: s.PromotionRequestSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        promotion = self.get_object()
        data = s.ApproveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with conflicts_as_409():
            services.promotion_approve(actor=request.user, request=promotion, **data.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=promotion.pk)).data)

    @extend_schema(request=s.RejectSerializer, responses={200: s.PromotionRequestSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        promotion = self.get_object()
        data = s.RejectSerializer(data=request.data)
        if not data.is_valid():
            raise DRFValidationError(data.errors)
        with conflicts_as_409():
            services.promotion_reject(
                actor=request.user, request=promotion, reason=data.validated_data["reason"]
            )
        return Response(self.get_serializer(self.get_queryset().get(pk=promotion.pk)).data)
