"""The organisation governance report: inventory, heat maps, maturity by team, failing checks, overdue
reviews, consents needing attention, and the full model table. Built for org-10k (10,000 models, hundreds
of pages): every section is a fixed number of queries, and the model table streams rows with values()."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.platypus import PageBreak, Table

from assessments.selectors import maturity_overview
from governance.checks.models import CheckPolicy, CheckRun
from governance.inventory.models import ConsentRecord, MLModel
from governance.risks.models import Risk, RiskMatrix
from governance.risks.selectors import default_matrix_or_none, heat_map
from governance.teams.models import Team

from ..document import Rendered, render
from ..graphics import heat_map_drawing
from ..styles import para
from ..tables import data_table, fast_table
from .check_run import outcome_by_check
from .common import cover, day, empty, heading, sign_off
from .dossier_gate import organisation_waivers_section

CHUNK = 300
STAGES = dict(MLModel.Stage.choices)
TIERS = dict(MLModel.AIActTier.choices)
CRITICALITY = dict(MLModel.Criticality.choices)


def _chunked(head: list[str], rows, widths: list[float]) -> list:
    """Stream rows into tables of CHUNK rows, each repeating its header on every page it spans."""
    tables, batch = [], []
    for row in rows:
        batch.append(row)
        if len(batch) == CHUNK:
            tables.append(fast_table(head, batch, widths))
            batch = []
    if batch or not tables:
        tables.append(fast_table(head, batch, widths) if batch else empty(_("None.")))
    return tables


def _inventory() -> list:
    by_team_stage = (
        MLModel.objects.order_by()
        .values_list("team__name", "stage")
        .annotate(n=Count("id"))
        .order_by("team__name")
    )
    teams: dict[str, Counter] = {}
    totals: Counter = Counter()
    for team, stage, n in by_team_stage:
        teams.setdefault(team, Counter())[stage] = n
        totals[stage] += n
    stage_rows = [[label, str(totals[value])] for value, label in MLModel.Stage.choices]
    stage_rows.append([_("Total"), str(sum(totals.values()))])
    team_rows = [[team, *(str(c[v]) for v in STAGES), str(sum(c.values()))] for team, c in teams.items()]
    return [
        heading(_("Inventory by stage")),
        data_table([_("Stage"), _("Models")], stage_rows, [3, 1]),
        heading(_("Inventory by team")),
        *_chunked([_("Team"), *STAGES.values(), _("Total")], team_rows, [2.6, 1, 1.35, 1, 1.15, 1, 0.9]),
    ]


def _heat_maps() -> list:
    matrix = default_matrix_or_none()
    if matrix is None:
        return [heading(_("Organisation heat maps")), empty(_("No default risk matrix."))]
    risks = Risk.objects.all()
    maps = Table(
        [
            [
                heat_map_drawing(heat_map(risks=risks, matrix=matrix, basis="inherent"), title=_("Inherent")),
                heat_map_drawing(heat_map(risks=risks, matrix=matrix, basis="residual"), title=_("Residual")),
            ]
        ]
    )
    caption = para(_("Matrix: %(name)s; active risks.") % {"name": matrix.name}, "Caption")
    return [heading(_("Organisation heat maps")), maps, caption]


def _maturity() -> list:
    teams = list(Team.objects.order_by("name"))
    columns, rows = maturity_overview(teams=teams)
    table_rows = [
        [
            row.team.name,
            "—" if not row.levels or row.levels.overall_level is None else str(row.levels.overall_level),
            *("—" if cell is None or cell.get("level") is None else str(cell["level"]) for cell in row.cells),
            day(row.levels.submitted_at) if row.levels else _("never"),
        ]
        for row in rows
    ]
    head = [_("Team"), _("Overall"), *(c.name for c in columns), _("Submitted")]
    widths = [2.5, 1, *([1] * len(columns)), 1.6]
    return [heading(_("Maturity by team (MLOps level 0-2)")), *_chunked(head, table_rows, widths)]


def _checks() -> list:
    run = (
        CheckRun.objects.filter(scope=CheckRun.Scope.ALL, status=CheckRun.Status.SUCCEEDED)
        .order_by("-created_at", "-id")
        .first()
    )
    if run is None:
        return [heading(_("Failing checks")), empty(_("No finished organisation-wide check run yet."))]
    intro = para(
        _(
            "Latest organisation-wide run #%(id)s, finished %(day)s: %(fail)s fail, %(warn)s warn, %(pass)s "
            "pass over %(models)s models. The check-run report lists every failing model."
        )
        % {
            "id": run.pk,
            "day": day(run.finished_at),
            "fail": run.fail_count,
            "warn": run.warn_count,
            "pass": run.pass_count,
            "models": run.model_count,
        }
    )
    return [heading(_("Failing checks")), intro, *outcome_by_check(run)]


def _overdue(today: datetime.date) -> list:
    rows = (
        [
            r["model__name"],
            r["model__team__name"],
            r["title"],
            day(r["next_review_due"]),
            str(r["residual_score"]),
        ]
        for r in Risk.objects.filter(status=Risk.Status.ACTIVE, next_review_due__lt=today)
        .order_by("next_review_due", "model__name", "id")
        .values("model__name", "model__team__name", "title", "next_review_due", "residual_score")
        .iterator(chunk_size=2000)
    )
    return [
        heading(_("Overdue risk reviews")),
        *_chunked(
            [_("Model"), _("Team"), _("Risk"), _("Review due"), _("Score")], rows, [2, 1.5, 3, 1.2, 0.7]
        ),
    ]


def _consents(today: datetime.date) -> list:
    window = CheckPolicy.current().consent_warning_days
    soon = today + datetime.timedelta(days=window)
    fields = ("reference", "data_source__name", "purpose", "expires_on", "withdrawn_at")
    expiring = (
        [r["reference"], r["data_source__name"], r["purpose"], day(r["expires_on"])]
        for r in ConsentRecord.objects.filter(
            withdrawn_at__isnull=True, expires_on__gt=today, expires_on__lte=soon
        )
        .order_by("expires_on", "reference")
        .values(*fields)
        .iterator(chunk_size=2000)
    )
    withdrawn = (
        [r["reference"], r["data_source__name"], r["purpose"], day(r["withdrawn_at"])]
        for r in ConsentRecord.objects.filter(withdrawn_at__isnull=False)
        .order_by("-withdrawn_at", "reference")
        .values(*fields)
        .iterator(chunk_size=2000)
    )
    return [
        heading(_("Consents expiring within %(days)s days") % {"days": window}),
        *_chunked([_("Consent"), _("Data source"), _("Purpose"), _("Expires")], expiring, [2, 2.5, 2, 1.2]),
        heading(_("Withdrawn consents")),
        *_chunked(
            [_("Consent"), _("Data source"), _("Purpose"), _("Withdrawn")], withdrawn, [2, 2.5, 2, 1.2]
        ),
    ]


def _highest_residual() -> dict[int, str]:
    """Each model's highest active residual level by name: one pass over active risks, one over matrices."""
    levels = {m.pk: m.level_objects for m in RiskMatrix.objects.all()}
    top: dict[int, str] = {}
    rows = (
        Risk.objects.filter(status=Risk.Status.ACTIVE, residual_level__isnull=False)
        .order_by("model_id", "-residual_level", "-residual_score", "id")
        .values_list("model_id", "matrix_id", "residual_level", "residual_score")
        .iterator(chunk_size=5000)
    )
    for model_id, matrix_id, level, score in rows:
        if model_id not in top:
            top[model_id] = f"{levels[matrix_id][level].name} ({score})"
    return top


def _model_table() -> list:
    top = _highest_residual()
    rows = (
        [
            r["name"],
            r["team__name"],
            " ".join(filter(None, (r["owner__first_name"], r["owner__last_name"]))) or r["owner__username"],
            STAGES.get(r["stage"], r["stage"]),
            TIERS.get(r["ai_act_tier"], r["ai_act_tier"]),
            CRITICALITY.get(r["business_criticality"], r["business_criticality"]),
            top.get(r["id"], "—"),
        ]
        for r in MLModel.objects.order_by("team__name", "name", "id")
        .values(
            "id",
            "name",
            "team__name",
            "owner__first_name",
            "owner__last_name",
            "owner__username",
            "stage",
            "ai_act_tier",
            "business_criticality",
        )
        .iterator(chunk_size=2000)
    )
    head = [
        _("Model"),
        _("Team"),
        _("Owner"),
        _("Stage"),
        _("AI Act tier"),
        _("Criticality"),
        _("Highest residual"),
    ]
    return [PageBreak(), heading(_("All models")), *_chunked(head, rows, [2.2, 1.5, 1.4, 1.3, 1.0, 1.2, 1.4])]


def build(*, report_id: int | None, author: str, generated_at: datetime.datetime) -> Rendered:
    today = timezone.localdate()
    story = cover(
        kind=_("Organisation governance report"),
        title=_("Organisation governance report"),
        pairs=[
            (_("Teams"), str(Team.objects.count())),
            (_("Models"), str(MLModel.objects.count())),
            (_("Active risks"), str(Risk.objects.filter(status=Risk.Status.ACTIVE).count())),
        ],
        report_id=report_id,
        generated_at=generated_at,
    )
    for section in (
        _inventory(),
        _heat_maps(),
        _maturity(),
        _checks(),
        _overdue(today),
        _consents(today),
        organisation_waivers_section(today),
    ):
        story += section
    story += _model_table()
    story += sign_off([_("Governance lead"), _("Auditor")])
    return render(
        story,
        title=_("Organisation governance report"),
        subject=_("Governance of every model"),
        author=author,
        report_id=report_id,
    )
