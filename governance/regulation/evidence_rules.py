"""One function per kind of computed evidence: (status, detail) for a model from EvidenceData, no query."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from governance.inventory.models import MLModel
from governance.promotions.policy import MODEL_CARD_FIELDS

from .evidence import MISSING, MONITORING_DAYS, PARTLY, SATISFIED, EvidenceData

# A rule answers (status, detail), or (status, detail, DEFECT) when the records show something wrong rather
# than merely lacking: an attestation may fill a gap in the records, never outweigh what they show.
Rule = Callable[[EvidenceData, MLModel], tuple]
DEFECT = True
RULES: dict[str, Rule] = {}

CARD_FIELDS = ("intended_use", "out_of_scope_uses", "limitations", "evaluation_description")
DOC_FIELDS = MODEL_CARD_FIELDS  # the gate's model card: the same fields document the system (Annex IV)


def rule(name: str) -> Callable[[Rule], Rule]:
    def add(function: Rule) -> Rule:
        RULES[name] = function
        return function

    return add


def _filled(model: MLModel, fields: tuple[str, ...]) -> list[str]:
    return [f for f in fields if str(getattr(model, f) or "").strip()]


@rule("risk_register")
def risk_register(data: EvidenceData, model: MLModel) -> tuple[str, str]:
    risks = data.risks.get(model.pk, [])
    if not risks:
        return MISSING, "no active risk in the register"
    overdue = [r for r in risks if r["next_review_due"] is not None and r["next_review_due"] < data.today]
    unreviewed = [r for r in risks if r["last_reviewed_on"] is None]
    if overdue or unreviewed:
        return (
            PARTLY,
            f"{len(risks)} active risk(s); {len(overdue)} review(s) overdue, "
            f"{len(unreviewed)} never reviewed",
            DEFECT,
        )
    return SATISFIED, f"{len(risks)} active risk(s), every review up to date"


@rule("data_governance")
def data_governance(data: EvidenceData, model: MLModel) -> tuple[str, str]:
    uses = [row for row in data.uses.get(model.pk, []) if row.use.role in ("training", "evaluation")]
    if not uses:
        return MISSING, "no training or evaluation data source is recorded"
    bad = [row for row in uses if not row.status.ok]
    if bad:
        names = "; ".join(f"'{row.use.data_source.name}': {row.status.label}" for row in bad[:5])
        return PARTLY, f"{len(bad)} of {len(uses)} data use(s) not covered: {names}", DEFECT
    return SATISFIED, f"{len(uses)} data use(s) recorded, each with a legal basis or a valid consent"


@rule("technical_documentation")
def technical_documentation(data: EvidenceData, model: MLModel) -> tuple[str, str]:
    filled = _filled(model, DOC_FIELDS)
    versions = data.version_counts.get(model.pk, 0)
    if not filled and not versions:
        return MISSING, "no model card field and no version recorded"
    # The Annex IV dossier also needs the design, the QMS and the EU declaration: records give part of it.
    return (
        PARTLY,
        f"{len(filled)} of {len(DOC_FIELDS)} model-card fields, {versions} version(s) recorded; "
        "the rest of Annex IV needs an attestation",
    )


@rule("record_keeping")
def record_keeping(data: EvidenceData, model: MLModel) -> tuple[str, str]:
    changes = data.history_counts.get(model.pk, 0)
    if not changes:
        return MISSING, "no change history is recorded"
    return (
        PARTLY,
        f"{changes} recorded change(s) to the model; the system's own event logs need an attestation",
    )


@rule("instructions_for_use")
def instructions_for_use(data: EvidenceData, model: MLModel) -> tuple[str, str]:
    filled = _filled(model, CARD_FIELDS)
    if len(filled) == len(CARD_FIELDS):
        return SATISFIED, "intended use, out-of-scope uses, limitations and evaluation are documented"
    if filled:
        return PARTLY, f"{len(filled)} of {len(CARD_FIELDS)} model-card fields for deployers filled in"
    return MISSING, "the model card says nothing about use, limitations or evaluation"


@rule("explanation")
def explanation(data: EvidenceData, model: MLModel) -> tuple[str, str]:
    filled = _filled(model, ("purpose", "evaluation_description", "training_data_description"))
    if len(filled) == 3:
        return SATISFIED, "purpose, evaluation criteria and a training-data overview are documented"
    return (PARTLY if filled else MISSING), f"{len(filled)} of 3 explanation fields filled in"


@rule("human_oversight")
def human_oversight(data: EvidenceData, model: MLModel) -> tuple[str, str]:
    contact = model.human_oversight_contact
    if contact is None:
        return MISSING, "no human-oversight contact is named"
    if not contact.is_active:
        return PARTLY, f"oversight contact '{contact.get_username()}' is deactivated", DEFECT
    return SATISFIED, f"oversight contact: {contact.get_username()}"


@rule("accuracy")
def accuracy(data: EvidenceData, model: MLModel) -> tuple[str, str]:
    evaluations = data.evaluations.get(model.pk, {})
    if not evaluations:
        return MISSING, "no evaluation is recorded"
    failing = data.quality_failures.get(model.pk, [])
    if model.pk not in data.check_status:
        return PARTLY, "evaluations recorded, but the quality and fairness checks never ran"
    if failing:
        return PARTLY, f"quality or fairness checks not passing: {', '.join(sorted(failing))}", DEFECT
    if not evaluations.get("computed"):
        return PARTLY, "only reported evaluation figures; none computed by the product from predictions"
    return SATISFIED, "computed evaluations recorded and the quality and fairness checks pass"


@rule("quality_management")
def quality_management(data: EvidenceData, model: MLModel) -> tuple[str, str]:
    gated = bool({"", model.ai_act_tier} & data.gate_tiers)
    approved = data.approved_promotions.get(model.pk, 0)
    if not gated:
        return MISSING, "no active promotion-gate rule set covers this tier"
    return (
        PARTLY,
        f"a promotion gate covers the tier; {approved} approved promotion(s); the written QMS "
        "needs an attestation",
    )


@rule("deployer_duties")
def deployer_duties(data: EvidenceData, model: MLModel) -> tuple[str, str]:
    contact, _ = human_oversight(data, model)
    monitored = _monitored(data, model)
    if contact == SATISFIED and monitored:
        return PARTLY, "oversight assigned and monitoring recorded; use per instructions needs an attestation"
    return MISSING, "no oversight contact or no recent monitoring"


def _monitored(data: EvidenceData, model: MLModel) -> bool:
    latest = data.latest_snapshot.get(model.pk)
    return latest is not None and (timezone.now() - latest).days <= MONITORING_DAYS


@rule("post_market_monitoring")
def post_market_monitoring(data: EvidenceData, model: MLModel) -> tuple[str, str]:
    if _monitored(data, model):
        return (
            PARTLY,
            f"monitoring data within {MONITORING_DAYS} days; the monitoring plan needs an attestation",
        )
    return MISSING, f"no monitoring data in the last {MONITORING_DAYS} days"
