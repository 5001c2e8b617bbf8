"""The broker (the private redis-server, which is also the cache) stopped: pages, the read API and log-in keep
serving; starting a check run or requesting a report records it as queued and says it waits for the task
queue, promptly; nothing recorded is lost. When the broker returns, the worker reconnects by itself and, on
reconnecting, dispatches the waiting work (no beat runs here), which completes."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from governance.checks import engine, services
from governance.checks.models import CheckResult, CheckRun
from governance.reports import services as report_services
from governance.reports.models import Report
from tests.factories import PASSWORD, MLModelFactory
from tests.workers import wait_until_ready

from .support import assert_complete, wait_for

pytestmark = pytest.mark.integration
PROMPT = 5.0  # seconds a request may take while the broker is down


def _timed(call):
    started = time.perf_counter()
    response = call()
    return response, time.perf_counter() - started


def _counts() -> tuple[int, int, int]:
    return CheckRun.objects.count(), CheckResult.objects.count(), Report.objects.count()


def test_broker_down_pages_serve_work_waits_and_then_proceeds(
    start_fault_worker, broker, client, gov_admin, team, maintainer
):
    models = MLModelFactory.create_batch(4, team=team, owner=maintainer)
    earlier = services.check_run_create(actor=gov_admin, scope=CheckRun.Scope.ALL, enqueue=False)
    earlier = engine.run_execute_inline(run_id=earlier.pk)
    built = report_services.report_request(
        actor=gov_admin, kind=Report.Kind.CHECK_RUN, check_run=earlier, enqueue=False
    )
    report_services.report_build(report_id=built.pk)
    worker = start_fault_worker()
    before = _counts()
    earlier_results = set(CheckResult.objects.filter(run=earlier).values_list("pk", "outcome"))

    broker.stop()
    timings: dict[str, float] = {}
    login, timings["log-in"] = _timed(
        lambda: client.post(reverse("login"), {"username": gov_admin.username, "password": PASSWORD})
    )
    assert login.status_code == 302, login.content.decode()[:2000]
    for name, url in {
        "dashboard": reverse("portal:dashboard"),
        "model list": reverse("inventory:model_list"),
        "model page": reverse("inventory:model_detail", args=[models[0].pk]),
        "runs": reverse("checks:runs"),
        "run page": reverse("checks:run_detail", args=[earlier.pk]),
        "reports": reverse("reports:list"),
        "API models": "/api/v1/models/",
        "API model": f"/api/v1/models/{models[0].pk}/",
        "API runs": "/api/v1/check-runs/",
    }.items():
        response, timings[name] = _timed(lambda url=url: client.get(url))
        assert response.status_code == 200, (name, response.status_code)
    health = client.get("/healthz")  # degraded, still serving: a load balancer keeps this server
    assert health.status_code == 200 and health.json()["failing"] == ["broker"]
    assert client.get("/healthz?strict=1").status_code == 503

    page, timings["start run (page)"] = _timed(
        lambda: client.post(
            reverse("checks:start"), {"scope": "team", "team": team.pk, "confirm": "yes"}, follow=True
        )
    )
    assert page.status_code == 200
    assert "the task queue is unavailable: it is queued and will start when the queue is back" in (
        page.content.decode()
    )
    api_run, timings["start run (API)"] = _timed(
        lambda: client.post(
            "/api/v1/check-runs/", {"scope": "model", "model": models[1].pk}, content_type="application/json"
        )
    )
    assert api_run.status_code == 202 and api_run.json()["waiting_for_queue"] is True
    report_page, timings["request report (page)"] = _timed(
        lambda: client.post(reverse("reports:request"), {"kind": "organisation"}, follow=True)
    )
    assert "it is queued and will be built when the queue is back" in report_page.content.decode()
    api_report, timings["request report (API)"] = _timed(
        lambda: client.post(
            "/api/v1/reports/",
            {"kind": "model_dossier", "model": models[2].pk},
            content_type="application/json",
        )
    )
    assert api_report.status_code == 202 and api_report.json()["waiting_for_queue"] is True
    print("\nbroker down, seconds per request:", {k: round(v, 3) for k, v in timings.items()})
    assert max(timings.values()) < PROMPT, timings

    runs = list(CheckRun.objects.exclude(pk=earlier.pk))
    reports = list(Report.objects.exclude(pk=built.pk))
    assert len(runs) == 2 and all(r.waiting_for_queue for r in runs)
    assert len(reports) == 2 and all(r.waiting_for_queue for r in reports)
    assert _counts() == (before[0] + 2, before[1], before[2] + 2)
    assert set(CheckResult.objects.filter(run=earlier).values_list("pk", "outcome")) == earlier_results

    broker.start()  # the same port, empty: nothing was persisted
    wait_until_ready(worker)  # the worker reconnected by itself, and on reconnecting sends what waited
    wait_for(
        lambda: (
            not CheckRun.objects.exclude(status__in=["succeeded", "failed"]).exists()
            and not Report.objects.exclude(status__in=["succeeded", "failed"]).exists()
        ),
        "waiting runs and reports finished after the broker returned",
        worker,
    )
    for run in runs:
        assert_complete(run, worker)
    for report in Report.objects.all():
        assert report.status == Report.Status.SUCCEEDED and len(report.sha256) == 64, (
            report.error,
            worker.log(),
        )
    log = worker.log()
    assert "Check run" in log and "sent again (waited for the queue)" in log, log
    assert "Recovered lost work at reconnect: check runs" in log, log  # not beat: nothing sent it here
    assert _counts()[0::2] == (before[0] + 2, before[2] + 2)
    assert set(CheckResult.objects.filter(run=earlier).values_list("pk", "outcome")) == earlier_results
