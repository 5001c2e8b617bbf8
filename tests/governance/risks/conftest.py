import pytest

from governance.risks import services
from governance.risks.models import Risk
from tests.factories import MLModelFactory


@pytest.fixture
def rated_risk(team, contributor):
    """An active (rated) risk of the team's model, owned by the contributor."""
    model = MLModelFactory(team=team, owner=contributor)
    return services.risk_create(
        actor=contributor,
        model=model,
        title="Drift",
        category=Risk.Category.PERFORMANCE_DECAY,
        owner=contributor,
        inherent_likelihood=3,
        inherent_impact=3,
        residual_likelihood=2,
        residual_impact=2,
    )
