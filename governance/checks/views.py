"""Pages of the checks: runs, a run's findings, its responsible-AI summary, starting a run. Thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from governance.foundation.web import paginate
from governance.teams import permissions as perms

from . import selectors, services
from .forms import StartRunForm
from .models import Outcome
from .registry import Category, all_checks


@login_required
@require_GET
def run_list(request: HttpRequest) -> HttpResponse:
    page, query = paginate(request, selectors.runs_visible_to(user=request.user))
    counts = selectors.outcome_counts(user=request.user, runs=list(page.object_list))
    context = {
        "page": page,
        "query": query,
        "rows": [(run, counts[run.pk]) for run in page.object_list],
        "trend": selectors.pass_rate_trend(),
        "can_start_all": perms.is_governance_admin(request.user),
        "catalogue": all_checks(),
    }
    return render(request, "checks/runs.html", context)


@login_required
@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_get_for_view(user=request.user, pk=pk)
    findings, query = paginate(request, selectors.run_findings(user=request.user, run=run))
    by_check = selectors.run_by_check(user=request.user, run=run)
    totals = {o: sum(row["counts"][o] for row in by_check) for o in Outcome.values}
    context = {
        "run": run,
        "by_check": by_check,
        "totals": totals,
        "page": findings,
        "query": query,
        "findings": selectors.with_checks(findings.object_list),
        "progress": run.chunks.count() if not run.is_finished else run.chunks_total,
        "can_request_report": perms.sees_everything(request.user),
    }
    return render(request, "checks/run_detail.html", context)


@login_required
@require_GET
def run_summary(request: HttpRequest, pk: int) -> HttpResponse:
    """A run's responsible-AI summary, by category, failing models first, for readers outside the team."""
    run = selectors.run_get_for_view(user=request.user, pk=pk)
    by_check = selectors.run_by_check(user=request.user, run=run)
    categories = []
    for value, label in Category.choices:
        rows = [r for r in by_check if r["check"] and r["check"].category == value]
        fails = sum(r["counts"][Outcome.FAIL] for r in rows)
        categories.append({"label": label, "rows": rows, "fails": fails})
    failing = selectors.with_checks(
        selectors.run_findings(user=request.user, run=run, outcomes=(Outcome.FAIL,))[:200]
    )
    context = {"run": run, "categories": categories, "failing": failing}
    return render(request, "checks/run_summary.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def run_start(request: HttpRequest) -> HttpResponse:
    """GET shows what will be checked and asks to confirm; POST starts the run."""
    if not services.can_start_any_run(request.user):
        # Someone who may start no run at all gets the forbidden page, whatever the form says.
        raise PermissionDenied(
            gettext(
                "Governance admins start runs over every model; "
                "team contributors and maintainers their team's."
            )
        )
    form = StartRunForm(request.POST if request.method == "POST" else request.GET, user=request.user)
    if not form.is_valid():
        return render(request, "checks/start.html", {"form": form, "target": None}, status=400)
    data = form.cleaned_data
    scope, team, model = data["scope"], data.get("team"), data.get("model")
    if not services.can_start_run(request.user, scope=scope, team=team, model=model):
        raise PermissionDenied(
            gettext(
                "Governance admins start runs over every model; "
                "team contributors and maintainers their team's."
            )
        )
    target = {
        "all": gettext("every model that is not retired"),
        "team": gettext("every model of team %(team)s") % {"team": team},
        "model": gettext("model %(model)s") % {"model": model},
    }[scope]
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            run = services.check_run_create(actor=request.user, scope=scope, team=team, model=model)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("checks:runs")
        if run.waiting_for_queue:
            messages.warning(
                request,
                gettext(
                    "Check run #%(number)s over %(target)s is recorded, but the task queue is unavailable: "
                    "it is queued and will start when the queue is back."
                )
                % {"number": run.pk, "target": target},
            )
        else:
            messages.success(
                request,
                gettext("Check run #%(number)s queued over %(target)s.")
                % {"number": run.pk, "target": target},
            )
        return redirect("checks:run_detail", pk=run.pk)
    return render(request, "checks/start.html", {"form": form, "target": target, "data": data})
