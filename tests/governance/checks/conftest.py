"""Builders for realistic check data: models with versions, uses, consents, risks, metrics and assessments."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from governance.checks.engine import evaluate
from governance.checks.models import CheckPolicy
from governance.checks.registry import get_check
from governance.inventory.models import Evaluation, ModelVersion, MonitoringSnapshot
from governance.risks import services as risk_services
from governance.risks.models import Risk
from tests.factories import (
    ConsentRecordFactory,
    DataSourceFactory,
    DataSourceUseFactory,
    MembershipFactory,
    MLModelFactory,
    ModelVersionFactory,
    UserFactory,
)

TODAY = timezone.localdate()
NOW = timezone.now()
CARD = {
    "intended_use": "Decision support for loan officers.",
    "limitations": "Not validated for applicants under 18.",
    "training_data_description": "Applications 2022-2024.",
    "evaluation_description": "AUC on a held-out quarter.",
}


def judge(key: str, models, policy: CheckPolicy | None = None, today: datetime.date = TODAY):
    """Run one check over the given models; {model name: Finding}. Fails the test if the check crashes."""
    by_id = {m.pk: m.name for m in models}
    findings, errors, _ = evaluate(
        model_ids=list(by_id), policy=policy or CheckPolicy(), today=today, checks=[get_check(key)]
    )
    assert not errors, errors
    return {by_id[f.model_id]: f for f in findings[key]}


@pytest.fixture
def owner(team):
    user = UserFactory(username="olga.owner")
    MembershipFactory(user=user, team=team, role="maintainer")
    return user


def make_model(team, owner, name: str, *, stage="production", tier="minimal", card=True, **extra):
    fields = {**(CARD if card else {}), **extra}
    return MLModelFactory(team=team, owner=owner, name=name, stage=stage, ai_act_tier=tier, **fields)


def deploy(model, label="1.0.0", metrics=None, days_ago=10):
    return ModelVersionFactory(
        model=model,
        label=label,
        status=ModelVersion.Status.DEPLOYED,
        code_reference=f"git:{model.name}@{label}",
        artifact_uri=f"s3://models/{model.name}/{label}",
        validation_metrics=metrics or {"auc": 0.84},
        registered_at=NOW - datetime.timedelta(days=days_ago),
        deployed_at=NOW - datetime.timedelta(days=days_ago),
    )


def evaluation(version, group_metrics, days_ago=2):
    return Evaluation.objects.create(
        version=version,
        metric_name="auc",
        quality=0.84,
        group_metrics=group_metrics,
        evaluated_at=NOW - datetime.timedelta(days=days_ago),
        recorded_by=version.registered_by,
    )


def snapshot(version, *, live=0.83, drift=None, days_ago=1, metric="auc"):
    return MonitoringSnapshot.objects.create(
        version=version,
        metric_name=metric,
        live_quality=live,
        feature_drift=drift if drift is not None else {"age": 0.02},
        taken_at=NOW - datetime.timedelta(days=days_ago),
        recorded_by=version.registered_by,
    )


def consent_use(model, *, source_name, reference, purpose="marketing", **consent):
    source = DataSourceFactory(name=source_name, team=model.team, retention_days=365)
    ConsentRecordFactory(data_source=source, reference=reference, purpose=purpose, **consent)
    return DataSourceUseFactory(model=model, data_source=source, purpose=purpose, created_by=model.owner)


def rated_risk(actor, model, *, il=4, ii=4, rl=2, ri=2, title="Wrong predictions"):
    return risk_services.risk_create(
        actor=actor,
        model=model,
        title=title,
        category=Risk.Category.WRONG_PREDICTION,
        owner=actor,
        inherent_likelihood=il,
        inherent_impact=ii,
        residual_likelihood=rl,
        residual_impact=ri,
    )
