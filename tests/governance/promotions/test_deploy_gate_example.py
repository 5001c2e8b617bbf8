"""docs/examples/deploy_gate.py against a live server, both ways: refused with reasons, then allowed."""

import os
import subprocess
import sys
from pathlib import Path

from governance.api.services import token_create
from governance.inventory import services as inventory
from governance.promotions import services
from governance.promotions.models import Environment
from tests.factories import ConsentRecordFactory, DataSourceFactory, DataSourceUseFactory

SCRIPT = Path(__file__).resolve().parents[3] / "docs" / "examples" / "deploy_gate.py"


def run(live_server, key, version):
    env = {**os.environ, "GOV_URL": live_server.url, "GOV_TOKEN": key}
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(version.pk), "production"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_gate_exits_1_with_reasons_then_0(
    live_server, transactional_db, reference_data, version, contributor, maintainer, gov_admin
):
    production = Environment.objects.get(slug="production")
    _, key = token_create(user=contributor, name="pipeline")
    source = DataSourceFactory(legal_basis="consent", contains_personal_data=True, name="crm-events")
    consent = ConsentRecordFactory(data_source=source, purpose="marketing")
    DataSourceUseFactory(model=version.model, data_source=source, role="training", purpose="marketing")

    refused = run(live_server, key, version)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "has no approved promotion to production" in refused.stdout

    request = services.promotion_request_create(
        actor=contributor, version=version, environment=production, justification="Ready."
    )
    services.promotion_approve(actor=maintainer, request=request)
    allowed = run(live_server, key, version)
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert allowed.stdout.startswith("ALLOWED")

    inventory.consent_withdraw(actor=gov_admin, consent=consent, reason="Subjects asked.")
    blocked = run(live_server, key, version)
    assert blocked.returncode == 1
    assert (
        "Every training and evaluation data use is covered" in blocked.stdout
        and "crm-events" in blocked.stdout
    )
