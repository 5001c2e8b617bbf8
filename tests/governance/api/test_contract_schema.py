"""Issue 15, item 14: the schema tells the truth, and a generated client can use it."""

from __future__ import annotations

import datetime
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from governance.checks import services as checks
from governance.checks.models import CheckRun
from governance.reports import services as reports
from governance.reports.models import Report

from .contract import make_world, published_schema, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(team, contributor):
    return make_world(team=team, owner=contributor)


def _params(schema: dict, path: str) -> dict[str, dict]:
    return {p["name"]: p["schema"] for p in schema["paths"][path]["get"].get("parameters", [])}


def test_the_schema_says_what_the_api_does(client):
    schema = published_schema(client)
    components = schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            # JSON only; the exceptions are the file uploads, streamed multipart bodies that take no JSON:
            # prediction sets (issue 19) and evidence files (issue 23).
            uploads = {"/api/v1/prediction-sets/upload/", "/api/v1/evidence/"}
            takes = {"multipart/form-data"} if path in uploads and method == "post" else {"application/json"}
            assert set(content) <= takes, (method, path, set(content))
            responses = operation["responses"]
            assert "429" in responses and "404" in responses, (method, path)
            if "202" in responses:
                assert "Location" in responses["202"].get("headers", {}), (method, path)
    models = _params(schema, "/api/v1/models/")
    assert "-name" in models["ordering"]["enum"] and models["page_size"]["maximum"] == 100
    assert {"name", "owner", "updated_since"} <= set(models)
    risks = _params(schema, "/api/v1/risks/")
    assert risks["level"] == {"type": "integer", "minimum": 0, "maximum": 5}  # the matrices name the levels
    assert risks["likelihood"] == {"type": "integer", "minimum": 1, "maximum": 6} == risks["impact"]
    assert risks["overdue"]["type"] == "boolean"
    rates = components["GroupRatesRequest"]["properties"]
    assert all(r["minimum"] == 0 and r["maximum"] == 1 for r in rates.values())
    run = components["CheckRun"]["properties"]
    assert run["errors"]["type"] == "array" and run["policy"]["type"] == "object"
    assert components["CheckResult"]["properties"]["evidence"]["type"] == "object"
    assert components["MLModelWriteRequest"]["additionalProperties"] is False
    user_ref = {"$ref": "#/components/schemas/UserRef"}
    for name, field in (
        ("Risk", "owner"),
        ("Mitigation", "owner"),
        ("DataSource", "steward"),
        ("CheckRun", "requested_by"),
        ("Report", "requested_by"),
        ("ConsentRecord", "recorded_by"),
        ("MLModel", "owner"),
    ):
        prop = components[name]["properties"][field]
        refs = [prop, *prop.get("allOf", []), *prop.get("oneOf", [])]
        assert user_ref in refs, (name, field, prop)
    assert components["RiskRequest"]["properties"]["owner"]["type"] == "integer"


def test_a_json_only_api_refuses_forms_with_415(world, contributor):
    response = signed_in(contributor).post("/api/v1/models/", {"name": "form"})
    assert response.status_code == 415 and response.json()["error"]["status"] == 415


def _same(a, b) -> bool:
    """Equal, reading times as times (the client writes +00:00 where the server wrote Z)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, str) and isinstance(b, str) and a != b:
        try:
            return datetime.datetime.fromisoformat(a) == datetime.datetime.fromisoformat(b)
        except ValueError:
            return False
    return a == b


def _generate(schema: dict, tmp_path: Path):
    (tmp_path / "schema.yaml").write_text(yaml.safe_dump(schema))
    (tmp_path / "config.yaml").write_text(
        "package_name_override: gov_client\n"
        "content_type_overrides:\n  application/pdf: application/octet-stream\n"
    )
    bin_dir = Path(sys.executable).parent
    run = subprocess.run(
        [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path",
            "schema.yaml",
            "--config",
            "config.yaml",
            "--meta",
            "none",
            "--output-path",
            "gov_client",
        ],
        cwd=tmp_path,
        env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Warning" not in run.stdout + run.stderr, run.stdout + run.stderr
    sys.path.insert(0, str(tmp_path))
    try:
        for name in [m for m in sys.modules if m == "gov_client" or m.startswith("gov_client.")]:
            del sys.modules[name]
        return importlib.import_module("gov_client.models"), importlib.import_module("gov_client.api")
    finally:
        sys.path.remove(str(tmp_path))


def test_a_generated_client_imports_and_parses_every_list(world, contributor, auditor, tmp_path):
    """It failed to import (`NameError: Unset`) when write operations advertised form bodies."""
    checks.check_run_create(actor=contributor, scope=CheckRun.Scope.MODEL, model=world.model, enqueue=False)
    reports.report_request(
        actor=contributor, kind=Report.Kind.MODEL_DOSSIER, model=world.model, enqueue=False
    )
    client = signed_in(contributor)
    schema = published_schema(client)
    models, _ = _generate(schema, tmp_path)
    classes = {name.lower(): getattr(models, name) for name in dir(models) if not name.startswith("_")}
    parsed = 0
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if not get or not any(p["name"] == "page" for p in get.get("parameters", [])):
            continue
        ref = get["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        component = ref.rsplit("/", 1)[1]
        parent = world.version.pk if path.startswith("/api/v1/versions/") else world.model.pk
        # A record's evidence names its record; the audit log is for auditors (and pages without a count).
        query = {"kind": "version", "record": world.version.pk} if path == "/api/v1/evidence/" else {}
        reader = signed_in(auditor) if path == "/api/v1/audit-log/" else client
        body = reader.get(path.replace("{id}", str(parent)), query).json()
        page = classes[component.lower()].from_dict(body)
        assert page.to_dict().get("count") == body.get("count") and len(page.results) == len(
            body["results"]
        ), path
        for got, sent in zip(page.to_dict()["results"], body["results"], strict=True):
            diff = {k: (got.get(k), sent.get(k)) for k in {*got, *sent} if not _same(got.get(k), sent.get(k))}
            assert not diff, (path, diff)  # nothing lost or mistyped on the way
        parsed += 1
    assert parsed >= 20
