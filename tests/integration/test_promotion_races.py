"""Races on PostgreSQL with real threads: two approvals at once make exactly one promotion; two requests
for the same version and environment at once leave exactly one open."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from governance.promotions import services
from governance.promotions.models import Approval, Deployment, Environment, GateRuleSet, PromotionRequest
from tests.conftest import _member
from tests.factories import MLModelFactory, ModelVersionFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def race(*calls):
    """Run the calls at the same moment in threads; return what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            outcomes[i] = call()
        except Exception as exc:
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return outcomes


@pytest.fixture
def setup(reference_data, team, contributor, maintainer):
    GateRuleSet.objects.filter(tier="minimal").update(check_max_age_days=None, failing_checks=[])
    model = MLModelFactory(team=team, owner=contributor, ai_act_tier="minimal")
    version = ModelVersionFactory(model=model, label="1.0.0")
    return version, Environment.objects.get(slug="production")


def test_two_approvals_at_once_make_exactly_one_promotion(setup, team, contributor, maintainer):
    version, production = setup
    other = _member(team, "maintainer", "mona.maintainer")
    request = services.promotion_request_create(
        actor=contributor, version=version, environment=production, justification="Ready for production."
    )
    outcomes = race(
        lambda: services.promotion_approve(actor=maintainer, request=request),
        lambda: services.promotion_approve(actor=other, request=request),
    )
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ValidationError) and errors[0].code == "conflict", (
        outcomes
    )
    assert Approval.objects.count() == 1 and Deployment.objects.count() == 1
    assert Deployment.history.count() == 1
    assert PromotionRequest.objects.get().status == "approved"


def test_two_requests_at_once_leave_one_open(setup, contributor, maintainer):
    version, production = setup
    outcomes = race(
        *(
            lambda actor=actor: services.promotion_request_create(
                actor=actor, version=version, environment=production, justification="Ready for production."
            )
            for actor in (contributor, maintainer)
        )
    )
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ValidationError) and errors[0].code == "conflict", (
        outcomes
    )
    assert PromotionRequest.objects.filter(status="open").count() == 1
