"""One definition of "treated" and of severity classes, read the same by every rule (issue 16, item 6)."""

import datetime

import pytest
from django.utils import timezone

from governance.checks.catalogue.risk import high_treated
from governance.checks.data import ChunkData
from governance.checks.models import CheckPolicy
from governance.risks import services
from governance.risks.models import Mitigation, Risk, RiskMatrix
from governance.risks.treatment import severity_at_least_q, treated_q, untreated_risks
from tests.factories import MLModelFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def model(team, contributor):
    return MLModelFactory(team=team, owner=contributor, stage="production")


def critical_risk(actor, model, owner, matrix=None):
    return services.risk_create(
        actor=actor,
        model=model,
        title="Wrong predictions",
        category="wrong_prediction",
        owner=owner,
        matrix=matrix,
        inherent_likelihood=5,
        inherent_impact=5,
        residual_likelihood=5,
        residual_impact=5,
    )


def is_treated(risk):
    return Risk.objects.filter(pk=risk.pk).filter(treated_q(today=TODAY)).exists()


@pytest.mark.parametrize(
    ("status", "due", "treated"),
    [
        ("planned", TODAY + 30 * DAY, False),
        ("planned", None, False),
        ("in_progress", TODAY + 30 * DAY, True),
        ("in_progress", TODAY, True),
        ("in_progress", None, True),
        ("in_progress", TODAY - DAY, False),  # overdue: no longer counts
        ("in_progress", TODAY - 365 * DAY, False),
        ("done", TODAY - 365 * DAY, True),
        ("cancelled", TODAY + 30 * DAY, False),
    ],
)
def test_mitigation_treats_only_when_done_or_in_progress_on_time(model, contributor, status, due, treated):
    risk = critical_risk(contributor, model, contributor)
    Mitigation.objects.create(
        risk=risk, description="Fallback rules", owner=contributor, status=status, due_date=due
    )
    assert is_treated(risk) is treated
    data = ChunkData(model_ids=[model.pk], policy=CheckPolicy.current(), today=TODAY)
    [finding] = list(high_treated(data))
    assert finding.outcome == ("pass" if treated else "fail")


def test_acceptance_in_force_treats_an_expired_one_does_not(model, contributor, maintainer):
    risk = critical_risk(contributor, model, contributor)
    assert not is_treated(risk)
    services.acceptance_record(
        actor=maintainer, risk=risk, justification="Fallback rules cover it.", expires_on=TODAY + 30 * DAY
    )
    assert is_treated(risk)
    assert not Risk.objects.filter(pk=risk.pk).filter(treated_q(today=TODAY + 30 * DAY)).exists()


def test_classes_not_positions_decide_what_is_high(model, contributor):
    """A six-level matrix whose top three levels are high or critical: the old "top two" missed the third."""
    levels = [
        {"name": n, "colour": "#123456", "review_days": d, "severity": c}
        for n, d, c in (
            ("Trivial", 365, "low"),
            ("Low", 365, "low"),
            ("Moderate", 180, "medium"),
            ("Elevated", 90, "high"),
            ("Severe", 60, "high"),
            ("Extreme", 30, "critical"),
        )
    ]
    grid = [[0, 1, 2], [1, 2, 3], [2, 3, 5]]
    six = RiskMatrix.objects.create(
        name="Six levels",
        likelihood_labels=["a", "b", "c"],
        impact_labels=["x", "y", "z"],
        levels=levels,
        grid=grid,
    )
    six.full_clean()
    risk = services.risk_create(
        actor=contributor,
        model=model,
        title="Elevated one",
        category="other",
        owner=contributor,
        matrix=six,
        inherent_likelihood=2,
        inherent_impact=3,
        residual_likelihood=2,
        residual_impact=3,
    )
    assert risk.residual_level == 3 and six.level_objects[3].severity == "high"
    assert Risk.objects.filter(severity_at_least_q(severity="high")).filter(pk=risk.pk).exists()
    assert not Risk.objects.filter(severity_at_least_q(severity="critical")).filter(pk=risk.pk).exists()
    assert list(untreated_risks(model_ids=[model.pk], severity="high", today=TODAY)) == [risk]
    data = ChunkData(model_ids=[model.pk], policy=CheckPolicy.current(), today=TODAY)
    [finding] = list(high_treated(data))
    assert finding.outcome == "fail" and "elevated residual risk 'Elevated one'" in finding.detail
