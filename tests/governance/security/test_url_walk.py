"""Issue 9, authorization proven exhaustively: every route x every method x every role.

The table of who may do what is expectations.py; the world (two teams with one of everything) is world.py.
A route nobody added to the table fails `test_every_route_has_an_expectation`, and so does an entry whose
route is gone. The Django admin is walked separately: it is for staff only, whatever a user's role.
"""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.urls import reverse

from governance.api.services import token_create

from .expectations import EXPECTATIONS
from .walking import body_text, classify, send, sign_in, url_patterns
from .world import MARKER_A, ROLES

pytestmark = pytest.mark.django_db

METHODS = ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")
PATTERNS = list(url_patterns())
ROUTES = sorted({p.name for p in PATTERNS if not p.admin and p.name})
ADMIN_PATTERNS = [p for p in PATTERNS if p.admin]


def test_every_route_has_an_expectation():
    unnamed = [p.route for p in PATTERNS if p.name is None and not p.admin]
    assert not unnamed, f"routes without a name cannot be given expectations: {unnamed}"
    missing = [name for name in ROUTES if name not in EXPECTATIONS]
    assert not missing, f"routes with no expectations in tests/governance/security/expectations.py: {missing}"
    stale = sorted(set(EXPECTATIONS) - set(ROUTES))
    assert not stale, f"expectations for routes that no longer exist: {stale}"
    assert len(ROUTES) >= 60 and len(ADMIN_PATTERNS) >= 100  # the walk really found the configuration


def test_no_format_suffix_routes(client, world):
    """The API renders JSON only, so the router makes no `.json` twins: they reached actions that take no
    `format` argument and answered 500 (found by this walk)."""
    twins = [p.route for p in PATTERNS if p.format_suffix]
    assert not twins, f"format-suffix routes are back; walk them like their base routes: {twins}"
    client.force_login(world.users["viewer"])
    for path in (f"/api/v1/models/{world.a.model.pk}/data-uses.json", "/api/v1/models.json"):
        assert client.get(path).status_code == 404, path


def check(world, name: str, method: str, role: str, *, token: bool = False) -> str | None:
    """One request of the walk in a fresh client (signed in by session, or by a personal API token made
    for the role's user); what is wrong with the answer, or None."""
    route = EXPECTATIONS[name]
    expected = route.expected(method)[role]
    if token:
        _, key = token_create(user=world.users[role], name="walk")
        client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    else:
        client = Client()
        sign_in(client, world, role)
    url = reverse(name, kwargs=route.kwargs(world))
    body = route.bodies.get(method, lambda w: None)(world)
    response = send(client, method, url, kind=route.kind, data=body, query=route.query(world))
    got, text = classify(response), body_text(response)
    where = f"{method} {url} ({name}) as {role}{' with a token' if token else ''}"
    if got != expected:
        return f"{where}: expected {expected}, got {response.status_code} ({got}): {text[:200]!r}"
    bearer = response.get("WWW-Authenticate", "").startswith("Bearer")
    if got == "login" and route.kind == "api" and response.status_code == 401 and not bearer:
        return f"{where}: a 401 without WWW-Authenticate: Bearer"
    if got == "login" and route.kind == "html" and response.status_code != 302:
        return f"{where}: HTML pages send anonymous users to the login page, not {response.status_code}"
    if role == "outsider" and MARKER_A.lower() in text.lower():
        return f"{where}: the other team's data is in the answer"
    if role != "anonymous" and "no-store" not in response.get("Cache-Control", ""):  # issue 17 item 9
        return f"{where}: an authenticated answer without Cache-Control: no-store"
    return None


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("name", ROUTES)
def test_route(world, name, method):
    """Every role on one route and method; each request in its own savepoint, so writes do not carry over."""
    failures = []
    for role in ROLES:
        with transaction.atomic():
            failures.append(check(world, name, method, role))
            transaction.set_rollback(True)
    failures = [f for f in failures if f]
    assert not failures, "\n".join(failures)


API_ROUTES = [name for name in ROUTES if EXPECTATIONS[name].kind == "api"]


@pytest.mark.parametrize("method", ("GET", "POST", "PATCH", "DELETE"))
@pytest.mark.parametrize("name", API_ROUTES)
def test_api_route_with_a_token(world, name, method):
    """Pipelines call the API with tokens, not sessions: each signed-in role gets the same answer by both."""
    failures = []
    for role in ROLES[1:]:
        with transaction.atomic():
            failures.append(check(world, name, method, role, token=True))
            transaction.set_rollback(True)
    failures = [f for f in failures if f]
    assert not failures, "\n".join(failures)


# The Django admin -----------------------------------------------------------------------------------------
# Decision: the admin is for staff accounts only (is_staff); being a governance admin in the product does not
# open it. Every role the product knows, governance admins included, is sent to the admin's login page on
# every admin route and method and never sees a record. A staff superuser opens every admin page without an
# error.

OPEN_ADMIN_ROUTES = {"admin:login", "admin:logout"}  # checked in test_admin_login_and_logout_pages


def _admin_model(name: str | None):
    """The model an admin route belongs to, from its name (admin:<app>_<model>_<action>) or its path."""
    best = None
    for model in admin.site._registry:
        meta = model._meta
        if (name or "").startswith(f"admin:{meta.app_label}_{meta.model_name}_"):
            return model
        if best is None and f"{meta.app_label}/{meta.model_name}/" in (name or ""):
            best = model
    return best


def admin_path(world, pattern) -> str:
    """A concrete path for an admin pattern: its group filled from the world (unnamed ones too)."""
    model = _admin_model(pattern.name or pattern.route)

    def value(match: re.Match) -> str:
        key = match.group(1) or match.group(2)
        if key == "app_label":
            return (model or type(world.a.model))._meta.app_label
        if key == "content_type_id":
            return str(ContentType.objects.get_for_model(world.a.model).pk)
        if key in ("object_id", "id"):
            obj = model.objects.order_by("pk").first() if model else None
            return str((obj or world.a.model).pk)
        return "no-such-page"

    path = re.sub(r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>", value, pattern.route)
    return "/" + path.replace("^", "").replace("$", "")


WALKED_ADMIN = [p for p in ADMIN_PATTERNS if p.name not in OPEN_ADMIN_ROUTES]


@pytest.mark.parametrize("pattern", WALKED_ADMIN, ids=lambda p: p.name or p.route)
def test_admin_is_for_staff_only(client, world, pattern):
    url = admin_path(world, pattern)
    # The admin's wrapper checks is_staff before anything, whatever the method: GET as every role, POST as
    # an anonymous user and as the most trusted non-staff role.
    tries = [(role, "GET") for role in ROLES] + [("anonymous", "POST"), ("admin", "POST")]
    for role, method in tries:
        sign_in(client, world, role)
        response = send(client, method, url, kind="html")
        text = body_text(response)
        assert classify(response) == "login", f"{method} {url} as {role}: {response.status_code}"
        assert response["Location"].startswith(reverse("admin:login")), f"{method} {url} as {role}"
        assert MARKER_A not in text and world.b.marker not in text


def test_admin_login_and_logout_pages(client, world):
    for role in ROLES:
        sign_in(client, world, role)
        page = client.get(reverse("admin:login"))
        assert page.status_code == 200, role  # the form, or "you are not authorised" for signed-in users
        assert MARKER_A not in body_text(page)
        for method in ("GET", "POST"):  # non-staff are sent to the admin index, which asks them to log in
            response = send(client, method, reverse("admin:logout"), kind="html")
            assert response.status_code == 302 and response["Location"] == reverse("admin:index"), role


def test_admin_pages_open_for_staff(client, world):
    """Every admin page a staff superuser can open renders without a server error."""
    client.force_login(world.staff)
    failures = []
    for pattern in WALKED_ADMIN:
        url = admin_path(world, pattern)
        response = client.get(url)
        body_text(response)
        if response.status_code not in (200, 302, 403, 404):
            failures.append(f"{url}: {response.status_code}")
        if "no-store" not in response.get("Cache-Control", ""):
            failures.append(f"{url}: no Cache-Control: no-store")
    assert not failures, failures
