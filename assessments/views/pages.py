"""Reading pages: the teams overview, a team's maturity, and an assessment's result. Thin: select, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from governance.foundation.web import paginate
from governance.teams import permissions as perms

from .. import charts, selectors
from ..content import dimension_name
from ..models import Framework


def result_chart(dimensions: list[dict], kind: str) -> charts.BarChart:
    """The bar chart of a score snapshot, its dimensions named in the active language (stored in English)."""
    if kind == Framework.Kind.LEVELS:
        return charts.bar_chart(
            [(dimension_name(d["name"]), d["score"], d["level"]) for d in dimensions], maximum=2
        )
    top = max([7.0] + [d["score"] or 0 for d in dimensions])
    return charts.bar_chart([(dimension_name(d["name"]), d["score"], None) for d in dimensions], maximum=top)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    page, query = paginate(request, selectors.teams_visible_to(user=request.user))
    columns, rows = selectors.maturity_overview(teams=list(page.object_list))
    return render(
        request, "assessments/home.html", {"page": page, "query": query, "columns": columns, "rows": rows}
    )


@login_required
@require_GET
def team_detail(request: HttpRequest, slug: str) -> HttpResponse:
    team = selectors.team_get_for_view(user=request.user, slug=slug)
    current = sorted(
        selectors.latest_submitted(team_ids=[team.pk]).get(team.pk, {}).values(),
        key=lambda a: a.framework.name,
    )
    trends = []
    for key, points in sorted(selectors.team_trend(team=team).items()):
        latest = next(a for a in current if a.framework.key == key)
        maximum = 2 if latest.framework.is_levels else 7
        chart = charts.trend_chart([(p.submitted_at, p.overall_score or 0) for p in points], maximum=maximum)
        trends.append({"framework": latest.framework, "points": points, "chart": chart})
    page, query = paginate(request, selectors.team_assessments(team=team))
    context = {
        "team": team,
        "current": [
            {"assessment": a, "chart": result_chart(a.result.get("dimensions", []), a.framework.kind)}
            for a in current
        ],
        "trends": trends,
        "drafts": selectors.open_drafts(team_ids=[team.pk]).get(team.pk, []),
        "page": page,
        "query": query,
        "can_edit": perms.can_edit_team(request.user, team.pk),
    }
    return render(request, "assessments/team.html", context)


@login_required
@require_GET
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The result: final for a submitted assessment, provisional for a draft."""
    assessment = selectors.assessment_get_for_view(user=request.user, pk=pk)
    report = selectors.assessment_report(assessment=assessment)
    snapshot = report.result.snapshot()["dimensions"]
    context = {
        "assessment": assessment,
        "report": report,
        "chart": result_chart(snapshot, assessment.framework.kind),
        "can_edit": perms.can_edit_team(request.user, assessment.team_id) and not assessment.is_submitted,
    }
    return render(request, "assessments/result.html", context)
