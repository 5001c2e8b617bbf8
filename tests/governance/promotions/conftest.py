import pytest

from governance.promotions.models import Environment, GateRuleSet
from tests.conftest import _member
from tests.factories import MLModelFactory, ModelVersionFactory


@pytest.fixture
def production(db):
    return Environment.objects.get(slug="production")


@pytest.fixture
def staging(db):
    return Environment.objects.get(slug="staging")


@pytest.fixture
def lenient(reference_data):
    """The shipped minimal-tier set without the check-freshness rule (no check has run in these tests)."""
    GateRuleSet.objects.filter(tier="minimal").update(check_max_age_days=None, failing_checks=[])


@pytest.fixture
def second_maintainer(team):
    return _member(team, "maintainer", "mark.maintainer")


@pytest.fixture
def model(team, contributor, lenient):
    return MLModelFactory(team=team, owner=contributor, stage="development", ai_act_tier="minimal")


@pytest.fixture
def version(model):
    return ModelVersionFactory(model=model, label="1.0.0", status="validated")
