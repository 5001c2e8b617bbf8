"""Bodies beyond Django's limits, posted to every HTML form route: a clear 400 page, nothing written.

DATA_UPLOAD_MAX_MEMORY_SIZE (README's configuration table) and DATA_UPLOAD_MAX_NUMBER_FIELDS are lowered
here to keep the walk fast; one test sends a body over the real 2 MB default. Unknown API addresses answer in
the API's JSON error shape.
"""

from __future__ import annotations

import pytest
from django.test import Client

from .test_csrf import HTML_ROUTES, _token, _url, _user
from .test_hostile_input import fingerprint

pytestmark = pytest.mark.django_db


def _client(world, name: str) -> Client:
    """As a browser: the CSRF check reads the body first, so even a route that ignores it is protected."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    if (user := _user(world, name)) is not None:
        client.force_login(user)
    client.token = _token(client)  # the CSRF cookie is set, so the check goes on to read the body
    return client


@pytest.mark.parametrize(("name", "route"), HTML_ROUTES)
def test_too_large_and_too_many_fields_get_a_clear_400(world, settings, name, route):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 20_000
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
    client, url = _client(world, name), _url(world, name, route)
    before = fingerprint()
    response = client.post(
        url, {"csrfmiddlewaretoken": client.token, "title": "x" * 30_000, "name": "y" * 30_000}
    )
    assert response.status_code == 400, f"{name}: {response.status_code}"
    page = response.content.decode()
    assert "larger than the 19.5\xa0KB this site accepts in one form" in page, name
    assert "Nothing was saved." in page
    response = client.post(url, {"csrfmiddlewaretoken": client.token, **{f"f{i}": "1" for i in range(300)}})
    assert response.status_code == 400, f"{name}: {response.status_code}"
    assert "more fields than any form here" in response.content.decode(), name
    assert fingerprint() == before


def test_a_body_over_the_real_default_limit(world, settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2 * 1024 * 1024
    client = _client(world, "inventory:model_create")
    before = fingerprint()
    response = client.post(
        "/models/new/",
        {"csrfmiddlewaretoken": client.token, "name": "big", "purpose": "p" * (3 * 1024 * 1024)},
    )
    assert response.status_code == 400
    assert "larger than the 2.0\xa0MB this site accepts" in response.content.decode()
    assert fingerprint() == before


def test_unknown_api_addresses_answer_in_json(client, world):
    client.force_login(world.users["viewer"])
    for path in ("/api/v1/nothing/", "/api/v1/models/1.5/", "/api/v1/consents/%F2%9A%A6%83/withdraw/"):
        response = client.post(path) if path.endswith("withdraw/") else client.get(path)
        assert response.status_code == 404, path
        error = response.json()["error"]
        assert (error["status"], error["code"]) == (404, "not_found") and error["detail"], path
    page = client.get("/nothing-here/")
    assert page.status_code == 404 and "There is nothing at this address" in page.content.decode()
    assert page["Content-Type"].startswith("text/html")
