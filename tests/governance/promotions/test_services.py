"""Requests, approvals, separation of duties, re-evaluation at decision time, waivers and expiry."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from governance.inventory import services as inventory
from governance.promotions import services
from governance.promotions.gate import gate_evaluate
from governance.promotions.models import Approval, Deployment, GateRuleSet, PromotionRequest, Waiver
from tests.factories import (
    ConsentRecordFactory,
    DataSourceFactory,
    DataSourceUseFactory,
    MLModelFactory,
    ModelVersionFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def ask(actor, version, environment, **kw):
    return services.promotion_request_create(
        actor=actor,
        version=version,
        environment=environment,
        justification="Passed offline evaluation.",
        **kw,
    )


def is_conflict(exc):
    return getattr(exc.value, "code", None) == "conflict"


def test_request_then_maintainer_approval_moves_production(version, production, contributor, maintainer):
    request = ask(contributor, version, production)
    assert request.status == "open" and request.gate_at_request["allowed"] is True
    services.promotion_approve(actor=maintainer, request=request)
    request.refresh_from_db()
    version.refresh_from_db()
    version.model.refresh_from_db()
    assert request.status == "approved" and request.decided_by == maintainer
    assert Deployment.objects.get(model=version.model, environment=production).version == version
    assert version.status == "deployed" and version.model.stage == "production"


def test_nobody_approves_their_own_request(version, production, maintainer):
    request = ask(maintainer, version, production)
    with pytest.raises(PermissionDenied, match="their own request"):
        services.promotion_approve(actor=maintainer, request=request)
    assert not Approval.objects.exists() and not Deployment.objects.exists()


def test_contributor_and_outsider_cannot_decide(version, production, maintainer, contributor, outsider):
    request = ask(maintainer, version, production)
    for actor in (contributor, outsider):
        with pytest.raises(PermissionDenied):
            services.promotion_approve(actor=actor, request=request)


def test_decided_and_expired_requests_are_conflicts(
    version, production, contributor, maintainer, second_maintainer
):
    request = ask(contributor, version, production)
    services.promotion_approve(actor=maintainer, request=request)
    with pytest.raises(ValidationError) as exc:
        services.promotion_approve(actor=second_maintainer, request=request)
    assert is_conflict(exc)
    other = ModelVersionFactory(model=version.model, label="2.0.0")
    late = ask(contributor, other, production)
    PromotionRequest.objects.filter(pk=late.pk).update(
        expires_at=timezone.now() - datetime.timedelta(hours=1)
    )
    with pytest.raises(ValidationError) as exc:
        services.promotion_approve(actor=maintainer, request=late)
    assert is_conflict(exc) and "expired" in str(exc.value)
    assert services.promotions_expire() == 1
    late.refresh_from_db()
    assert late.status == "expired"
    assert Deployment.objects.get(environment=production).version == version


def test_approving_twice_is_a_conflict(team, contributor, maintainer, production, lenient):
    GateRuleSet.objects.filter(tier="minimal").update(maintainer_approvals=2)
    model = MLModelFactory(team=team, owner=contributor, ai_act_tier="minimal")
    request = ask(contributor, ModelVersionFactory(model=model), production)
    services.promotion_approve(actor=maintainer, request=request)
    with pytest.raises(ValidationError) as exc:
        services.promotion_approve(actor=maintainer, request=request)
    assert is_conflict(exc) and Approval.objects.count() == 1 and not Deployment.objects.exists()


def test_rejection_needs_a_reason(version, production, contributor, maintainer):
    request = ask(contributor, version, production)
    with pytest.raises(ValidationError):
        services.promotion_reject(actor=maintainer, request=request, reason=" ")
    services.promotion_reject(actor=maintainer, request=request, reason="Evaluation too old.")
    request.refresh_from_db()
    assert request.status == "rejected" and request.decision_reason == "Evaluation too old."


def test_two_open_requests_for_the_same_version_and_environment(version, production, contributor):
    ask(contributor, version, production)
    with pytest.raises(ValidationError) as exc:
        ask(contributor, version, production)
    assert is_conflict(exc) and PromotionRequest.objects.count() == 1


@pytest.mark.parametrize(
    ("stage", "tier", "message"),
    [("retired", "minimal", "retired"), ("development", "unacceptable", "unacceptable")],
)
def test_retired_and_prohibited_models_are_not_promoted(
    team, contributor, production, lenient, stage, tier, message
):
    model = MLModelFactory(team=team, owner=contributor, stage=stage, ai_act_tier=tier)
    with pytest.raises(ValidationError, match=message):
        ask(contributor, ModelVersionFactory(model=model), production)
    assert not PromotionRequest.objects.exists()


def _attest_high_risk_obligations(model, actor):
    """The regulation app's gate rule (issue 22) holds a high-risk model to its obligations in production."""
    from governance.regulation.obligations import applicable, situation_from
    from governance.regulation.services import attestation_record

    for obligation in applicable(situation_from(eu=None, kr=None, tier=model.ai_act_tier)):
        attestation_record(
            actor=actor,
            model=model,
            obligation=obligation.key,
            status="satisfied",
            note="Attested for the test.",
        )


def test_high_tier_needs_an_admin_and_an_approver_independent_of_owner(
    team, contributor, maintainer, gov_admin, production
):
    GateRuleSet.objects.filter(tier="high").update(
        check_max_age_days=None,
        failing_checks=[],
        model_card_fields=[],
        min_mlops_level=None,
        require_fairness_evaluation=False,
        require_active_people=False,
    )
    model = MLModelFactory(team=team, owner=maintainer, ai_act_tier="high")
    _attest_high_risk_obligations(model, maintainer)
    request = ask(contributor, ModelVersionFactory(model=model), production)
    services.promotion_approve(actor=maintainer, request=request)  # the owner: counts as maintainer only
    request.refresh_from_db()
    assert request.status == "open"
    services.promotion_approve(actor=gov_admin, request=request)
    request.refresh_from_db()
    assert request.status == "approved"
    assert sorted(request.approvals.values_list("role", flat=True)) == ["governance_admin", "maintainer"]


def test_gate_is_re_evaluated_at_decision_time(version, production, contributor, maintainer, gov_admin):
    """A consent withdrawn after the request blocks the approval; a waiver naming the rule lets it through."""
    source = DataSourceFactory(legal_basis="consent", contains_personal_data=True)
    consent = ConsentRecordFactory(data_source=source, purpose="credit scoring")
    DataSourceUseFactory(model=version.model, data_source=source, role="training", purpose="credit scoring")
    request = ask(contributor, version, production)
    assert request.gate_at_request["allowed"] is True
    inventory.consent_withdraw(actor=gov_admin, consent=consent, reason="Data subjects asked.")
    with pytest.raises(ValidationError, match="consent"):
        services.promotion_approve(actor=maintainer, request=request)
    assert not Approval.objects.exists() and not Deployment.objects.exists()
    with pytest.raises(PermissionDenied):  # only a governance admin waives
        services.promotion_approve(
            actor=maintainer,
            request=request,
            waive_rules=["consent_covered"],
            waiver_reason="Re-consent running.",
            waiver_expires_on=TODAY + datetime.timedelta(days=14),
        )
    services.promotion_approve(
        actor=gov_admin,
        request=request,
        waive_rules=["consent_covered"],
        waiver_reason="Re-consent running.",
        waiver_expires_on=TODAY + datetime.timedelta(days=14),
    )
    request.refresh_from_db()
    assert request.status == "approved"
    waiver = Waiver.objects.get()
    assert waiver.rules == ["consent_covered"] and waiver.granted_by == gov_admin
    rule = {r.key: r for r in gate_evaluate(version=version, environment=production).rules}["consent_covered"]
    assert not rule.passed and rule.waived_until == waiver.expires_on.isoformat()


def test_unacceptable_tier_rule_can_never_be_waived(version, production, contributor, gov_admin):
    request = ask(contributor, version, production)
    type(version.model).objects.filter(pk=version.model_id).update(ai_act_tier="unacceptable")
    with pytest.raises(ValidationError, match="can never be waived"):
        services.promotion_approve(
            actor=gov_admin,
            request=request,
            waive_rules=["tier_allowed"],
            waiver_reason="Board said so.",
            waiver_expires_on=TODAY + datetime.timedelta(days=14),
        )
    assert not Waiver.objects.exists() and not Deployment.objects.exists()


def test_rollback_and_demotion_are_requests_of_their_kinds(version, production, contributor, maintainer):
    services.promotion_approve(actor=maintainer, request=ask(contributor, version, production))
    v2 = ModelVersionFactory(model=version.model, label="2.0.0")
    services.promotion_approve(actor=maintainer, request=ask(contributor, v2, production))
    back = ask(contributor, version, production)
    assert back.kind == "rollback" and back.replaces_version == v2
    services.promotion_approve(actor=maintainer, request=back)
    assert Deployment.objects.get(environment=production).version == version
    v2.refresh_from_db()
    assert v2.status == "validated"
    down = ask(contributor, version, production, kind="demote")
    services.promotion_approve(actor=maintainer, request=down)
    version.model.refresh_from_db()
    assert not Deployment.objects.exists() and version.model.stage == "development"
    history = list(
        Deployment.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )
    assert history[-1].startswith("Demotion: 1.0.0 left Production")


def test_out_of_policy_pass_flags_a_production_version_that_stops_meeting_its_gate(
    version, production, contributor, maintainer, gov_admin, django_assert_max_num_queries
):
    source = DataSourceFactory(legal_basis="consent", contains_personal_data=True)
    consent = ConsentRecordFactory(data_source=source, purpose="credit scoring")
    DataSourceUseFactory(model=version.model, data_source=source, role="training", purpose="credit scoring")
    services.promotion_approve(actor=maintainer, request=ask(contributor, version, production))
    assert services.out_of_policy_pass() == {"deployments": 1, "out_of_policy": 0}
    inventory.consent_withdraw(actor=gov_admin, consent=consent, reason="Data subjects asked.")
    with django_assert_max_num_queries(14):
        assert services.out_of_policy_pass() == {"deployments": 1, "out_of_policy": 1}
    deployment = Deployment.objects.get()
    assert deployment.out_of_policy and "consent" in deployment.policy_reasons[0]


def test_one_gate_evaluation_takes_a_fixed_number_of_queries(
    version, production, django_assert_max_num_queries
):
    for i in range(5):
        DataSourceUseFactory(model=version.model, role="training", purpose=f"p{i}")
    with django_assert_max_num_queries(11):
        result = gate_evaluate(version=version, environment=production)
    assert {r.key for r in result.rules} >= {"tier_allowed", "consent_covered", "risks_treated"}
