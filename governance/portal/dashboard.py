"""What the dashboard shows: "what needs my attention today?", over what the user may see.

Every read is a fixed number of queries whatever the number of models, teams, runs or reports: counts are
aggregated in the database, lists are cut to a few rows there, and each model's latest check results come
from ModelCheckStatus (governance.checks.latest) rather than from every run's results.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from assessments import selectors as assessment_selectors
from assessments.models import Dimension
from governance.checks import latest
from governance.checks.models import CheckPolicy, CheckRun
from governance.checks.selectors import outcome_counts, runs_visible_to
from governance.checks.services import can_start_run
from governance.foundation import freshness
from governance.inventory import consent_alerts
from governance.inventory.models import DataSource, MLModel
from governance.inventory.selectors import data_sources_of_teams, models_visible_to
from governance.promotions.flags import OUT, policy_q
from governance.reports.selectors import reports_visible_to
from governance.risks import selectors as risk_selectors
from governance.teams import permissions as perms
from governance.teams.selectors import teams_visible_to

FAILING_LIST_SIZE = 10
TEAMS_SHOWN = 10
ALERTS_SHOWN = 5
REPORTS_SHOWN = 5


@dataclass(frozen=True)
class ProductionChecks:
    """Production models by their latest check results (retired models are not checked)."""

    total: int
    passing: int
    failing: int
    warning: int
    unchecked: int

    @property
    def checked(self) -> int:
        return self.total - self.unchecked

    @property
    def passing_percent(self) -> int | None:
        """Share of the checked production models passing every check (warnings count as not passing)."""
        return None if not self.checked else 100 * self.passing // self.checked  # floor: 100% means all


@dataclass
class Dashboard:
    sees_everything: bool
    can_register: bool
    model_total: int
    stages: list[tuple[str, str, int]]
    by_team: list[dict[str, Any]]
    team_count: int
    production: ProductionChecks
    failing_models: list[MLModel]
    failing_total: int
    heat: Any  # risks.selectors.HeatMap, or None without a default matrix
    risk_summary: dict[str, int]
    maturity_columns: list[Dimension]
    maturity_rows: list[assessment_selectors.TeamMaturity]
    maturity_team_count: int
    consent_window_days: int
    expiring: list[Any]
    expiring_total: int
    withdrawn: list[Any]
    withdrawn_total: int
    sources_without_basis: int
    latest_run: CheckRun | None
    latest_run_counts: dict[str, int]
    start_targets: list[dict[str, Any]] = field(default_factory=list)
    reports: list[Any] = field(default_factory=list)
    out_of_policy: int = 0  # production models whose version no longer meets its promotion gate


def _inventory(models: QuerySet[MLModel]) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """Models by stage, and by team (most first): one query grouped by both."""
    by_stage: dict[str, int] = {}
    teams: dict[int, dict[str, Any]] = {}
    for row in models.order_by().values("stage", "team__id", "team__name").annotate(n=Count("id")):
        by_stage[row["stage"]] = by_stage.get(row["stage"], 0) + row["n"]
        team = teams.setdefault(
            row["team__id"], {"team__id": row["team__id"], "team__name": row["team__name"], "n": 0}
        )
        team["n"] += row["n"]
    return by_stage, sorted(teams.values(), key=lambda t: (-t["n"], t["team__name"]))


def _production_checks(models: QuerySet[MLModel]) -> tuple[ProductionChecks, int]:
    """Production models by latest check state, and how many models in use fail a check: one query."""
    production = Q(stage=MLModel.Stage.PRODUCTION)
    row = models.aggregate(
        total=Count("pk", filter=production),
        passing=Count("pk", filter=production & latest.state_q(latest.PASSING)),
        failing=Count("pk", filter=production & latest.state_q(latest.FAILING)),
        warning=Count("pk", filter=production & latest.state_q(latest.WARNING)),
        unchecked=Count("pk", filter=production & latest.state_q(latest.UNCHECKED)),
        failing_any=Count("pk", filter=~Q(stage=MLModel.Stage.RETIRED) & latest.state_q(latest.FAILING)),
    )
    failing_any = row.pop("failing_any")
    return ProductionChecks(**row), failing_any


def _failing_models(models: QuerySet[MLModel]) -> list[MLModel]:
    """Models in use failing the most checks in their latest results, then by name: one query."""
    return list(
        latest.with_latest_checks(models.exclude(stage=MLModel.Stage.RETIRED))
        .filter(latest.state_q(latest.FAILING))
        .select_related("team")
        .only("id", "name", "stage", "team__id", "team__name")
        .order_by("-check_status__fail_count", "name", "id")[:FAILING_LIST_SIZE]
    )


def _maturity(teams: list) -> tuple[list[Dimension], list[assessment_selectors.TeamMaturity]]:
    """Each team's current level per dimension (the assessments overview, without drafts), weakest teams
    first: not assessed, then lowest level and score. Two queries."""
    columns, rows = assessment_selectors.maturity_overview(teams=teams, with_drafts=False)

    def weakness(row: assessment_selectors.TeamMaturity) -> tuple:
        level = row.levels.overall_level if row.levels else None
        score = row.levels.overall_score if row.levels else None
        return (level is not None, level or 0, score or 0.0, row.team.name)

    return columns, sorted(rows, key=weakness)


def _covering_run(user: Any, teams: list) -> CheckRun | None:
    """The latest succeeded run that judged everything the reader can see: an organisation-wide run, or,
    for a member of one team only, a run over that team. A run over one model (or one of several teams)
    is not the reader's picture of the organisation and never becomes the headline."""
    covering = Q(scope=CheckRun.Scope.ALL)
    if not perms.sees_everything(user) and len(teams) == 1:
        covering |= Q(scope=CheckRun.Scope.TEAM, team_id=teams[0].pk)
    return runs_visible_to(user=user).filter(covering, status=CheckRun.Status.SUCCEEDED).first()


def _run_counts(user: Any, run: CheckRun) -> dict[str, int]:
    """The run's results by outcome over the models the user may see: the run's own counters for those who
    see everything (no query), else one query over its results of the user's teams' models."""
    return outcome_counts(user=user, runs=[run])[run.pk]


def _start_targets(user: Any, teams: list) -> list[dict[str, Any]]:
    """Where the user may start a check run from the dashboard: every model, or each team they edit."""
    if can_start_run(user, scope=CheckRun.Scope.ALL):
        return [{"scope": CheckRun.Scope.ALL, "team_id": None, "label": gettext("Run checks on all models")}]
    return [
        {
            "scope": CheckRun.Scope.TEAM,
            "team_id": t.pk,
            "label": gettext("Run checks on %(team)s") % {"team": t.name},
        }
        for t in teams
        if can_start_run(user, scope=CheckRun.Scope.TEAM, team=t)
    ]


def dashboard_for(*, user: Any, today: datetime.date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    models = models_visible_to(user=user)

    by_stage, by_team = _inventory(models)
    stages = [(value, label, by_stage.get(value, 0)) for value, label in MLModel.Stage.choices]
    production, failing_total = _production_checks(models)

    risks = risk_selectors.risks_visible_to(user=user)
    matrix = risk_selectors.default_matrix_or_none()
    heat = risk_selectors.heat_map(risks=risks, matrix=matrix, basis="residual") if matrix else None

    teams = list(teams_visible_to(user=user).order_by("name"))
    columns, maturity_rows = _maturity(teams)

    window = CheckPolicy.current().consent_warning_days
    expiring, expiring_total, withdrawn, withdrawn_total = consent_alerts.alerts(
        models=models, today=today, days=window, shown=ALERTS_SHOWN
    )

    latest_run = _covering_run(user, teams)
    run_counts = _run_counts(user, latest_run) if latest_run else {}

    return Dashboard(
        sees_everything=perms.sees_everything(user),
        can_register=perms.editable_team_ids(user) != set(),
        model_total=sum(by_stage.values()),
        stages=stages,
        by_team=by_team[:TEAMS_SHOWN],
        team_count=len(by_team),
        production=production,
        failing_models=_failing_models(models),
        failing_total=failing_total,
        heat=heat,
        risk_summary=risk_selectors.register_summary(risks=risks, today=today),
        maturity_columns=columns,
        maturity_rows=maturity_rows[:TEAMS_SHOWN],
        maturity_team_count=len(maturity_rows),
        consent_window_days=window,
        expiring=expiring,
        expiring_total=expiring_total,
        withdrawn=withdrawn,
        withdrawn_total=withdrawn_total,
        sources_without_basis=data_sources_of_teams(
            sources=DataSource.objects.filter(contains_personal_data=True, legal_basis=""), user=user
        ).count(),
        latest_run=latest_run,
        latest_run_counts=run_counts,
        start_targets=_start_targets(user, teams),
        reports=list(reports_visible_to(user=user).order_by("-created_at", "-id")[:REPORTS_SHOWN]),
        out_of_policy=models.filter(policy_q(OUT)).count(),
    )


def dashboard_cached(*, user: Any) -> Dashboard:
    """dashboard_for from the per-user cache, recomputed after any committed write (foundation.freshness):
    the same figures, without their twenty queries on every visit."""
    return freshness.cached(name="dashboard", user_id=user.pk, compute=lambda: dashboard_for(user=user))
