"""Through Redis and a real worker: withdrawing a consent puts a production model out of policy at once
(the withdrawal queues the pass), and it stays so after the next check run (which runs the pass again)."""

from __future__ import annotations

import time

import pytest

from governance.checks import services as check_services
from governance.checks.models import CheckResult, CheckRun
from governance.inventory import services as inventory
from governance.promotions import services
from governance.promotions.models import Deployment, Environment, GateRuleSet
from tests.factories import (
    ConsentRecordFactory,
    DataSourceFactory,
    DataSourceUseFactory,
    MLModelFactory,
    ModelVersionFactory,
)

pytestmark = [pytest.mark.integration]
TIMEOUT = 60.0


def wait_until(condition, worker, what: str):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        if worker.process.poll() is not None:
            pytest.fail(f"worker exited while waiting for {what}\n{worker.log()}")
        time.sleep(0.3)
    pytest.fail(f"{what} did not happen within {TIMEOUT:.0f} s\n{worker.log()}")


def test_withdrawal_flags_production_at_once_and_the_flag_survives_a_check_run(
    worker, reference_data, team, contributor, maintainer, gov_admin
):
    GateRuleSet.objects.filter(tier="minimal").update(check_max_age_days=None, failing_checks=[])
    model = MLModelFactory(team=team, owner=contributor, ai_act_tier="minimal")
    version = ModelVersionFactory(model=model, label="1.0.0")
    source = DataSourceFactory(legal_basis="consent", contains_personal_data=True, name="crm-events")
    consent = ConsentRecordFactory(data_source=source, purpose="marketing")
    DataSourceUseFactory(model=model, data_source=source, role="training", purpose="marketing")
    request = services.promotion_request_create(
        actor=contributor,
        version=version,
        environment=Environment.objects.get(slug="production"),
        justification="Offline evaluation passed.",
    )
    services.promotion_approve(actor=maintainer, request=request)
    deployment = Deployment.objects.get()
    assert not deployment.out_of_policy

    inventory.consent_withdraw(actor=gov_admin, consent=consent, reason="Data subjects asked (DSR-7).")

    def flagged() -> bool:
        deployment.refresh_from_db()
        return deployment.out_of_policy

    wait_until(flagged, worker, "the out-of-policy flag")
    assert "crm-events" in deployment.policy_reasons[0]
    assert "promotions.out_of_policy_pass" in worker.log()

    flagged_at = deployment.policy_checked_at
    run = check_services.check_run_create(actor=gov_admin, scope=CheckRun.Scope.ALL)
    wait_until(lambda: CheckRun.objects.get(pk=run.pk).is_finished, worker, "the check run")
    assert CheckRun.objects.get(pk=run.pk).status == "succeeded", worker.log()

    def judged_again() -> bool:  # the pass follows the run's end (a receiver of its finished signal)
        deployment.refresh_from_db()
        return deployment.policy_checked_at > flagged_at

    wait_until(judged_again, worker, "the pass after the check run")
    assert deployment.out_of_policy  # judged again, still out
    result = CheckResult.objects.get(run=run, model=model, check_key="accountability.in_policy")
    assert result.outcome == "fail" and "out of policy" in result.detail
