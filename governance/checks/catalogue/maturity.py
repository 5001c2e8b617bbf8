"""Maturity: the owning team assesses itself regularly, and high-tier models sit with mature enough teams."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from ..data import HIGH_TIERS, ChunkData, in_use
from ..registry import Category, Finding, Severity, register
from ._helpers import failed, not_applicable, passed


@register(
    key="maturity.assessment_recent",
    title="Owning team has a recent maturity assessment",
    category=Category.MATURITY,
    severity=Severity.LOW,
    remediation="Have the team complete and submit a maturity self-assessment.",
)
def assessment_recent(data: ChunkData) -> Iterator[Finding]:
    oldest = data.today - datetime.timedelta(days=data.policy.assessment_max_age_days)
    for model in data.models:
        if not in_use(model):
            yield not_applicable(model.pk, "not in use")
            continue
        latest = data.team_assessments.get(model.team_id, {}).get("any")
        team = model.team.name
        if latest is None:
            yield failed(model.pk, f"team '{team}' of model '{model.name}' has never submitted an assessment")
            continue
        submitted = latest["submitted_at"].date()
        if submitted < oldest:
            yield failed(
                model.pk,
                f"team '{team}' last submitted an assessment on {submitted:%Y-%m-%d}, more than "
                f"{data.policy.assessment_max_age_days} days ago",
                assessment=latest["id"],
            )
        else:
            yield passed(
                model.pk,
                f"team '{team}' submitted '{latest['framework__name']}' on {submitted:%Y-%m-%d}",
                assessment=latest["id"],
            )


@register(
    key="maturity.high_tier_level",
    title="High-tier models belong to teams at the required MLOps level",
    category=Category.MATURITY,
    severity=Severity.MEDIUM,
    remediation="Raise the team's weakest dimension (see its assessment's next steps) or move the model.",
)
def high_tier_level(data: ChunkData) -> Iterator[Finding]:
    required = data.policy.min_team_level_high_tier
    for model in data.models:
        if not in_use(model) or model.ai_act_tier not in HIGH_TIERS:
            yield not_applicable(model.pk, "only high-tier models in use")
            continue
        levels = data.team_assessments.get(model.team_id, {}).get("levels")
        team = model.team.name
        if levels is None or levels["overall_level"] is None:
            yield failed(
                model.pk,
                f"team '{team}' has no submitted MLOps levels assessment; "
                f"high-tier model '{model.name}' needs "
                f"level {required}",
            )
        elif levels["overall_level"] < required:
            yield failed(
                model.pk,
                f"team '{team}' is at MLOps level {levels['overall_level']}; high-tier model '{model.name}' "
                f"needs level {required}",
                level=levels["overall_level"],
            )
        else:
            yield passed(
                model.pk,
                f"team '{team}' is at MLOps level {levels['overall_level']}",
                level=levels["overall_level"],
            )
