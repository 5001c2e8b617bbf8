"""Pages to set and remove tags (models and versions) and aliases (models) by hand, and a version's page.

Thin: the services check the role, validate and keep the history. A removal asks for confirmation first
(a GET shows what goes, the POST removes it). Tag keys travel in the query string or the form, never in the
path, since a key may hold any printable character.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from governance.foundation.web import add_service_errors
from governance.teams import permissions as perms

from .. import selectors, services
from ..forms import AliasForm, AliasRemoveForm, TagForm, TagRemoveForm


def _version(model, version_pk: int):
    return get_object_or_404(model.versions.select_related("registered_by"), pk=version_pk)


@login_required
@require_GET
def version_detail(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    model = selectors.model_get_for_view(user=request.user, pk=pk)
    version = _version(model, version_pk)
    context = {
        "model": model,
        "version": version,
        "tags": selectors.version_tags(version=version),
        "aliases": [a for a in selectors.model_aliases(model=model) if a.version_id == version.pk],
        "can_edit": perms.can_edit_team(request.user, model.team_id),
    }
    return render(request, "inventory/version_detail.html", context)


def _tag_page(request: HttpRequest, *, model, version=None) -> HttpResponse:
    """Set a tag on the model, or on the version when one is given; `?key=` opens an existing tag."""
    owner = {"version": version} if version is not None else {"model": model}
    tags = (
        selectors.version_tags(version=version) if version is not None else selectors.model_tags(model=model)
    )
    initial = None
    if request.method == "GET" and "key" in request.GET:
        tag = _find(tags, key=request.GET["key"])
        if tag is None:
            raise Http404("No such tag.")
        initial = {"key": tag.key, "value": tag.value}
    form = TagForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        setter = services.version_tag_set if version is not None else services.model_tag_set
        try:
            tag = setter(actor=request.user, **owner, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Tag '%(key)s' set.") % {"key": tag.key})
            return redirect(_back(model, version))
    context = {"form": form, "model": model, "version": version, "editing": initial is not None}
    return render(request, "inventory/tag_form.html", context)


def _tag_remove_page(request: HttpRequest, *, model, version=None) -> HttpResponse:
    owner = {"version": version} if version is not None else {"model": model}
    tags = (
        selectors.version_tags(version=version) if version is not None else selectors.model_tags(model=model)
    )
    form = TagRemoveForm(request.POST or None, initial={"key": request.GET.get("key", "")})
    key = form.cleaned_data["key"] if request.method == "POST" and form.is_valid() else request.GET.get("key")
    tag = _find(tags, key=key or "")
    if tag is None:
        raise Http404("No such tag.")
    if request.method == "POST":
        remover = services.version_tag_remove if version is not None else services.model_tag_remove
        remover(actor=request.user, **owner, key=tag.key)
        messages.success(request, _("Tag '%(key)s' removed.") % {"key": tag.key})
        return redirect(_back(model, version))
    context = {"form": form, "model": model, "version": version, "tag": tag}
    return render(request, "inventory/tag_remove.html", context)


def _back(model, version) -> str:
    if version is not None:
        return reverse("inventory:version_detail", args=[model.pk, version.pk])
    return reverse("inventory:model_detail", args=[model.pk])


def _find(rows, **lookup):
    """The row with these values, or None; a NUL (never stored) is not sent to the database."""
    if any(not value or "\x00" in value for value in lookup.values()):
        return None
    return rows.filter(**lookup).first()


@login_required
@require_http_methods(["GET", "POST"])
def model_tag_set(request: HttpRequest, pk: int) -> HttpResponse:
    return _tag_page(request, model=selectors.model_get_for_edit(user=request.user, pk=pk))


@login_required
@require_http_methods(["GET", "POST"])
def model_tag_remove(request: HttpRequest, pk: int) -> HttpResponse:
    return _tag_remove_page(request, model=selectors.model_get_for_edit(user=request.user, pk=pk))


@login_required
@require_http_methods(["GET", "POST"])
def version_tag_set(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    model = selectors.model_get_for_edit(user=request.user, pk=pk)
    return _tag_page(request, model=model, version=_version(model, version_pk))


@login_required
@require_http_methods(["GET", "POST"])
def version_tag_remove(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    model = selectors.model_get_for_edit(user=request.user, pk=pk)
    return _tag_remove_page(request, model=model, version=_version(model, version_pk))


@login_required
@require_http_methods(["GET", "POST"])
def alias_set(request: HttpRequest, pk: int) -> HttpResponse:
    """Set or move an alias; `?alias=` opens an existing one with its version chosen."""
    model = selectors.model_get_for_edit(user=request.user, pk=pk)
    initial = None
    if request.method == "GET" and "alias" in request.GET:
        alias = _find(selectors.model_aliases(model=model), name=request.GET["alias"])
        if alias is None:
            raise Http404("No such alias.")
        initial = {"name": alias.name, "version": alias.version_id}
    form = AliasForm(request.POST or None, initial=initial, model=model)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        try:
            services.alias_set(actor=request.user, version=version, name=form.cleaned_data["name"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Alias @%(alias)s now names version %(label)s.")
                % {"alias": form.cleaned_data["name"], "label": version.label},
            )
            return redirect("inventory:model_detail", pk=model.pk)
    context = {"form": form, "model": model, "editing": initial is not None}
    return render(request, "inventory/alias_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def alias_remove(request: HttpRequest, pk: int) -> HttpResponse:
    model = selectors.model_get_for_edit(user=request.user, pk=pk)
    form = AliasRemoveForm(request.POST or None, initial={"name": request.GET.get("alias", "")})
    name = (
        form.cleaned_data["name"]
        if request.method == "POST" and form.is_valid()
        else request.GET.get("alias")
    )
    alias = _find(selectors.model_aliases(model=model), name=name or "")
    if alias is None:
        raise Http404("No such alias.")
    if request.method == "POST":
        services.alias_remove(actor=request.user, model=model, name=alias.name)
        messages.success(request, _("Alias @%(alias)s removed.") % {"alias": alias.name})
        return redirect("inventory:model_detail", pk=model.pk)
    return render(request, "inventory/alias_remove.html", {"form": form, "model": model, "alias": alias})
