"""Issue 16 rules in the catalogue: metric direction, tolerant thresholds, proposed models' consent, and the
high-tier model card."""

import pytest

from governance.checks.models import CheckPolicy, Outcome
from governance.checks.thresholds import above, at_least, below, shown

from .conftest import consent_use, deploy, evaluation, judge, make_model, snapshot

pytestmark = pytest.mark.django_db


def test_tolerant_comparisons_ignore_floating_error_only():
    ratio = 0.32 / 0.40
    assert ratio != 0.8 and at_least(ratio, 0.8) and not below(ratio, 0.8)
    assert below(0.7999, 0.8) and above(0.2501, 0.25) and not above(0.25 + 1e-17, 0.25)
    assert shown(0.7996, 0.8) == "0.7996"


def test_selection_rates_giving_exactly_the_threshold_pass(team, owner):
    model = make_model(team, owner, "limit-setting")
    evaluation(deploy(model), {"sex": {"female": {"selection_rate": 0.32}, "male": {"selection_rate": 0.40}}})
    found = judge("fairness.selection_rate_ratio", [model])["limit-setting"]
    assert found.outcome == Outcome.PASS, found.detail


def test_a_failing_ratio_is_shown_with_digits_that_differ_from_the_threshold(team, owner):
    model = make_model(team, owner, "limit-setting")
    evaluation(
        deploy(model), {"sex": {"female": {"selection_rate": 0.3198}, "male": {"selection_rate": 0.40}}}
    )
    found = judge("fairness.selection_rate_ratio", [model])["limit-setting"]
    assert found.outcome == Outcome.FAIL
    assert "is 0.799 of group" in found.detail and "below 0.80" in found.detail


def test_equalized_odds_at_the_limit_passes(team, owner):
    model = make_model(team, owner, "limit-setting")
    groups = {
        "a": {"true_positive_rate": 0.7},
        "b": {"true_positive_rate": 0.8},
    }  # 0.8 - 0.7 = 0.10000000000000009
    evaluation(deploy(model), {"sex": groups})
    assert judge("fairness.equalized_odds", [model])["limit-setting"].outcome == Outcome.PASS


def test_psi_of_exactly_the_failure_threshold_is_a_moderate_shift(team, owner):
    at_limit, over = make_model(team, owner, "churn-v2"), make_model(team, owner, "card-fraud")
    snapshot(deploy(at_limit), drift={"tenure": 0.25})
    snapshot(deploy(over), drift={"tenure": 0.2501})
    found = judge("quality.drift", [at_limit, over])
    assert found["churn-v2"].outcome == Outcome.WARN
    assert found["card-fraud"].outcome == Outcome.FAIL and "(over 0.25)" in found["card-fraud"].detail


def test_lower_is_better_metrics_degrade_when_they_rise(team, owner):
    worse, better = make_model(team, owner, "demand-forecast"), make_model(team, owner, "eta")
    snapshot(deploy(worse, metrics={"rmse": 10.0}), live=15.0, metric="rmse")
    snapshot(deploy(better, metrics={"RMSE": 10.0}), live=9.0, metric="RMSE")
    found = judge("quality.live_degradation", [worse, better])
    assert found["demand-forecast"].outcome == Outcome.FAIL
    assert "50.0% higher" in found["demand-forecast"].detail
    assert found["demand-forecast"].evidence["direction"] == "lower"
    assert found["eta"].outcome == Outcome.PASS and "assumed" not in found["eta"].detail


def test_an_unknown_metric_uses_the_policy_default_and_says_so(team, owner):
    model = make_model(team, owner, "queue-time")
    snapshot(deploy(model, metrics={"p95_wait": 10.0}), live=15.0, metric="p95_wait")
    found = judge("quality.live_degradation", [model])["queue-time"]
    assert found.outcome == Outcome.PASS  # assumed higher is better: a rise is no degradation
    assert "assumed higher is better" in found.detail and found.evidence["direction_assumed"] is True
    policy = CheckPolicy(metric_directions={"p95_wait": "lower"})
    found = judge("quality.live_degradation", [model], policy=policy)["queue-time"]
    assert found.outcome == Outcome.FAIL and "assumed" not in found.detail
    lower_default = CheckPolicy(default_metric_direction="lower")
    found = judge("quality.live_degradation", [model], policy=lower_default)["queue-time"]
    assert found.outcome == Outcome.FAIL and "assumed lower is better" in found.detail


def test_policy_refuses_a_direction_that_is_neither_higher_nor_lower():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="higher"):
        CheckPolicy(metric_directions={"rmse": "down"}).full_clean()


def test_a_proposed_model_using_withdrawn_consent_data_is_warned(team, owner):
    import datetime

    from django.utils import timezone

    model = make_model(team, owner, "next-best-offer", stage="proposed")
    consent_use(
        model,
        source_name="crm-events",
        reference="C-9",
        withdrawn_at=timezone.now() - datetime.timedelta(days=2),
        withdrawn_by=owner,
    )
    found = judge("data.consent_valid", [model])["next-best-offer"]
    assert found.outcome == Outcome.WARN
    assert "withdrawn" in found.detail and "proposed model" in found.detail


@pytest.mark.parametrize("tier", ["high", "unacceptable"])
def test_high_tier_model_cards_need_ethical_considerations_and_limitations(team, owner, tier):
    bare = make_model(team, owner, "credit-scoring", tier=tier, limitations="", stage="development")
    full = make_model(
        team, owner, "limit-setting", tier=tier, ethical_considerations="Disparate impact by age is watched."
    )
    minimal = make_model(team, owner, "churn-v2", tier="minimal", limitations="")
    found = judge("documentation.high_tier_card", [bare, full, minimal])
    assert found["credit-scoring"].outcome == Outcome.FAIL
    assert "no ethical considerations and no limitations" in found["credit-scoring"].detail
    assert found["limit-setting"].outcome == Outcome.PASS
    assert found["churn-v2"].outcome == Outcome.NOT_APPLICABLE
