"""Two clients that know only what we publish: the docs' `requests` example, and one driven by the schema."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.apps import apps
from rest_framework.test import APIClient

from governance.api.services import token_create
from governance.inventory.models import (
    ConsentRecord,
    DataSource,
    DataSourceUse,
    Evaluation,
    MLModel,
    ModelVersion,
)

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def pipeline_user(team, maintainer):
    return maintainer


def _row_counts() -> dict[str, int]:
    """Rows of every model of the project's apps, history tables included."""
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m.__module__.startswith(("governance.", "assessments."))
    }


def test_docs_example_registers_everything_and_is_safe_to_rerun(
    live_server, transactional_db, team, pipeline_user
):
    """Issue 15.3: the second run creates nothing at all, the evaluation included."""
    _, key = token_create(user=pipeline_user, name="example")
    env = {**os.environ, "GOV_URL": live_server.url, "GOV_TOKEN": key}
    script = ROOT / "docs" / "examples" / "register_from_pipeline.py"
    counts = []
    for _ in range(2):
        run = subprocess.run(
            [sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=120
        )
        assert run.returncode == 0, run.stdout + run.stderr
        assert (
            "churn-predictor training on crm-events-example: Consent 'churn-2026' valid until 2027-01-15"
            in run.stdout
        )
        assert "latest version: 2026.11.0" in run.stdout
        counts.append(_row_counts())
    assert counts[0] == counts[1], {k: (v, counts[1][k]) for k, v in counts[0].items() if v != counts[1][k]}
    assert MLModel.objects.filter(name="churn-predictor").get().owner == pipeline_user
    assert ModelVersion.objects.filter(label="2026.11.0").count() == 1
    assert DataSource.objects.filter(name="crm-events-example").count() == 1
    assert ConsentRecord.objects.count() == 1 and DataSourceUse.objects.count() == 1
    assert Evaluation.objects.count() == 1


class SchemaClient:
    """Finds each operation's method and path in the published schema, by operationId only."""

    def __init__(self, client: APIClient) -> None:
        self.client = client
        schema = yaml.safe_load(client.get("/api/schema/").content)
        self.operations = {
            op["operationId"]: (method, path)
            for path, ops in schema["paths"].items()
            for method, op in ops.items()
        }

    def __call__(self, operation_id: str, expect: int, body: dict | None = None, **path_params) -> dict:
        method, path = self.operations[operation_id]
        response = getattr(self.client, method)(path.format(**path_params), body, format="json")
        assert response.status_code == expect, (operation_id, response.status_code, response.content)
        return response.json()


@pytest.mark.django_db
def test_a_client_built_from_the_schema_alone(team, maintainer):
    _, key = token_create(user=maintainer, name="schema client")
    http = APIClient()
    http.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    call = SchemaClient(http)
    model = call(
        "v1_models_create",
        201,
        {"name": "risk-model", "team": team.pk, "owner": maintainer.pk, "purpose": "p1"},
    )
    version = call("v1_models_versions_create", 201, {"label": "1.0.0"}, id=model["id"])
    source = call(
        "v1_data_sources_create",
        201,
        {
            "name": "ledger",
            "team": team.pk,
            "steward": maintainer.pk,
            "contains_personal_data": True,
            "legal_basis": "consent",
        },
    )
    call(
        "v1_consents_create",
        201,
        {
            "data_source": source["id"],
            "reference": "ledger-2026",
            "purpose": "credit",
            "obtained_on": "2026-01-01",
        },
    )
    call(
        "v1_models_data_uses_create",
        201,
        {"data_source": source["id"], "version": version["id"], "role": "training", "purpose": "credit"},
        id=model["id"],
    )
    call("v1_versions_evaluations_create", 201, {"quality": 0.8, "metric_name": "auc"}, id=version["id"])
    back = call("v1_models_retrieve", 200, id=model["id"])
    assert back["latest_version"]["label"] == "1.0.0"
    assert back["data_sources"][0]["consent_status"]["code"] == "valid"
