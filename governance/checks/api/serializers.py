from __future__ import annotations

from rest_framework import serializers

from governance.inventory.models import MLModel, Team

from ..models import CheckResult, CheckRun
from ..registry import get_check


class CheckRunSerializer(serializers.ModelSerializer):
    requested_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    results_url = serializers.SerializerMethodField()

    class Meta:
        model = CheckRun
        fields = [
            "id",
            "scope",
            "team",
            "model",
            "trigger",
            "status",
            "requested_by",
            "created_at",
            "started_at",
            "finished_at",
            "model_count",
            "chunks_total",
            "pass_count",
            "warn_count",
            "fail_count",
            "not_applicable_count",
            "errors",
            "policy",
            "results_url",
        ]
        read_only_fields = fields

    def get_results_url(self, run: CheckRun) -> str:
        return f"/api/v1/check-results/?run={run.pk}"


class CheckRunCreateSerializer(serializers.Serializer):
    scope = serializers.ChoiceField(choices=CheckRun.Scope.choices)
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all(), required=False, allow_null=True)
    model = serializers.PrimaryKeyRelatedField(
        queryset=MLModel.objects.all(), required=False, allow_null=True
    )

    def validate(self, data):
        if data["scope"] == CheckRun.Scope.TEAM and not data.get("team"):
            raise serializers.ValidationError({"team": "A team run names the team."})
        if data["scope"] == CheckRun.Scope.MODEL and not data.get("model"):
            raise serializers.ValidationError({"model": "A model run names the model."})
        return data


class CheckResultSerializer(serializers.ModelSerializer):
    check = serializers.CharField(source="check_key", read_only=True)
    title = serializers.SerializerMethodField()
    category = serializers.SerializerMethodField()
    severity = serializers.SerializerMethodField()
    remediation = serializers.SerializerMethodField()
    model_name = serializers.CharField(source="model.name", read_only=True)
    team = serializers.IntegerField(source="model.team_id", read_only=True)

    class Meta:
        model = CheckResult
        fields = [
            "id",
            "run",
            "check",
            "title",
            "category",
            "severity",
            "model",
            "model_name",
            "team",
            "outcome",
            "detail",
            "evidence",
            "remediation",
        ]
        read_only_fields = fields

    def _attr(self, result: CheckResult, name: str) -> str:
        check = get_check(result.check_key)
        return getattr(check, name) if check else ""

    def get_title(self, result: CheckResult) -> str:
        return self._attr(result, "title")

    def get_category(self, result: CheckResult) -> str:
        return self._attr(result, "category")

    def get_severity(self, result: CheckResult) -> str:
        return self._attr(result, "severity")

    def get_remediation(self, result: CheckResult) -> str:
        return self._attr(result, "remediation")
