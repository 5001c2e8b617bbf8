"""Quality and fairness checks from posted metrics: a passing and a failing case each."""

import pytest

from governance.checks.models import CheckPolicy, Outcome

from .conftest import deploy, evaluation, judge, make_model, snapshot

pytestmark = pytest.mark.django_db


def rates(sel, tpr, fpr):
    return {"selection_rate": sel, "true_positive_rate": tpr, "false_positive_rate": fpr}


@pytest.fixture
def fair_and_unfair(team, owner):
    fair = make_model(team, owner, "limit-setting")
    evaluation(deploy(fair), {"sex": {"female": rates(0.30, 0.80, 0.10), "male": rates(0.33, 0.83, 0.12)}})
    unfair = make_model(team, owner, "credit-scoring")
    version = deploy(unfair, label="3.0.0")
    evaluation(
        version, {"sex": {"female": rates(0.21, 0.62, 0.08), "male": rates(0.34, 0.79, 0.11)}}, days_ago=9
    )
    evaluation(version, {"sex": {"female": rates(0.21, 0.62, 0.08), "male": rates(0.34, 0.79, 0.11)}})
    return fair, unfair


def test_selection_rate_ratio(fair_and_unfair):
    found = judge("fairness.selection_rate_ratio", fair_and_unfair)
    assert found["limit-setting"].outcome == Outcome.PASS
    assert found["credit-scoring"].outcome == Outcome.FAIL
    assert "selection rate of group 'female' (0.21) is 0.62 of group 'male' (0.34) on 'sex'" in (
        found["credit-scoring"].detail
    )
    assert found["credit-scoring"].evidence["ratio"] == pytest.approx(0.6176, abs=1e-3)
    lenient = judge(
        "fairness.selection_rate_ratio", fair_and_unfair, policy=CheckPolicy(fairness_ratio_min=0.6)
    )
    assert lenient["credit-scoring"].outcome == Outcome.PASS


def test_equalized_odds(fair_and_unfair):
    found = judge("fairness.equalized_odds", fair_and_unfair)
    assert found["limit-setting"].outcome == Outcome.PASS
    assert found["credit-scoring"].outcome == Outcome.FAIL
    assert "equalized-odds difference 0.17 (true-positive rate on 'sex')" in found["credit-scoring"].detail


def test_drift(team, owner):
    stable, shifting, drifted = (
        make_model(team, owner, n) for n in ("churn-v2", "lifetime-value", "card-fraud")
    )
    snapshot(deploy(stable), drift={"tenure": 0.02})
    snapshot(deploy(shifting), drift={"tenure": 0.15})
    snapshot(deploy(drifted), drift={"amount": 0.04, "merchant_category": 0.31})
    found = judge("quality.drift", [stable, shifting, drifted])
    assert found["churn-v2"].outcome == Outcome.PASS
    assert found["lifetime-value"].outcome == Outcome.WARN
    assert found["card-fraud"].outcome == Outcome.FAIL
    assert "feature 'merchant_category' PSI 0.31" in found["card-fraud"].detail
    assert "amount" not in found["card-fraud"].detail


def test_live_degradation(team, owner):
    steady, decayed = make_model(team, owner, "sepsis-alert"), make_model(team, owner, "readmission-risk")
    snapshot(deploy(steady, metrics={"auc": 0.84}), live=0.82)
    snapshot(deploy(decayed, metrics={"auc": 0.84}), live=0.74)
    found = judge("quality.live_degradation", [steady, decayed])
    assert found["sepsis-alert"].outcome == Outcome.PASS
    assert found["readmission-risk"].outcome == Outcome.FAIL
    assert (
        "live auc 0.740" in found["readmission-risk"].detail
        and "11.9% lower" in found["readmission-risk"].detail
    )


def test_monitoring_fresh(team, owner):
    fresh, stale, silent = (make_model(team, owner, n) for n in ("card-fraud", "lifetime-value", "churn-v2"))
    snapshot(deploy(fresh), days_ago=1)
    snapshot(deploy(stale), days_ago=20)
    deploy(silent)
    found = judge("quality.monitoring_fresh", [fresh, stale, silent])
    assert found["card-fraud"].outcome == Outcome.PASS
    assert found["lifetime-value"].outcome == Outcome.FAIL
    assert "more than 7 days ago" in found["lifetime-value"].detail
    assert found["churn-v2"].outcome == Outcome.FAIL
    assert "has no monitoring snapshot" in found["churn-v2"].detail


def test_the_latest_deployed_version_is_judged_not_a_newer_candidate(team, owner):
    model = make_model(team, owner, "card-fraud")
    snapshot(deploy(model, label="1.0.0", days_ago=30), drift={"amount": 0.5})
    candidate = deploy(model, label="2.0.0-rc", days_ago=1)
    candidate.status = "validated"
    candidate.save()
    assert judge("quality.drift", [model])["card-fraud"].outcome == Outcome.FAIL
