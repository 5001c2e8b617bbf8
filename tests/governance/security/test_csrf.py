"""CSRF: every HTML route refuses a POST without the token and accepts one with it; the API asks it of
session-authenticated writes only (DRF's SessionAuthentication), never of token-authenticated pipelines.

Routes come from walking the URL configuration (walking.py), so a new route is checked without anyone
adding it here; a new route with URL parameters fails until ROUTE_KWARGS says which objects to use.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from governance.api.models import ApiToken
from governance.api.services import token_create
from governance.inventory.models import MLModel

from . import expectations
from .expectations import EXPECTATIONS
from .walking import url_patterns
from .world import World

pytestmark = pytest.mark.django_db

HTML_ROUTES = sorted(
    {(p.name, p.route) for p in url_patterns() if p.name and not p.admin and not p.route.startswith("api/")}
)
CSRF_PAGE = "security token was missing or out of date"
# Routes exempt by design, with the reason. RFC 8058: a mail client POSTs the one-click unsubscribe with no
# session and no CSRF token; the signed token in the URL is the only key (a forged URL is a 400).
CSRF_EXEMPT = {"notifications:unsubscribe": "RFC 8058 one-click unsubscribe, keyed by a signed token"}

# URL parameters per route name: the owning team's objects (world.py).
ROUTE_KWARGS: dict[str, Callable[[World], dict[str, Any]]] = {
    "api-token-revoke": lambda w: {"pk": w.token.pk},
    "portal:team_detail": lambda w: {"pk": w.a.team.pk},
    "inventory:model_detail": lambda w: {"pk": w.a.model.pk},
    "regulation:model": lambda w: {"pk": w.a.model.pk},
    "regulation:classify": lambda w: {"pk": w.a.model.pk, "framework": "eu_ai_act"},
    "regulation:attest": lambda w: {"pk": w.a.model.pk},
    "regulation:withdraw": lambda w: {"pk": w.a.attestation.pk},
    "regulation:override": lambda w: {"pk": w.a.classification.pk},
    "predictions:version_fairness": lambda w: {"pk": w.a.model.pk, "version_pk": w.a.version.pk},
    "inventory:model_edit": lambda w: {"pk": w.a.model.pk},
    "inventory:model_transfer": lambda w: {"pk": w.a.model.pk},
    "inventory:version_create": lambda w: {"pk": w.a.model.pk},
    "inventory:version_edit": lambda w: {"pk": w.a.model.pk, "version_pk": w.a.version.pk},
    "inventory:data_use_create": lambda w: {"pk": w.a.model.pk},
    "inventory:version_detail": lambda w: {"pk": w.a.model.pk, "version_pk": w.a.version.pk},
    "inventory:model_tag_set": lambda w: {"pk": w.a.model.pk},
    "inventory:model_tag_remove": lambda w: {"pk": w.a.model.pk},
    "inventory:version_tag_set": lambda w: {"pk": w.a.model.pk, "version_pk": w.a.version.pk},
    "inventory:version_tag_remove": lambda w: {"pk": w.a.model.pk, "version_pk": w.a.version.pk},
    "inventory:alias_set": lambda w: {"pk": w.a.model.pk},
    "inventory:alias_remove": lambda w: {"pk": w.a.model.pk},
    "inventory:data_source_detail": lambda w: {"pk": w.a.source.pk},
    "inventory:data_source_edit": lambda w: {"pk": w.a.source.pk},
    "inventory:consent_create": lambda w: {"pk": w.a.source.pk},
    "inventory:consent_withdraw": lambda w: {"pk": w.a.source.pk, "consent_pk": w.a.consent.pk},
    "assessments:team": lambda w: {"slug": w.a.team.slug},
    "assessments:start": lambda w: {"slug": w.a.team.slug},
    "assessments:detail": lambda w: {"pk": w.a.draft.pk},
    "assessments:fill": lambda w: {"pk": w.a.draft.pk},
    "assessments:fill_dimension": lambda w: {"pk": w.a.draft.pk, "dimension": w.a.dimension_key},
    "assessments:submit": lambda w: {"pk": w.a.draft.pk},
    "risks:detail": lambda w: {"pk": w.a.risk.pk},
    "risks:edit": lambda w: {"pk": w.a.risk.pk},
    "risks:review": lambda w: {"pk": w.a.risk.pk},
    "risks:mitigation_add": lambda w: {"pk": w.a.risk.pk},
    "risks:mitigation_status": lambda w: {"pk": w.a.risk.pk, "mitigation_pk": w.a.mitigation.pk},
    "risks:accept": lambda w: {"pk": w.a.risk.pk},
    "risks:close": lambda w: {"pk": w.a.risk.pk},
    "risks:add_standard": lambda w: {"model_pk": w.a.model.pk},
    "checks:run_detail": lambda w: {"pk": w.a.run.pk},
    "checks:run_summary": lambda w: {"pk": w.a.run.pk},
    "reports:detail": lambda w: {"pk": w.a.report.pk},
    "reports:download": lambda w: {"pk": w.a.report.pk},
    "promotions:version_gate": lambda w: {"pk": w.a.version.pk},
    "promotions:request_create": lambda w: {"pk": w.a.spare_version.pk},
    "promotions:request_detail": lambda w: {"pk": w.a.promotion.pk},
    "promotions:request_approve": lambda w: {"pk": w.a.promotion.pk},
    "promotions:request_reject": lambda w: {"pk": w.a.promotion.pk},
    "evidence:record": lambda w: {"kind": "risk", "pk": w.a.risk.pk},
    "evidence:download": lambda w: {"pk": w.a.evidence.pk},
    "notifications:read": EXPECTATIONS["notifications:read"].kwargs,
    "notifications:unsubscribe": EXPECTATIONS["notifications:unsubscribe"].kwargs,
    "notifications:webhook_detail": EXPECTATIONS["notifications:webhook_detail"].kwargs,
    "notifications:webhook_edit": EXPECTATIONS["notifications:webhook_edit"].kwargs,
    "notifications:webhook_redeliver": EXPECTATIONS["notifications:webhook_redeliver"].kwargs,
    "mlflow_sync:connector_detail": lambda w: expectations.connector(w),
    "mlflow_sync:connector_sync": lambda w: expectations.connector(w),
    "mlflow_sync:run_detail": lambda w: expectations.sync_run(w),
}


def _url(world: World, name: str, route: str) -> str:
    params = re.findall(r"<(?:\w+:)?(\w+)>", route)
    if not params:
        return reverse(name)
    assert name in ROUTE_KWARGS, f"add URL parameters for the new route {name} ({route}) to ROUTE_KWARGS"
    return reverse(name, kwargs=ROUTE_KWARGS[name](world))


def _user(world: World, name: str):
    if name == "login":
        return None
    if name == "api-token-revoke":
        return world.token.user  # only the owner may revoke a token
    return world.users["admin"]


def _csrf_client(world: World, name: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    if (user := _user(world, name)) is not None:
        client.force_login(user)
    return client


def _token(client: Client) -> str:
    """The token a page would carry: the CSRF cookie's value is valid as the form field."""
    logged_in = "_auth_user_id" in client.session
    client.get(reverse("portal:dashboard") if logged_in else reverse("login"))  # a page with a form
    return client.cookies[settings.CSRF_COOKIE_NAME].value


def test_the_walk_found_the_html_forms():
    names = {name for name, _ in HTML_ROUTES}
    assert {"login", "logout", "inventory:model_create", "risks:close", "api-tokens"} <= names
    assert len(names) >= 40
    assert set(ROUTE_KWARGS) <= names, f"stale ROUTE_KWARGS: {set(ROUTE_KWARGS) - names}"


@pytest.mark.parametrize(("name", "route"), HTML_ROUTES)
def test_post_without_the_token_is_refused(world, name, route):
    client = _csrf_client(world, name)
    if name in CSRF_EXEMPT:
        forged = reverse(name, kwargs={"token": "forged"})
        assert client.post(forged, {"title": "x"}).status_code == 400, CSRF_EXEMPT[name]
        return
    response = client.post(_url(world, name, route), {"title": "x"})
    assert response.status_code == 403, f"{name}: {response.status_code}"
    assert CSRF_PAGE in response.content.decode(), f"{name}: refused, but not by the CSRF check"


@pytest.mark.parametrize(("name", "route"), HTML_ROUTES)
def test_post_with_the_token_passes_the_check(world, name, route):
    client = _csrf_client(world, name)
    token = _token(client)
    response = client.post(_url(world, name, route), {"csrfmiddlewaretoken": token})
    body = response.content.decode() if not getattr(response, "streaming", False) else ""
    assert response.status_code != 403, f"{name}: {response.status_code}"
    assert CSRF_PAGE not in body
    # A GET-only page says so (405); a form answers with its errors or a redirect; never a crash.
    assert response.status_code < 500


def test_a_token_from_another_session_is_refused(world):
    """A token lifted from another visitor's page does not work against this one's session cookie."""
    other = Client(enforce_csrf_checks=True)
    stolen = _token(other)
    client = _csrf_client(world, "risks:close")
    _token(client)
    url = reverse("risks:close", kwargs={"pk": world.a.risk.pk})
    response = client.post(url, {"csrfmiddlewaretoken": stolen, "reason": "x", "confirm": "on"})
    assert response.status_code == 403
    world.a.risk.refresh_from_db()
    assert world.a.risk.status != "closed"


def test_api_session_writes_need_the_token_and_token_writes_do_not(world):
    maintainer = world.a.people["maintainer"]
    url = reverse("v1:model-list")
    body = {
        "team": world.a.team.pk,
        "name": "csrf probe",
        "owner": maintainer.pk,
        "purpose": "Checks CSRF on the API.",
    }
    client = Client(enforce_csrf_checks=True)
    client.force_login(maintainer)
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["detail"]
    assert not MLModel.objects.filter(name="csrf probe").exists()
    # Reads need no token, with a session or otherwise.
    assert client.get(url).status_code == 200

    token = _token(client)
    response = client.post(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201, response.content
    # A pipeline with an API token sends no cookie and no CSRF token.
    _, key = token_create(user=maintainer, name="csrf pipeline")
    pipeline = Client(enforce_csrf_checks=True)
    body["name"] = "csrf probe 2"
    response = pipeline.post(url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 201, response.content
    assert ApiToken.objects.filter(user=maintainer).count() == 1
