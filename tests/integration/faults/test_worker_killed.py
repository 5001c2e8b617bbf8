"""A worker killed with SIGKILL in the middle of a check run: the next worker to start sends the run again
(recovery at worker start), and the run completes with exactly one result per check and model.

Without recovery the chunk the dead worker held would come back only after Redis's visibility timeout (an
hour); the other chunks were still queued and any worker takes them.
"""

from __future__ import annotations

import pytest

from governance.checks import services
from governance.checks.models import CheckRun, CheckRunChunk
from tests.factories import MLModelFactory

from .support import assert_complete, wait_for

pytestmark = pytest.mark.integration
MODELS = 24
CHUNK = "3"  # eight chunks


def test_a_run_survives_its_worker_being_killed(start_fault_worker, gov_admin):
    MLModelFactory.create_batch(MODELS)
    env = {"CHECKS_CHUNK_SIZE": CHUNK, "RECOVERY_STALE_SECONDS": "1"}
    first = start_fault_worker(extra_env={**env, "FAULT_CHUNK_DELAY": "0.5"})
    run = services.check_run_create(actor=gov_admin, scope=CheckRun.Scope.ALL)  # autocommit: sent at once

    wait_for(lambda: CheckRunChunk.objects.filter(run=run).exists(), "a first chunk written", first)
    first.kill()
    written = CheckRunChunk.objects.filter(run=run).count()
    run.refresh_from_db()
    assert run.status == CheckRun.Status.RUNNING and run.chunks_total == 8 and 1 <= written < 8

    second = start_fault_worker(extra_env=env)
    wait_for(
        lambda: CheckRun.objects.filter(pk=run.pk, status__in=["succeeded", "failed"]).exists(),
        f"run #{run.pk} finished after {written} of 8 chunks and a SIGKILL",
        first,
        second,
    )
    assert_complete(run, first, second)
    assert f"Recovered lost work at start: check runs [{run.pk}]" in second.log(), second.log()
    run.refresh_from_db()
    assert run.recovery_count == 1
