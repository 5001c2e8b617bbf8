from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from governance.foundation.api.fields import UserField, VisibleRelatedField
from governance.foundation.api.strict_input import StrictInput
from governance.inventory.models import MLModel
from governance.inventory.selectors import models_visible_to
from governance.teams.models import Team
from governance.teams.selectors import teams_visible_to

from ..models import CheckResult, CheckRun, Outcome
from ..registry import get_check


class VisibleCountField(serializers.IntegerField):
    """A run's results of one outcome counted over the models the reader may see, as on the run pages: the
    view passes them for every run it serialises as `visible_counts` (selectors.outcome_counts, one query
    for the whole page), so no run costs a query of its own."""

    def __init__(self, outcome: str, **kwargs):
        super().__init__(read_only=True, **kwargs)
        self.outcome = outcome

    def get_attribute(self, run: CheckRun) -> int:
        return self.context["visible_counts"][run.pk][self.outcome]


class RunErrorSerializer(serializers.Serializer):
    """A check that raised instead of answering, or why the run failed (check is then empty)."""

    check = serializers.CharField()
    message = serializers.CharField()


class CheckRunSerializer(serializers.ModelSerializer):
    requested_by = UserField(read_only=True, allow_null=True)  # null for the schedule's runs
    results_url = serializers.SerializerMethodField()
    pass_count = VisibleCountField(Outcome.PASS)
    warn_count = VisibleCountField(Outcome.WARN)
    fail_count = VisibleCountField(Outcome.FAIL)
    not_applicable_count = VisibleCountField(Outcome.NOT_APPLICABLE)
    waiting_for_queue = serializers.BooleanField(
        read_only=True,
        help_text="Queued while the task queue is unavailable; the run starts when it is back.",
    )
    errors = RunErrorSerializer(many=True, read_only=True)
    policy = serializers.DictField(
        child=serializers.JSONField(),
        read_only=True,
        help_text="The check policy in force when the run started: numeric thresholds and windows, plus "
        "`metric_directions` (metric name to higher or lower), `default_metric_direction`, "
        "`computed_evidence_tiers` (a list of tiers) and the acceptance terms.",
    )

    class Meta:
        model = CheckRun
        fields = [
            "id",
            "scope",
            "team",
            "model",
            "trigger",
            "status",
            "waiting_for_queue",
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


class CheckRunCreateSerializer(StrictInput, serializers.Serializer):
    scope = serializers.ChoiceField(choices=CheckRun.Scope.choices)
    team = VisibleRelatedField(
        queryset=Team.objects.all(), visible=teams_visible_to, required=False, allow_null=True
    )
    model = VisibleRelatedField(
        queryset=MLModel.objects.all(), visible=models_visible_to, required=False, allow_null=True
    )

    def validate(self, data):
        if data["scope"] == CheckRun.Scope.TEAM and not data.get("team"):
            raise serializers.ValidationError({"team": _("A team run names the team.")})
        if data["scope"] == CheckRun.Scope.MODEL and not data.get("model"):
            raise serializers.ValidationError({"model": _("A model run names the model.")})
        return data


class CheckResultSerializer(serializers.ModelSerializer):
    check = serializers.CharField(source="check_key", read_only=True)
    title = serializers.SerializerMethodField()
    category = serializers.SerializerMethodField()
    severity = serializers.SerializerMethodField()
    remediation = serializers.SerializerMethodField()
    model_name = serializers.CharField(source="model.name", read_only=True)
    evidence = serializers.DictField(
        read_only=True, help_text="What the check saw: an object whose keys depend on the check."
    )
    team = serializers.IntegerField(source="model.team_id", read_only=True)
    detail = serializers.CharField(
        source="detail_text", read_only=True, help_text="The finding, in the request's language."
    )

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
