"""On PostgreSQL: the audit log's UNION over every historical table, exports through a server-side cursor,
and an evidence upload recorded with its history (the SQL differs from SQLite's in all three)."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from rest_framework.test import APIClient

from governance.evidence import services as evidence
from governance.risks import services as risks
from governance.risks.models import Risk
from tests.factories import MLModelFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _evidence_in_tmp(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "evidence")},
        },
    }


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_audit_log_exports_and_evidence_on_postgres(team, contributor, auditor):
    assert connection.vendor == "postgresql"
    model = MLModelFactory(team=team, owner=contributor, name="=churn")
    risk = risks.risk_create(
        actor=contributor,
        model=model,
        title="Drift",
        category=Risk.Category.PERFORMANCE_DECAY,
        owner=contributor,
        inherent_likelihood=3,
        inherent_impact=3,
        residual_likelihood=2,
        residual_impact=2,
    )
    file = evidence.evidence_upload(
        actor=contributor, record=risk, upload=SimpleUploadedFile("plan.txt", "계획".encode())
    )
    log = api(auditor).get("/api/v1/audit-log/", {"person": contributor.pk, "page_size": 10}).json()
    kinds = {e["record_kind"] for e in log["results"]}
    assert {"risks.risk", "evidence.evidencefile"} <= kinds
    assert (
        api(auditor)
        .get("/api/v1/audit-log/", {"kind": "evidence.evidencefile", "action": "created"})
        .json()["results"][0]["record"]
        == "plan.txt"
    )
    answer = api(contributor).get("/api/v1/models/", {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(answer.streaming_content).decode("utf-8-sig"))))
    assert [r["name"] for r in rows] == ["'=churn"]
    listed = api(contributor).get("/api/v1/evidence/", {"kind": "risk", "record": risk.pk}).json()
    assert listed["results"][0]["sha256"] == file.sha256
