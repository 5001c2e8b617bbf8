"""Quality and fairness, from the metrics pipelines post: the latest evaluation and monitoring snapshot of
each model's current version (latest deployed, else latest). Thresholds come from the policy."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from governance.inventory.models import MLModel

from ..data import ChunkData, in_use
from ..messages import Message, Texts
from ..models import LOWER
from ..registry import Category, Finding, Severity, register
from ..thresholds import above, at_least, below, shown
from ._evidence import computed_required, evidence_kind, evidence_kind_text
from ._helpers import COMMON, failed, not_applicable, passed, warned

T = Texts(
    "quality",
    {
        "where": ("evaluation of version '{version}' on {day}", "{day}에 수행한 버전 '{version}'의 평가"),
        "where_kind": (
            "evaluation of version '{version}' on {day} ({kind})",
            "{day}에 수행한 버전 '{version}'의 평가({kind})",
        ),
        "no_selection_rates": (
            "no evaluation with per-group selection rates",
            "집단별 선택률이 있는 평가 결과 없음",
        ),
        "ratio": (
            "selection rate of group '{low}' ({low_rate}) is {ratio} of group '{high}' ({high_rate}) on "
            "'{attribute}' in the {where}",
            "{where}에서 '{attribute}' 기준 집단 '{low}'의 선택률({low_rate})은 집단 '{high}'({high_rate})의 "
            "{ratio}배입니다",
        ),
        "below": (
            "{text}; below {threshold} for model '{name}'",
            "{text}. 모델 '{name}'의 기준 {threshold}보다 낮습니다",
        ),
        "above": (
            "{text}; above {limit} for model '{name}'",
            "{text}. 모델 '{name}'의 기준 {limit}보다 높습니다",
        ),
        "no_error_rates": (
            "no evaluation with per-group true- and false-positive rates",
            "집단별 진양성률과 위양성률이 있는 평가 결과 없음",
        ),
        "tpr": ("true-positive rate", "진양성률"),
        "fpr": ("false-positive rate", "위양성률"),
        "odds": (
            "equalized-odds difference {diff} ({rate} on '{attribute}') in the {where}",
            "{where}에서 균등화 오즈 차이 {diff}('{attribute}' 기준 {rate})",
        ),
        "no_drift": (
            "no monitoring snapshot with feature drift",
            "피처 드리프트가 있는 모니터링 스냅샷 없음",
        ),
        "snapshot_of": ("snapshot of {day} ({kind})", "{day} 스냅샷({kind})"),
        "feature_psi": ("feature '{feature}' PSI {psi}", "피처 '{feature}' PSI {psi}"),
        "major": (
            "{names} (over {fail_at}) in the {when} of model '{name}'",
            "모델 '{name}'의 {when}에서 {names}(기준 {fail_at} 초과)",
        ),
        "moderate": (
            "moderate shift: {names} in the {when} of model '{name}'",
            "중간 수준의 변화: 모델 '{name}'의 {when}에서 {names}",
        ),
        "stable": (
            "{count} feature(s), highest PSI {psi} ('{feature}')",
            "피처 {count}개, 최고 PSI {psi}('{feature}')",
        ),
        "no_live_quality": (
            "no live quality with a matching validation metric",
            "일치하는 검증 지표가 있는 운영 품질 없음",
        ),
        "assumed": (
            " (assumed {direction} is better: the policy does not name this metric)",
            " (정책에 이 지표가 없어 {direction} 더 좋다고 가정함)",
        ),
        "higher": ("higher", "높을수록"),
        "lower": ("lower", "낮을수록"),
        "live": (
            "live {metric} {live} on {day} against {baseline} at validation of version '{version}'{assumed}",
            "{day} 운영 {metric} {live}, 버전 '{version}' 검증 시 {baseline}{assumed}",
        ),
        "degraded_higher": (
            "{text}: {drop} higher, beyond the {tolerance} tolerance",
            "{text}: {drop} 높아져 허용 폭 {tolerance}를 넘었습니다",
        ),
        "degraded_lower": (
            "{text}: {drop} lower, beyond the {tolerance} tolerance",
            "{text}: {drop} 낮아져 허용 폭 {tolerance}를 넘었습니다",
        ),
        "for_version": (" for version '{version}'", " (버전 '{version}')"),
        "no_snapshot": (
            "production model '{name}' has no monitoring snapshot{label}",
            "운영 모델 '{name}'에 모니터링 스냅샷이 없습니다{label}",
        ),
        "stale": (
            "latest snapshot of '{name}' was taken on {day}, more than {days} days ago",
            "'{name}'의 최신 스냅샷은 {day}에 수집되어 {days}일이 넘었습니다",
        ),
        "fresh": ("latest snapshot taken on {day}", "최신 스냅샷 수집일: {day}"),
    },
)


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


def _where(version_label: str, when: datetime.datetime, row: Any = None) -> Message:
    day = f"{when:%Y-%m-%d}"
    if row is None:
        return T("where", version=version_label, day=day)
    return T("where_kind", version=version_label, day=day, kind=evidence_kind_text(row))


@register(
    key="fairness.selection_rate_ratio",
    title="Selection-rate ratio across groups meets the threshold",
    title_ko="집단 간 선택률 비율이 기준을 충족함",
    category=Category.QUALITY_FAIRNESS,
    severity=Severity.HIGH,
    remediation="Investigate the disadvantaged group's data and features; re-weight or re-threshold.",
    remediation_ko="불리한 집단의 데이터와 피처를 조사하고 가중치를 조정하거나 임곗값을 다시 정하십시오.",
)
def selection_rate_ratio(data: ChunkData) -> Iterator[Finding]:
    threshold = data.policy.fairness_ratio_min
    for model in data.models:
        evaluation = data.latest_evaluations.get(model.pk) if in_use(model) else None
        by_attribute = _rates(evaluation.group_metrics, "selection_rate") if evaluation else {}
        if not by_attribute:
            yield not_applicable(model.pk, T("no_selection_rates"))
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
        failing = below(ratio, threshold)
        text = T(
            "ratio",
            low=low,
            low_rate=f"{low_rate:.2f}",
            ratio=shown(ratio, threshold) if failing else f"{ratio:.2f}",
            high=high,
            high_rate=f"{high_rate:.2f}",
            attribute=attribute,
            where=_where(version, evaluation.evaluated_at, evaluation),
        )
        if failing:
            yield failed(
                model.pk, T("below", text=text, threshold=f"{threshold:.2f}", name=model.name), **evidence
            )
        else:
            yield passed(model.pk, text, **evidence)


@register(
    key="fairness.equalized_odds",
    title="Equalized-odds difference is under the threshold",
    title_ko="균등화 오즈 차이가 기준 미만임",
    category=Category.QUALITY_FAIRNESS,
    severity=Severity.HIGH,
    remediation="Compare error rates by group; recalibrate or retrain with constraints, then re-evaluate.",
    remediation_ko="집단별 오류율을 비교하고, 보정하거나 제약 조건을 두어 재학습한 뒤 다시 평가하십시오.",
)
def equalized_odds(data: ChunkData) -> Iterator[Finding]:
    limit = data.policy.equalized_odds_max
    for model in data.models:
        evaluation = data.latest_evaluations.get(model.pk) if in_use(model) else None
        metrics = evaluation.group_metrics if evaluation else {}
        tpr, fpr = _rates(metrics, "true_positive_rate"), _rates(metrics, "false_positive_rate")
        if not tpr and not fpr:
            yield not_applicable(model.pk, T("no_error_rates"))
            continue
        if finding := computed_required(data, model, evaluation):
            yield finding
            continue
        worst = None  # (difference, attribute, rate name)
        for name, table in (("tpr", tpr), ("fpr", fpr)):
            for attribute, rates in table.items():
                diff = max(rates.values()) - min(rates.values())
                if worst is None or above(diff, worst[0]):
                    worst = (diff, attribute, name)
        diff, attribute, name = worst
        version = data.current_versions[model.pk].label
        over = above(diff, limit)
        text = T(
            "odds",
            diff=shown(diff, limit) if over else f"{diff:.2f}",
            rate=T(name),
            attribute=attribute,
            where=_where(version, evaluation.evaluated_at, evaluation),
        )
        evidence = {
            "attribute": attribute,
            "difference": round(diff, 4),
            "limit": limit,
            "evaluation": evaluation.pk,
            "evidence_kind": evidence_kind(evaluation),
        }
        if over:
            yield failed(model.pk, T("above", text=text, limit=f"{limit:.2f}", name=model.name), **evidence)
        else:
            yield passed(model.pk, text, **evidence)


@register(
    key="quality.drift",
    title="No feature has drifted beyond the PSI thresholds",
    title_ko="PSI 기준을 넘어 드리프트된 피처가 없음",
    category=Category.QUALITY_FAIRNESS,
    severity=Severity.MEDIUM,
    remediation="Check the drifted features' upstream data; retrain on recent data if the shift is real.",
    remediation_ko="드리프트된 피처의 상위 데이터를 확인하고, 실제 변화라면 최근 데이터로 재학습하십시오.",
)
def drift(data: ChunkData) -> Iterator[Finding]:
    warn_at, fail_at = data.policy.psi_warn, data.policy.psi_fail
    for model in data.models:
        snapshot = data.latest_drift_snapshots.get(model.pk) if in_use(model) else None
        features = snapshot.feature_drift if snapshot else {}
        if not features:
            yield not_applicable(model.pk, T("no_drift"))
            continue
        if finding := computed_required(data, model, snapshot):
            yield finding
            continue
        ranked = sorted(features.items(), key=lambda kv: kv[1], reverse=True)
        when = T("snapshot_of", day=f"{snapshot.taken_at:%Y-%m-%d}", kind=evidence_kind_text(snapshot))
        # Over the failure threshold is a major shift; from the warning threshold up to it, moderate.
        major = [(f, v) for f, v in ranked if above(v, fail_at)]
        moderate = [(f, v) for f, v in ranked if at_least(v, warn_at) and not above(v, fail_at)]
        evidence = {
            "psi": dict(ranked[:20]),
            "snapshot": snapshot.pk,
            "evidence_kind": evidence_kind(snapshot),
        }
        if major:
            names = [T("feature_psi", feature=f, psi=shown(v, fail_at)) for f, v in major]
            yield failed(
                model.pk,
                T("major", names=names, fail_at=f"{fail_at:.2f}", when=when, name=model.name),
                **evidence,
            )
        elif moderate:
            names = [T("feature_psi", feature=f, psi=f"{v:.2f}") for f, v in moderate]
            yield warned(model.pk, T("moderate", names=names, when=when, name=model.name), **evidence)
        else:
            yield passed(
                model.pk,
                T("stable", count=len(features), psi=f"{ranked[0][1]:.2f}", feature=ranked[0][0]),
                **evidence,
            )


@register(
    key="quality.live_degradation",
    title="Live quality has not degraded beyond tolerance from validation",
    title_ko="운영 품질이 검증 시점 대비 허용 폭 이상 저하되지 않음",
    category=Category.QUALITY_FAIRNESS,
    severity=Severity.HIGH,
    remediation="Find the cause (drift, label delay, upstream change); retrain or roll back.",
    remediation_ko="원인(드리프트, 레이블 지연, 상위 변경)을 찾아 재학습하거나 롤백하십시오.",
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
            yield not_applicable(model.pk, T("no_live_quality"))
            continue
        direction, known = data.policy.metric_direction(snapshot.metric_name)
        # A relative worsening: a fall for higher-is-better metrics, a rise for lower-is-better ones.
        change = snapshot.live_quality - baseline
        drop = (change if direction == LOWER else -change) / baseline
        assumed = "" if known else T("assumed", direction=T(direction))
        text = T(
            "live",
            metric=snapshot.metric_name,
            live=f"{snapshot.live_quality:.3f}",
            day=f"{snapshot.taken_at:%Y-%m-%d}",
            baseline=f"{baseline:.3f}",
            version=version.label,
            assumed=assumed,
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
            worse = "degraded_higher" if direction == LOWER else "degraded_lower"
            yield failed(
                model.pk, T(worse, text=text, drop=f"{drop:.1%}", tolerance=f"{tolerance:.0%}"), **evidence
            )
        else:
            yield passed(model.pk, text, **evidence)


@register(
    key="quality.monitoring_fresh",
    title="Production monitoring data is fresh",
    title_ko="운영 모니터링 데이터가 최신임",
    category=Category.QUALITY_FAIRNESS,
    severity=Severity.MEDIUM,
    remediation="Have the monitoring job post snapshots of the deployed version as often as the policy asks.",
    remediation_ko="모니터링 작업이 정책에서 요구하는 주기로 배포된 버전의 스냅샷을 보내도록 하십시오.",
)
def monitoring_fresh(data: ChunkData) -> Iterator[Finding]:
    max_age = data.policy.monitoring_max_age_days
    oldest = data.today - datetime.timedelta(days=max_age)
    for model in data.models:
        if model.stage != MLModel.Stage.PRODUCTION:
            yield not_applicable(model.pk, COMMON("only_production"))
            continue
        snapshot = data.latest_snapshots.get(model.pk)
        version = data.current_versions.get(model.pk)
        if snapshot is None:
            label = T("for_version", version=version.label) if version else ""
            yield failed(model.pk, T("no_snapshot", name=model.name, label=label))
        elif snapshot.taken_at.date() < oldest:
            yield failed(
                model.pk,
                T("stale", name=model.name, day=f"{snapshot.taken_at:%Y-%m-%d}", days=max_age),
                taken_at=snapshot.taken_at.isoformat(),
            )
        else:
            yield passed(
                model.pk,
                T("fresh", day=f"{snapshot.taken_at:%Y-%m-%d}"),
                taken_at=snapshot.taken_at.isoformat(),
            )
