"""REST endpoints: each visible model's classifications and obligation status (a page in a fixed number of
queries), and writes for questionnaire answers and attestations. Another team's model is a 404."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from governance.foundation.api.querying import StrictQueryMixin

from .. import selectors, services
from ..models import Classification
from . import serializers as s


class ModelRegulationViewSet(
    StrictQueryMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    http_method_names = ["get", "post", "head", "options"]
    permission_classes = [IsAuthenticated]
    serializer_class = s.ModelRegulationSerializer
    lookup_value_regex = r"[0-9]+"  # anything else is no model: a 404, never a ValueError

    def get_queryset(self):
        return selectors.visible_models(user=self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        found = selectors.regulation_for_models(models=list(page))
        return self.get_paginated_response(self.get_serializer([found[m.pk] for m in page], many=True).data)

    @extend_schema(responses={200: s.ModelRegulationDetailSerializer})
    def retrieve(self, request, *args, **kwargs):
        model = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        regulation = selectors.model_regulation(model=model)
        coverage = selectors.model_coverage(regulation=regulation)
        regulation.nist_coverage = {
            "by_function": {k: list(v) for k, v in coverage.by_function().items()},
            "covered": coverage.covered,
            "uncovered": coverage.uncovered,
        }
        return Response(s.ModelRegulationDetailSerializer(regulation).data)

    @extend_schema(request=s.AnswersSerializer, responses={200: s.ClassificationSerializer})
    @action(detail=True, methods=["post"])
    def answers(self, request, pk=None):
        """Answer a questionnaire (the latest version): the category is derived, and replaces the old one."""
        model = get_object_or_404(self.get_queryset(), pk=pk)
        data = s.AnswersSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        saved = services.classification_answer(actor=request.user, model=model, **data.validated_data)
        return Response(s.ClassificationSerializer(Classification.objects.get(pk=saved.pk)).data)

    @extend_schema(request=s.AttestationInputSerializer, responses={201: s.AttestationSerializer})
    @action(detail=True, methods=["post"])
    def attestations(self, request, pk=None):
        """Attest an obligation the records cannot show; it expires after valid_days (default: setting)."""
        model = get_object_or_404(self.get_queryset(), pk=pk)
        data = s.AttestationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        saved = services.attestation_record(actor=request.user, model=model, **data.validated_data)
        return Response(s.AttestationSerializer(saved).data, status=201)
