import datetime

import pytest
from django.utils import timezone

from governance.checks.data import ChunkData
from governance.checks.models import CheckPolicy
from governance.inventory.models import MLModel
from governance.inventory.services.data import consent_withdraw
from governance.promotions.gate import gate_evaluate
from governance.promotions.models import Environment
from governance.regulation import services
from governance.regulation.checks import classified
from governance.regulation.models import Classification
from governance.regulation.obligations import applicable, situation_from
from governance.regulation.selectors import model_regulation, regulation_for_models
from tests.factories import (
    ConsentRecordFactory,
    DataSourceFactory,
    DataSourceUseFactory,
    MLModelFactory,
    ModelVersionFactory,
)

from .conftest import eu_answers

pytestmark = pytest.mark.django_db

HIGH = eu_answers(annex_iii=["5b"])


def _high(model, actor):
    return services.classification_answer(actor=actor, model=model, framework="eu_ai_act", answers=HIGH)


def _status(model, key):
    model = MLModel.objects.select_related("human_oversight_contact").get(pk=model.pk)
    return next(o for o in model_regulation(model=model).obligations if o.obligation.key == key)


def test_withdrawing_the_consent_drops_art_10_to_partly_satisfied(model, contributor):
    _high(model, contributor)
    source = DataSourceFactory(team=model.team, steward=contributor)
    consent = ConsentRecordFactory(data_source=source, purpose="credit-scoring")
    DataSourceUseFactory(model=model, data_source=source, purpose="credit-scoring", created_by=contributor)
    assert _status(model, "eu_art10").status == "satisfied"
    consent_withdraw(actor=contributor, consent=consent, reason="The customer withdrew it.")
    art10 = _status(model, "eu_art10")
    assert art10.status == "partly" and art10.source == "computed"


def test_an_attestation_fills_a_gap_but_never_outweighs_a_defect_the_records_show(model, contributor):
    _high(model, contributor)
    # A gap: no data source recorded yet. An attestation fills it.
    services.attestation_record(
        actor=contributor,
        model=model,
        obligation="eu_art10",
        status="satisfied",
        note="Data governance procedure DG-3, reviewed by the DPO.",
    )
    assert _status(model, "eu_art10").source == "attested"
    # The records then show a defect: a consent-based use whose consent is withdrawn.
    source = DataSourceFactory(team=model.team, steward=contributor)
    consent = ConsentRecordFactory(data_source=source, purpose="credit-scoring")
    DataSourceUseFactory(model=model, data_source=source, purpose="credit-scoring", created_by=contributor)
    consent_withdraw(actor=contributor, consent=consent, reason="The customer withdrew it.")
    art10 = _status(model, "eu_art10")
    assert (art10.status, art10.source) == ("partly", "computed")
    assert "does not outweigh" in art10.detail


def test_oversight_contact_satisfies_art_14(model, contributor):
    _high(model, contributor)
    assert _status(model, "eu_art14").status == "missing"
    MLModel.objects.filter(pk=model.pk).update(human_oversight_contact=contributor)
    assert _status(model, "eu_art14").status == "satisfied"


def test_attestation_raises_an_attested_obligation_until_it_expires(model, contributor):
    _high(model, contributor)
    assert _status(model, "eu_art73").status == "missing"
    services.attestation_record(
        actor=contributor,
        model=model,
        obligation="eu_art73",
        status="satisfied",
        note="Incident procedure INC-7 covers Art. 73 reporting.",
        valid_days=10,
    )
    assert _status(model, "eu_art73").status == "satisfied"
    later = timezone.localdate() + datetime.timedelta(days=11)
    model = MLModel.objects.select_related("human_oversight_contact").get(pk=model.pk)
    status = next(
        o for o in model_regulation(model=model, today=later).obligations if o.obligation.key == "eu_art73"
    )
    assert status.status == "missing"


def test_minimal_model_has_no_obligations_and_deployer_gets_art_26_27(model, contributor):
    services.classification_answer(
        actor=contributor, model=model, framework="eu_ai_act", answers=eu_answers()
    )
    model = MLModel.objects.select_related("human_oversight_contact").get(pk=model.pk)
    assert model_regulation(model=model).obligations == []
    services.classification_answer(
        actor=contributor,
        model=model,
        framework="eu_ai_act",
        answers=eu_answers(role="deployer", annex_iii=["5b"]),
    )
    keys = {o.obligation.key for o in model_regulation(model=model).obligations}
    assert keys == {"eu_art26", "eu_art27"}  # Art. 27(1): deployers of Annex III 5(b) systems


def test_obligations_for_a_list_of_models_take_a_fixed_number_of_queries(
    team, contributor, django_assert_max_num_queries
):
    for i in range(12):
        m = MLModelFactory(
            team=team, owner=contributor, human_oversight_contact=contributor if i % 2 else None
        )
        _high(m, contributor)
        ModelVersionFactory(model=m)
    models = list(MLModel.objects.select_related("human_oversight_contact"))
    with django_assert_max_num_queries(14):
        found = regulation_for_models(models=models)
    assert len(found) == 12 and all(r.obligations for r in found.values())


def test_gate_blocks_production_until_obligations_are_met(team, contributor, gov_admin, reference_data):
    model = MLModelFactory(team=team, owner=contributor, stage="development")
    _high(model, contributor)
    version = ModelVersionFactory(model=model, status="validated")
    production = Environment.objects.get(slug="production")
    staging = Environment.objects.get(slug="staging")
    version = (
        type(version)
        .objects.select_related("model__owner", "model__human_oversight_contact", "model__team")
        .get(pk=version.pk)
    )
    rules = {r.key: r for r in gate_evaluate(version=version, environment=production).rules}
    assert rules["regulation_obligations"].passed is False
    assert "Art. 9" in rules["regulation_obligations"].reason
    assert "regulation_obligations" not in {
        r.key for r in gate_evaluate(version=version, environment=staging).rules
    }
    situation = situation_from(eu=Classification.objects.get(model=model), kr=None)
    for obligation in applicable(situation):
        services.attestation_record(
            actor=contributor,
            model=model,
            obligation=obligation.key,
            status="satisfied",
            note="Evidence in the QMS binder.",
        )
    rules = {r.key: r for r in gate_evaluate(version=version, environment=production).rules}
    assert rules["regulation_obligations"].passed is True


def test_prohibited_classification_blocks_through_the_tier_rule(model, contributor, reference_data):
    services.classification_answer(
        actor=contributor, model=model, framework="eu_ai_act", answers=eu_answers(p_social_scoring=True)
    )
    version = ModelVersionFactory(model=model, status="validated")
    version = (
        type(version)
        .objects.select_related("model__owner", "model__human_oversight_contact", "model__team")
        .get(pk=version.pk)
    )
    rules = {
        r.key: r
        for r in gate_evaluate(version=version, environment=Environment.objects.get(slug="staging")).rules
    }
    assert rules["tier_allowed"].passed is False


def _outcomes(models, today=None):
    data = ChunkData(
        model_ids=[m.pk for m in models],
        policy=CheckPolicy.objects.first() or CheckPolicy(),
        today=today or timezone.localdate(),
    )
    return {f.model_id: f.outcome for f in classified(data)}


def test_check_missing_fails_legacy_warns_in_grace_then_fails_stale_purpose_fails(
    team, contributor, settings
):
    missing = MLModelFactory(team=team, owner=contributor)
    legacy = MLModelFactory(team=team, owner=contributor)
    services.legacy_classification(Classification=Classification, model=legacy, now=timezone.now()).save()
    answered = MLModelFactory(team=team, owner=contributor)
    services.classification_answer(
        actor=contributor, model=answered, framework="eu_ai_act", answers=eu_answers()
    )
    outcomes = _outcomes([missing, legacy, answered])
    assert outcomes == {missing.pk: "fail", legacy.pk: "warn", answered.pk: "pass"}
    Classification.objects.filter(model=legacy).update(
        answered_at=timezone.now() - datetime.timedelta(days=settings.REGULATION_LEGACY_GRACE_DAYS + 1)
    )
    MLModel.objects.filter(pk=answered.pk).update(purpose="It now screens job applicants.")
    outcomes = _outcomes([legacy, answered])
    assert outcomes == {legacy.pk: "fail", answered.pk: "fail"}


def test_gate_excuses_a_legacy_high_tier_model_only_during_the_grace_period(team, contributor, settings):
    model = MLModelFactory(team=team, owner=contributor, ai_act_tier="high")
    services.legacy_classification(Classification=Classification, model=model, now=timezone.now()).save()
    version = ModelVersionFactory(model=model, status="validated")
    version = (
        type(version)
        .objects.select_related("model__owner", "model__human_oversight_contact", "model__team")
        .get(pk=version.pk)
    )
    production = Environment.objects.get(slug="production")
    rule = next(
        r
        for r in gate_evaluate(version=version, environment=production).rules
        if r.key == "regulation_obligations"
    )
    assert rule.passed and "legacy" in rule.reason
    later = timezone.localdate() + datetime.timedelta(days=settings.REGULATION_LEGACY_GRACE_DAYS + 1)
    rule = next(
        r
        for r in gate_evaluate(version=version, environment=production, today=later).rules
        if r.key == "regulation_obligations"
    )
    assert not rule.passed
