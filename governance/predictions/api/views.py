"""REST endpoints for prediction sets. Thin: parse, call a service or selector, serialize.

Another team's set or version is a 404; a set the user may see but not download is a 403 on download.
"""

from __future__ import annotations

from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from governance.foundation.api.errors import ErrorSerializer, error_body
from governance.foundation.api.querying import StrictQueryMixin
from governance.foundation.api.schema import LOCATION_202
from governance.inventory.selectors import versions_visible_to

from .. import histograms, selectors, services
from ..models import PredictionSet
from . import serializers as s


class Gone(NotFound):
    status_code = 410
    default_code = "gone"


def _answer(prediction_set: PredictionSet, *, accepted: int) -> Response:
    """201/202 for a kept set; 422 (413 for size) with the reason when it was rejected at once."""
    body = s.PredictionSetSerializer(prediction_set).data
    if prediction_set.status != PredictionSet.Status.REJECTED:
        headers = {"Location": reverse("v1:prediction-set-detail", args=[prediction_set.pk])}
        return Response(body, status=accepted, headers=headers if accepted == 202 else None)
    status = 413 if "over the limit" in prediction_set.rejection_reason else 422
    return Response(
        {**error_body(status, "rejected", prediction_set.rejection_reason), "prediction_set": body},
        status=status,
    )


class PredictionSetViewSet(
    StrictQueryMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Prediction sets of the versions the user may see: upload rows or histograms, read computed results."""

    http_method_names = ["get", "post", "head", "options"]
    permission_classes = [IsAuthenticated]
    serializer_class = s.PredictionSetSerializer
    filterset_fields = ["version", "role", "status", "kind"]
    filter_visible = {"version": versions_visible_to}  # another team's version: the same 400 as a missing one

    def get_queryset(self):
        queryset = selectors.visible_sets(user=self.request.user).order_by("-uploaded_at", "-id")
        if self.action == "list":
            queryset = queryset.defer(*selectors.LIST_FIELDS_DEFERRED)
        return queryset

    def get_serializer_class(self):
        return s.PredictionSetDetailSerializer if self.action == "retrieve" else s.PredictionSetSerializer

    def _version(self, pk: int):
        version = versions_visible_to(user=self.request.user).filter(pk=pk).first()
        if version is None:
            raise NotFound(_("No such version."))  # another team's version looks missing
        return version

    @extend_schema(
        request={"multipart/form-data": s.UploadSerializer},
        responses={
            202: s.PredictionSetSerializer,
            413: OpenApiResponse(ErrorSerializer, description="Over the size limit: recorded as rejected."),
        },
        parameters=[LOCATION_202],
    )
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def upload(self, request):
        data = s.UploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = self._version(values.pop("version"))
        upload = values.pop("file")
        prediction_set = services.prediction_set_upload(
            actor=request.user,
            version=version,
            role=values.pop("role"),
            upload=upload,
            threshold=values.pop("threshold", None),
            retention_days=values.pop("retention_days", None),
            columns=values,
        )
        return _answer(prediction_set, accepted=202)

    @extend_schema(
        request=s.HistogramSetSerializer,
        responses={
            201: s.PredictionSetSerializer,
            422: OpenApiResponse(ErrorSerializer, description="Cannot be compared: recorded as rejected."),
        },
    )
    @action(detail=False, methods=["post"], parser_classes=[JSONParser])
    def histograms(self, request):
        data = s.HistogramSetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        prediction_set = histograms.prediction_set_histograms(
            actor=request.user, version=self._version(values.pop("version")), **values
        )
        return _answer(prediction_set, accepted=201)

    @extend_schema(responses={200: OpenApiResponse(description="The reference's bins per feature.")})
    @action(detail=True, methods=["get"])
    def bins(self, request, pk=None):
        """A reference's decile edges and categories, for pipelines that send live histograms."""
        prediction_set = self.get_object()
        profile = prediction_set.profile or {}
        return Response(
            {
                "reference": prediction_set.pk,
                "numeric": {n: {"edges": f["edges"]} for n, f in profile.get("numeric", {}).items()},
                "categorical": {n: sorted(f["counts"]) for n, f in profile.get("categorical", {}).items()},
            }
        )

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(description="The stored Parquet file."),
            410: OpenApiResponse(ErrorSerializer, description="The rows were purged or never kept."),
        }
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        prediction_set = self.get_object()
        if not selectors.can_download(user=request.user, prediction_set=prediction_set):
            raise PermissionDenied(
                _("Only the team's maintainers, governance admins and auditors may download rows.")
            )
        if not prediction_set.has_rows:
            raise Gone(_("The rows of this set are no longer kept (purged or rejected); its results remain."))
        handle = prediction_set.file.open("rb")
        return FileResponse(
            handle, as_attachment=True, filename=f"prediction-set-{prediction_set.pk}.parquet"
        )
