"""Writes: answer a questionnaire (the category is derived, never typed), override it as a governance admin
with a justification, attest or withdraw an obligation. Each write is one transaction and mirrors the EU tier
onto MLModel.ai_act_tier, the field the promotion gate and the checks read."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.foundation.writes import validated_save
from governance.inventory.models import MLModel
from governance.teams import permissions as perms

from . import content
from .models import Attestation, Classification, Framework
from .obligations import BY_KEY
from .signals import classification_changed
from .wording import problem_text

TIER_FOR_EU = {"prohibited": "unacceptable", "high": "high", "limited": "limited", "minimal": "minimal"}
EU_FOR_TIER = {tier: category for category, tier in TIER_FOR_EU.items()}
MAX_NOTE = 2000


def _clean_answers(questionnaire: content.Questionnaire, raw: Any) -> dict[str, dict[str, Any]]:
    """Strict: known keys only, each {"value", "note", "evidence"} of the right type."""
    if not isinstance(raw, dict):
        raise ValidationError({"answers": _("Answers must be an object keyed by question.")})
    known = {q.key: q for q in questionnaire.questions}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise ValidationError({"answers": _("Unknown questions: %(value)s.") % {"value": ", ".join(unknown)}})
    cleaned: dict[str, dict[str, Any]] = {}
    errors: dict[str, str] = {}
    for key, entry in raw.items():
        question = known[key]
        if not isinstance(entry, dict):
            entry = {"value": entry}
        extra = set(entry) - {"value", "note", "evidence"}
        if extra:
            errors[key] = _("unknown fields %(fields)s") % {"fields": ", ".join(sorted(extra))}
            continue
        value, note, evidence = entry.get("value"), entry.get("note", ""), entry.get("evidence", "")
        if not isinstance(note, str) or not isinstance(evidence, str) or len(note) > MAX_NOTE:
            errors[key] = _("note and evidence must be text (note at most %(limit)s characters)") % {
                "limit": MAX_NOTE
            }
            continue
        if evidence:
            try:
                URLValidator(schemes=["http", "https"])(evidence)
            except ValidationError:
                errors[key] = _("evidence must be an http(s) link")
                continue
        choices = {c.value for c in question.choices}
        ok = _valid(question.kind, value, choices)
        if not ok:
            errors[key] = _("not a valid %(kind)s answer") % {"kind": question.kind.replace("_", "/")}
            continue
        if question.kind == "multi":
            value = sorted(set(value))
        cleaned[key] = {"value": value, "note": note.strip(), "evidence": evidence.strip()}
    if errors:
        raise ValidationError({"answers": [f"{k}: {v}" for k, v in sorted(errors.items())]})
    return cleaned


def _valid(kind: str, value: Any, choices: set[str]) -> bool:
    if kind == "yes_no":
        return value is None or isinstance(value, bool)
    if kind == "choice":
        return value in ("", None) or value in choices
    if kind == "multi":
        return isinstance(value, list) and all(isinstance(x, str) and x in choices for x in value)
    return value is None or (isinstance(value, str) and len(value) <= 10000)


def _mirror_tier(classification: Classification, *, actor: Any) -> None:
    """The EU category is the source: write it where the gate and checks read it."""
    if classification.framework != Framework.EU_AI_ACT:
        return
    model = MLModel.objects.select_for_update().get(pk=classification.model_id)
    tier = TIER_FOR_EU[classification.category]
    if model.ai_act_tier != tier:
        model.ai_act_tier = tier
        model._history_user = actor
        model._change_reason = "EU AI Act tier from its classification"
        model._regulation_mirror = True
        model.save(update_fields=["ai_act_tier", "updated_at"])


def classification_answer(*, actor: Any, model: MLModel, framework: str, answers: Any) -> Classification:
    if not perms.can_edit_team(actor, model.team_id):
        raise PermissionDenied(_("You may not classify this model."))
    if framework not in Framework.values:
        raise ValidationError({"framework": _("Unknown framework %(framework)r.") % {"framework": framework}})
    questionnaire = content.latest(framework)
    cleaned = _clean_answers(questionnaire, answers)
    result = questionnaire.derive(cleaned)
    if result.problems:
        raise ValidationError({"answers": [problem_text(problem) for problem in result.problems]})
    with transaction.atomic():
        model = MLModel.objects.select_for_update().get(pk=model.pk)
        classification = Classification.objects.filter(model=model, framework=framework).first()
        classification = classification or Classification(model=model, framework=framework)
        classification.questionnaire_version = questionnaire.version
        classification.status = Classification.Status.ANSWERED
        classification.answers = cleaned
        classification.derived_category = result.category
        classification.flags = list(result.flags)
        classification.reasons = [dict(r) for r in result.reasons]
        classification.role = result.role
        classification.purpose_snapshot = model.purpose
        classification.answered_by = actor
        classification.answered_at = timezone.now()
        # New answers supersede an override given for the old ones.
        classification.override_category = classification.override_justification = ""
        classification.overridden_by, classification.overridden_at = None, None
        validated_save(classification, actor=actor, reason="Answered")
        _mirror_tier(classification, actor=actor)
    classification_changed.send(sender=Classification, classification=classification)
    return classification


def classification_override(
    *, actor: Any, classification: Classification, category: str, justification: str
) -> Classification:
    if not perms.is_governance_admin(actor):
        raise PermissionDenied(_("Only a governance admin may override a classification."))
    questionnaire = content.get(classification.framework, classification.questionnaire_version)
    if category and category not in {c.value for c in questionnaire.categories}:
        raise ValidationError({"category": _("Unknown category %(category)r.") % {"category": category}})
    justification = (justification or "").strip()
    if category and len(justification) < 20:
        raise ValidationError({"justification": _("Give a justification of at least 20 characters.")})
    with transaction.atomic():
        classification = Classification.objects.select_for_update().get(pk=classification.pk)
        classification.override_category = category
        classification.override_justification = justification if category else ""
        classification.overridden_by = actor if category else None
        classification.overridden_at = timezone.now() if category else None
        validated_save(classification, actor=actor, reason="Overridden" if category else "Override removed")
        _mirror_tier(classification, actor=actor)
    classification_changed.send(sender=Classification, classification=classification)
    return classification


def attestation_record(
    *,
    actor: Any,
    model: MLModel,
    obligation: str,
    status: str,
    note: str,
    evidence_url: str = "",
    valid_days: int | None = None,
) -> Attestation:
    if not perms.can_edit_team(actor, model.team_id):
        raise PermissionDenied(_("You may not attest obligations for this model."))
    if obligation not in BY_KEY:
        raise ValidationError(
            {"obligation": _("Unknown obligation %(obligation)r.") % {"obligation": obligation}}
        )
    days = valid_days if valid_days is not None else settings.REGULATION_ATTESTATION_DAYS
    if not 1 <= days <= settings.REGULATION_ATTESTATION_DAYS:
        raise ValidationError(
            {
                "valid_days": _("Between 1 and %(REGULATION_ATTESTATION_DAYS)s days.")
                % {"REGULATION_ATTESTATION_DAYS": settings.REGULATION_ATTESTATION_DAYS}
            }
        )
    attestation = Attestation(
        model=model,
        obligation=obligation,
        status=status,
        note=(note or "").strip(),
        evidence_url=(evidence_url or "").strip(),
        attested_by=actor,
        expires_on=timezone.localdate() + datetime.timedelta(days=days),
    )
    validated_save(attestation, actor=actor, reason="Attested")
    return attestation


def attestation_withdraw(*, actor: Any, attestation: Attestation) -> Attestation:
    if not perms.can_edit_team(actor, attestation.model.team_id):
        raise PermissionDenied(_("You may not withdraw this attestation."))
    with transaction.atomic():
        attestation = Attestation.objects.select_for_update().get(pk=attestation.pk)
        if attestation.withdrawn_at is not None:
            raise ValidationError(_("This attestation is already withdrawn."))
        attestation.withdrawn_at = timezone.now()
        validated_save(attestation, actor=actor, reason="Withdrawn")
    return attestation


def legacy_classification(*, Classification: Any, model: Any, now: datetime.datetime) -> Any:
    """Carry a model's hand-set tier over as a "legacy, unverified" EU classification (the data migration
    passes its historical model class)."""
    category = EU_FOR_TIER.get(model.ai_act_tier, "minimal")
    return Classification(
        model_id=model.pk,
        framework="eu_ai_act",
        questionnaire_version=1,
        status="legacy",
        answers={},
        derived_category=category,
        flags=[],
        role="",
        reasons=[
            {
                "question": "",
                "citation": "",
                "why": f"carried over from the hand-set tier '{model.ai_act_tier}'",
            }
        ],
        purpose_snapshot=model.purpose,
        answered_at=now,
    )
