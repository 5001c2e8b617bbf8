"""Separation of duties that cannot be side-stepped, and acceptance terms by severity class (issue 17)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from governance.checks.models import CheckPolicy
from governance.risks import services
from governance.risks.models import RiskAcceptance
from tests.conftest import _member
from tests.factories import MLModelFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def model(team, contributor):
    return MLModelFactory(team=team, owner=contributor, stage="production")


def risk_at(actor, model, owner, r=5, i=5):
    return services.risk_create(
        actor=actor,
        model=model,
        title="Outage",
        category="availability",
        owner=owner,
        inherent_likelihood=r,
        inherent_impact=i,
        residual_likelihood=r,
        residual_impact=i,
    )


def accept(actor, risk, days=30):
    return services.acceptance_record(
        actor=actor, risk=risk, justification="Fallback rules cover it.", expires_on=TODAY + days * DAY
    )


def test_four_step_self_acceptance_is_refused(model, team, maintainer):
    """The owner hands the risk over, accepts it as 'approver', then takes it back: both ends refused."""
    colleague = _member(team, "maintainer", "colin.colleague")
    risk = risk_at(maintainer, model, maintainer)
    services.risk_update(actor=maintainer, risk=risk, owner=colleague)
    with pytest.raises(ValidationError, match="owned this risk within the last 180 days"):
        accept(maintainer, risk)
    assert not RiskAcceptance.objects.exists()


def test_approver_of_an_acceptance_in_force_cannot_take_ownership(model, team, maintainer, contributor):
    risk = risk_at(contributor, model, contributor)
    accept(maintainer, risk)
    with pytest.raises(ValidationError) as exc:
        services.risk_update(actor=contributor, risk=risk, owner=maintainer)
    assert "approved this risk's acceptance in force" in str(exc.value.message_dict["owner"])
    risk.refresh_from_db()
    assert risk.owner == contributor


def test_former_owner_may_accept_after_the_period(model, team, maintainer, contributor):
    risk = risk_at(maintainer, model, maintainer)
    services.risk_update(actor=maintainer, risk=risk, owner=contributor)
    # The ownership ended 200 days ago: move the history back in time.
    history = list(risk.history.order_by("history_date"))
    for row, when in zip(history, (400, 200), strict=False):
        type(row).objects.filter(pk=row.pk).update(history_date=timezone.now() - when * DAY)
    assert accept(maintainer, risk).approver == maintainer


@pytest.mark.parametrize(("r", "i", "severity", "longest"), [(5, 5, "critical", 90), (1, 1, "low", 730)])
def test_acceptance_term_is_capped_by_severity_class(model, maintainer, contributor, r, i, severity, longest):
    risk = risk_at(contributor, model, contributor, r=r, i=i)
    assert risk.residual_level_object.severity == severity
    with pytest.raises(ValidationError) as exc:
        accept(maintainer, risk, days=longest + 1)
    assert f"at most {longest} days" in exc.value.message_dict["expires_on"][0]
    assert accept(maintainer, risk, days=longest).expires_on == TODAY + longest * DAY


def test_policy_refuses_a_longer_term_for_a_more_severe_class():
    policy = CheckPolicy.current()
    policy.acceptance_max_days_critical = 400
    with pytest.raises(ValidationError):
        policy.full_clean()
