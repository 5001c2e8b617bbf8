"""Issue 15, items 3, 4 and 11: every retry is safe, and a conflict says what it conflicts with."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from governance.api.models import IdempotencyRecord
from governance.checks.models import CheckRun
from governance.inventory.models import ConsentRecord, DataSourceUse, Evaluation, MonitoringSnapshot

from .contract import assert_error_shape, make_world, send, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(team, contributor):
    return make_world(team=team, owner=contributor)


def test_a_data_use_is_create_or_get(world, contributor):
    client = signed_in(contributor)
    url = f"/api/v1/models/{world.model.pk}/data-uses/"
    body = {
        "data_source": world.source.pk,
        "version": world.version.pk,
        "role": "training",
        "purpose": "churn",
    }
    first = send(client, "post", url, body)
    again = send(client, "post", url, body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    other = assert_error_shape(send(client, "post", url, {**body, "purpose": "marketing"}), 409)
    assert "purpose" in other["detail"]
    assert DataSourceUse.objects.filter(model=world.model).count() == 1


def test_a_consent_is_create_or_get(world, contributor):
    client = signed_in(contributor)  # the steward
    body = {
        "data_source": world.source.pk,
        "reference": "churn-2026",
        "purpose": "churn",
        "obtained_on": "2026-01-15",
        "expires_on": "2027-01-15",
    }
    first = send(client, "post", "/api/v1/consents/", body)
    again = send(client, "post", "/api/v1/consents/", body)
    assert (first.status_code, again.status_code) == (201, 200) and first.json() == again.json()
    other = assert_error_shape(
        send(client, "post", "/api/v1/consents/", {**body, "expires_on": "2028-01-01"}), 409
    )
    assert "expires_on" in other["detail"]
    assert ConsentRecord.objects.filter(reference="churn-2026").count() == 1


@pytest.mark.parametrize(
    ("kind", "body", "model"),
    [
        ("evaluations", {"metric_name": "auc", "quality": 0.8}, Evaluation),
        (
            "snapshots",
            {"metric_name": "auc", "live_quality": 0.8, "feature_drift": {"age": 0.1}},
            MonitoringSnapshot,
        ),
    ],
)
def test_an_idempotency_key_replays_the_first_answer(world, contributor, kind, body, model):
    client = signed_in(contributor)
    url = f"/api/v1/versions/{world.version.pk}/{kind}/"
    key = {"HTTP_IDEMPOTENCY_KEY": "run-42/step-3"}
    first = send(client, "post", url, body, **key)
    again = send(client, "post", url, body, **key)
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json() and again["Idempotent-Replayed"] == "true"
    assert model.objects.count() == 1
    conflict = assert_error_shape(send(client, "post", url, {**body, "metric_name": "f1"}, **key), 409)
    assert "Idempotency-Key" in conflict["detail"]
    assert model.objects.count() == 1
    assert send(client, "post", url, body).status_code == 201  # without a key, every post records
    assert model.objects.count() == 2
    # After 24 hours the key is forgotten: the same request records again.
    IdempotencyRecord.objects.update(created_at=timezone.now() - datetime.timedelta(hours=24, minutes=1))
    assert send(client, "post", url, body, **key).status_code == 201
    assert model.objects.count() == 3


def test_an_idempotency_key_is_kept_in_the_database_per_user(world, contributor, maintainer):
    """Stored in the database, so a retry reaching another worker finds it; another user's key is theirs."""
    url = f"/api/v1/versions/{world.version.pk}/evaluations/"
    key = {"HTTP_IDEMPOTENCY_KEY": "same-key"}
    send(signed_in(contributor), "post", url, {"quality": 0.5}, **key)
    record = IdempotencyRecord.objects.get()
    assert record.user == contributor and record.status_code == 201 and record.response_body["quality"] == 0.5
    assert send(signed_in(maintainer), "post", url, {"quality": 0.6}, **key).status_code == 201
    bad = send(signed_in(contributor), "post", url, {"quality": 0.5}, HTTP_IDEMPOTENCY_KEY="x" * 201)
    assert "Idempotency-Key" in assert_error_shape(bad, 400)["fields"]


def test_a_failed_request_leaves_no_key_behind(world, contributor):
    client = signed_in(contributor)
    url = f"/api/v1/versions/{world.version.pk}/evaluations/"
    key = {"HTTP_IDEMPOTENCY_KEY": "k-1"}
    assert send(client, "post", url, {"quality": "bad"}, **key).status_code == 400
    assert send(client, "post", url, {"quality": 0.7}, **key).status_code == 201
    assert Evaluation.objects.get().quality == 0.7


@pytest.mark.parametrize("role", ["viewer", "auditor"])
def test_write_permission_comes_before_create_or_get(world, contributor, viewer, auditor, role):
    """Item 4: a reader posting an existing label got 200 (or 409 with other details): both are 403."""
    client = signed_in({"viewer": viewer, "auditor": auditor}[role])
    url = f"/api/v1/models/{world.model.pk}/versions/"
    assert_error_shape(send(client, "post", url, {"label": "1.0.0"}), 403)
    assert_error_shape(send(client, "post", url, {"label": "1.0.0", "artifact_uri": "s3://other"}), 403)
    uses = f"/api/v1/models/{world.model.pk}/data-uses/"
    DataSourceUse.objects.create(
        model=world.model, data_source=world.source, purpose="churn", created_by=contributor
    )
    assert_error_shape(send(client, "post", uses, {"data_source": world.source.pk, "purpose": "churn"}), 403)
    consent = {
        "data_source": world.source.pk,
        "reference": "contract-consent",
        "purpose": "xy",
        "obtained_on": "2026-01-01",
    }
    assert_error_shape(send(client, "post", "/api/v1/consents/", consent), 403)


def test_a_run_over_a_scope_already_running_is_a_409_naming_it(world, contributor):
    """Item 11: it was a 400 with the run's id only in prose."""
    client = signed_in(contributor)
    body = {"scope": "model", "model": world.model.pk}
    first = send(client, "post", "/api/v1/check-runs/", body)
    assert first.status_code == 202
    assert first["Location"] == f"/api/v1/check-runs/{first.json()['id']}/"
    error = assert_error_shape(send(client, "post", "/api/v1/check-runs/", body), 409)
    assert error["run"] == first.json()["id"] and error["code"] == "conflict"
    assert CheckRun.objects.count() == 1
