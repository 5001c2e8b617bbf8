"""Evidence over the API: list a record's files, upload one (multipart, streamed), read and download.

Reading follows the record's view rule (another team's record is a 404); uploading its change rule (403)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404  # a non-numeric id is a 404, not a ValueError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from governance.foundation.api.querying import StrictQueryMixin

from .. import selectors, services
from ..models import EvidenceFile
from ..views import download_response
from .serializers import EvidenceFileSerializer, EvidenceUploadSerializer

RECORD_PARAMS = [
    OpenApiParameter("kind", str, required=True, description="The record's kind: risk, consent, version..."),
    OpenApiParameter("record", int, required=True, description="The record's id."),
]


class EvidenceViewSet(
    StrictQueryMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Evidence files of one record (`?kind=&record=`), newest first, superseded ones included."""

    http_method_names = ["get", "post", "head", "options"]
    permission_classes = [IsAuthenticated]
    serializer_class = EvidenceFileSerializer
    filter_backends: list = []
    parser_classes = [MultiPartParser, FormParser]  # the one body: an upload
    action_query_params = {"list": frozenset({"kind", "record"})}

    def get_queryset(self):
        return EvidenceFile.objects.select_related("uploaded_by", "superseded_by")

    def _record_files(self):
        """The files of the record the query names; 404 when the reader may not see it."""
        params = self.request.query_params
        missing = [name for name in ("kind", "record") if name not in params]
        if missing:
            raise serializers.ValidationError({name: [_("Required.")] for name in missing})
        try:
            pk = int(params["record"])
        except ValueError:
            raise serializers.ValidationError({"record": [_("Give a record id (a whole number).")]}) from None
        return selectors.evidence_visible_for_record(user=self.request.user, kind=params["kind"], pk=pk)

    def get_object(self) -> EvidenceFile:
        found = get_object_or_404(EvidenceFile.objects.only("pk"), pk=self.kwargs["pk"])  # "x" is a 404 too
        evidence, _record = selectors.evidence_get_for_view(user=self.request.user, pk=found.pk)
        return evidence

    @extend_schema(parameters=RECORD_PARAMS)
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self._record_files())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={
            201: EvidenceFileSerializer,
            403: OpenApiResponse(description="May not change the record."),
        },
    )
    def create(self, request, *args, **kwargs):
        data = EvidenceUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        _kind, record = selectors.record_get_for_view(
            user=request.user, kind=values["kind"], pk=values["record"]
        )
        supersedes = None
        if values.get("supersedes"):
            supersedes = EvidenceFile.objects.filter(pk=values["supersedes"]).first()
            if supersedes is None:
                raise serializers.ValidationError({"supersedes": [_("No such evidence.")]})
        evidence = services.evidence_upload(
            actor=request.user,
            record=record,
            upload=values["file"],
            description=values.get("description", ""),
            supersedes=supersedes,
        )
        body = EvidenceFileSerializer(evidence).data
        return Response(body, status=201, headers={"Location": body["download_url"]})

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiResponse(description="The stored file.")}
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        return download_response(request=request, evidence=self.get_object())
