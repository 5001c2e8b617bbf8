"""Checks judge computed figures when they exist and say which kind they judged; the policy can require
computed evidence for chosen tiers; live fairness windows have a check of their own."""

from __future__ import annotations

import datetime

import pytest

from governance.checks.models import CheckPolicy, Outcome
from governance.inventory.models import Evaluation, MonitoringSnapshot, Origin
from tests.governance.checks.conftest import NOW, deploy, judge, make_model

pytestmark = pytest.mark.django_db

FAIR = {"sex": {"female": {"selection_rate": 0.40}, "male": {"selection_rate": 0.42}}}
UNFAIR = {"sex": {"female": {"selection_rate": 0.20}, "male": {"selection_rate": 0.40}}}


@pytest.fixture
def owner(team):
    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory(username="olga.owner")
    MembershipFactory(user=user, team=team, role="maintainer")
    return user


def _evaluation(version, groups, *, computed: bool, days_ago: int = 1):
    return Evaluation.objects.create(
        version=version,
        quality=0.8,
        group_metrics=groups,
        evaluated_at=NOW - datetime.timedelta(days=days_ago),
        recorded_by=version.registered_by,
        origin=Origin.COMPUTED if computed else Origin.REPORTED,
        origin_detail="computed from prediction set #7 (sha256 abcdef012345…)" if computed else "",
    )


def _snapshot(version, *, computed: bool, days_ago: int = 1, drift=None, groups=None):
    return MonitoringSnapshot.objects.create(
        version=version,
        feature_drift=drift or {},
        group_metrics=groups or {},
        taken_at=NOW - datetime.timedelta(days=days_ago),
        recorded_by=version.registered_by,
        origin=Origin.COMPUTED if computed else Origin.REPORTED,
        origin_detail="computed from prediction set #9 (sha256 0123456789ab…)" if computed else "",
    )


def test_computed_figures_win_over_newer_reported_ones_and_the_detail_says_so(team, owner):
    model = make_model(team, owner, "credit-scoring")
    version = deploy(model)
    _evaluation(version, UNFAIR, computed=True, days_ago=5)
    _evaluation(version, FAIR, computed=False, days_ago=1)  # newer, but typed in
    found = judge("fairness.selection_rate_ratio", [model])["credit-scoring"]
    assert found.outcome == Outcome.FAIL
    assert "(computed from prediction set #7 (sha256 abcdef012345…))" in found.detail
    assert found.evidence["evidence_kind"].startswith("computed from prediction set #7")


def test_reported_figures_are_named_as_reported(team, owner):
    model = make_model(team, owner, "churn")
    _evaluation(deploy(model), FAIR, computed=False)
    found = judge("fairness.selection_rate_ratio", [model])["churn"]
    assert found.outcome == Outcome.PASS
    assert "(reported)" in found.detail and found.evidence["evidence_kind"] == "reported"


def test_policy_requires_computed_evidence_for_chosen_tiers(team, owner):
    high = make_model(team, owner, "high-reported", tier="high")
    _evaluation(deploy(high), FAIR, computed=False)
    _snapshot(high.versions.get(), computed=False, drift={"age": 0.01})
    minimal = make_model(team, owner, "minimal-reported", tier="minimal")
    _evaluation(deploy(minimal), FAIR, computed=False)
    computed = make_model(team, owner, "high-computed", tier="high")
    _evaluation(deploy(computed), FAIR, computed=True)
    policy = CheckPolicy(computed_evidence_tiers=["high", "unacceptable"])
    found = judge("fairness.selection_rate_ratio", [high, minimal, computed], policy=policy)
    assert found["high-reported"].outcome == Outcome.FAIL
    assert "only reported figures for high-tier model 'high-reported'" in found["high-reported"].detail
    assert found["minimal-reported"].outcome == Outcome.PASS
    assert found["high-computed"].outcome == Outcome.PASS
    assert judge("quality.drift", [high], policy=policy)["high-reported"].outcome == Outcome.FAIL
    # without the option, the same reported figures pass
    assert judge("fairness.selection_rate_ratio", [high])["high-reported"].outcome == Outcome.PASS


def test_policy_tiers_are_validated():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        CheckPolicy(computed_evidence_tiers=["very high"]).full_clean()


def test_drift_prefers_the_computed_snapshot_and_freshness_still_sees_the_newest(team, owner):
    model = make_model(team, owner, "fraud")
    version = deploy(model)
    _snapshot(version, computed=True, days_ago=20, drift={"amount": 0.4})
    _snapshot(version, computed=False, days_ago=1, drift={"amount": 0.01})
    drift = judge("quality.drift", [model])["fraud"]
    assert drift.outcome == Outcome.FAIL and "computed from prediction set #9" in drift.detail
    assert judge("quality.monitoring_fresh", [model])["fraud"].outcome == Outcome.PASS


def test_live_fairness_fails_warns_on_decay_and_passes(team, owner):
    below = make_model(team, owner, "below")
    _snapshot(deploy(below), computed=True, groups=UNFAIR)
    decaying = make_model(team, owner, "decaying")
    version = deploy(decaying)
    for days_ago, female in ((30, 0.42), (20, 0.39), (10, 0.36)):
        groups = {"sex": {"female": {"selection_rate": female}, "male": {"selection_rate": 0.42}}}
        _snapshot(version, computed=True, days_ago=days_ago, groups=groups)
    steady = make_model(team, owner, "steady")
    _snapshot(deploy(steady), computed=True, groups=FAIR)
    silent = make_model(team, owner, "silent")
    _snapshot(deploy(silent), computed=True, drift={"age": 0.1})
    found = judge("fairness.live", [below, decaying, steady, silent])
    assert found["below"].outcome == Outcome.FAIL
    assert "live selection-rate ratio 0.50 on 'sex'" in found["below"].detail
    # 0.42/0.42 = 1.00 first, 0.36/0.42 = 0.857 last: above 0.8 but down 0.14 > 0.05 tolerance
    assert found["decaying"].outcome == Outcome.WARN
    assert found["decaying"].evidence["windows"] == [1.0, pytest.approx(0.9286, abs=1e-4), 0.8571]
    assert found["steady"].outcome == Outcome.PASS
    assert found["silent"].outcome == Outcome.NOT_APPLICABLE


def test_live_fairness_reads_in_a_fixed_number_of_queries(team, owner, django_assert_max_num_queries):
    models = []
    for i in range(12):
        model = make_model(team, owner, f"m{i}")
        _snapshot(deploy(model), computed=True, groups=FAIR)
        models.append(model)
    with django_assert_max_num_queries(4):
        found = judge("fairness.live", models)
    assert len(found) == 12
