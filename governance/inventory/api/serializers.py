"""API representations of the inventory. Serializers shape and type-check; services decide and write."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from governance.foundation.api.fields import UserField, UserRefSerializer, VisibleRelatedField
from governance.foundation.api.strict_input import StrictInput
from governance.foundation.inputs import validate_json_shape
from governance.teams.models import Team
from governance.teams.selectors import teams_visible_to

from .. import selectors
from ..models import (
    ConsentRecord,
    DataSource,
    DataSourceUse,
    Evaluation,
    MLModel,
    ModelVersion,
    MonitoringSnapshot,
)
from ..rows import CARD_FIELDS
from ..services.rules import DATA_SOURCE_INPUT_FIELDS, MODEL_INPUT_FIELDS

User = get_user_model()


class TeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "name", "slug", "description"]


class TeamRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "name", "slug"]


class VersionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = ModelVersion
        fields = ["id", "label", "status", "registered_at", "deployed_at"]


class ConsentStatusSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=[
            "valid",
            "withdrawn",
            "expired",
            "pending",
            "missing",
            "no_basis",
            "other_basis",
            "not_required",
        ]
    )
    label = serializers.CharField()
    ok = serializers.BooleanField()
    consent_id = serializers.IntegerField(allow_null=True)


class ModelDataSourceSerializer(serializers.Serializer):
    """A model's use of a source, with whether that use is lawful today."""

    use_id = serializers.IntegerField()
    data_source_id = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.CharField()
    purpose = serializers.CharField()
    version_id = serializers.IntegerField(allow_null=True)
    contains_personal_data = serializers.BooleanField()
    legal_basis = serializers.CharField()
    consent_status = ConsentStatusSerializer()


class RiskRefSerializer(serializers.Serializer):
    """The model's highest active residual risk: level index (0 lowest), level name and score."""

    level = serializers.IntegerField()
    name = serializers.CharField()
    score = serializers.IntegerField()
    risk_id = serializers.IntegerField()


class EnvironmentRefSerializer(serializers.Serializer):
    """Where a version of the model is deployed (promotion gate), lowest environment first."""

    environment = serializers.CharField(help_text="The environment's slug.")
    name = serializers.CharField()
    version_id = serializers.IntegerField()
    label = serializers.CharField()
    since = serializers.DateTimeField()
    out_of_policy = serializers.BooleanField()


class AliasRefSerializer(serializers.Serializer):
    version_id = serializers.IntegerField()
    label = serializers.CharField()


class ClassificationRefSerializer(serializers.Serializer):
    category = serializers.CharField(help_text="The override when a governance admin set one, else derived.")
    status = serializers.ChoiceField(choices=["legacy", "answered"])


class MLModelRowSerializer(serializers.ModelSerializer):
    """A row of the models list (schema only: governance/inventory/rows.py builds it in one query).

    The model card's texts are in the detail (GET /api/v1/models/{id}/) only, which keeps a page of 100
    small (issue 24)."""

    team = TeamRefSerializer(read_only=True)
    owner = UserRefSerializer(read_only=True)
    human_oversight_contact = UserRefSerializer(read_only=True, allow_null=True)
    latest_version = VersionRefSerializer(read_only=True, allow_null=True)
    data_sources = ModelDataSourceSerializer(many=True, read_only=True)
    highest_residual_risk = RiskRefSerializer(read_only=True, allow_null=True)
    out_of_policy = serializers.BooleanField(
        read_only=True, help_text="A version in production no longer meets its promotion gate."
    )
    environments = EnvironmentRefSerializer(many=True, read_only=True)
    tags = serializers.DictField(child=serializers.CharField(), read_only=True, help_text="key: value")
    aliases = serializers.DictField(
        child=AliasRefSerializer(), read_only=True, help_text="alias: the version holding it"
    )
    classification = serializers.DictField(
        child=ClassificationRefSerializer(),
        read_only=True,
        help_text="framework (eu_ai_act, kr_ai_basic_act): the model's classification under it",
    )

    class Meta:
        model = MLModel
        fields = [
            "id",
            "name",
            "team",
            "owner",
            "stage",
            "business_criticality",
            "ai_act_tier",
            "human_oversight_contact",
            "latest_version",
            "data_sources",
            "highest_residual_risk",
            "out_of_policy",
            "environments",
            "tags",
            "aliases",
            "classification",
            "created_at",
            "updated_at",
        ]


class MLModelSerializer(MLModelRowSerializer):
    """One model: the list's row plus the model card."""

    class Meta(MLModelRowSerializer.Meta):
        fields = [
            *MLModelRowSerializer.Meta.fields[:8],
            *CARD_FIELDS,
            *MLModelRowSerializer.Meta.fields[8:],
        ]


class MLModelWriteSerializer(StrictInput, serializers.ModelSerializer):
    team = VisibleRelatedField(queryset=Team.objects.all(), visible=teams_visible_to)
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    human_oversight_contact = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )

    class Meta:
        model = MLModel
        fields = list(MODEL_INPUT_FIELDS)
        validators = []  # uniqueness is the service's to report, with the team in view


class MLModelUpdateSerializer(MLModelWriteSerializer):
    refused_fields = {
        "team": _("A model's team cannot change; register the model under the other team instead."),
        "owner": _("Change the accountable owner with POST /api/v1/models/{id}/transfer/."),
    }

    class Meta(MLModelWriteSerializer.Meta):
        fields = [f for f in MLModelWriteSerializer.Meta.fields if f not in {"team", "owner"}]


class OwnershipTransferSerializer(StrictInput, serializers.Serializer):
    new_owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ModelVersionSerializer(StrictInput, serializers.ModelSerializer):
    model = serializers.PrimaryKeyRelatedField(read_only=True)
    registered_by = UserRefSerializer(read_only=True)
    hyperparameters = serializers.DictField(required=False, validators=[validate_json_shape])
    validation_metrics = serializers.DictField(required=False, validators=[validate_json_shape])

    class Meta:
        model = ModelVersion
        fields = [
            "id",
            "model",
            "label",
            "status",
            "artifact_uri",
            "code_reference",
            "hyperparameters",
            "validation_metrics",
            "training_window_start",
            "training_window_end",
            "registered_by",
            "registered_at",
            "deployed_at",
        ]
        read_only_fields = ["registered_at"]
        validators = []


class ModelVersionUpdateSerializer(ModelVersionSerializer):
    refused_fields = {
        "label": _("A version's label is its identity and cannot change; register a new version.")
    }

    class Meta(ModelVersionSerializer.Meta):
        read_only_fields = ["label", "registered_at"]


class DataSourceSerializer(StrictInput, serializers.ModelSerializer):
    team = VisibleRelatedField(queryset=Team.objects.all(), visible=teams_visible_to)
    steward = UserField(queryset=User.objects.filter(is_active=True))
    consent_count = serializers.IntegerField(read_only=True)
    active_consent_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = DataSource
        fields = [
            "id",
            *DATA_SOURCE_INPUT_FIELDS,
            "consent_count",
            "active_consent_count",
            "created_at",
            "updated_at",
        ]
        validators = []


class DataSourceUpdateSerializer(DataSourceSerializer):
    refused_fields = {"team": _("A data source's team cannot change.")}

    class Meta(DataSourceSerializer.Meta):
        read_only_fields = ["team"]


class ConsentRecordSerializer(StrictInput, serializers.ModelSerializer):
    data_source = serializers.PrimaryKeyRelatedField(queryset=DataSource.objects.all())
    state = serializers.ChoiceField(choices=ConsentRecord.State.choices, read_only=True)
    recorded_by = UserField(read_only=True)
    withdrawn_by = UserField(read_only=True, allow_null=True)

    class Meta:
        model = ConsentRecord
        fields = [
            "id",
            "data_source",
            "reference",
            "purpose",
            "scope",
            "obtained_on",
            "expires_on",
            "evidence_reference",
            "state",
            "recorded_by",
            "withdrawn_at",
            "withdrawn_by",
            "withdrawal_reason",
            "created_at",
        ]
        read_only_fields = ["recorded_by", "withdrawn_at", "withdrawn_by", "withdrawal_reason", "created_at"]
        validators = []


class ConsentWithdrawSerializer(StrictInput, serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class DataSourceUseSerializer(StrictInput, serializers.ModelSerializer):
    data_source = serializers.PrimaryKeyRelatedField(queryset=DataSource.objects.all())
    version = VisibleRelatedField(
        queryset=ModelVersion.objects.all(),
        visible=selectors.versions_visible_to,
        required=False,
        allow_null=True,
    )
    model = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = DataSourceUse
        fields = ["id", "model", "version", "data_source", "role", "purpose", "created_at"]
        read_only_fields = ["created_at"]
        validators = []


class GroupRatesSerializer(StrictInput, serializers.Serializer):
    """One group's rates, each in [0, 1]; at least one."""

    selection_rate = serializers.FloatField(min_value=0, max_value=1, required=False)
    true_positive_rate = serializers.FloatField(min_value=0, max_value=1, required=False)
    false_positive_rate = serializers.FloatField(min_value=0, max_value=1, required=False)
    error_rate = serializers.FloatField(min_value=0, max_value=1, required=False)


class EvaluationSerializer(StrictInput, serializers.ModelSerializer):
    version = serializers.PrimaryKeyRelatedField(read_only=True)
    data_source = serializers.PrimaryKeyRelatedField(
        queryset=DataSource.objects.all(), required=False, allow_null=True
    )
    group_metrics = serializers.DictField(
        child=serializers.DictField(child=GroupRatesSerializer()),
        required=False,
        validators=[validate_json_shape],
        help_text='{"attribute": {"group": {"selection_rate": 0.4, "true_positive_rate": 0.8}}}',
    )
    evaluated_at = serializers.DateTimeField(required=False)

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "version",
            "data_source",
            "metric_name",
            "quality",
            "group_metrics",
            "evaluated_at",
            "origin",
            "origin_detail",
        ]
        # "computed" only when this product computed them from a prediction set; posted figures are reported
        read_only_fields = ["origin", "origin_detail"]


class MonitoringSnapshotSerializer(StrictInput, serializers.ModelSerializer):
    version = serializers.PrimaryKeyRelatedField(read_only=True)
    feature_drift = serializers.DictField(
        child=serializers.FloatField(min_value=0),
        required=False,
        validators=[validate_json_shape],
        help_text='{"feature": PSI}',
    )
    taken_at = serializers.DateTimeField(required=False)

    class Meta:
        model = MonitoringSnapshot
        fields = [
            "id",
            "version",
            "metric_name",
            "live_quality",
            "feature_drift",
            "prediction_count",
            "taken_at",
            "group_metrics",
            "origin",
            "origin_detail",
        ]
        read_only_fields = ["group_metrics", "origin", "origin_detail"]
