"""Each gate rule alone, and the policy: matching rule sets combine, the strictest value wins."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.models import Assessment, Framework
from governance.checks.models import CheckResult, CheckRun, ModelCheckStatus
from governance.inventory.models import Evaluation
from governance.promotions.gate import gate_evaluate
from governance.promotions.models import GateRuleSet
from governance.promotions.policy import effective_policy
from governance.risks import services as risk_services
from governance.risks.models import Mitigation

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def only(**params):
    """Switch every rule off in the minimal-tier set, then set the rule under test."""
    off = {
        "check_max_age_days": None,
        "failing_checks": [],
        "untreated_severity": "",
        "require_consent": False,
        "require_active_people": False,
        "model_card_fields": [],
        "min_mlops_level": None,
        "require_fairness_evaluation": False,
    }
    GateRuleSet.objects.filter(tier="minimal").update(**{**off, **params})


def rule(version, production, key):
    version.refresh_from_db()
    return {r.key: r for r in gate_evaluate(version=version, environment=production).rules}.get(key)


def checked(model, *, days_ago=1, failing=()):
    run = CheckRun.objects.create(status="succeeded", finished_at=NOW - datetime.timedelta(days=days_ago))
    for key in failing:
        CheckResult.objects.create(run=run, model=model, check_key=key, outcome="fail")
    ModelCheckStatus.objects.create(model=model, run=run, fail_count=len(failing))


def test_checks_fresh(version, production):
    only(check_max_age_days=7, failing_checks=["data.consent_valid"])
    assert rule(version, production, "checks_fresh").reason == "the model has never been checked"
    checked(version.model, days_ago=9)
    assert "9 days old (at most 7)" in rule(version, production, "checks_fresh").reason
    ModelCheckStatus.objects.all().delete()
    checked(version.model, failing=["data.consent_valid", "data.retention"])
    result = rule(version, production, "checks_fresh")
    assert not result.passed and result.reason == "failing: data.consent_valid"  # only the listed check
    GateRuleSet.objects.update(failing_checks=["data.legal_basis"])
    assert rule(version, production, "checks_fresh").passed


def test_risks_treated_by_class(version, production, contributor):
    only(untreated_severity="high")
    risk = risk_services.risk_create(
        actor=contributor,
        model=version.model,
        title="Outage",
        category="availability",
        owner=contributor,
        inherent_likelihood=4,
        inherent_impact=4,
        residual_likelihood=4,
        residual_impact=4,
    )
    result = rule(version, production, "risks_treated")
    assert not result.passed and "high risk 'Outage'" in result.reason and "model=" in result.link
    GateRuleSet.objects.update(untreated_severity="critical")  # a high risk is below the class
    assert rule(version, production, "risks_treated").passed
    GateRuleSet.objects.update(untreated_severity="high")
    Mitigation.objects.create(risk=risk, description="Failover", owner=contributor, status="done")
    assert rule(version, production, "risks_treated").passed


def test_people_active(version, production):
    only(require_active_people=True)
    assert rule(version, production, "people_active").passed
    version.model.owner.is_active = False
    version.model.owner.save()
    assert "is deactivated" in rule(version, production, "people_active").reason
    version.model.owner.is_active = True
    version.model.owner.save()
    type(version.model).objects.filter(pk=version.model_id).update(ai_act_tier="high")
    GateRuleSet.objects.update(tier="")
    assert rule(version, production, "people_active").reason == "no human-oversight contact is named"


def test_model_card(version, production):
    only(model_card_fields=["limitations", "purpose"])
    result = rule(version, production, "model_card")
    assert not result.passed and result.reason == "empty: limitations" and result.link.endswith("/edit/")


def test_mlops_level(version, production, contributor):
    only(min_mlops_level=1)
    assert "no submitted Google-levels assessment" in rule(version, production, "mlops_level").reason
    Assessment.objects.create(
        team=version.model.team,
        framework=Framework.objects.filter(kind="levels").first(),
        status="submitted",
        started_by=contributor,
        started_at=NOW,
        assessor=contributor,
        submitted_at=NOW,
        overall_level=0,
    )
    assert rule(version, production, "mlops_level").reason == "team is at level 0, below 1"


def test_fairness_evaluated(version, production, contributor):
    only(require_fairness_evaluation=True)
    assert not rule(version, production, "fairness_evaluated").passed
    Evaluation.objects.create(version=version, quality=0.9, recorded_by=contributor, group_metrics={})
    assert not rule(version, production, "fairness_evaluated").passed  # no per-group figures
    Evaluation.objects.create(
        version=version,
        quality=0.9,
        recorded_by=contributor,
        group_metrics={"sex": {"f": {"selection_rate": 0.3}, "m": {"selection_rate": 0.32}}},
    )
    assert rule(version, production, "fairness_evaluated").passed


def test_rules_switched_off_are_not_listed_and_the_tier_rule_always_is(version, production):
    only()
    assert [r.key for r in gate_evaluate(version=version, environment=production).rules] == ["tier_allowed"]


def test_matching_rule_sets_combine_strictest_wins(production, staging):
    sets = [
        GateRuleSet(
            name="a",
            tier="high",
            check_max_age_days=30,
            untreated_severity="critical",
            failing_checks=["data.consent_valid"],
            maintainer_approvals=1,
            admin_approvals=0,
        ),
        GateRuleSet(
            name="b",
            business_criticality="critical",
            check_max_age_days=7,
            untreated_severity="high",
            failing_checks=["risk.rated"],
            maintainer_approvals=2,
            admin_approvals=1,
            min_mlops_level=1,
        ),
        GateRuleSet(name="c", tier="high", environment=staging, maintainer_approvals=5),
    ]
    policy = effective_policy(
        rule_sets=sets, tier="high", criticality="critical", environment_id=production.pk
    )
    assert policy.rule_sets == ["a", "b"]
    assert (policy.check_max_age_days, policy.untreated_severity, policy.min_mlops_level) == (7, "high", 1)
    assert policy.failing_checks == {"data.consent_valid", "risk.rated"}
    assert policy.approvals_for("promote") == (2, 1)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("failing_checks", ["no.such_check"], "Unknown checks"),
        ("model_card_fields", ["colour"], "Choose among"),
        ("maintainer_approvals", 0, "at least one approval"),
        ("min_mlops_level", 3, "0, 1 and 2"),
    ],
)
def test_rule_set_validation(field, value, message):
    rule_set = GateRuleSet(name="x", tier="high", admin_approvals=0, **{field: value})
    with pytest.raises(ValidationError, match=message):
        rule_set.full_clean()
