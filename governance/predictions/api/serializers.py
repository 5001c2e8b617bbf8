"""Shapes of prediction sets in the API: the upload form, histogram sets, and the stored record."""

from __future__ import annotations

from rest_framework import serializers

from governance.foundation.api.strict_input import StrictInput

from ..models import PredictionSet


class NamesField(serializers.ListField):
    """Column names as a JSON list, repeated form fields, or one comma-separated form field."""

    child = serializers.CharField(max_length=200)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = [v.strip() for v in data.split(",") if v.strip()]
        elif isinstance(data, list) and len(data) == 1 and isinstance(data[0], str) and "," in data[0]:
            data = [v.strip() for v in data[0].split(",") if v.strip()]
        return super().to_internal_value(data)

    def get_value(self, dictionary):
        if hasattr(dictionary, "getlist") and self.field_name in dictionary:
            return dictionary.getlist(self.field_name)
        return super().get_value(dictionary)


class UploadSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    role = serializers.ChoiceField(choices=PredictionSet.Role.choices)
    file = serializers.FileField(help_text="CSV (with a header row) or Parquet.")
    prediction = serializers.CharField(max_length=200, help_text="The score or predicted label column.")
    prediction_kind = serializers.ChoiceField(choices=["score", "label"], default="score")
    label = serializers.CharField(max_length=200, required=False, allow_blank=True, help_text="Actual 0/1.")
    sensitive = NamesField(help_text="One or more sensitive-attribute columns.")
    features = NamesField(required=False, help_text="Columns to watch for drift.")
    timestamp = serializers.CharField(max_length=200, required=False, allow_blank=True)
    threshold = serializers.FloatField(
        required=False,
        min_value=0,
        max_value=1,
        help_text="Decision threshold for a score; else the policy's.",
    )
    retention_days = serializers.IntegerField(required=False, min_value=1, max_value=3650)


class HistogramSetSerializer(StrictInput, serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    role = serializers.ChoiceField(choices=PredictionSet.Role.choices)
    features = serializers.DictField(
        child=serializers.DictField(),
        help_text='{"income": {"edges": [..], "counts": [..], "missing": 0}, '
        '"region": {"categories": {"north": 10}}}; a live set\'s numeric edges must be the reference\'s '
        "(GET .../bins/).",
    )
    groups = serializers.DictField(
        child=serializers.DictField(child=serializers.ListField(child=serializers.IntegerField(min_value=0))),
        required=False,
        help_text='{"sex": {"female": [n(actual 0, decision 0), n(0, 1), n(1, 0), n(1, 1)]}}',
    )
    labelled = serializers.BooleanField(
        default=False, help_text="Whether group counts split by actual label."
    )
    retention_days = serializers.IntegerField(required=False, min_value=1, max_value=3650)


class PredictionSetSerializer(serializers.ModelSerializer):
    version = serializers.PrimaryKeyRelatedField(read_only=True)
    model = serializers.IntegerField(source="version.model_id", read_only=True)
    uploaded_by = serializers.CharField(source="uploaded_by.username", read_only=True)
    evidence = serializers.CharField(source="evidence_label", read_only=True)

    class Meta:
        model = PredictionSet
        fields = [
            "id",
            "version",
            "model",
            "role",
            "kind",
            "status",
            "rejection_reason",
            "original_name",
            "file_format",
            "sha256",
            "size_bytes",
            "row_count",
            "columns",
            "threshold",
            "threshold_source",
            "reference",
            "superseded_by",
            "evaluation",
            "snapshot",
            "window_start",
            "window_end",
            "retention_days",
            "purge_after",
            "purged_at",
            "uploaded_by",
            "uploaded_at",
            "computed_at",
            "evidence",
        ]
        read_only_fields = fields


class PredictionSetDetailSerializer(PredictionSetSerializer):
    class Meta(PredictionSetSerializer.Meta):
        fields = [*PredictionSetSerializer.Meta.fields, "schema", "results"]
        read_only_fields = fields
