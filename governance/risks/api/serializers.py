"""API representations of the register. Levels and scores are derived by the services, read-only here."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from governance.foundation.api.fields import UserField, VisibleRelatedField
from governance.foundation.api.strict_input import StrictInput
from governance.inventory.models import MLModel
from governance.inventory.selectors import models_visible_to

from .. import selectors
from ..dates import validate_decision_date
from ..models import Mitigation, Risk, RiskAcceptance, RiskMatrix, RiskReview

User = get_user_model()


class LevelSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    name = serializers.CharField()
    colour = serializers.CharField()
    review_days = serializers.IntegerField()


class RiskMatrixSerializer(serializers.ModelSerializer):
    likelihood_labels = serializers.ListField(child=serializers.CharField())
    impact_labels = serializers.ListField(child=serializers.CharField())
    levels = serializers.SerializerMethodField()
    grid = serializers.ListField(child=serializers.ListField(child=serializers.IntegerField()))

    class Meta:
        model = RiskMatrix
        fields = [
            "id",
            "name",
            "description",
            "likelihood_labels",
            "impact_labels",
            "levels",
            "grid",
            "is_default",
        ]

    @extend_schema_field(LevelSerializer(many=True))
    def get_levels(self, obj: RiskMatrix):
        return [
            {"index": lv.index, "name": lv.name, "colour": lv.colour, "review_days": lv.review_days}
            for lv in obj.level_objects
        ]


class RiskSerializer(StrictInput, serializers.ModelSerializer):
    model = VisibleRelatedField(queryset=MLModel.objects.all(), visible=models_visible_to)
    owner = UserField(queryset=User.objects.filter(is_active=True))
    matrix = serializers.PrimaryKeyRelatedField(read_only=True)
    inherent_level_name = serializers.SerializerMethodField()
    residual_level_name = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Risk
        fields = [
            "id",
            "model",
            "matrix",
            "title",
            "category",
            "description",
            "owner",
            "status",
            "treatment",
            "inherent_likelihood",
            "inherent_impact",
            "inherent_level",
            "inherent_level_name",
            "inherent_score",
            "residual_likelihood",
            "residual_impact",
            "residual_level",
            "residual_level_name",
            "residual_score",
            "residual_from_inherent",
            "last_reviewed_on",
            "next_review_due",
            "overdue",
            "closed_reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "inherent_level",
            "inherent_score",
            "residual_level",
            "residual_score",
            "residual_from_inherent",
            "last_reviewed_on",
            "next_review_due",
            "closed_reason",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            f: {"min_value": 1, "max_value": 6}
            for f in ("inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact")
        }

    def get_inherent_level_name(self, obj: Risk) -> str | None:
        return obj.inherent_level_object.name if obj.inherent_level is not None else None

    def get_residual_level_name(self, obj: Risk) -> str | None:
        return obj.residual_level_object.name if obj.residual_level is not None else None

    def get_overdue(self, obj: Risk) -> bool:
        return obj.is_overdue(self.context["today"])


class RiskUpdateSerializer(RiskSerializer):
    refused_fields = {"model": _("A risk stays with the model it was raised on; raise a new risk instead.")}

    class Meta(RiskSerializer.Meta):
        read_only_fields = [*RiskSerializer.Meta.read_only_fields, "model"]


class ReviewSerializer(StrictInput, serializers.ModelSerializer):
    reviewed_by = UserField(read_only=True)

    class Meta:
        model = RiskReview
        fields = ["id", "risk", "reviewed_by", "reviewed_on", "notes", "residual_level", "next_review_due"]
        read_only_fields = ["risk", "reviewed_by", "residual_level", "next_review_due"]
        extra_kwargs = {"reviewed_on": {"required": False, "validators": [validate_decision_date]}}


class CloseSerializer(StrictInput, serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class MitigationSerializer(StrictInput, serializers.ModelSerializer):
    risk = VisibleRelatedField(queryset=Risk.objects.all(), visible=selectors.risks_visible_to)
    owner = UserField(queryset=User.objects.filter(is_active=True))

    class Meta:
        model = Mitigation
        fields = ["id", "risk", "description", "owner", "status", "due_date", "completed_on", "created_at"]
        read_only_fields = ["completed_on", "created_at"]


class MitigationUpdateSerializer(MitigationSerializer):
    refused_fields = {"risk": _("A mitigation stays with its risk; add a new one to the other risk.")}

    class Meta(MitigationSerializer.Meta):
        read_only_fields = [*MitigationSerializer.Meta.read_only_fields, "risk"]


class AcceptanceSerializer(StrictInput, serializers.ModelSerializer):
    risk = VisibleRelatedField(queryset=Risk.objects.all(), visible=selectors.risks_visible_to)
    active = serializers.SerializerMethodField()
    approver = UserField(read_only=True)

    class Meta:
        model = RiskAcceptance
        fields = [
            "id",
            "risk",
            "approver",
            "justification",
            "accepted_on",
            "expires_on",
            "active",
            "created_at",
        ]
        read_only_fields = ["approver", "created_at"]
        extra_kwargs = {"accepted_on": {"required": False, "validators": [validate_decision_date]}}

    def get_active(self, obj: RiskAcceptance) -> bool:
        return obj.is_active(self.context["today"])
