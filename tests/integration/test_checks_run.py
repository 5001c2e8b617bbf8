"""A whole check run over the demo data goes through Redis to a real worker process and finds the
findings the demo data was built to contain."""

from __future__ import annotations

import os
import time

import pytest
from django.core.management import call_command

from governance.checks import services
from governance.checks.models import CheckResult, CheckRun, CheckRunChunk

pytestmark = [pytest.mark.integration]
RUN_TIMEOUT = 90.0


def _wait_for(run: CheckRun, worker) -> CheckRun:
    deadline = time.monotonic() + RUN_TIMEOUT
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.is_finished:
            return run
        if worker.process.poll() is not None:
            pytest.fail(f"worker exited while run #{run.pk} was {run.status}\n{worker.log()}")
        time.sleep(0.3)
    pytest.fail(f"run #{run.pk} still {run.status} after {RUN_TIMEOUT:.0f} s\n{worker.log()}")


def test_demo_check_run_through_the_worker_finds_the_planted_findings(worker, reference_data):
    from django.contrib.auth import get_user_model

    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    lead = get_user_model().objects.get(username="gov.lead")

    run = services.check_run_create(actor=lead, scope=CheckRun.Scope.ALL)  # queued on commit (autocommit)
    run = _wait_for(run, worker)

    assert run.status == "succeeded", (run.errors, worker.log())
    assert run.errors == []
    assert run.model_count > 0 and run.fail_count > 0
    assert CheckRunChunk.objects.filter(run=run).count() == run.chunks_total
    assert CheckResult.objects.filter(run=run).count() == (
        run.pass_count + run.warn_count + run.fail_count + run.not_applicable_count
    )
    failing = {
        (r.check_key, r.model.name): r.detail
        for r in CheckResult.objects.filter(run=run, outcome="fail").select_related("model")
    }
    withdrawn = failing[("data.consent_valid", "next-best-offer")]
    assert "consent 'marketing-2024' for source 'crm-events' was withdrawn on" in withdrawn
    assert "model 'next-best-offer' still trains on it" in withdrawn
    assert (
        "consent 'chat-2023' for source 'crm-events' expired on"
        in failing[("data.consent_valid", "support-chatbot")]
    )
    assert any(key == "risk.review_overdue" for key, _ in failing)
    assert (
        "owner 'leo.hart' of model 'mule-accounts' is deactivated"
        in failing[("accountability.active_owner", "mule-accounts")]
    )
    assert "feature 'merchant_category' PSI 0.31" in failing[("quality.drift", "card-fraud")]
    assert "selection rate of group 'female'" in failing[("fairness.selection_rate_ratio", "credit-scoring")]
    # The worker process did the work, not this one.
    assert worker.log().count("checks.run_chunk") >= run.chunks_total
