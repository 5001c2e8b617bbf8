"""The dossier's promotion-gate section (issue 18): each environment's current holder and its gate judged
now, then the promotion history: who asked, who approved or rejected, and the waivers granted. Kept apart
from dossier.py so the gate's section changes without touching the other sections."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from governance.promotions.models import Approval, PromotionRequest, Waiver
from governance.promotions.selectors import model_gate_panel

from ..styles import para
from ..tables import data_table
from .common import day, empty, heading, who

REQUESTS_SHOWN = 30


def gate_section(model) -> list:
    panel = model_gate_panel(user=AnonymousUser(), model=model)
    story = [heading(_("Deployments and promotion gate"))]
    if panel["gate_deployments"]:
        rows = [
            [
                d.environment.name,
                d.version.label,
                day(d.since),
                who(d.promoted_by) if d.promoted_by else _("carried over"),
                _("meets its gate")
                if g.allowed
                else "; ".join(f"{r.title_text}: {r.reason_text}" for r in g.failed),
            ]
            for d, g in panel["gate_deployments"]
        ]
        story.append(
            data_table(
                [_("Environment"), _("Version"), _("Since"), _("Promoted by"), _("Gate now")],
                rows,
                [1.6, 1.2, 1.3, 1.6, 4.3],
            )
        )
    else:
        story.append(empty(_("No version holds an environment.")))
    requests = list(
        PromotionRequest.objects.filter(model=model)
        .select_related("version", "environment", "requested_by", "decided_by")
        .prefetch_related(Prefetch("approvals", queryset=Approval.objects.select_related("approver")))
        .order_by("-created_at", "-id")[:REQUESTS_SHOWN]
    )
    story.append(para(_("Promotion history (latest %(count)s requests)") % {"count": REQUESTS_SHOWN}, "H2"))
    if requests:
        rows = [
            [
                day(r.created_at),
                _("%(kind)s of %(version)s to %(environment)s")
                % {
                    "kind": r.get_kind_display(),
                    "version": r.version.label,
                    "environment": r.environment.name,
                },
                who(r.requested_by),
                ", ".join(f"{who(a.approver)} ({a.get_role_display()})" for a in r.approvals.all()) or "—",
                (
                    _("%(status)s by %(who)s") % {"status": r.get_status_display(), "who": who(r.decided_by)}
                    if r.decided_by
                    else r.get_status_display()
                )
                + (f": {r.decision_reason}" if r.decision_reason else ""),
            ]
            for r in requests
        ]
        story.append(
            data_table(
                [_("Asked"), _("Request"), _("Asked by"), _("Approved by"), _("Outcome")],
                rows,
                [1.3, 2.4, 1.5, 2.4, 2.4],
            )
        )
    else:
        story.append(empty(_("No promotion was requested.")))
    waivers = list(
        Waiver.objects.filter(version__model=model)
        .select_related("version", "environment", "granted_by")
        .order_by("-created_at")
    )
    story.append(para(_("Waivers"), "H2"))
    if waivers:
        rows = [
            [
                w.version.label,
                w.environment.name,
                ", ".join(w.rules),
                who(w.granted_by),
                day(w.expires_on),
                w.reason,
            ]
            for w in waivers
        ]
        story.append(
            data_table(
                [_("Version"), _("Environment"), _("Rules"), _("Granted by"), _("Expires"), _("Reason")],
                rows,
                [1.1, 1.3, 2, 1.5, 1.2, 2.9],
            )
        )
    else:
        story.append(empty(_("No rule was waived.")))
    return story


def organisation_waivers_section(today) -> list:
    """The organisation report's list of gate waivers still in force: every rule an admin let a version
    through despite, with who, why and until when (one query)."""
    waivers = list(
        Waiver.objects.filter(expires_on__gte=today)
        .select_related("version__model", "environment", "granted_by")
        .order_by("expires_on", "version__model__name", "id")
    )
    story = [heading(_("Promotion-gate waivers in force"))]
    if not waivers:
        return [*story, empty(_("No rule of the promotion gate is waived."))]
    rows = [
        [
            w.version.model.name,
            w.version.label,
            w.environment.name,
            ", ".join(w.rules),
            who(w.granted_by),
            day(w.expires_on),
            w.reason,
        ]
        for w in waivers
    ]
    story.append(
        data_table(
            [
                _("Model"),
                _("Version"),
                _("Environment"),
                _("Rules"),
                _("Granted by"),
                _("Expires"),
                _("Reason"),
            ],
            rows,
            [1.6, 0.9, 1.2, 1.8, 1.3, 1.1, 2.1],
        )
    )
    return story
