"""Start an assessment, fill it dimension by dimension, submit it. Thin: validate, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from governance.foundation.web import add_service_errors
from governance.teams import permissions as perms

from .. import selectors, services
from ..forms import DimensionAnswersForm, StartForm, SubmitForm
from ..models import Assessment


def _refuse_if_submitted(request: HttpRequest, assessment: Assessment) -> HttpResponse | None:
    if not assessment.is_submitted:
        return None
    messages.error(
        request,
        gettext(
            "This assessment was submitted on %(day)s by %(assessor)s and is locked: nobody can change it. "
            "Start a new assessment to record progress."
        )
        % {"day": f"{assessment.submitted_at:%Y-%m-%d}", "assessor": assessment.assessor},
    )
    return redirect("assessments:detail", pk=assessment.pk)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_start(request: HttpRequest, slug: str) -> HttpResponse:
    team = selectors.team_get_for_view(user=request.user, slug=slug)
    if not perms.can_edit_team(request.user, team.pk):
        raise PermissionDenied(
            gettext("Only contributors and maintainers of the team may start its assessments.")
        )
    frameworks = selectors.frameworks_active()
    form = StartForm(request.POST if request.method == "POST" else None, frameworks=frameworks)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_start(actor=request.user, team=team, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                gettext("%(framework)s assessment started for %(team)s.")
                % {"framework": assessment.framework.name, "team": team.name},
            )
            return redirect("assessments:fill", pk=assessment.pk)
    context = {
        "team": team,
        "form": form,
        "frameworks": frameworks,
        "drafts": selectors.open_drafts(team_ids=[team.pk]).get(team.pk, []),
    }
    return render(request, "assessments/start.html", context)


@login_required
@require_GET
def assessment_fill(request: HttpRequest, pk: int) -> HttpResponse:
    """Resume where the answers stop: the first dimension with an unanswered question."""
    assessment = selectors.assessment_get_for_edit(user=request.user, pk=pk)
    refused = _refuse_if_submitted(request, assessment)
    if refused:
        return refused
    spec = selectors.framework_spec(framework=assessment.framework)
    answered = set(assessment.answers.values_list("question_id", flat=True))
    target = next(
        (d for d in spec.dimensions if any(q.pk not in answered for q in d.question_list)), spec.dimensions[0]
    )
    return redirect("assessments:fill_dimension", pk=assessment.pk, dimension=target.key)


NEXT_ACTIONS = {"stay", "next", "submit"}


@login_required
@require_http_methods(["GET", "POST"])
def assessment_fill_dimension(request: HttpRequest, pk: int, dimension: str) -> HttpResponse:
    assessment = selectors.assessment_get_for_edit(user=request.user, pk=pk)
    refused = _refuse_if_submitted(request, assessment)
    if refused:
        return refused
    spec = selectors.framework_spec(framework=assessment.framework)
    current = spec.dimension(dimension)
    if current is None:
        raise Http404("This framework has no such dimension.")
    answers = selectors.assessment_answers(assessment=assessment)
    form = DimensionAnswersForm(
        request.POST if request.method == "POST" else None,
        dimension=current,
        choices=assessment.framework.answer_choices(),
        answers=answers,
    )
    position = spec.dimensions.index(current)
    following = spec.dimensions[position + 1] if position + 1 < len(spec.dimensions) else None
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.answers_save(
                actor=request.user, assessment=assessment, answers=form.answer_inputs()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(dimension)s saved (%(count)s answer changed).",
                    "%(dimension)s saved (%(count)s answers changed).",
                    changed,
                )
                % {"dimension": current.name, "count": changed},
            )
            action = request.POST.get("action", "stay")
            if action == "next" and following is not None:
                return redirect("assessments:fill_dimension", pk=assessment.pk, dimension=following.key)
            if action in {"next", "submit"}:
                return redirect("assessments:submit", pk=assessment.pk)
            return redirect("assessments:fill_dimension", pk=assessment.pk, dimension=current.key)
    context = {
        "assessment": assessment,
        "spec": spec,
        "dimension": current,
        "form": form,
        "progress": selectors.assessment_progress(spec=spec, answers=answers),
        "answered": len(answers),
        "previous_dimension": spec.dimensions[position - 1] if position > 0 else None,
        "next_dimension": following,
    }
    return render(request, "assessments/fill.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_submit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_edit(user=request.user, pk=pk)
    refused = _refuse_if_submitted(request, assessment)
    if refused:
        return refused
    form = SubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_submit(actor=request.user, assessment=assessment)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            level = (
                f"overall level {assessment.overall_level}"
                if assessment.overall_level is not None
                else f"final score {assessment.overall_score:g}"
                if assessment.overall_score is not None
                else "no applicable questions"
            )
            messages.success(
                request, gettext("Assessment submitted and locked: %(level)s.") % {"level": level}
            )
            return redirect("assessments:detail", pk=assessment.pk)
    report = selectors.assessment_report(assessment=assessment)
    unanswered = [
        (p.dimension, [q for q in p.dimension.question_list if q.pk not in report.answers])
        for p in report.progress
        if p.answered < p.total
    ]
    return render(
        request,
        "assessments/submit.html",
        {"assessment": assessment, "report": report, "form": form, "unanswered": unanswered},
    )
