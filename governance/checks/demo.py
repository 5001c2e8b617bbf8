"""Demo findings for the checks: an owner who left (unowned model), metrics pipelines posted (a drifted
feature, an unfair selection rate, a degraded and a stale model, healthy ones), then one finished run so
the pages have something to show. Idempotent: each part is skipped once present."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from governance.inventory import services as inventory
from governance.inventory.models import MLModel, ModelVersion, MonitoringSnapshot
from governance.teams.models import Membership, Team

from . import engine, services
from .models import CheckRun

LEAVER = "leo.hart"
# model: (metric, live quality, {feature: psi}, days ago)
SNAPSHOTS = {
    "card-fraud": ("auc", 0.83, {"amount": 0.04, "merchant_category": 0.31, "hour_of_day": 0.12}, 1),
    "credit-scoring": ("auc", 0.83, {"income": 0.03, "loan_amount": 0.05}, 2),
    "sepsis-alert": ("auc", 0.85, {"heart_rate": 0.02, "lactate": 0.06}, 1),
    "readmission-risk": ("auc", 0.74, {"length_of_stay": 0.08, "age": 0.02}, 3),
    "transfer-screening": ("auc", 0.84, {"amount": 0.05, "country": 0.09}, 1),
    "lifetime-value": ("auc", 0.83, {"tenure": 0.02}, 20),
}


def _rates(sel: float, tpr: float, fpr: float) -> dict[str, float]:
    return {"selection_rate": sel, "true_positive_rate": tpr, "false_positive_rate": fpr}


# model: group metrics of its latest evaluation
EVALUATIONS = {
    "credit-scoring": {"sex": {"female": _rates(0.21, 0.71, 0.08), "male": _rates(0.34, 0.78, 0.11)}},
    "limit-setting": {"sex": {"female": _rates(0.30, 0.80, 0.10), "male": _rates(0.33, 0.83, 0.12)}},
    "sepsis-alert": {"age_band": {"18-64": _rates(0.12, 0.86, 0.07), "65+": _rates(0.14, 0.84, 0.09)}},
    "readmission-risk": {"sex": {"female": _rates(0.22, 0.62, 0.10), "male": _rates(0.24, 0.79, 0.12)}},
}


def _current_version(model: MLModel) -> ModelVersion | None:
    versions = list(model.versions.order_by("-registered_at", "-id"))
    deployed = [v for v in versions if v.status == ModelVersion.Status.DEPLOYED]
    return (deployed or versions or [None])[0]


def _leaver(lead) -> int:
    """mule-accounts' owner leaves the company: ownership passed to them, then their account deactivated."""
    User = get_user_model()
    model = MLModel.objects.filter(name="mule-accounts", team__slug="fraud").first()
    if model is None or User.objects.filter(username=LEAVER).exists():
        return 0
    leaver = User.objects.create_user(LEAVER, f"{LEAVER}@example.org", first_name="Leo", last_name="Hart")
    leaver.set_unusable_password()
    leaver.save()
    Membership.objects.create(
        user=leaver, team=Team.objects.get(slug="fraud"), role=Membership.Role.CONTRIBUTOR
    )
    inventory.model_transfer_ownership(
        actor=lead, model=model, new_owner=leaver, reason="Leo leads the project."
    )
    leaver.is_active = False
    leaver.save(update_fields=["is_active"])
    return 2


def _metrics(lead, now: datetime.datetime) -> int:
    created = 0
    models = {m.name: m for m in MLModel.objects.filter(name__in={*SNAPSHOTS, *EVALUATIONS})}
    for name, group_metrics in EVALUATIONS.items():
        version = _current_version(models[name]) if name in models else None
        if version is None or version.evaluations.exists():
            continue
        inventory.evaluation_record(
            actor=lead,
            version=version,
            metric_name="auc",
            quality=version.validation_metrics.get("auc", 0.8),
            group_metrics=group_metrics,
            evaluated_at=now - datetime.timedelta(days=5),
        )
        created += 1
    for name, (metric, live, drift, days_ago) in SNAPSHOTS.items():
        version = _current_version(models[name]) if name in models else None
        if version is None or MonitoringSnapshot.objects.filter(version=version).exists():
            continue
        inventory.snapshot_record(
            actor=lead,
            version=version,
            metric_name=metric,
            live_quality=live,
            feature_drift=drift,
            prediction_count=12000,
            taken_at=now - datetime.timedelta(days=days_ago),
        )
        created += 1
    return created


def seed_demo_checks(*, today: datetime.date) -> int:
    lead = get_user_model().objects.get(username="gov.lead")
    created = _leaver(lead) + _metrics(lead, timezone.now())
    if not CheckRun.objects.exists():
        run = services.check_run_create(actor=lead, scope=CheckRun.Scope.ALL, enqueue=False)
        engine.run_execute_inline(run_id=run.pk)
        created += 1
    return created
