"""REST endpoints: start a run (POST), poll runs, read results with filters (check, outcome, model, team)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from governance.foundation.api.exports import ExportListMixin
from governance.foundation.api.querying import StrictQueryMixin
from governance.foundation.api.schema import LOCATION_202
from governance.inventory.selectors import models_visible_to
from governance.teams.selectors import teams_visible_to

from .. import selectors, services
from ..filters import CheckResultFilter, CheckRunFilter
from ..models import CheckRun
from . import serializers as s


class CheckRunViewSet(
    StrictQueryMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Check runs. POST queues one (scope all, team or model); poll it until its status is final."""

    http_method_names = ["get", "post", "head", "options"]
    permission_classes = [IsAuthenticated]
    serializer_class = s.CheckRunSerializer
    filterset_class = CheckRunFilter
    filter_visible = {"team": teams_visible_to, "model": models_visible_to}

    def get_queryset(self):
        return selectors.runs_visible_to(user=self.request.user).order_by("-created_at", "-id")

    def _serialize(self, runs: list[CheckRun], *, many: bool):
        """Counts by outcome over the models the user may see (an org-wide run spans other teams')."""
        context = {
            **self.get_serializer_context(),
            "visible_counts": selectors.outcome_counts(user=self.request.user, runs=runs),
        }
        return s.CheckRunSerializer(runs if many else runs[0], many=many, context=context).data

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self._serialize(list(page), many=True))

    def retrieve(self, request, *args, **kwargs):
        return Response(self._serialize([self.get_object()], many=False))

    @extend_schema(
        request=s.CheckRunCreateSerializer, responses={202: s.CheckRunSerializer}, parameters=[LOCATION_202]
    )
    def create(self, request, *args, **kwargs):
        data = s.CheckRunCreateSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        run = services.check_run_create(
            actor=request.user, trigger=CheckRun.Trigger.API, **data.validated_data
        )
        return Response(
            self._serialize([run], many=False),
            status=202,
            headers={"Location": reverse("v1:check-run-detail", args=[run.pk])},
        )


class CheckResultViewSet(
    ExportListMixin,
    StrictQueryMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Results of runs for the models you may see, newest run first."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.CheckResultSerializer
    export_name = "check-results"
    filterset_class = CheckResultFilter
    filter_visible = {
        "run": selectors.runs_visible_to,
        "team": teams_visible_to,
        "model": models_visible_to,
    }

    def get_queryset(self):
        return (
            selectors.results_visible_to(user=self.request.user)
            .select_related("model")
            .order_by("-run_id", "check_key", "model_id")
        )
