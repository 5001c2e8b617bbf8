"""Unacceptable-tier (prohibited) models never go beyond development; a check fails them (issue 16.1)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from governance.checks.catalogue.accountability import not_prohibited
from governance.checks.data import ChunkData
from governance.checks.models import CheckPolicy
from governance.inventory import services
from tests.factories import MLModelFactory

pytestmark = pytest.mark.django_db


def test_services_refuse_moving_a_prohibited_model_beyond_development(team, contributor):
    model = services.model_register(
        actor=contributor,
        team=team,
        name="Social scoring",
        owner=contributor,
        purpose="Scores citizens.",
        stage="development",
        ai_act_tier="unacceptable",
    )
    for stage in ("staging", "production"):
        with pytest.raises(ValidationError, match="unacceptable"):
            services.model_update(actor=contributor, model=model, stage=stage)
        with pytest.raises(ValidationError, match="unacceptable"):
            services.model_register(
                actor=contributor,
                team=team,
                name=f"Other {stage}",
                owner=contributor,
                purpose="x",
                stage=stage,
                ai_act_tier="unacceptable",
            )
    model.refresh_from_db()
    assert model.stage == "development"


@pytest.mark.parametrize(
    ("tier", "stage", "outcome"),
    [
        ("unacceptable", "production", "fail"),
        ("unacceptable", "proposed", "fail"),
        ("unacceptable", "development", "fail"),
        ("unacceptable", "retired", "not_applicable"),
        ("high", "production", "pass"),
    ],
)
def test_check_fails_every_prohibited_model_not_retired(team, tier, stage, outcome):
    model = MLModelFactory(team=team, ai_act_tier=tier, stage=stage)
    data = ChunkData(model_ids=[model.pk], policy=CheckPolicy.current(), today=timezone.localdate())
    [finding] = list(not_prohibited(data))
    assert finding.outcome == outcome
