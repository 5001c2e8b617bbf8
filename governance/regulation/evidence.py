"""Obligation status for any number of models in a fixed number of queries.

Computed evidence comes from the product's own records (risk register, data uses and consent, the model card,
the oversight contact, evaluations and check results, history, the gate and promotions); an attestation in
force can raise an obligation's status, never lower it. Status: satisfied, partly or missing."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.conf import settings
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy

from governance.checks.models import CheckResult, ModelCheckStatus
from governance.inventory.models import Evaluation, MLModel, ModelVersion, MonitoringSnapshot
from governance.inventory.selectors import model_use_rows
from governance.promotions.models import GateRuleSet, PromotionRequest
from governance.risks.models import Risk

from .models import Attestation, Classification
from .obligations import Obligation

SATISFIED, PARTLY, MISSING = "satisfied", "partly", "missing"
RANK = {MISSING: 0, PARTLY: 1, SATISFIED: 2}
STATUS_LABELS = {
    SATISFIED: gettext_lazy("satisfied"),
    PARTLY: gettext_lazy("partly"),
    MISSING: gettext_lazy("missing"),
}
SOURCE_LABELS = {"computed": gettext_lazy("computed"), "attested": gettext_lazy("attested"), "": ""}
QUALITY_PREFIXES = ("fairness.", "quality.")
MONITORING_DAYS = 30


@dataclass
class ObligationStatus:
    obligation: Obligation
    status: str
    source: str  # "computed", "attested" or "" (nothing recorded)
    detail: str
    attestation: Attestation | None = None
    evidence: list[str] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return self.status == SATISFIED

    @property
    def status_label(self) -> str:
        """The status in the active language (the code, `status`, is what the API and the rules read)."""
        return str(STATUS_LABELS.get(self.status, self.status))

    @property
    def source_label(self) -> str:
        return str(SOURCE_LABELS.get(self.source, self.source))

    @property
    def blocks(self) -> bool:
        return not self.met and not self.obligation.best_effort


@dataclass
class ModelRegulation:
    model: MLModel
    eu: Classification | None
    kr: Classification | None
    obligations: list[ObligationStatus]

    @property
    def needs_obligations(self) -> bool:
        eu = self.eu.category if self.eu else self.model.ai_act_tier
        return eu == "high" or (self.kr is not None and self.kr.category == "high_impact")

    @property
    def legacy_grace_ends(self) -> datetime.date | None:
        """When a legacy EU classification stops being excused from its obligations (None: not legacy)."""
        if self.eu is None or not self.eu.is_legacy:
            return None
        return (self.eu.answered_at + datetime.timedelta(days=settings.REGULATION_LEGACY_GRACE_DAYS)).date()

    @property
    def blocking(self) -> list[ObligationStatus]:
        return [o for o in self.obligations if o.blocks]


class EvidenceData:
    def __init__(self, *, models: list[MLModel], today: datetime.date) -> None:
        self.models = models
        self.model_ids = [m.pk for m in models]
        self.today = today

    @cached_property
    def classifications(self) -> dict[tuple[int, str], Classification]:
        rows = Classification.objects.filter(model_id__in=self.model_ids)
        return {(c.model_id, c.framework): c for c in rows}

    @cached_property
    def attestations(self) -> dict[tuple[int, str], Attestation]:
        """The newest attestation in force per (model, obligation)."""
        found: dict[tuple[int, str], Attestation] = {}
        rows = Attestation.objects.filter(
            model_id__in=self.model_ids, withdrawn_at__isnull=True, expires_on__gt=self.today
        ).select_related("attested_by")
        for row in rows:  # ordered newest first per (model, obligation)
            found.setdefault((row.model_id, row.obligation), row)
        return found

    @cached_property
    def risks(self) -> dict[int, list[dict[str, Any]]]:
        by_model: dict[int, list[dict[str, Any]]] = defaultdict(list)
        rows = Risk.objects.filter(model_id__in=self.model_ids, status=Risk.Status.ACTIVE).values(
            "model_id", "next_review_due", "last_reviewed_on", "category"
        )
        for row in rows:
            by_model[row["model_id"]].append(row)
        return by_model

    @cached_property
    def uses(self) -> dict[int, list[Any]]:
        return model_use_rows(model_ids=self.model_ids, today=self.today)

    @cached_property
    def evaluations(self) -> dict[int, dict[str, int]]:
        rows = (
            Evaluation.objects.filter(version__model_id__in=self.model_ids)
            .values("version__model_id", "origin")
            .annotate(n=Count("id"))
        )
        found: dict[int, dict[str, int]] = defaultdict(dict)
        for row in rows:
            found[row["version__model_id"]][row["origin"]] = row["n"]
        return found

    @cached_property
    def latest_snapshot(self) -> dict[int, datetime.datetime]:
        rows = (
            MonitoringSnapshot.objects.filter(version__model_id__in=self.model_ids)
            .values("version__model_id")
            .annotate(at=Max("taken_at"))
        )
        return {r["version__model_id"]: r["at"] for r in rows}

    @cached_property
    def check_status(self) -> dict[int, int]:
        return dict(
            ModelCheckStatus.objects.filter(model_id__in=self.model_ids).values_list("model_id", "run_id")
        )

    @cached_property
    def quality_failures(self) -> dict[int, list[str]]:
        runs = set(self.check_status.values())
        found: dict[int, list[str]] = defaultdict(list)
        if not runs:
            return found
        rows = CheckResult.objects.filter(
            run_id__in=runs, model_id__in=self.model_ids, outcome__in=("fail", "warn")
        ).values_list("model_id", "run_id", "check_key")
        for model_id, run_id, key in rows:
            if self.check_status.get(model_id) == run_id and key.startswith(QUALITY_PREFIXES):
                found[model_id].append(key)
        return found

    @cached_property
    def history_counts(self) -> dict[int, int]:
        rows = MLModel.history.filter(id__in=self.model_ids).values("id").annotate(n=Count("history_id"))
        return {r["id"]: r["n"] for r in rows}

    @cached_property
    def version_counts(self) -> dict[int, int]:
        rows = (
            ModelVersion.objects.filter(model_id__in=self.model_ids)
            .values("model_id")
            .annotate(n=Count("id"))
        )
        return {r["model_id"]: r["n"] for r in rows}

    @cached_property
    def gate_tiers(self) -> set[str]:
        """Tiers an active gate rule set names ("" matches every tier)."""
        return set(GateRuleSet.objects.filter(active=True).values_list("tier", flat=True))

    @cached_property
    def approved_promotions(self) -> dict[int, int]:
        rows = (
            PromotionRequest.objects.filter(model_id__in=self.model_ids, status="approved")
            .values("model_id")
            .annotate(n=Count("id"))
        )
        return {r["model_id"]: r["n"] for r in rows}
