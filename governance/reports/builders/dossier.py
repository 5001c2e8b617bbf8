"""The model audit dossier: everything an auditor needs about one model, built from the page selectors."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.utils import timezone
from reportlab.platypus import Table

from assessments.models import Framework
from assessments.selectors import latest_submitted
from governance.checks.selectors import model_check_panel
from governance.foundation.i18n import localized
from governance.inventory.models import MLModel
from governance.inventory.selectors import model_data_uses, model_history, model_versions
from governance.risks.models import Mitigation, Risk, RiskAcceptance
from governance.risks.selectors import default_matrix_or_none, heat_map, highest_residual_by_model

from ..document import Rendered, render
from ..fonts import markup
from ..graphics import heat_map_drawing
from ..styles import outcome_markup, para
from ..tables import data_table
from .common import cover, day, empty, heading, sign_off, who
from .dossier_evidence import evidence_section
from .dossier_gate import gate_section
from .fairness_section import dossier_section as fairness_section

HISTORY_LIMIT = 30


def _summary(model, check_results, top_risk, levels) -> list:
    counts: dict[str, int] = {}
    for result, _ in check_results:
        counts[result.get_outcome_display()] = counts.get(result.get_outcome_display(), 0) + 1
    checks = ", ".join(f"{n} {label.lower()}" for label, n in counts.items()) or "no finished check run"
    risk = f"{top_risk['name']} (score {top_risk['score']})" if top_risk else "no active rated risk"
    maturity = (
        f"Level {levels.overall_level} ({localized(levels.framework, 'name')}, "
        f"submitted {day(levels.submitted_at)})"
        if levels and levels.overall_level is not None
        else "no submitted assessment"
    )
    return [
        heading("Summary"),
        data_table(
            ["Latest check outcomes", "Highest residual risk", f"Maturity of team {model.team.name}"],
            [[checks, risk, maturity]],
            [1, 1, 1],
        ),
    ]


def _model_card(model) -> list:
    parts = [heading("Purpose, intended use and limitations")]
    for label, value in (
        ("Purpose", model.purpose),
        ("Intended use", model.intended_use),
        ("Out-of-scope uses", model.out_of_scope_uses),
        ("Limitations", model.limitations),
        ("Training data", model.training_data_description),
        ("Evaluation", model.evaluation_description),
        ("Ethical considerations", model.ethical_considerations),
    ):
        parts += [heading(label, 2), para(value or "Not recorded.")]
    return parts


def _versions(versions, uses) -> list:
    sources: dict[int, list[str]] = {}
    for row in uses:
        if row.use.version_id:
            sources.setdefault(row.use.version_id, []).append(f"{row.use.data_source.name} ({row.use.role})")
    rows = [
        [
            v.label,
            v.get_status_display(),
            v.code_reference or "—",
            v.artifact_uri or "—",
            f"{day(v.training_window_start)} to {day(v.training_window_end)}",
            "; ".join(sources.get(v.pk, [])) or "model-level sources",
            f"{who(v.registered_by)}, {day(v.registered_at)}",
            day(v.deployed_at),
        ]
        for v in versions
    ]
    head = ["Version", "Status", "Code", "Artifact", "Training window", "Data", "Registered", "Deployed"]
    body = data_table(head, rows, [1, 1.4, 1.6, 2, 1.8, 1.7, 1.8, 1.3]) if rows else empty("No versions.")
    return [heading("Versions and lineage"), body]


def _data_sources(uses) -> list:
    rows = [
        [
            row.use.data_source.name,
            row.use.version.label if row.use.version_id else "all versions",
            row.use.get_role_display(),
            row.use.purpose,
            row.use.data_source.get_legal_basis_display() or "none recorded",
            para(
                markup(row.status.label) if row.status.ok else f"<b>{markup(row.status.label)}</b>",
                "Cell",
                raw=True,
            ),
        ]
        for row in uses
    ]
    head = ["Data source", "Version", "Role", "Purpose", "Legal basis", "Consent status"]
    body = data_table(head, rows, [2, 1.2, 1.1, 1.5, 1.5, 3]) if rows else empty("No data sources linked.")
    return [heading("Data sources, legal basis and consent"), body]


def _risks(model, matrix) -> list:
    risks = list(
        Risk.objects.filter(model=model)
        .exclude(status=Risk.Status.CLOSED)
        .select_related("owner", "matrix")
        .prefetch_related(
            Prefetch("mitigations", queryset=Mitigation.objects.select_related("owner").order_by("id")),
            Prefetch(
                "acceptances", queryset=RiskAcceptance.objects.select_related("approver").order_by("id")
            ),
        )
        .order_by("-residual_level", "-residual_score", "title", "id")
    )
    parts = [heading("Risk register")]
    if matrix is not None:
        all_risks = Risk.objects.filter(model=model)
        maps = Table(
            [
                [
                    heat_map_drawing(
                        heat_map(risks=all_risks, matrix=matrix, basis="inherent"), title="Inherent"
                    ),
                    heat_map_drawing(
                        heat_map(risks=all_risks, matrix=matrix, basis="residual"), title="Residual"
                    ),
                ]
            ]
        )
        parts += [maps, para(f"Matrix: {matrix.name}. Counts are active risks rated on it.", "Caption")]
    today = timezone.localdate()
    rows, mitigations, acceptances = [], [], []
    for risk in risks:
        inherent, residual = risk.inherent_level_object, risk.residual_level_object
        rows.append(
            [
                risk.title,
                risk.get_category_display(),
                risk.get_status_display(),
                f"{inherent.name} ({risk.inherent_score})" if inherent else "not rated",
                f"{residual.name} ({risk.residual_score})" if residual else "not rated",
                risk.get_treatment_display(),
                who(risk.owner),
                _next_review(risk, today),
            ]
        )
        for m in risk.mitigations.all():
            mitigations.append(
                [risk.title, m.description, m.get_status_display(), who(m.owner), day(m.due_date)]
            )
        for a in risk.acceptances.all():
            state = "active" if a.is_active(today) else "expired"
            acceptances.append(
                [risk.title, a.justification, who(a.approver), f"{day(a.expires_on)} ({state})"]
            )
    overdue = sum(1 for r in risks if _is_overdue(r, today))
    if overdue:
        parts.append(para(f"{overdue} active risk{'s are' if overdue != 1 else ' is'} past the review date."))
    head = ["Risk", "Category", "Status", "Inherent", "Residual", "Treatment", "Owner", "Next review"]
    parts.append(
        data_table(head, rows, [2.3, 1.5, 0.9, 1.3, 1.3, 1.3, 1.3, 1.5]) if rows else empty("No risks.")
    )
    parts.append(heading("Mitigations", 2))
    parts.append(
        data_table(["Risk", "Mitigation", "Status", "Owner", "Due"], mitigations, [2, 4, 1.2, 1.4, 1.2])
        if mitigations
        else empty("No mitigations recorded.")
    )
    parts.append(heading("Acceptances", 2))
    parts.append(
        data_table(["Risk", "Justification", "Approver", "Expires"], acceptances, [2, 4, 1.5, 1.8])
        if acceptances
        else empty("No risk acceptances recorded.")
    )
    return parts


def _is_overdue(risk, today: datetime.date) -> bool:
    due = risk.next_review_due
    return risk.status == Risk.Status.ACTIVE and due is not None and due < today


def _next_review(risk, today: datetime.date):
    """The next review's date, flagged in the failing colour when an active risk is past it."""
    if _is_overdue(risk, today):
        days = (today - risk.next_review_due).days
        flagged = outcome_markup("fail", f"{day(risk.next_review_due)} overdue by {days} d")
        return para(flagged, "Cell", raw=True)
    return day(risk.next_review_due)


def _checks(panel) -> list:
    results = panel["check_results"]
    if not results:
        return [heading("Responsible-AI checks"), empty("No finished check run has judged this model yet.")]
    rows = [
        [
            check.title if check else result.check_key,
            para(outcome_markup(result.outcome, result.get_outcome_display()), "Cell", raw=True),
            result.detail_text or "—",
            check.remediation if check and result.outcome in ("fail", "warn") else "—",
        ]
        for result, check in results
    ]
    return [
        heading("Responsible-AI checks"),
        para(f"Latest finished run that judged this model: #{panel['check_run_id']}.", "Small"),
        data_table(["Check", "Outcome", "Detail", "Remediation"], rows, [2.2, 1, 3.4, 3.4]),
    ]


def _history(model) -> list:
    entries = model_history(model=model, limit=HISTORY_LIMIT)
    rows = [
        [
            day(e.when),
            e.who,
            f"{e.kind} {e.subject} {e.action}".strip(),
            "; ".join(f"{c.field}: {c.old} → {c.new}" for c in e.changes[:6]) or e.reason or "—",
        ]
        for e in entries
    ]
    body = (
        data_table(["When", "Who", "What", "Changes"], rows, [1.5, 1.4, 2.6, 4.5]) if rows else empty("None.")
    )
    return [heading(f"Recent history (latest {HISTORY_LIMIT} changes)"), body]


def build(*, model_id: int, report_id: int | None, author: str, generated_at: datetime.datetime) -> Rendered:
    model = MLModel.objects.select_related("team", "owner", "human_oversight_contact").get(pk=model_id)
    versions = list(model_versions(model=model))
    uses = model_data_uses(model=model)
    matrix = default_matrix_or_none()
    panel = model_check_panel(user=AnonymousUser(), model=model)
    top_risk = highest_residual_by_model(model_ids=[model.pk]).get(model.pk)
    current = latest_submitted(team_ids=[model.team_id]).get(model.team_id, {}).values()
    levels = next((a for a in current if a.framework.kind == Framework.Kind.LEVELS), None)
    title = f"Model audit dossier: {model.name}"
    story = cover(
        kind="Model audit dossier",
        title=model.name,
        pairs=[
            ("Model", model.name),
            ("Team", model.team.name),
            ("Accountable owner", who(model.owner)),
            ("Lifecycle stage", model.get_stage_display()),
            ("Business criticality", model.get_business_criticality_display()),
            ("EU AI Act tier", model.get_ai_act_tier_display()),
            ("Human-oversight contact", who(model.human_oversight_contact)),
        ],
        report_id=report_id,
        generated_at=generated_at,
    )
    story += _summary(model, panel["check_results"], top_risk, levels)
    story += _model_card(model)
    story += _versions(versions, uses)
    story += _data_sources(uses)
    story += _risks(model, matrix)
    story += evidence_section(model, versions, uses)
    story += _checks(panel)
    story += fairness_section(versions=versions)
    story += gate_section(model)
    story += _history(model)
    story += sign_off(["Model owner", "Governance lead", "Auditor"])
    return render(
        story,
        title=title,
        subject=f"Model {model.name} of team {model.team.name}",
        author=author,
        report_id=report_id,
    )
