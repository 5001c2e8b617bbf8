"""REST endpoints for the inventory. Thin: parse, call a selector or service, serialize.

Reads are limited to what the user may see (another team's model is a 404); writes go through the same
services as the web UI, which check the role and raise 403 or 400.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404  # a non-numeric id is a 404 here, not a ValueError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from governance.foundation.api.errors import Conflict
from governance.foundation.api.exports import ExportListMixin
from governance.foundation.api.idempotency import replay_or_run
from governance.foundation.api.pagination import KeysetPagination
from governance.foundation.api.querying import StrictOrderingFilter, StrictQueryMixin, VisibleFilterBackend
from governance.foundation.api.renderers import OrjsonRenderer
from governance.teams import permissions as perms
from governance.teams.selectors import teams_visible_to

from .. import selectors, services
from ..filters import ConsentFilter, VersionFilter
from ..models import ConsentRecord
from ..rows import model_rows
from . import serializers as s
from .filters import DataSourceApiFilter, ModelApiFilter
from .tags import ModelTagsMixin, VersionTagsMixin


def _is_id(text: str) -> bool:
    """A positive id PostgreSQL's bigint can hold; anything else finds no model."""
    return text.isascii() and text.isdigit() and len(text) <= 19 and 0 < int(text) < 2**63


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    location=OpenApiParameter.HEADER,
    required=False,
    description="Any unique string (a UUID): a retry with the same key within 24 hours returns the first "
    "answer and creates nothing; the same key with a different body is a 409.",
)


@extend_schema_view(list=extend_schema(responses=s.MLModelRowSerializer(many=True)))
class ModelViewSet(
    ModelTagsMixin,
    ExportListMixin,
    StrictQueryMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Models with team, owner, latest version, each data source's consent status, highest residual risk,
    environments, tags, aliases and classification; each page or model is one query (inventory/rows.py)."""

    list_actions = frozenset({"versions", "data_uses", "tags", "aliases"})
    action_query_params = {"versions": frozenset({"label"})}
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    permission_classes = [IsAuthenticated]
    serializer_class = s.MLModelSerializer
    pagination_class = KeysetPagination
    renderer_classes = [OrjsonRenderer, *ExportListMixin.renderer_classes[1:]]
    filter_backends = [VisibleFilterBackend, StrictOrderingFilter]
    filterset_class = ModelApiFilter
    filter_visible = {"team": teams_visible_to}
    ordering_fields = ["name", "stage", "created_at", "updated_at"]
    ordering = ["name", "id"]
    export_name = "models"

    def get_queryset(self):
        return selectors.model_api_queryset(user=self.request.user)

    def get_renderers(self):
        renderers = super().get_renderers()
        return renderers if self.action == "list" else [OrjsonRenderer()]

    def export_chunk(self, objects):
        ids = [m.pk for m in objects]
        by_id = {row["id"]: row for row in model_rows(models=ids, order_by=["id"])}
        return [by_id[pk] for pk in ids]

    def _one(self, pk: int) -> dict:
        return model_rows(models=[pk], order_by=["id"], detail=True)[0]

    def list(self, request, *args, **kwargs):
        if fmt := self.export_format():
            return self.export_list(fmt)
        models = self.filter_queryset(self.get_queryset())
        ids = self.paginator.page_ids(models, request)
        rows = model_rows(models=ids, order_by=models.query.order_by)
        # The rows are read by a second statement: a model moved to another team in between is left out.
        return self.paginator.response(
            [r for r in rows if perms.can_view_team(request.user, r["team"]["id"])]
        )

    def retrieve(self, request, *args, **kwargs):
        """One prepared query for the row; another team's model is a 404, judged by the same rule as the
        list's queryset (perms.can_view_team) on the row's team."""
        pk = str(self.kwargs["pk"])
        rows = model_rows(models=[int(pk)], order_by=["id"], detail=True) if _is_id(pk) else []
        if not rows or not perms.can_view_team(request.user, rows[0]["team"]["id"]):
            raise Http404("No MLModel matches the given query.")  # as get_object_or_404 says it
        return Response(rows[0])

    @extend_schema(request=s.MLModelWriteSerializer, responses={201: s.MLModelSerializer})
    def create(self, request, *args, **kwargs):
        data = s.MLModelWriteSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        model = services.model_register(actor=request.user, **data.validated_data)
        return Response(self._one(model.pk), status=201)

    @extend_schema(request=s.MLModelUpdateSerializer, responses={200: s.MLModelSerializer})
    def partial_update(self, request, *args, **kwargs):
        model = self.get_object()
        data = s.MLModelUpdateSerializer(
            model, data=request.data, partial=True, context=self.get_serializer_context()
        )
        data.is_valid(raise_exception=True)
        services.model_update(actor=request.user, model=model, **data.validated_data)
        return Response(self._one(model.pk))

    @extend_schema(request=s.OwnershipTransferSerializer, responses={200: s.MLModelSerializer})
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        model = self.get_object()
        data = s.OwnershipTransferSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        services.model_transfer_ownership(actor=request.user, model=model, **data.validated_data)
        return Response(self._one(model.pk))

    @extend_schema(
        responses={200: s.ModelVersionSerializer(many=True)},
        filters=False,
        parameters=[OpenApiParameter("label", str, description="Exactly this label.")],
    )
    @action(detail=True, methods=["get"], url_path="versions", filter_backends=[])
    def versions(self, request, pk=None):
        model = self.get_object()
        versions = selectors.model_versions(model=model)
        if "label" in request.query_params:
            versions = versions.filter(label=request.query_params["label"])
        page = self.paginate_queryset(versions.order_by("-registered_at", "-id"))
        return self.get_paginated_response(s.ModelVersionSerializer(page, many=True).data)

    @extend_schema(
        request=s.ModelVersionSerializer,
        responses={
            201: s.ModelVersionSerializer,
            200: OpenApiResponse(
                s.ModelVersionSerializer, description="The version already existed (a retry)."
            ),
        },
        description="Create-or-get by label: a retry returns the existing version, never a duplicate.",
    )
    @versions.mapping.post
    def register_version(self, request, pk=None):
        model = self.get_object()
        data = s.ModelVersionSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        # A retry with other details is a ValidationError coded "conflict": the error handler's 409.
        version, created = services.version_get_or_register(
            actor=request.user, model=model, **data.validated_data
        )
        return Response(s.ModelVersionSerializer(version).data, status=201 if created else 200)

    @extend_schema(responses={200: s.DataSourceUseSerializer(many=True)}, filters=False)
    @action(detail=True, methods=["get"], url_path="data-uses", filter_backends=[])
    def data_uses(self, request, pk=None):
        model = self.get_object()
        page = self.paginate_queryset(model.data_uses.order_by("data_source__name", "role", "id"))
        return self.get_paginated_response(s.DataSourceUseSerializer(page, many=True).data)

    @extend_schema(
        request=s.DataSourceUseSerializer,
        responses={
            201: s.DataSourceUseSerializer,
            200: OpenApiResponse(s.DataSourceUseSerializer, description="The use already existed (a retry)."),
        },
        description="Create-or-get on (version, data source, role): an identical retry answers 200 with the "
        "existing use; a retry with another purpose is a 409.",
    )
    @data_uses.mapping.post
    def add_data_use(self, request, pk=None):
        model = self.get_object()
        data = s.DataSourceUseSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        use, created = services.data_use_get_or_add(actor=request.user, model=model, **data.validated_data)
        return Response(s.DataSourceUseSerializer(use).data, status=201 if created else 200)


@extend_schema_view(partial_update=extend_schema(request=s.ModelVersionUpdateSerializer))
class VersionViewSet(
    VersionTagsMixin,
    ExportListMixin,
    StrictQueryMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """All versions the user may see; register new ones under their model."""

    list_actions = frozenset({"evaluations", "snapshots", "tags"})

    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    permission_classes = [IsAuthenticated]
    serializer_class = s.ModelVersionSerializer
    filter_backends = [VisibleFilterBackend, StrictOrderingFilter]
    filterset_class = VersionFilter
    filter_visible = {"model": selectors.models_visible_to}
    ordering_fields = ["registered_at", "label", "deployed_at"]
    ordering = ["-registered_at", "-id"]
    export_name = "versions"

    def get_queryset(self):
        return selectors.versions_visible_to(user=self.request.user)

    @extend_schema(request=s.ModelVersionUpdateSerializer, responses={200: s.ModelVersionSerializer})
    def partial_update(self, request, *args, **kwargs):
        version = self.get_object()
        data = s.ModelVersionUpdateSerializer(
            version, data=request.data, partial=True, context=self.get_serializer_context()
        )
        data.is_valid(raise_exception=True)
        version = services.version_update(actor=request.user, version=version, **data.validated_data)
        return Response(s.ModelVersionSerializer(version).data)

    @extend_schema(responses={200: s.EvaluationSerializer(many=True)}, filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def evaluations(self, request, pk=None):
        version = self.get_object()
        page = self.paginate_queryset(version.evaluations.order_by("-evaluated_at", "-id"))
        return self.get_paginated_response(s.EvaluationSerializer(page, many=True).data)

    @extend_schema(
        request=s.EvaluationSerializer,
        responses={201: s.EvaluationSerializer},
        parameters=[IDEMPOTENCY_KEY],
    )
    @evaluations.mapping.post
    def post_evaluation(self, request, pk=None):
        version = self.get_object()

        def record() -> Response:
            data = s.EvaluationSerializer(data=request.data, context=self.get_serializer_context())
            data.is_valid(raise_exception=True)
            evaluation = services.evaluation_record(
                actor=request.user, version=version, **data.validated_data
            )
            return Response(s.EvaluationSerializer(evaluation).data, status=201)

        return replay_or_run(request=request, run=record)

    @extend_schema(responses={200: s.MonitoringSnapshotSerializer(many=True)}, filters=False)
    @action(detail=True, methods=["get"], filter_backends=[])
    def snapshots(self, request, pk=None):
        version = self.get_object()
        page = self.paginate_queryset(version.snapshots.order_by("-taken_at", "-id"))
        return self.get_paginated_response(s.MonitoringSnapshotSerializer(page, many=True).data)

    @extend_schema(
        request=s.MonitoringSnapshotSerializer,
        responses={201: s.MonitoringSnapshotSerializer},
        parameters=[IDEMPOTENCY_KEY],
    )
    @snapshots.mapping.post
    def post_snapshot(self, request, pk=None):
        version = self.get_object()

        def record() -> Response:
            data = s.MonitoringSnapshotSerializer(data=request.data, context=self.get_serializer_context())
            data.is_valid(raise_exception=True)
            snapshot = services.snapshot_record(actor=request.user, version=version, **data.validated_data)
            return Response(s.MonitoringSnapshotSerializer(snapshot).data, status=201)

        return replay_or_run(request=request, run=record)


class DataSourceViewSet(
    ExportListMixin,
    StrictQueryMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The shared data-source catalogue: every signed-in user reads it; stewards change it."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    permission_classes = [IsAuthenticated]
    serializer_class = s.DataSourceSerializer
    filter_backends = [VisibleFilterBackend, StrictOrderingFilter]
    filterset_class = DataSourceApiFilter
    filter_visible = {"team": teams_visible_to}
    ordering_fields = ["name", "created_at"]
    ordering = ["name"]
    export_name = "data-sources"

    def get_queryset(self):
        return selectors.data_source_list(user=self.request.user).select_related("steward")

    def filterset_extra_kwargs(self) -> dict:
        """Consent alerts count the uses by models the reader may see, as the page does (issue 17.5)."""
        return {"models": selectors.models_visible_to(user=self.request.user)}

    def perform_create(self, serializer):
        source = services.data_source_create(actor=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=source.pk)

    @extend_schema(request=s.DataSourceUpdateSerializer, responses={200: s.DataSourceSerializer})
    def partial_update(self, request, *args, **kwargs):
        source = self.get_object()
        data = s.DataSourceUpdateSerializer(
            source, data=request.data, partial=True, context=self.get_serializer_context()
        )
        data.is_valid(raise_exception=True)
        services.data_source_update(actor=request.user, source=source, **data.validated_data)
        return Response(s.DataSourceSerializer(self.get_queryset().get(pk=source.pk)).data)


class ConsentViewSet(
    ExportListMixin,
    StrictQueryMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Consent records. They are never deleted: withdraw them instead."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.ConsentRecordSerializer
    filter_backends = [VisibleFilterBackend, StrictOrderingFilter]
    filterset_class = ConsentFilter
    ordering_fields = ["obtained_on", "expires_on", "reference"]
    ordering = ["data_source_id", "-obtained_on", "reference"]
    export_name = "consents"

    def get_queryset(self):
        return ConsentRecord.objects.select_related("recorded_by", "withdrawn_by")

    @extend_schema(
        responses={
            201: s.ConsentRecordSerializer,
            200: OpenApiResponse(
                s.ConsentRecordSerializer, description="The consent already existed (a retry)."
            ),
        },
        description="Create-or-get on (data source, reference): an identical retry answers 200 with the "
        "existing "
        "record; a retry with other details is a 409.",
    )
    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        consent, created = services.consent_get_or_record(actor=request.user, **data.validated_data)
        return Response(s.ConsentRecordSerializer(consent).data, status=201 if created else 200)

    @extend_schema(request=s.ConsentWithdrawSerializer, responses={200: s.ConsentRecordSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        consent = get_object_or_404(ConsentRecord.objects.select_related("data_source"), pk=pk)
        data = s.ConsentWithdrawSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        try:
            consent = services.consent_withdraw(actor=request.user, consent=consent, **data.validated_data)
        except ValidationError as exc:
            if consent.withdrawn_at is not None:
                raise Conflict(exc.messages[0]) from exc
            raise
        return Response(s.ConsentRecordSerializer(consent).data)


class TeamViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    """Teams the user belongs to (all of them for auditors and governance admins)."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.TeamSerializer

    def get_queryset(self):
        return teams_visible_to(user=self.request.user).order_by("name")
