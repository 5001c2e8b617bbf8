"""The model audit dossier: everything an auditor needs about one model, built from the page selectors."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
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
    for result, _check in check_results:
        counts[result.get_outcome_display()] = counts.get(result.get_outcome_display(), 0) + 1
    checks = ", ".join(f"{n} {label.lower()}" for label, n in counts.items()) or _("no finished check run")
    risk = (
        _("%(name)s (score %(score)s)") % {"name": top_risk["name"], "score": top_risk["score"]}
        if top_risk
        else _("no active rated risk")
    )
    maturity = (
        _("Level %(level)s (%(framework)s, submitted %(day)s)")
        % {
            "level": levels.overall_level,
            "framework": localized(levels.framework, "name"),
            "day": day(levels.submitted_at),
        }
        if levels and levels.overall_level is not None
        else _("no submitted assessment")
    )
    return [
        heading(_("Summary")),
        data_table(
            [
                _("Latest check outcomes"),
                _("Highest residual risk"),
                _("Maturity of team %(team)s") % {"team": model.team.name},
            ],
            [[checks, risk, maturity]],
            [1, 1, 1],
        ),
    ]


def _model_card(model) -> list:
    parts = [heading(_("Purpose, intended use and limitations"))]
    for label, value in (
        (_("Purpose"), model.purpose),
        (_("Intended use"), model.intended_use),
        (_("Out-of-scope uses"), model.out_of_scope_uses),
        (_("Limitations"), model.limitations),
        (_("Training data"), model.training_data_description),
        (_("Evaluation"), model.evaluation_description),
        (_("Ethical considerations"), model.ethical_considerations),
    ):
        parts += [heading(label, 2), para(value or _("Not recorded."))]
    return parts


def _versions(versions, uses) -> list:
    sources: dict[int, list[str]] = {}
    for row in uses:
        if row.use.version_id:
            sources.setdefault(row.use.version_id, []).append(
                f"{row.use.data_source.name} ({row.use.get_role_display()})"
            )
    rows = [
        [
            v.label,
            v.get_status_display(),
            v.code_reference or "—",
            v.artifact_uri or "—",
            _("%(start)s to %(end)s")
            % {"start": day(v.training_window_start), "end": day(v.training_window_end)},
            "; ".join(sources.get(v.pk, [])) or _("model-level sources"),
            f"{who(v.registered_by)}, {day(v.registered_at)}",
            day(v.deployed_at),
        ]
        for v in versions
    ]
    head = [
        _("Version"),
        _("Status"),
        _("Code"),
        _("Artifact"),
        _("Training window"),
        _("Data"),
        _("Registered"),
        _("Deployed"),
    ]
    body = data_table(head, rows, [1, 1.4, 1.6, 2, 1.8, 1.7, 1.8, 1.3]) if rows else empty(_("No versions."))
    return [heading(_("Versions and lineage")), body]


def _data_sources(uses) -> list:
    rows = [
        [
            row.use.data_source.name,
            row.use.version.label if row.use.version_id else _("all versions"),
            row.use.get_role_display(),
            row.use.purpose,
            row.use.data_source.get_legal_basis_display() or _("none recorded"),
            para(
                markup(row.status.label) if row.status.ok else f"<b>{markup(row.status.label)}</b>",
                "Cell",
                raw=True,
            ),
        ]
        for row in uses
    ]
    head = [_("Data source"), _("Version"), _("Role"), _("Purpose"), _("Legal basis"), _("Consent status")]
    body = data_table(head, rows, [2, 1.2, 1.1, 1.5, 1.5, 3]) if rows else empty(_("No data sources linked."))
    return [heading(_("Data sources, legal basis and consent")), body]


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
    parts = [heading(_("Risk register"))]
    if matrix is not None:
        all_risks = Risk.objects.filter(model=model)
        maps = Table(
            [
                [
                    heat_map_drawing(
                        heat_map(risks=all_risks, matrix=matrix, basis="inherent"), title=_("Inherent")
                    ),
                    heat_map_drawing(
                        heat_map(risks=all_risks, matrix=matrix, basis="residual"), title=_("Residual")
                    ),
                ]
            ]
        )
        caption = _("Matrix: %(name)s. Counts are active risks rated on it.") % {"name": matrix.name}
        parts += [maps, para(caption, "Caption")]
    today = timezone.localdate()
    rows, mitigations, acceptances = [], [], []
    for risk in risks:
        inherent, residual = risk.inherent_level_object, risk.residual_level_object
        rows.append(
            [
                risk.title,
                risk.get_category_display(),
                risk.get_status_display(),
                f"{inherent.name} ({risk.inherent_score})" if inherent else _("not rated"),
                f"{residual.name} ({risk.residual_score})" if residual else _("not rated"),
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
            state = _("active") if a.is_active(today) else _("expired")
            acceptances.append(
                [risk.title, a.justification, who(a.approver), f"{day(a.expires_on)} ({state})"]
            )
    overdue = sum(1 for r in risks if _is_overdue(r, today))
    if overdue:
        overdue_text = ngettext(
            "%(count)s active risk is past the review date.",
            "%(count)s active risks are past the review date.",
            overdue,
        )
        parts.append(para(overdue_text % {"count": overdue}))
    head = [
        _("Risk"),
        _("Category"),
        _("Status"),
        _("Inherent"),
        _("Residual"),
        _("Treatment"),
        _("Owner"),
        _("Next review"),
    ]
    parts.append(
        data_table(head, rows, [2.3, 1.5, 0.9, 1.3, 1.3, 1.3, 1.3, 1.5]) if rows else empty(_("No risks."))
    )
    parts.append(heading(_("Mitigations"), 2))
    parts.append(
        data_table(
            [_("Risk"), _("Mitigation"), _("Status"), _("Owner"), _("Due")],
            mitigations,
            [2, 4, 1.2, 1.4, 1.2],
        )
        if mitigations
        else empty(_("No mitigations recorded."))
    )
    parts.append(heading(_("Acceptances"), 2))
    parts.append(
        data_table(
            [_("Risk"), _("Justification"), _("Approver"), _("Expires")], acceptances, [2, 4, 1.5, 1.8]
        )
        if acceptances
        else empty(_("No risk acceptances recorded."))
    )
    return parts


def _is_overdue(risk, today: datetime.date) -> bool:
    due = risk.next_review_due
    return risk.status == Risk.Status.ACTIVE and due is not None and due < today


def _next_review(risk, today: datetime.date):
    """The next review's date, flagged in the failing colour when an active risk is past it."""
    if _is_overdue(risk, today):
        days = (today - risk.next_review_due).days
        late = _("%(day)s overdue by %(days)s d") % {"day": day(risk.next_review_due), "days": days}
        flagged = outcome_markup("fail", late)
        return para(flagged, "Cell", raw=True)
    return day(risk.next_review_due)


def _checks(panel) -> list:
    results = panel["check_results"]
    if not results:
        return [
            heading(_("Responsible-AI checks")),
            empty(_("No finished check run has judged this model yet.")),
        ]
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
        heading(_("Responsible-AI checks")),
        para(
            _("Latest finished run that judged this model: #%(id)s.") % {"id": panel["check_run_id"]}, "Small"
        ),
        data_table([_("Check"), _("Outcome"), _("Detail"), _("Remediation")], rows, [2.2, 1, 3.4, 3.4]),
    ]


def _history(model) -> list:
    entries = model_history(model=model, limit=HISTORY_LIMIT)
    rows = [
        [
            day(e.when),
            e.who,
            f"{e.kind} {e.subject} {e.action}".strip(),
            "; ".join(f"{c.field}: {c.old} → {c.new}" for c in e.changes[:6]) or e.reason_text or "—",
        ]
        for e in entries
    ]
    body = (
        data_table([_("When"), _("Who"), _("What"), _("Changes")], rows, [1.5, 1.4, 2.6, 4.5])
        if rows
        else empty(_("None."))
    )
    return [heading(_("Recent history (latest %(count)s changes)") % {"count": HISTORY_LIMIT}), body]


def build(*, model_id: int, report_id: int | None, author: str, generated_at: datetime.datetime) -> Rendered:
    model = MLModel.objects.select_related("team", "owner", "human_oversight_contact").get(pk=model_id)
    versions = list(model_versions(model=model))
    uses = model_data_uses(model=model)
    matrix = default_matrix_or_none()
    panel = model_check_panel(user=AnonymousUser(), model=model)
    top_risk = highest_residual_by_model(model_ids=[model.pk]).get(model.pk)
    current = latest_submitted(team_ids=[model.team_id]).get(model.team_id, {}).values()
    levels = next((a for a in current if a.framework.kind == Framework.Kind.LEVELS), None)
    title = _("Model audit dossier: %(name)s") % {"name": model.name}
    story = cover(
        kind=_("Model audit dossier"),
        title=model.name,
        pairs=[
            (_("Model"), model.name),
            (_("Team"), model.team.name),
            (_("Accountable owner"), who(model.owner)),
            (_("Lifecycle stage"), model.get_stage_display()),
            (_("Business criticality"), model.get_business_criticality_display()),
            (_("EU AI Act tier"), model.get_ai_act_tier_display()),
            (_("Human-oversight contact"), who(model.human_oversight_contact)),
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
    story += sign_off([_("Model owner"), _("Governance lead"), _("Auditor")])
    return render(
        story,
        title=title,
        subject=_("Model %(model)s of team %(team)s") % {"model": model.name, "team": model.team.name},
        author=author,
        report_id=report_id,
    )
