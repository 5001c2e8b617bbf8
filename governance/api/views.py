"""Web pages where a user creates, sees and revokes their personal API tokens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from governance.foundation.web import add_service_errors, paginate

from .models import ApiToken
from .services import token_create, token_revoke


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What will use it, e.g. 'training pipeline'.")
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            token, new_key = token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                gettext("Token '%(name)s' created. Copy it now: it will not be shown again.")
                % {"name": token.name},
            )
            form = TokenForm()
    # Active tokens first (revoked_at is empty), newest first; revoked ones stay listed as the record.
    tokens = ApiToken.objects.filter(user=request.user).order_by(
        F("revoked_at").desc(nulls_first=True), "-created_at"
    )
    page, query = paginate(request, tokens)
    context = {"form": form, "tokens": page.object_list, "page": page, "query": query, "new_key": new_key}
    return render(request, "api/tokens.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if request.method == "POST":
        token_revoke(actor=request.user, token=token)
        messages.success(
            request,
            gettext("Token '%(name)s' revoked. Anything still using it will get 401.") % {"name": token.name},
        )
        return redirect("api-tokens")
    return render(request, "api/token_revoke.html", {"token": token})
