"""Bad input through the API's write endpoints: NUL characters (also inside JSON objects and keys), huge
values and bodies, malformed and deeply nested JSON. The schemathesis run (tests/governance/api) covers
schema-shaped input broadly; these are the cases it does not generate. Expected: a 4xx in the one JSON error
shape naming the field, nothing written; never a 500. test_hostile_input_postgres.py repeats them on
PostgreSQL.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from .test_hostile_input import fingerprint
from .world import World

pytestmark = pytest.mark.django_db


def api(world: World) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(world.users["admin"])
    return client


def send(client: Client, method: str, url: str, body: str | dict) -> tuple[int, dict, dict]:
    before = fingerprint()
    text = body if isinstance(body, str) else json.dumps(body)
    response = client.generic(method, url, text, content_type="application/json")
    changed = {k: v for k, v in fingerprint().items() if before[k] != v}
    return response.status_code, response.json(), changed


def writes(world: World) -> dict[str, tuple[str, str, dict]]:
    a = world.a
    maintainer = a.people["maintainer"].pk
    return {
        "model": ("POST", reverse("v1:model-list"),
                  {"team": a.team.pk, "name": "api probe", "owner": maintainer, "purpose": "probing"}),
        "model_patch": ("PATCH", reverse("v1:model-detail", kwargs={"pk": a.model.pk}),
                        {"purpose": "probing"}),
        "version": ("POST", reverse("v1:model-versions", kwargs={"pk": a.model.pk}),
                    {"label": "9.9.9", "hyperparameters": {"lr": 0.1}, "validation_metrics": {"auc": 0.9}}),
        "evaluation": ("POST", reverse("v1:version-evaluations", kwargs={"pk": a.version.pk}),
                       {"metric_name": "auc", "quality": 0.8,
                        "group_metrics": {"sex": {"f": {"selection_rate": 0.4}}}}),
        "snapshot": ("POST", reverse("v1:version-snapshots", kwargs={"pk": a.version.pk}),
                     {"metric_name": "auc", "live_quality": 0.8, "feature_drift": {"age": 0.1}}),
        "data_source": ("POST", reverse("v1:data-source-list"),
                        {"team": a.team.pk, "name": "api probe source", "steward": maintainer,
                         "legal_basis": "contract", "description": "probing"}),
    }  # fmt: skip


# Where to put the bad value in each write: a text field and, where there is one, a JSON object.
TEXT_FIELD = {"model": "name", "model_patch": "purpose", "version": "label", "evaluation": "metric_name",
              "snapshot": "metric_name", "data_source": "description"}  # fmt: skip
NUL_IN_JSON = {
    "version": [{"hyperparameters": {"a": "x\x00y"}}, {"validation_metrics": {"\x00": 1}},
                {"hyperparameters": {"a": {"b": ["\x00"]}}}],
    "evaluation": [{"group_metrics": {"se\x00x": {"f": {"selection_rate": 0.4}}}},
                   {"group_metrics": {"sex": {"\x00": {"selection_rate": 0.4}}}}],
    "snapshot": [{"feature_drift": {"a\x00ge": 0.1}}],
}  # fmt: skip


def _refused(status: int, body: dict, changed: dict, field: str | None = None) -> None:
    assert 400 <= status < 500 and status not in (401, 403), (status, body)
    assert not changed, changed
    assert body["error"]["status"] == status
    if field:
        assert any(key.split(".")[0] == field for key in body["error"].get("fields", {})), body


@pytest.mark.parametrize("name", sorted(TEXT_FIELD))
def test_the_valid_write_is_accepted(world, name):
    method, url, body = writes(world)[name]
    status, answer, changed = send(api(world), method, url, body)
    assert status in (200, 201), answer
    assert changed


@pytest.mark.parametrize("name", sorted(TEXT_FIELD))
def test_nul_and_huge_text_is_refused_with_the_field_named(world, name):
    method, url, body = writes(world)[name]
    field = TEXT_FIELD[name]
    for value in ("nul\x00byte", "x" * 1_500_000):
        _refused(*send(api(world), method, url, {**body, field: value}), field=field)


@pytest.mark.parametrize("name", sorted(NUL_IN_JSON))
def test_nul_inside_json_objects_and_keys_is_refused(world, name):
    method, url, body = writes(world)[name]
    for bad in NUL_IN_JSON[name]:
        status, answer, changed = send(api(world), method, url, {**body, **bad})
        _refused(status, answer, changed, field=next(iter(bad)))
        assert "NUL" in json.dumps(answer), answer


def test_malformed_and_hostile_bodies(world):
    client = api(world)
    method, url, body = writes(world)["model"]
    for text in ('{"name": ', "[1, 2]", '"just a string"', "null", "{'single': 'quotes'}", "\x00",
                 "[" * 50_000 + "]" * 50_000, json.dumps(body).replace("probing", "\\ud800")):  # fmt: skip
        status, answer, changed = send(client, method, url, text)
        assert 400 <= status < 500, (text[:40], status, answer)
        assert not changed


def test_a_body_over_the_limit_is_refused_before_it_is_read(world, settings):
    client = api(world)
    method, url, body = writes(world)["model"]
    big = json.dumps({**body, "purpose": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    status, answer, changed = send(client, method, url, big)
    assert status == 413 and answer["error"]["code"] == "too_large"
    assert not changed


def test_hostile_but_legal_text_is_kept_exactly(world):
    client = api(world)
    method, url, body = writes(world)["model"]
    name = "<script>alert(1)</script> '; DROP TABLE x; -- \u202eevil 🤖 한국어"
    status, answer, _ = send(client, method, url, {**body, "name": name})
    assert status == 201, answer
    assert answer["name"] == name


@pytest.mark.parametrize("encoding", ["form", "multipart"])
def test_form_encoded_bodies_are_refused(world, encoding):
    """The API takes JSON only (issue 15.14): a form or multipart body, even a valid one, is a 415 in the
    error shape and writes nothing (it once parsed both, and its schema advertised them)."""
    from urllib.parse import urlencode

    client = api(world)
    _, url, body = writes(world)["model"]
    before = fingerprint()
    if encoding == "form":
        response = client.post(url, urlencode(body), content_type="application/x-www-form-urlencoded")
    else:
        response = client.post(url, body)  # the test client's default: multipart/form-data
    assert response.status_code == 415, response.content
    assert response.json()["error"]["code"] == "unsupported_media_type"
    assert fingerprint() == before
