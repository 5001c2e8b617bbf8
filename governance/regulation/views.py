"""The Regulation pages: a model's classification and obligations, its questionnaires, attestations and the
admin's override, and the organisation view. Thin: selectors read, services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from governance.foundation.web import add_service_errors, paginate
from governance.teams import permissions as perms

from . import content, selectors, services
from .forms import AttestationForm, OverrideForm, QuestionnaireForm
from .models import Attestation, Classification, Framework


def _model(request: HttpRequest, pk: int):
    return get_object_or_404(selectors.visible_models(user=request.user), pk=pk)


def _model_page(
    request: HttpRequest, model, *, attest_form=None, override_form=None, override_for=None, status=200
) -> HttpResponse:
    regulation = selectors.model_regulation(model=model)
    classifications = []
    for framework, row in ((Framework.EU_AI_ACT, regulation.eu), (Framework.KR_AI_BASIC_ACT, regulation.kr)):
        questionnaire = (
            content.get(framework, row.questionnaire_version) if row else content.latest(framework)
        )
        state = (
            selectors.classification_state(classification=row, model=model)
            if row
            else ("fail", selectors.STATE_TEXTS("not_classified"))
        )
        classifications.append(
            {
                "framework": framework,
                "label": Framework(framework).label,
                "row": row,
                "state": state,
                "category": questionnaire.category_label(row.category) if row else "",
                "role": questionnaire.role_label(row.role) if row and row.role else "",
                "questionnaire": questionnaire,
                "override_form": override_form
                if row is not None and row.pk == override_for
                else OverrideForm(),
            }
        )
    coverage = selectors.model_coverage(regulation=regulation)
    return render(
        request,
        "regulation/model.html",
        {
            "model": model,
            "regulation": regulation,
            "classifications": classifications,
            "attestations": selectors.attestations_for(model=model)[:50],
            "can_edit": perms.can_edit_team(request.user, model.team_id) and not model.is_retired,
            "is_admin": perms.is_governance_admin(request.user),
            "attest_form": attest_form or AttestationForm(),
            "coverage": coverage.by_function(),
            "uncovered": coverage.uncovered,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def model_regulation(request: HttpRequest, pk: int) -> HttpResponse:
    return _model_page(request, _model(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def classify(request: HttpRequest, pk: int, framework: str) -> HttpResponse:
    if framework not in Framework.values:
        raise Http404("No such questionnaire.")
    model = _model(request, pk)
    if not perms.can_edit_team(request.user, model.team_id):
        raise PermissionDenied(
            gettext("Only contributors and maintainers of the model's team may classify it.")
        )
    current = Classification.objects.filter(model=model, framework=framework).first()
    questionnaire = content.latest(framework)
    form = QuestionnaireForm(
        request.POST or None, questionnaire=questionnaire, answers=current.answers if current else {}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.classification_answer(
                actor=request.user, model=model, framework=framework, answers=form.answers()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 400
        else:
            messages.success(
                request,
                gettext("Classified: %(category)s.")
                % {"category": questionnaire.category_label(saved.category)},
            )
            return redirect("regulation:model", pk=model.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "regulation/classify.html",
        {
            "model": model,
            "form": form,
            "questionnaire": questionnaire,
            "current": current,
        },
        status=status,
    )


@login_required
@require_POST
def attest(request: HttpRequest, pk: int) -> HttpResponse:
    """On a refusal the Regulation page comes back with the form's errors (400), nothing written."""
    model = _model(request, pk)
    if not perms.can_edit_team(request.user, model.team_id):
        raise PermissionDenied(gettext("Only contributors and maintainers of the model's team may attest."))
    form = AttestationForm(request.POST)
    if form.is_valid():
        try:
            services.attestation_record(actor=request.user, model=model, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Attestation recorded."))
            return redirect("regulation:model", pk=model.pk)
    return _model_page(request, model, attest_form=form, status=400)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    attestation = get_object_or_404(
        Attestation.objects.select_related("model"),
        pk=pk,
        model__in=selectors.visible_models(user=request.user),
    )
    if not perms.can_edit_team(request.user, attestation.model.team_id):
        raise PermissionDenied(gettext("You may not withdraw this attestation."))
    if request.POST.get("confirm") != "yes":
        messages.error(request, gettext("Tick the confirmation to withdraw the attestation."))
        return redirect("regulation:model", pk=attestation.model_id)
    try:
        services.attestation_withdraw(actor=request.user, attestation=attestation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, gettext("Attestation withdrawn."))
    return redirect("regulation:model", pk=attestation.model_id)


@login_required
@require_POST
def override(request: HttpRequest, pk: int) -> HttpResponse:
    classification = get_object_or_404(
        Classification.objects.select_related("model"),
        pk=pk,
        model__in=selectors.visible_models(user=request.user),
    )
    if not perms.is_governance_admin(request.user):
        raise PermissionDenied(gettext("Only a governance admin may override a classification."))
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services.classification_override(
                actor=request.user,
                classification=classification,
                category=form.cleaned_data["category"],
                justification=form.cleaned_data["justification"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Override recorded."))
            return redirect("regulation:model", pk=classification.model_id)
    model = selectors.visible_models(user=request.user).get(pk=classification.model_id)
    return _model_page(request, model, override_form=form, override_for=classification.pk, status=400)


@login_required
@require_http_methods(["GET"])
def organisation(request: HttpRequest) -> HttpResponse:
    """Models by tier and by obligation status, a page at a time (each page in a fixed number of queries)."""
    page, query = paginate(request, selectors.visible_models(user=request.user))
    overview = selectors.organisation_overview(models=list(page.object_list))
    rows = [overview["regulations"][m.pk] for m in page.object_list]
    return render(
        request,
        "regulation/organisation.html",
        {
            "page": page,
            "query": query,
            "rows": rows,
            "overview": overview,
            "tiers": selectors.tier_counts(user=request.user),
            "coverage": selectors.organisation_coverage(),
        },
    )
