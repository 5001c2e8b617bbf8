"""Maturity: the owning team assesses itself regularly, and high-tier models sit with mature enough teams."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from ..data import HIGH_TIERS, ChunkData, in_use
from ..messages import Texts
from ..registry import Category, Finding, Severity, register
from ._helpers import COMMON, failed, not_applicable, passed

T = Texts(
    "maturity",
    {
        "never": (
            "team '{team}' of model '{name}' has never submitted an assessment",
            "모델 '{name}'의 팀 '{team}'은(는) 성숙도 평가를 제출한 적이 없습니다",
        ),
        "too_old": (
            "team '{team}' last submitted an assessment on {day}, more than {days} days ago",
            "팀 '{team}'이(가) 마지막으로 성숙도 평가를 제출한 날은 {day}로, {days}일이 넘었습니다",
        ),
        "recent": (
            "team '{team}' submitted '{framework}' on {day}",
            "팀 '{team}'이(가) {day}에 '{framework}'을(를) 제출했습니다",
        ),
        "only_high": ("only high-tier models in use", "사용 중인 높은 위험 등급 모델만 해당"),
        "no_levels": (
            "team '{team}' has no submitted MLOps levels assessment; high-tier model '{name}' needs level "
            "{required}",
            "팀 '{team}'에 제출된 MLOps 성숙도 수준 평가가 없습니다. 높은 위험 등급 모델 '{name}'에는 수준 "
            "{required}이(가) "
            "필요합니다",
        ),
        "below": (
            "team '{team}' is at MLOps level {level}; high-tier model '{name}' needs level {required}",
            "팀 '{team}'의 MLOps 성숙도는 수준 {level}입니다. 높은 위험 등급 모델 '{name}'에는 수준 "
            "{required}이(가) "
            "필요합니다",
        ),
        "at_level": (
            "team '{team}' is at MLOps level {level}",
            "팀 '{team}'의 MLOps 성숙도는 수준 {level}입니다",
        ),
    },
)


@register(
    key="maturity.assessment_recent",
    title="Owning team has a recent maturity assessment",
    title_ko="담당 팀에 최근 성숙도 평가가 있음",
    category=Category.MATURITY,
    severity=Severity.LOW,
    remediation="Have the team complete and submit a maturity self-assessment.",
    remediation_ko="팀이 성숙도 자체 평가를 완료하고 제출하도록 하십시오.",
)
def assessment_recent(data: ChunkData) -> Iterator[Finding]:
    oldest = data.today - datetime.timedelta(days=data.policy.assessment_max_age_days)
    for model in data.models:
        if not in_use(model):
            yield not_applicable(model.pk, COMMON("not_in_use"))
            continue
        latest = data.team_assessments.get(model.team_id, {}).get("any")
        team = model.team.name
        if latest is None:
            yield failed(model.pk, T("never", team=team, name=model.name))
            continue
        submitted = latest["submitted_at"].date()
        if submitted < oldest:
            yield failed(
                model.pk,
                T(
                    "too_old",
                    team=team,
                    day=f"{submitted:%Y-%m-%d}",
                    days=data.policy.assessment_max_age_days,
                ),
                assessment=latest["id"],
            )
        else:
            yield passed(
                model.pk,
                T("recent", team=team, framework=latest["framework__name"], day=f"{submitted:%Y-%m-%d}"),
                assessment=latest["id"],
            )


@register(
    key="maturity.high_tier_level",
    title="High-tier models belong to teams at the required MLOps level",
    title_ko="높은 위험 등급 모델의 담당 팀이 요구되는 MLOps 성숙도 수준에 있음",
    category=Category.MATURITY,
    severity=Severity.MEDIUM,
    remediation="Raise the team's weakest dimension (see its assessment's next steps) or move the model.",
    remediation_ko="팀의 가장 약한 영역을 끌어올리거나(평가 결과의 다음 단계 참조) 모델을 다른 팀으로 "
    "옮기십시오.",
)
def high_tier_level(data: ChunkData) -> Iterator[Finding]:
    required = data.policy.min_team_level_high_tier
    for model in data.models:
        if not in_use(model) or model.ai_act_tier not in HIGH_TIERS:
            yield not_applicable(model.pk, T("only_high"))
            continue
        levels = data.team_assessments.get(model.team_id, {}).get("levels")
        team = model.team.name
        if levels is None or levels["overall_level"] is None:
            yield failed(
                model.pk,
                T("no_levels", team=team, name=model.name, required=required),
            )
        elif levels["overall_level"] < required:
            yield failed(
                model.pk,
                T("below", team=team, level=levels["overall_level"], name=model.name, required=required),
                level=levels["overall_level"],
            )
        else:
            yield passed(
                model.pk,
                T("at_level", team=team, level=levels["overall_level"]),
                level=levels["overall_level"],
            )
