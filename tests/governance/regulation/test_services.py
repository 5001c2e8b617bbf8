import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from governance.inventory.services.registry import model_update
from governance.regulation import services
from governance.regulation.models import Classification
from governance.regulation.signals import classification_needs_reasking

from .conftest import eu_answers

pytestmark = pytest.mark.django_db


def test_answering_derives_the_category_and_mirrors_the_tier_the_gate_reads(model, contributor):
    classification = services.classification_answer(
        actor=contributor,
        model=model,
        framework="eu_ai_act",
        answers=eu_answers(
            annex_iii={"value": ["5b"], "note": "loans", "evidence": "https://wiki.example/c"}
        ),
    )
    assert classification.category == "high"
    assert classification.answers["annex_iii"]["note"] == "loans"
    model.refresh_from_db()
    assert model.ai_act_tier == "high"
    assert classification.history.count() == 1


def test_a_hand_edit_cannot_change_an_answered_tier(model, contributor):
    services.classification_answer(
        actor=contributor, model=model, framework="eu_ai_act", answers=eu_answers()
    )
    model.refresh_from_db()
    # Refused with the reason (not silently undone), so a form or an API client learns why.
    with pytest.raises(ValidationError) as refused:
        model_update(actor=contributor, model=model, ai_act_tier="high")
    assert "classification" in refused.value.message_dict["ai_act_tier"][0]
    model.refresh_from_db()
    assert model.ai_act_tier == "minimal"
    # Other edits go through, and so does naming the tier it already has.
    model_update(actor=contributor, model=model, ai_act_tier="minimal", purpose="Sorts support e-mail.")
    model.refresh_from_db()
    assert (model.ai_act_tier, model.purpose) == ("minimal", "Sorts support e-mail.")


def test_the_api_refuses_a_tier_the_classification_holds(model, contributor, client):
    from rest_framework.test import APIClient

    services.classification_answer(
        actor=contributor, model=model, framework="eu_ai_act", answers=eu_answers()
    )
    api = APIClient()
    api.force_authenticate(contributor)
    response = api.patch(f"/api/v1/models/{model.pk}/", {"ai_act_tier": "high"}, format="json")
    assert response.status_code == 400, response.content
    assert "classification" in str(response.json())
    model.refresh_from_db()
    assert model.ai_act_tier == "minimal"


def test_strict_answers(model, contributor):
    for bad in (
        eu_answers(bogus=True),
        eu_answers(p_manipulation="yes"),
        eu_answers(annex_iii=["9z"]),
        eu_answers(annex_iii={"value": ["5b"], "evidence": "javascript:alert(1)"}),
        {"role": "provider"},  # unanswered questions
        eu_answers(annex_iii=["4a"], ex_narrow_procedural=True),  # Art. 6(4) record missing
        [],
    ):
        with pytest.raises(ValidationError):
            services.classification_answer(actor=contributor, model=model, framework="eu_ai_act", answers=bad)
    assert not Classification.objects.exists()


def test_viewer_may_not_answer(model, viewer):
    with pytest.raises(PermissionDenied):
        services.classification_answer(actor=viewer, model=model, framework="eu_ai_act", answers=eu_answers())


def test_override_needs_a_governance_admin_and_a_justification(model, contributor, gov_admin):
    classification = services.classification_answer(
        actor=contributor, model=model, framework="eu_ai_act", answers=eu_answers()
    )
    with pytest.raises(PermissionDenied):
        services.classification_override(
            actor=contributor, classification=classification, category="high", justification="x" * 30
        )
    with pytest.raises(ValidationError):
        services.classification_override(
            actor=gov_admin, classification=classification, category="high", justification="short"
        )
    classification = services.classification_override(
        actor=gov_admin,
        classification=classification,
        category="high",
        justification="The legal team holds it is used for credit decisions.",
    )
    assert classification.category == "high" and classification.derived_category == "minimal"
    model.refresh_from_db()
    assert model.ai_act_tier == "high"


def test_purpose_change_announces_reasking(model, contributor):
    services.classification_answer(
        actor=contributor, model=model, framework="eu_ai_act", answers=eu_answers()
    )
    heard = []

    def listen(sender, model, classification, **kwargs):
        heard.append(classification.framework)

    classification_needs_reasking.connect(listen)
    try:
        model.refresh_from_db()
        model_update(actor=contributor, model=model, purpose="Now it decides who gets a loan.")
    finally:
        classification_needs_reasking.disconnect(listen)
    assert heard == ["eu_ai_act"]


def test_korean_loan_screening_is_high_impact(model, contributor):
    classification = services.classification_answer(
        actor=contributor,
        model=model,
        framework="kr_ai_basic_act",
        answers={"kr_role": "developer", "kr_areas": ["g"], "kr_significant": True, "kr_generative": False},
    )
    assert classification.category == "high_impact"
    model.refresh_from_db()
    assert model.ai_act_tier == "minimal"  # the Korean category does not touch the EU tier


def test_attestation_expires_and_needs_a_known_obligation(model, contributor):
    with pytest.raises(ValidationError):
        services.attestation_record(
            actor=contributor, model=model, obligation="eu_art999", status="satisfied", note="We did it all."
        )
    with pytest.raises(ValidationError):
        services.attestation_record(
            actor=contributor, model=model, obligation="eu_art73", status="satisfied", note="short"
        )
    attestation = services.attestation_record(
        actor=contributor,
        model=model,
        obligation="eu_art73",
        status="satisfied",
        note="Incident procedure INC-7 covers Art. 73 reporting.",
        valid_days=30,
    )
    assert (attestation.expires_on - attestation.attested_at.date()).days == 30


def test_legacy_classification_from_the_hand_set_tier(model):
    from django.utils import timezone

    legacy = services.legacy_classification(Classification=Classification, model=model, now=timezone.now())
    legacy.save()
    assert legacy.is_legacy and legacy.category == "minimal"


def test_demo_seeder_gives_unclassified_models_a_legacy_classification_once(model):
    from django.utils import timezone

    from governance.regulation.demo import seed_demo_regulation

    assert seed_demo_regulation(today=timezone.localdate()) == 1
    assert seed_demo_regulation(today=timezone.localdate()) == 0
    assert Classification.objects.get(model=model).is_legacy
