"""Every check costs the same number of queries for 5 models as for 50: it never queries per model."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Assessment, Framework
from governance.checks.data import ChunkData
from governance.checks.models import CheckPolicy
from governance.checks.registry import all_checks
from governance.risks import services as risk_services
from tests.factories import DataSourceFactory, DataSourceUseFactory, MembershipFactory, TeamFactory

from .conftest import NOW, consent_use, deploy, evaluation, make_model, rated_risk, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def fifty_models(team, owner, gov_admin):
    """50 varied models over 5 teams: consents, personal data, risks, metrics and assessments."""
    framework = Framework.objects.filter(kind="levels").first()
    teams = [team] + [TeamFactory() for _ in range(4)]
    for other in teams[1:]:  # a mitigation's owner works in the model's team (issue 17 item 7)
        MembershipFactory(user=owner, team=other, role="contributor")
    clicks = DataSourceFactory(name="web-clickstream", team=team, legal_basis="", retention_days=None)
    models = []
    for i in range(50):
        t = teams[i % 5]
        model = make_model(
            t,
            owner,
            f"model-{i:02d}",
            stage=["production", "staging", "development"][i % 3],
            tier=["high", "minimal"][i % 2],
            human_oversight_contact=owner if i % 4 else None,
        )
        version = deploy(model, label=f"{i}.0.0")
        consent_use(
            model,
            source_name=f"crm-{i}",
            reference=f"ref-{i}",
            expires_on=NOW.date() + datetime.timedelta(days=10 + i * 20),
        )
        DataSourceUseFactory(model=model, data_source=clicks, purpose="marketing", created_by=owner)
        risk = rated_risk(gov_admin, model, il=5, ii=5, rl=5 - i % 3, ri=5 - i % 2)
        if i % 2:
            risk_services.mitigation_add(actor=gov_admin, risk=risk, description="Fallback.", owner=owner)
        evaluation(
            version,
            {
                "sex": {
                    "f": {
                        "selection_rate": 0.2 + i / 200,
                        "true_positive_rate": 0.7,
                        "false_positive_rate": 0.1,
                    },
                    "m": {"selection_rate": 0.3, "true_positive_rate": 0.8, "false_positive_rate": 0.1},
                }
            },
        )
        snapshot(version, drift={"amount": i / 100}, days_ago=i % 10)
        models.append(model)
    for t in teams[:3]:
        Assessment.objects.create(
            team=t,
            framework=framework,
            status="submitted",
            started_by=owner,
            started_at=NOW,
            assessor=owner,
            submitted_at=NOW,
            overall_level=1,
        )
    return models


def _queries(check, model_ids):
    data = ChunkData(model_ids=model_ids, policy=CheckPolicy(), today=NOW.date())
    with CaptureQueriesContext(connection) as ctx:
        findings = list(check.run(data))
    assert len(findings) == len(model_ids), check.key
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_the_number_of_models(fifty_models):
    ids = [m.pk for m in fifty_models]
    counts = {c.key: (_queries(c, ids[:5]), _queries(c, ids)) for c in all_checks()}
    growing = {key: pair for key, pair in counts.items() if pair[0] != pair[1]}
    assert not growing, f"queries (5 models, 50 models): {growing}"
    assert max(many for _, many in counts.values()) <= 8, counts
