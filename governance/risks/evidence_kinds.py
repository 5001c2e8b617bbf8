"""The register's records that carry evidence (governance/evidence/kinds.py): risks, mitigations and
acceptances. Seeing the risk lets a reader download; changing it lets them attach, as on the risk's page."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from governance.evidence.kinds import EvidenceKind, register
from governance.teams import permissions as perms

from .models import Mitigation, Risk, RiskAcceptance

REFUSED = "Only contributors and maintainers of the model's team may attach evidence to its risks."


def _for_view(model: type, related: tuple[str, ...], team_of):
    def get(*, user: Any, pk: int) -> Any:
        record = get_object_or_404(model.objects.select_related(*related), pk=pk)
        if not perms.can_view_team(user, team_of(record)):
            raise Http404  # another team's record answers as a missing one
        return record

    return get


def register_kinds() -> None:
    risk_page = "risks:detail"
    register(
        EvidenceKind(
            key="risk",
            model=Risk,
            label="Risk",
            get_for_view=_for_view(Risk, ("model",), lambda r: r.model.team_id),
            can_change=lambda user, r: perms.can_edit_team(user, r.model.team_id),
            url_of=lambda r: reverse(risk_page, args=[r.pk]),
            title_of=lambda r: r.title,
            refused=REFUSED,
        )
    )
    register(
        EvidenceKind(
            key="mitigation",
            model=Mitigation,
            label="Mitigation",
            get_for_view=_for_view(Mitigation, ("risk__model",), lambda m: m.risk.model.team_id),
            can_change=lambda user, m: perms.can_edit_team(user, m.risk.model.team_id),
            url_of=lambda m: reverse(risk_page, args=[m.risk_id]),
            title_of=lambda m: m.description[:80],
            refused=REFUSED,
        )
    )
    register(
        EvidenceKind(
            key="acceptance",
            model=RiskAcceptance,
            label="Risk acceptance",
            get_for_view=_for_view(RiskAcceptance, ("risk__model",), lambda a: a.risk.model.team_id),
            can_change=lambda user, a: perms.can_edit_team(user, a.risk.model.team_id),
            url_of=lambda a: reverse(risk_page, args=[a.risk_id]),
            title_of=lambda a: f"Acceptance of {a.risk.title}",
            refused=REFUSED,
        )
    )
