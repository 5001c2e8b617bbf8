"""Team pages: members, models and risk heat maps, composed from each app's selectors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from governance.foundation.web import paginate
from governance.inventory.selectors import model_list
from governance.risks import selectors as risk_selectors
from governance.teams import permissions as perms
from governance.teams.models import Team
from governance.teams.selectors import team_members, teams_visible_to


@login_required
@require_GET
def team_list(request: HttpRequest) -> HttpResponse:
    teams = teams_visible_to(user=request.user).order_by("name")
    page, query = paginate(request, teams)
    return render(request, "portal/team_list.html", {"page": page, "query": query})


@login_required
@require_GET
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_object_or_404(Team, pk=pk)
    if not perms.can_view_team(request.user, team.pk):
        raise Http404  # another team answers as a missing one: no probing by status code
    risks = risk_selectors.risks_visible_to(user=request.user).filter(model__team=team)
    matrix = risk_selectors.default_matrix_or_none()
    page, query = paginate(request, model_list(user=request.user).filter(team=team))
    context = {
        "team": team,
        "members": team_members(team=team),
        "page": page,
        "query": query,
        "risk_summary": risk_selectors.register_summary(risks=risks),
        "heat_residual": risk_selectors.heat_map(risks=risks, matrix=matrix, basis="residual")
        if matrix
        else None,
        "heat_inherent": risk_selectors.heat_map(risks=risks, matrix=matrix, basis="inherent")
        if matrix
        else None,
        "risk_query": f"team={team.pk}",
    }
    return render(request, "portal/team_detail.html", context)
