"""Shared set-up for the API contract tests (issue 15): a small world and helpers to call the API."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import yaml
from django.test import Client

from governance.risks import services as risks
from tests.factories import ConsentRecordFactory, DataSourceFactory, MLModelFactory, ModelVersionFactory


@dataclass
class World:
    team: Any
    owner: Any
    model: Any
    version: Any
    source: Any
    consent: Any
    risk: Any
    mitigation: Any


def make_world(*, team, owner) -> World:
    model = MLModelFactory(team=team, owner=owner, name="contract-model")
    version = ModelVersionFactory(model=model, label="1.0.0")
    source = DataSourceFactory(team=team, steward=owner, name="contract-source")
    consent = ConsentRecordFactory(data_source=source, reference="contract-consent")
    risk = risks.risk_create(actor=owner, model=model, title="Contract risk", category="privacy", owner=owner)
    mitigation = risks.mitigation_add(actor=owner, risk=risk, description="Contract mitigation", owner=owner)
    return World(team, owner, model, version, source, consent, risk, mitigation)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def send(client: Client, method: str, path: str, body: Any = None, **extra):
    payload = json.dumps(body) if body is not None else ""
    return client.generic(method.upper(), path, payload, content_type="application/json", **extra)


def assert_error_shape(response, status: int | None = None) -> dict:
    assert response["Content-Type"].startswith("application/json"), (response.status_code, response.content)
    error = response.json()["error"]
    assert error["status"] == response.status_code and error["code"] and error["detail"]
    if status is not None:
        assert response.status_code == status, response.content
    return error


def published_schema(client: Client) -> dict:
    response = client.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)
