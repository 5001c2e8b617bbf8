"""Security headers and cookies under production settings (DEBUG off, as every test run is).

The Content-Security-Policy allows only this site's own files; the templates are checked for anything it
would block (inline scripts, style elements, event handlers). Chromium's view of it: test_csp_browser.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Level colours come from the risk matrix (data, editable in the admin), so they are style attributes;
# the policy allows style attributes (style-src-attr) but no <style> element and no script.
STYLE_ATTRIBUTE_TEMPLATES = {"risks/includes/_level.html", "risks/includes/_heat_map.html"}


def directives(policy: str) -> dict[str, str]:
    return {part.split()[0]: " ".join(part.split()[1:]) for part in policy.split(";") if part.strip()}


@pytest.fixture
def page_response(client, team, maintainer):
    client.force_login(maintainer)
    return client.get(reverse("portal:dashboard"), secure=True)


def test_pages_send_the_security_headers(page_response):
    response = page_response
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert (
        "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    )
    csp = directives(response["Content-Security-Policy"])
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"  # no inline script, no eval, no other origin
    assert csp["style-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["form-action"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"].replace(
        "style-src-attr 'unsafe-inline'", ""
    )


@pytest.mark.parametrize("path", ["/login/", "/healthz", "/api/v1/models/", "/api/docs/", "/nowhere/"])
def test_every_kind_of_response_has_the_policy(client, path, reference_data):
    response = client.get(path, secure=True)
    assert response.status_code < 500
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_policy_is_configurable_and_can_be_turned_off(client, settings, reference_data):
    settings.CONTENT_SECURITY_POLICY = "default-src 'self' https://assets.example.org"
    assert client.get("/login/")["Content-Security-Policy"] == "default-src 'self' https://assets.example.org"
    settings.CONTENT_SECURITY_POLICY = ""
    assert "Content-Security-Policy" not in client.get("/login/")


def test_session_and_csrf_cookies_are_secure_httponly_and_same_site(client):
    UserFactory(username="cookie.monster")
    client.get("/login/", secure=True)
    csrf = client.cookies[settings.CSRF_COOKIE_NAME]
    token = csrf.value
    response = client.post(
        "/login/",
        {"username": "cookie.monster", "password": PASSWORD, "csrfmiddlewaretoken": token},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    for cookie in (session, csrf):
        assert cookie["secure"] is True, cookie.key
        assert cookie["httponly"] is True, cookie.key
        assert cookie["samesite"] == "Lax", cookie.key
    assert int(session["max-age"]) == settings.SESSION_COOKIE_AGE == 8 * 60 * 60


def test_templates_need_no_inline_script_or_style():
    problems = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        text = path.read_text()
        for match in re.finditer(r"<script\b[^>]*>", text, re.I):
            if "src=" not in match.group(0):
                problems.append(f"{name}: inline {match.group(0)}")
        if re.search(r"<style\b", text, re.I):
            problems.append(f"{name}: <style> element")
        if re.search(r"\son[a-z]+\s*=", text, re.I):
            problems.append(f"{name}: event handler attribute")
        if re.search(r"javascript:", text, re.I):
            problems.append(f"{name}: javascript: URL")
        if re.search(r"\sstyle\s*=", text, re.I) and name not in STYLE_ATTRIBUTE_TEMPLATES:
            problems.append(f"{name}: style attribute (use a class in app.css)")
    assert not problems, "\n".join(problems)


def test_api_docs_load_their_script_from_a_file(client):
    page = client.get("/api/docs/").content.decode()
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.S)
    assert scripts and all(not body.strip() for body in scripts)  # every script has a src, none inline
    assert "<style" not in page
    init = client.get("/api/docs/?script=")
    assert init.status_code == 200
    assert init["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in init.content.decode()


# Issue 17 item 9: authenticated answers are never stored by browsers or proxies -------------------------


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "") and "private" in response["Cache-Control"]


def test_authenticated_pages_and_api_answers_are_not_stored(client, maintainer):
    from governance.api.services import token_create
    from tests.factories import DataSourceFactory, MLModelFactory

    model = MLModelFactory(team=maintainer.memberships.get().team, owner=maintainer)
    source = DataSourceFactory()
    client.force_login(maintainer)
    pages = [
        reverse("portal:dashboard"),
        reverse("inventory:model_detail", args=[model.pk]),
        reverse("inventory:data_source_detail", args=[source.pk]),  # consent records
        reverse("portal:team_detail", args=[model.team_id]),  # people
        "/api/v1/models/",
        "/nowhere/",  # a 404 to a signed-in user
    ]
    for path in pages:
        response = client.get(path, secure=True)
        assert response.status_code in (200, 404), path
        assert _no_store(response), f"{path}: {response.get('Cache-Control')}"
    logout = client.post(reverse("logout"), secure=True)  # the answer that ends the session too
    assert _no_store(logout)
    _, key = token_create(user=maintainer, name="cache")
    api = client.get("/api/v1/models/", secure=True, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.status_code == 200 and _no_store(api)


def test_public_answers_to_anonymous_visitors_may_be_cached(client, reference_data):
    response = client.get("/api/docs/", secure=True)  # holds no data; served to anyone (settings.py)
    assert response.status_code == 200 and "no-store" not in response.get("Cache-Control", "")
