"""A training pipeline registers what it trained, with plain `requests`. Safe to run twice: the second run
creates nothing (create-or-get on natural keys, and an Idempotency-Key for the evaluation).

    GOV_URL=http://127.0.0.1:8000 GOV_TOKEN=gov_... python docs/examples/register_from_pipeline.py

Create the token on the "API tokens" page. The token acts as you: you need to be a contributor or maintainer
of the team, and the steward of the data source to record its consent.
"""

from __future__ import annotations

import os
import sys

import requests

BASE = os.environ.get("GOV_URL", "http://127.0.0.1:8000").rstrip("/") + "/api/v1"
session = requests.Session()
session.headers["Authorization"] = f"Bearer {os.environ['GOV_TOKEN']}"


def call(method: str, path: str, **kwargs) -> dict:
    """The answer's JSON; any 4xx or 5xx stops the pipeline with the API's reason."""
    response = session.request(method, BASE + path, timeout=30, **kwargs)
    if response.status_code >= 400:
        error = response.json()["error"]  # every error has this one shape
        sys.exit(f"{method} {path} -> {error['status']} {error['detail']} {error.get('fields', '')}")
    return response.json()


def first(path: str, **params) -> dict | None:
    results = call("GET", path, params=params)["results"]
    return results[0] if results else None


me = call("GET", "/me/")  # who the token acts as, and the teams they may write for
me_team = next(t for t in me["teams"] if t["role"] in ("contributor", "maintainer"))
owner_id = int(os.environ.get("GOV_OWNER_ID", "0")) or me["id"]

# 1. The model: find it by its exact name within the team, or register it.
model = first("/models/", name="churn-predictor", team=me_team["id"])
if model is None:
    model = call(
        "POST",
        "/models/",
        json={
            "name": "churn-predictor",
            "team": me_team["id"],
            "owner": owner_id,
            "purpose": "Predicts which customers will cancel in the next 90 days.",
            "stage": "development",
            "ai_act_tier": "minimal",
        },
    )

# 2. The data source it trained on, and the consent that covers that purpose.
source = first("/data-sources/", name="crm-events-example")
if source is None:
    source = call(
        "POST",
        "/data-sources/",
        json={
            "name": "crm-events-example",
            "team": me_team["id"],
            "steward": owner_id,
            "contains_personal_data": True,
            "legal_basis": "consent",
            "retention_days": 730,
        },
    )
# Create-or-get on (data source, reference): a retry answers 200 with the same record.
call(
    "POST",
    "/consents/",
    json={
        "data_source": source["id"],
        "reference": "churn-2026",
        "purpose": "churn-prediction",
        "obtained_on": "2026-01-15",
        "expires_on": "2027-01-15",
        "evidence_reference": "dms://consent/churn-2026",
    },
)

# 3. The version: create-or-get by label, so a retried pipeline step never duplicates it.
version = call(
    "POST",
    f"/models/{model['id']}/versions/",
    json={
        "label": "2026.11.0",
        "code_reference": "git:4f2c1e9",
        "artifact_uri": "s3://models/churn-predictor/2026.11.0/model.pkl",
        "hyperparameters": {"max_depth": 6, "learning_rate": 0.1},
        "validation_metrics": {"auc": 0.87},
        "training_window_start": "2025-11-01",
        "training_window_end": "2026-10-31",
    },
)
# Create-or-get on (version, data source, role).
call(
    "POST",
    f"/models/{model['id']}/data-uses/",
    json={
        "data_source": source["id"],
        "version": version["id"],
        "role": "training",
        "purpose": "churn-prediction",
    },
)

# 4. The evaluation: overall quality and per-group rates for the fairness checks. Evaluations have no
# natural key, so the Idempotency-Key names this pipeline step: a retry within 24 hours returns the first
# answer instead of recording the evaluation twice.
call(
    "POST",
    f"/versions/{version['id']}/evaluations/",
    headers={"Idempotency-Key": f"churn-predictor/{version['label']}/evaluation/auc"},
    json={
        "metric_name": "auc",
        "quality": 0.87,
        "group_metrics": {"age_band": {"18-34": {"selection_rate": 0.21}, "35+": {"selection_rate": 0.19}}},
    },
)

# 5. Read the model back: is every data use covered?
model = call("GET", f"/models/{model['id']}/")
for use in model["data_sources"]:
    print(f"{model['name']} {use['role']} on {use['name']}: {use['consent_status']['label']}")
print(f"latest version: {model['latest_version']['label']}")
