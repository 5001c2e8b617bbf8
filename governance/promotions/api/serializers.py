from __future__ import annotations

from rest_framework import serializers

from governance.foundation.api.strict_input import StrictInput

from ..models import Environment, PromotionRequest


class RuleSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    passed = serializers.BooleanField()
    reason = serializers.CharField()
    link = serializers.CharField()
    waivable = serializers.BooleanField()
    waived_until = serializers.DateField(allow_null=True)


class GateSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    environment = serializers.CharField()
    allowed = serializers.BooleanField()
    rule_sets = serializers.ListField(child=serializers.CharField())
    rules = RuleSerializer(many=True)
    approvals_needed = serializers.DictField(help_text="Approvals a new request for this version would need.")
    holds_environment = serializers.BooleanField(help_text="An approved promotion gave it the environment.")


class PromotionRequestSerializer(StrictInput, serializers.ModelSerializer):
    model = serializers.IntegerField(source="model_id", read_only=True)
    version = serializers.IntegerField(source="version_id")
    environment = serializers.SlugRelatedField(slug_field="slug", queryset=Environment.objects.all())
    requested_by = serializers.CharField(source="requested_by.username", read_only=True)
    decided_by = serializers.CharField(source="decided_by.username", read_only=True, default=None)
    approvals = serializers.SerializerMethodField()
    kind = serializers.ChoiceField(choices=PromotionRequest.Kind.choices, required=False)

    class Meta:
        model = PromotionRequest
        fields = [
            "id",
            "model",
            "version",
            "environment",
            "kind",
            "status",
            "justification",
            "requested_by",
            "created_at",
            "expires_at",
            "decided_by",
            "decided_at",
            "decision_reason",
            "approvals",
            "gate_at_request",
            "gate_at_decision",
        ]
        validators = []  # the one-open-request rule is the service's: a duplicate is a 409, not a 400
        read_only_fields = [
            "status",
            "created_at",
            "expires_at",
            "decided_at",
            "decision_reason",
            "gate_at_request",
            "gate_at_decision",
        ]

    def get_approvals(self, obj) -> list[dict]:
        return [
            {"approver": a.approver.username, "role": a.role, "at": a.created_at.isoformat()}
            for a in obj.approvals.all()
        ]


class ApproveSerializer(StrictInput, serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    waive_rules = serializers.ListField(
        child=serializers.CharField(max_length=50), required=False, max_length=20
    )
    waiver_reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    waiver_expires_on = serializers.DateField(required=False)


class RejectSerializer(StrictInput, serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
