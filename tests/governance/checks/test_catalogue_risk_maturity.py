"""Risk and maturity checks: a passing and a failing case each."""

import datetime

import pytest
from django.utils import timezone

from assessments.models import Assessment, Framework
from governance.checks.models import CheckPolicy, Outcome
from governance.risks import services as risk_services
from governance.risks.models import Risk

from .conftest import TODAY, judge, make_model, rated_risk

pytestmark = pytest.mark.django_db


def test_risk_rated(team, owner):
    rated = make_model(team, owner, "credit-scoring")
    rated_risk(owner, rated)
    unrated = make_model(team, owner, "limit-setting")
    risk_services.risk_create(
        actor=owner, model=unrated, title="Outage", category="availability", owner=owner
    )
    found = judge("risk.rated", [rated, unrated])
    assert found["credit-scoring"].outcome == Outcome.PASS
    assert found["limit-setting"].outcome == Outcome.FAIL
    assert (
        "model 'limit-setting' has no rated risk (1 draft(s) waiting to be rated)"
        in found["limit-setting"].detail
    )


def test_review_overdue(team, owner):
    current = make_model(team, owner, "credit-scoring")
    rated_risk(owner, current)
    late = make_model(team, owner, "limit-setting")
    risk = rated_risk(owner, late, title="Fairness decays")
    Risk.objects.filter(pk=risk.pk).update(next_review_due=datetime.date(2026, 1, 16))
    found = judge("risk.review_overdue", [current, late], today=datetime.date(2026, 2, 1))
    assert found["credit-scoring"].outcome == Outcome.PASS
    assert found["limit-setting"].outcome == Outcome.FAIL
    assert "review of risk 'Fairness decays' was due on 2026-01-16" in found["limit-setting"].detail


def test_high_residual_risks_need_a_mitigation_or_an_acceptance(team, owner, maintainer):
    mitigated = make_model(team, owner, "credit-scoring")
    risk = rated_risk(owner, mitigated, il=5, ii=5, rl=5, ri=5)
    # Issue 16.6: only a mitigation done, or in progress and not overdue, treats a risk (a plan does not).
    risk_services.mitigation_add(
        actor=owner,
        risk=risk,
        description="Fallback rule.",
        owner=owner,
        status="in_progress",
        due_date=TODAY + datetime.timedelta(days=30),
    )
    accepted = make_model(team, owner, "limit-setting")
    risk = rated_risk(owner, accepted, il=5, ii=5, rl=4, ri=4)
    risk_services.acceptance_record(
        actor=maintainer,
        risk=risk,
        justification="Cross-trained engineers and a runbook cover it.",
        accepted_on=TODAY - datetime.timedelta(days=5),
        expires_on=TODAY + datetime.timedelta(days=90),
    )
    bare = make_model(team, owner, "early-arrears")
    risk = rated_risk(owner, bare, il=5, ii=5, rl=5, ri=5, title="Fairness decays")
    risk_services.mitigation_add(actor=owner, risk=risk, description="Planned only.", owner=owner)
    found = judge("risk.high_treated", [mitigated, accepted, bare])
    assert found["credit-scoring"].outcome == Outcome.PASS
    assert found["limit-setting"].outcome == Outcome.PASS
    assert found["early-arrears"].outcome == Outcome.FAIL
    assert "critical residual risk 'Fairness decays' of model 'early-arrears' is not treated" in (
        found["early-arrears"].detail
    )


def submitted(team, user, *, kind="levels", level=1, days_ago=30):
    framework = Framework.objects.filter(kind=kind).order_by("-version").first()
    when = timezone.now() - datetime.timedelta(days=days_ago)
    return Assessment.objects.create(
        team=team,
        framework=framework,
        status="submitted",
        started_by=user,
        started_at=when,
        assessor=user,
        submitted_at=when,
        overall_level=level,
    )


def test_assessment_recent(team, other_team, owner, outsider):
    submitted(team, owner, days_ago=30)
    submitted(other_team, outsider, days_ago=500)
    fresh, stale = make_model(team, owner, "credit-scoring"), make_model(other_team, outsider, "card-fraud")
    found = judge("maturity.assessment_recent", [fresh, stale])
    assert found["credit-scoring"].outcome == Outcome.PASS
    assert found["card-fraud"].outcome == Outcome.FAIL
    assert "team 'Fraud' last submitted an assessment on" in found["card-fraud"].detail
    assert "more than 365 days ago" in found["card-fraud"].detail


def test_high_tier_level(team, other_team, owner, outsider):
    submitted(team, owner, level=1)
    submitted(other_team, outsider, level=0)
    ready = make_model(team, owner, "credit-scoring", tier="high")
    early = make_model(other_team, outsider, "card-fraud", tier="high")
    found = judge("maturity.high_tier_level", [ready, early])
    assert found["credit-scoring"].outcome == Outcome.PASS
    assert found["card-fraud"].outcome == Outcome.FAIL
    assert (
        "team 'Fraud' is at MLOps level 0; high-tier model 'card-fraud' needs level 1"
        in found["card-fraud"].detail
    )
    stricter = judge("maturity.high_tier_level", [ready], policy=CheckPolicy(min_team_level_high_tier=2))
    assert stricter["credit-scoring"].outcome == Outcome.FAIL
