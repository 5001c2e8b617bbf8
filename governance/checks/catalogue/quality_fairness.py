"""Quality and fairness, from the metrics pipelines post: the latest evaluation and monitoring snapshot of
each model's current version (latest deployed, else latest). Thresholds come from the policy."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from governance.inventory.models import MLModel

from ..data import ChunkData, in_use
from ..models import LOWER
from ..registry import Category, Finding, Severity, register
from ..thresholds import above, at_least, below, shown
from ._evidence import computed_required, evidence_kind
from ._helpers import failed, not_applicable, passed, warned


def _rates(group_metrics: dict[str, Any], rate: str) -> dict[str, dict[str, float]]:
    """{attribute: {group: value}} for one rate, keeping attributes with at least two groups reporting it."""
    out = {}
    for attribute, groups in (group_metrics or {}).items():
        values = {
            g: r[rate]
            for g, r in groups.items()
            if isinstance(r, dict) and isinstance(r.get(rate), int | float)
        }
        if len(values) >= 2:
            out[attribute] = values
    return out


def _where(version_label: str, when: datetime.datetime, row: Any = None) -> str:
    kind = f" ({evidence_kind(row)})" if row is not None else ""
    return f"evaluation of version '{version_label}' on {when:%Y-%m-%d}{kind}"


@register(
    key="fairness.selection_rate_ratio",
    title="Selection-rate ratio across groups meets the threshold",
    category=Category.QUALITY_FAIRNESS,
    severity=Severity.HIGH,
    remediation="Investigate the disadvantaged group's data and features; re-weight or re-threshold.",
)
def selection_rate_ratio(data: ChunkData) -> Iterator[Finding]:
    threshold = data.policy.fairness_ratio_min
    for model in data.models:
        evaluation = data.latest_evaluations.get(model.pk) if in_use(model) else None
        by_attribute = _rates(evaluation.group_metrics, "selection_rate") if evaluation else {}
        if not by_attribute:
            yield not_applicable(model.pk, "no evaluation with per-group selection rates")
            continue
        if finding := computed_required(data, model, evaluation):
            yield finding
            continue
        version = data.current_versions[model.pk].label
        worst = None
        for attribute, rates in by_attribute.items():
            low, high = min(rates, key=rates.get), max(rates, key=rates.get)
            ratio = rates[low] / rates[high] if rates[high] > 0 else 1.0
            if worst is None or below(ratio, worst[0]):
                worst = (ratio, attribute, low, rates[low], high, rates[high])
        ratio, attribute, low, low_rate, high, high_rate = worst
        evidence = {
            "attribute": attribute,
            "ratio": round(ratio, 4),
            "threshold": threshold,
            "evaluation": evaluation.pk,
            "evidence_kind": evidence_kind(evaluation),
        }
        text = (
            f"selection rate of group '{low}' ({low_rate:.2f}) is {ratio:.2f} of group '{high}' "
            f"({high_rate:.2f}) "
            f"on '{attribute}' in the {_where(version, evaluation.evaluated_at, evaluation)}"
        )
        if below(ratio, threshold):
            text = text.replace(f"is {ratio:.2f} of", f"is {shown(ratio, threshold)} of")
            yield failed(model.pk, f"{text}; below {threshold:.2f} for model '{model.name}'", **evidence)
        else:
            yield passed(model.pk, text, **evidence)


@register(
    key="fairness.equalized_odds",
    title="Equalized-odds difference is under the threshold",
    category=Category.QUALITY_FAIRNESS,
    severity=Severity.HIGH,
    remediation="Compare error rates by group; recalibrate or retrain with constraints, then re-evaluate.",
)
def equalized_odds(data: ChunkData) -> Iterator[Finding]:
    limit = data.policy.equalized_odds_max
    for model in data.models:
        evaluation = data.latest_evaluations.get(model.pk) if in_use(model) else None
        metrics = evaluation.group_metrics if evaluation else {}
        tpr, fpr = _rates(metrics, "true_positive_rate"), _rates(metrics, "false_positive_rate")
        if not tpr and not fpr:
            yield not_applicable(model.pk, "no evaluation with per-group true- and false-positive rates")
            continue
        if finding := computed_required(data, model, evaluation):
            yield finding
            continue
        worst = None  # (difference, attribute, rate name)
        for name, table in (("true-positive rate", tpr), ("false-positive rate", fpr)):
            for attribute, rates in table.items():
                diff = max(rates.values()) - min(rates.values())
                if worst is None or above(diff, worst[0]):
                    worst = (diff, attribute, name)
        diff, attribute, name = worst
        version = data.current_versions[model.pk].label
        text = (
            f"equalized-odds difference {diff:.2f} ({name} on '{attribute}') in the "
            f"{_where(version, evaluation.evaluated_at, evaluation)}"
        )
        evidence = {
            "attribute": attribute,
            "difference": round(diff, 4),
            "limit": limit,
            "evaluation": evaluation.pk,
            "evidence_kind": evidence_kind(evaluation),
        }
        if above(diff, limit):
            text = text.replace(f"difference {diff:.2f}", f"difference {shown(diff, limit)}")
            yield failed(model.pk, f"{text}; above {limit:.2f} for model '{model.name}'", **evidence)
        else:
            yield passed(model.pk, text, **evidence)


@register(
    key="quality.drift",
    title="No feature has drifted beyond the PSI thresholds",
    category=Category.QUALITY_FAIRNESS,
    severity=Severity.MEDIUM,
    remediation="Check the drifted features' upstream data; retrain on recent data if the shift is real.",
)
def drift(data: ChunkData) -> Iterator[Finding]:
    warn_at, fail_at = data.policy.psi_warn, data.policy.psi_fail
    for model in data.models:
        snapshot = data.latest_drift_snapshots.get(model.pk) if in_use(model) else None
        features = snapshot.feature_drift if snapshot else {}
        if not features:
            yield not_applicable(model.pk, "no monitoring snapshot with feature drift")
            continue
        if finding := computed_required(data, model, snapshot):
            yield finding
            continue
        ranked = sorted(features.items(), key=lambda kv: kv[1], reverse=True)
        when = f"snapshot of {snapshot.taken_at:%Y-%m-%d} ({evidence_kind(snapshot)})"
        # Over the failure threshold is a major shift; from the warning threshold up to it, moderate.
        major = [(f, v) for f, v in ranked if above(v, fail_at)]
        moderate = [(f, v) for f, v in ranked if at_least(v, warn_at) and not above(v, fail_at)]
        evidence = {
            "psi": dict(ranked[:20]),
            "snapshot": snapshot.pk,
            "evidence_kind": evidence_kind(snapshot),
        }
        if major:
            names = "; ".join(f"feature '{f}' PSI {shown(v, fail_at)}" for f, v in major)
            yield failed(
                model.pk, f"{names} (over {fail_at:.2f}) in the {when} of model '{model.name}'", **evidence
            )
        elif moderate:
            names = "; ".join(f"feature '{f}' PSI {v:.2f}" for f, v in moderate)
            yield warned(
                model.pk, f"moderate shift: {names} in the {when} of model '{model.name}'", **evidence
            )
        else:
            yield passed(
                model.pk,
                f"{len(features)} feature(s), highest PSI {ranked[0][1]:.2f} ('{ranked[0][0]}')",
                **evidence,
            )


@register(
    key="quality.live_degradation",
    title="Live quality has not degraded beyond tolerance from validation",
    category=Category.QUALITY_FAIRNESS,
    severity=Severity.HIGH,
    remediation="Find the cause (drift, label delay, upstream change); retrain or roll back.",
)
def live_degradation(data: ChunkData) -> Iterator[Finding]:
    tolerance = data.policy.quality_tolerance
    for model in data.models:
        snapshot = data.latest_snapshots.get(model.pk) if in_use(model) else None
        version = data.current_versions.get(model.pk)
        metrics = (
            version.validation_metrics if version and isinstance(version.validation_metrics, dict) else {}
        )
        baseline = metrics.get(snapshot.metric_name) if snapshot else None
        if (
            snapshot is None
            or snapshot.live_quality is None
            or not isinstance(baseline, int | float)
            or baseline <= 0
        ):
            yield not_applicable(model.pk, "no live quality with a matching validation metric")
            continue
        direction, known = data.policy.metric_direction(snapshot.metric_name)
        # A relative worsening: a fall for higher-is-better metrics, a rise for lower-is-better ones.
        change = snapshot.live_quality - baseline
        drop = (change if direction == LOWER else -change) / baseline
        assumed = "" if known else f" (assumed {direction} is better: the policy does not name this metric)"
        text = (
            f"live {snapshot.metric_name} {snapshot.live_quality:.3f} on {snapshot.taken_at:%Y-%m-%d} "
            "against "
            f"{baseline:.3f} at validation of version '{version.label}'{assumed}"
        )
        evidence = {
            "metric": snapshot.metric_name,
            "direction": direction,
            "direction_assumed": not known,
            "live": snapshot.live_quality,
            "validation": baseline,
            "drop": round(drop, 4),
        }
        if above(drop, tolerance):
            worse = "higher" if direction == LOWER else "lower"
            yield failed(
                model.pk, f"{text}: {drop:.1%} {worse}, beyond the {tolerance:.0%} tolerance", **evidence
            )
        else:
            yield passed(model.pk, text, **evidence)


@register(
    key="quality.monitoring_fresh",
    title="Production monitoring data is fresh",
    category=Category.QUALITY_FAIRNESS,
    severity=Severity.MEDIUM,
    remediation="Have the monitoring job post snapshots of the deployed version as often as the policy asks.",
)
def monitoring_fresh(data: ChunkData) -> Iterator[Finding]:
    max_age = data.policy.monitoring_max_age_days
    oldest = data.today - datetime.timedelta(days=max_age)
    for model in data.models:
        if model.stage != MLModel.Stage.PRODUCTION:
            yield not_applicable(model.pk, "only production models")
            continue
        snapshot = data.latest_snapshots.get(model.pk)
        version = data.current_versions.get(model.pk)
        if snapshot is None:
            label = f" for version '{version.label}'" if version else ""
            yield failed(model.pk, f"production model '{model.name}' has no monitoring snapshot{label}")
        elif snapshot.taken_at.date() < oldest:
            yield failed(
                model.pk,
                f"latest snapshot of '{model.name}' was taken on {snapshot.taken_at:%Y-%m-%d}, more than "
                f"{max_age} days ago",
                taken_at=snapshot.taken_at.isoformat(),
            )
        else:
            yield passed(
                model.pk,
                f"latest snapshot taken on {snapshot.taken_at:%Y-%m-%d}",
                taken_at=snapshot.taken_at.isoformat(),
            )
