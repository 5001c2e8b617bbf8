"""API shapes: a model's classifications and obligations (read), answers and attestations (write, strict)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from governance.foundation.api.localized import LocalizedCharField
from governance.foundation.api.strict_input import StrictInput

from ..models import OBLIGATION_STATES, Attestation, Framework
from ..obligations import OBLIGATIONS


class ClassificationSerializer(serializers.Serializer):
    framework = serializers.CharField()
    questionnaire_version = serializers.IntegerField()
    status = serializers.CharField()
    category = serializers.CharField()
    derived_category = serializers.CharField()
    override_category = serializers.CharField()
    override_justification = serializers.CharField()
    flags = serializers.ListField(child=serializers.CharField())
    reasons = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
    role = serializers.CharField()
    answers = serializers.DictField()
    answered_at = serializers.DateTimeField()


class ObligationStatusSerializer(serializers.Serializer):
    key = serializers.CharField(source="obligation.key")
    framework = serializers.CharField(source="obligation.framework")
    title = LocalizedCharField(source="obligation.title")
    citation = serializers.CharField(source="obligation.citation")
    applies_from = LocalizedCharField(source="obligation.applies_from")
    best_effort = serializers.BooleanField(source="obligation.best_effort")
    nist = serializers.ListField(source="obligation.nist", child=serializers.CharField())
    status = serializers.ChoiceField(choices=OBLIGATION_STATES)
    source = serializers.CharField(help_text="computed, attested, or empty when nothing is recorded")
    detail = serializers.CharField()
    evidence_url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField())
    def get_evidence_url(self, status: Any) -> str:
        return status.attestation.evidence_url if status.attestation else ""


class ModelRegulationSerializer(serializers.Serializer):
    model = serializers.IntegerField(source="model.pk")
    name = serializers.CharField(source="model.name")
    ai_act_tier = serializers.CharField(source="model.ai_act_tier")
    eu_ai_act = ClassificationSerializer(source="eu", allow_null=True)
    kr_ai_basic_act = ClassificationSerializer(source="kr", allow_null=True)
    needs_obligations = serializers.BooleanField()
    obligations = ObligationStatusSerializer(many=True)


class CoverageSerializer(serializers.Serializer):
    by_function = serializers.DictField(
        child=serializers.ListField(child=serializers.IntegerField()),
        help_text="Per NIST AI RMF function: [subcategories covered, subcategories in all].",
    )
    covered = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    uncovered = serializers.ListField(child=serializers.CharField())


class ModelRegulationDetailSerializer(ModelRegulationSerializer):
    nist_coverage = CoverageSerializer(help_text="What this model's checks, risks and obligations cover.")


class AnswersSerializer(StrictInput, serializers.Serializer):
    framework = serializers.ChoiceField(choices=Framework.choices)
    answers = serializers.DictField(
        help_text='Keyed by question key; each value is the answer, or {"value", "note", "evidence"}.'
    )


class AttestationInputSerializer(StrictInput, serializers.Serializer):
    obligation = serializers.ChoiceField(choices=[o.key for o in OBLIGATIONS])
    status = serializers.ChoiceField(choices=Attestation.Status.choices)
    note = serializers.CharField(min_length=10, max_length=2000)
    evidence_url = serializers.URLField(required=False, allow_blank=True, max_length=500)
    valid_days = serializers.IntegerField(
        required=False, min_value=1, max_value=settings.REGULATION_ATTESTATION_DAYS
    )


class AttestationSerializer(serializers.ModelSerializer):
    evidence_url = serializers.CharField(read_only=True, help_text="An http(s) link, or empty.")

    class Meta:
        model = Attestation
        fields = [
            "id",
            "model",
            "obligation",
            "status",
            "note",
            "evidence_url",
            "attested_by",
            "attested_at",
            "expires_on",
            "withdrawn_at",
        ]
        read_only_fields = fields
