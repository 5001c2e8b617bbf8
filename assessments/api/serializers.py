"""API representations of frameworks, assessments and team maturity. Read-only: writes use the web UI."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from governance.foundation.api.localized import LocalizedCharField
from governance.inventory.api.serializers import TeamRefSerializer, UserRefSerializer

from ..models import Answer, Assessment, Dimension, Framework, Question


class QuestionSerializer(serializers.ModelSerializer):
    text = LocalizedCharField()
    guidance = LocalizedCharField()
    evidence_hint = LocalizedCharField()

    class Meta:
        model = Question
        fields = ["id", "key", "level", "text", "guidance", "evidence_hint", "order"]


class DimensionSerializer(serializers.ModelSerializer):
    questions = QuestionSerializer(many=True, read_only=True)
    name = LocalizedCharField()
    description = LocalizedCharField()

    class Meta:
        model = Dimension
        fields = ["id", "key", "name", "description", "order", "questions"]


class AnswerChoiceSerializer(serializers.Serializer):
    value = serializers.ChoiceField(choices=Answer.Value.choices)
    label = serializers.CharField()


class FrameworkSerializer(serializers.ModelSerializer):
    answer_choices = serializers.SerializerMethodField()
    dimensions = DimensionSerializer(many=True, read_only=True)
    name = LocalizedCharField()
    description = LocalizedCharField()

    class Meta:
        model = Framework
        fields = [
            "id",
            "key",
            "version",
            "kind",
            "name",
            "description",
            "source",
            "is_active",
            "answer_choices",
            "dimensions",
        ]

    @extend_schema_field(AnswerChoiceSerializer(many=True))
    def get_answer_choices(self, obj: Framework) -> list[dict]:
        return [{"value": value, "label": label} for value, label in obj.answer_choices()]


class FrameworkRefSerializer(serializers.ModelSerializer):
    name = LocalizedCharField()

    class Meta:
        model = Framework
        fields = ["id", "key", "version", "name", "kind"]


class DimensionResultSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    level = serializers.IntegerField(
        allow_null=True, help_text="Levels frameworks; null when nothing applies."
    )
    score = serializers.FloatField(
        allow_null=True, help_text="Level score 0-2, or an ML Test Score section sum."
    )


class DimensionScoreSerializer(DimensionResultSerializer):
    answered = serializers.IntegerField()
    applicable = serializers.IntegerField()
    not_applicable = serializers.IntegerField()
    next_steps = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ids of the questions to work on next, in order."
    )


class ScoresSerializer(serializers.Serializer):
    overall_level = serializers.IntegerField(allow_null=True, help_text="Minimum over dimensions (levels).")
    overall_score = serializers.FloatField(
        allow_null=True,
        help_text="Mean of dimension scores (levels) or the lowest section sum (ML Test Score).",
    )
    band = serializers.CharField(allow_null=True, help_text="ML Test Score band, e.g. '(1, 2]'.")
    dimensions = DimensionScoreSerializer(many=True)


class AnswerSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    question_key = serializers.CharField()
    dimension_key = serializers.CharField()
    value = serializers.ChoiceField(choices=Answer.Value.choices)
    evidence = serializers.CharField(allow_blank=True)
    answered_by = UserRefSerializer()
    answered_at = serializers.DateTimeField()


class AssessmentSerializer(serializers.Serializer):
    """An assessment with its answers and its scores, computed from the answers by the scoring rules."""

    id = serializers.IntegerField()
    team = TeamRefSerializer()
    framework = FrameworkRefSerializer()
    status = serializers.ChoiceField(choices=Assessment.Status.choices)
    started_by = UserRefSerializer()
    started_at = serializers.DateTimeField()
    assessor = UserRefSerializer(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    question_count = serializers.IntegerField()
    answered = serializers.IntegerField()
    scores = ScoresSerializer()
    answers = AnswerSerializer(many=True)


class MaturityEntrySerializer(serializers.Serializer):
    framework = FrameworkRefSerializer()
    assessment_id = serializers.IntegerField()
    submitted_at = serializers.DateTimeField()
    assessor = UserRefSerializer()
    overall_level = serializers.IntegerField(allow_null=True)
    overall_score = serializers.FloatField(allow_null=True)
    band = serializers.CharField(allow_null=True)
    dimensions = DimensionResultSerializer(many=True)


class TeamMaturitySerializer(serializers.Serializer):
    """A team's latest submitted assessment per framework, as scored at submission."""

    team = TeamRefSerializer()
    frameworks = MaturityEntrySerializer(many=True)
