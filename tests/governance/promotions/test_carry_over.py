"""The data migration gives today's staging and production models' versions their environments, inventing
no approval; the history says "carried over"."""

from importlib import import_module

import pytest
from django.apps import apps

from governance.promotions.models import Deployment, PromotionRequest
from tests.factories import MLModelFactory, ModelVersionFactory

pytestmark = pytest.mark.django_db
MIGRATION = "governance.promotions.migrations.0002_default_environments_policy_and_carry_over"


def test_latest_deployed_version_takes_the_models_environment(team):
    prod = MLModelFactory(team=team, stage="production")
    old = ModelVersionFactory(model=prod, label="1.0.0", status="deployed")
    ModelVersionFactory(model=prod, label="2.0.0", status="validated")  # newer, never deployed
    staging = MLModelFactory(team=team, stage="staging")
    latest = ModelVersionFactory(model=staging, label="0.9.0", status="validated")
    MLModelFactory(team=team, stage="production")  # no version: keeps its stage, holds nothing
    MLModelFactory(team=team, stage="development")
    import_module(MIGRATION).forward(apps, None)
    held = {(d.model_id, d.environment.slug): d for d in Deployment.objects.select_related("environment")}
    assert set(held) == {(prod.pk, "production"), (staging.pk, "staging")}
    assert held[(prod.pk, "production")].version == old
    assert held[(staging.pk, "staging")].version == latest
    assert all(d.request_id is None and d.promoted_by_id is None for d in held.values())
    assert not PromotionRequest.objects.exists()
    reasons = set(Deployment.history.values_list("history_change_reason", flat=True))
    assert reasons == {"carried over"}
    latest.refresh_from_db()
    assert latest.status == "deployed"
