"""What the checks read about a set of models, each part loaded once in bulk and shared by every check.

Every property costs a fixed number of queries whatever the number of models (the ids go into IN lists),
so a check that reads only these stays bounded. Properties load on first use: a check pays only for what
it reads, and the engine's checks over one chunk share the loads.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from functools import cached_property
from typing import Any

from django.db.models import Q

from governance.inventory.models import Evaluation, MLModel, ModelVersion, MonitoringSnapshot
from governance.inventory.selectors import UseRow, model_use_rows
from governance.risks.models import Mitigation, Risk, RiskAcceptance, RiskMatrix
from governance.teams.models import Membership

from .models import CheckPolicy

IN_USE_STAGES = (MLModel.Stage.DEVELOPMENT, MLModel.Stage.STAGING, MLModel.Stage.PRODUCTION)
LIVE_STAGES = (MLModel.Stage.STAGING, MLModel.Stage.PRODUCTION)
HIGH_TIERS = (MLModel.AIActTier.HIGH, MLModel.AIActTier.UNACCEPTABLE)
VERSION_FIELDS = (
    "id",
    "model_id",
    "label",
    "status",
    "registered_at",
    "deployed_at",
    "code_reference",
    "artifact_uri",
    "validation_metrics",
)


class ChunkData:
    def __init__(self, *, model_ids: list[int], policy: CheckPolicy, today: datetime.date) -> None:
        self.model_ids = list(model_ids)
        self.policy = policy
        self.today = today

    @cached_property
    def models(self) -> list[MLModel]:
        return list(
            MLModel.objects.filter(pk__in=self.model_ids)
            .select_related("team", "owner", "human_oversight_contact")
            .order_by("id")
        )

    @cached_property
    def use_rows(self) -> dict[int, list[UseRow]]:
        return model_use_rows(model_ids=self.model_ids, today=self.today)

    @cached_property
    def current_versions(self) -> dict[int, ModelVersion]:
        """Per model, the latest deployed version, or the latest version when none is deployed."""
        chosen: dict[int, ModelVersion] = {}
        versions = (
            ModelVersion.objects.filter(model_id__in=self.model_ids)
            .only(*VERSION_FIELDS)
            .order_by("model_id", "-registered_at", "-id")
        )
        for version in versions:
            current = chosen.get(version.model_id)
            if current is None or (
                version.status == ModelVersion.Status.DEPLOYED
                and current.status != ModelVersion.Status.DEPLOYED
            ):
                chosen[version.model_id] = version
        return chosen

    def _latest_per_version(self, queryset: Any, time_field: str) -> dict[int, Any]:
        versions = {v.pk: model_id for model_id, v in self.current_versions.items()}
        latest: dict[int, Any] = {}
        if not versions:
            return latest
        for row in queryset.filter(version_id__in=list(versions)).order_by(
            "version_id", f"-{time_field}", "-id"
        ):
            latest.setdefault(versions[row.version_id], row)
        return latest

    @cached_property
    def latest_evaluations(self) -> dict[int, Evaluation]:
        """Per model, the newest evaluation of its current version."""
        return self._latest_per_version(Evaluation.objects.defer("recorded_by"), "evaluated_at")

    @cached_property
    def latest_snapshots(self) -> dict[int, MonitoringSnapshot]:
        """Per model, the newest monitoring snapshot of its current version."""
        return self._latest_per_version(MonitoringSnapshot.objects.defer("recorded_by"), "taken_at")

    @cached_property
    def risks(self) -> dict[int, list[Risk]]:
        """Per model, its draft and active risks (closed ones no longer count)."""
        by_model: dict[int, list[Risk]] = defaultdict(list)
        rows = (
            Risk.objects.filter(model_id__in=self.model_ids)
            .exclude(status=Risk.Status.CLOSED)
            .only("id", "model_id", "matrix_id", "title", "status", "residual_level", "next_review_due")
            .order_by("model_id", "-residual_level", "id")
        )
        for risk in rows:
            by_model[risk.model_id].append(risk)
        return by_model

    @cached_property
    def matrix_levels(self) -> dict[int, list[str]]:
        return {m.pk: [lv["name"] for lv in m.levels] for m in RiskMatrix.objects.only("id", "levels")}

    @cached_property
    def treated_risk_ids(self) -> tuple[set[int], set[int]]:
        """Ids of risks with a live mitigation, and of risks with an acceptance in force today."""
        risk_ids = [r.pk for risks in self.risks.values() for r in risks if r.status == Risk.Status.ACTIVE]
        if not risk_ids:
            return set(), set()
        mitigated = set(
            Mitigation.objects.filter(risk_id__in=risk_ids)
            .exclude(status=Mitigation.Status.CANCELLED)
            .values_list("risk_id", flat=True)
        )
        accepted = set(
            RiskAcceptance.objects.filter(
                risk_id__in=risk_ids, accepted_on__lte=self.today, expires_on__gt=self.today
            ).values_list("risk_id", flat=True)
        )
        return mitigated, accepted

    @cached_property
    def team_ids(self) -> set[int]:
        return {m.team_id for m in self.models}

    @cached_property
    def active_maintainers(self) -> dict[int, int]:
        counts: dict[int, int] = defaultdict(int)
        rows = Membership.objects.filter(
            team_id__in=self.team_ids, role=Membership.Role.MAINTAINER, user__is_active=True
        ).values_list("team_id", flat=True)
        for team_id in rows:
            counts[team_id] += 1
        return counts

    @cached_property
    def team_assessments(self) -> dict[int, dict[str, Any]]:
        """Per team: its latest submitted assessment of any framework, and its latest levels result."""
        from assessments.models import Assessment, Framework

        latest: dict[int, dict[str, Any]] = {}
        rows = (
            Assessment.objects.filter(team_id__in=self.team_ids, status=Assessment.Status.SUBMITTED)
            .filter(Q(submitted_at__isnull=False))
            .order_by("team_id", "-submitted_at", "-id")
            .values("id", "team_id", "submitted_at", "overall_level", "framework__kind", "framework__name")
        )
        for row in rows:
            entry = latest.setdefault(row["team_id"], {"any": row, "levels": None})
            if entry["levels"] is None and row["framework__kind"] == Framework.Kind.LEVELS:
                entry["levels"] = row
        return latest


def in_use(model: MLModel) -> bool:
    return model.stage in IN_USE_STAGES


def is_live(model: MLModel) -> bool:
    return model.stage in LIVE_STAGES


def person(user: Any) -> str:
    return user.get_username() if user is not None else "nobody"
