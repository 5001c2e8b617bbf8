"""API: POST a run, poll it, read results with filters; query counts constant in page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from governance.checks import engine, services, tasks
from governance.checks.models import CheckRun

from .conftest import make_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(gov_admin):
    client = APIClient()
    client.force_authenticate(gov_admin)
    return client


def test_post_then_poll_then_read_results(api, team, owner, monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr(tasks.run_start, "delay", lambda run_id: sent.append(run_id))
    model = make_model(team, owner, "credit-scoring", card=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/check-runs/", {"scope": "model", "model": model.pk}, format="json")
    assert response.status_code == 202, response.json()
    body = response.json()
    assert (body["status"], body["trigger"], sent) == ("queued", "api", [body["id"]])
    engine.run_execute_inline(run_id=body["id"])
    polled = api.get(f"/api/v1/check-runs/{body['id']}/").json()
    assert polled["status"] == "succeeded" and polled["fail_count"] >= 1
    results = api.get(body["results_url"], {"outcome": "fail", "check": "documentation.model_card"}).json()
    assert results["count"] == 1
    result = results["results"][0]
    assert (
        result["model_name"] == "credit-scoring" and result["severity"] == "medium" and result["remediation"]
    )
    assert api.get("/api/v1/check-results/", {"team": team.pk, "model": model.pk}).json()["count"] > 1


def test_post_refuses_what_the_user_may_not_start(team, contributor):
    client = APIClient()
    client.force_authenticate(contributor)
    assert client.post("/api/v1/check-runs/", {"scope": "all"}, format="json").status_code == 403
    bad = client.post("/api/v1/check-runs/", {"scope": "team"}, format="json")
    assert bad.status_code == 400


def test_results_query_count_is_constant_in_page_size(api, team, owner, gov_admin):
    for i in range(12):
        make_model(team, owner, f"m-{i}")
    run = services.check_run_create(actor=gov_admin, scope="all", enqueue=False)
    engine.run_execute_inline(run_id=run.pk)
    counts = []
    for size in (5, 100):
        with CaptureQueriesContext(connection) as ctx:
            assert api.get("/api/v1/check-results/", {"page_size": size}).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    with CaptureQueriesContext(connection) as ctx:
        api.get("/api/v1/check-runs/", {"page_size": 100})
    assert len(ctx.captured_queries) <= 4
    assert CheckRun.objects.count() == 1
