from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from ..models import EvidenceFile


class EvidenceFileSerializer(serializers.ModelSerializer):
    record = serializers.IntegerField(source="object_id", read_only=True)
    uploaded_by = serializers.CharField(source="uploaded_by.username", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = EvidenceFile
        fields = [
            "id",
            "kind",
            "record",
            "name",
            "description",
            "media_type",
            "size",
            "sha256",
            "uploaded_by",
            "uploaded_at",
            "superseded_by",
            "superseded_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, obj: EvidenceFile) -> str:
        return reverse("v1:evidence-download", args=[obj.pk])


class EvidenceUploadSerializer(serializers.Serializer):
    kind = serializers.CharField(
        max_length=40, help_text="risk, mitigation, acceptance, consent, version, answer"
    )
    record = serializers.IntegerField(min_value=1, help_text="The id of the record the file backs.")
    file = serializers.FileField(allow_empty_file=True)
    description = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    supersedes = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
