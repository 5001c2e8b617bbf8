"""One function per kind of computed evidence: (status, detail) for a model from EvidenceData, no query.

The detail is read in the active language (a page's, a PDF's): the rules run whenever it is shown."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

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
        return MISSING, _("no active risk in the register")
    overdue = [r for r in risks if r["next_review_due"] is not None and r["next_review_due"] < data.today]
    unreviewed = [r for r in risks if r["last_reviewed_on"] is None]
    if overdue or unreviewed:
        return (
            PARTLY,
            _("%(risks)s active risk(s); %(overdue)s review(s) overdue, %(unreviewed)s never reviewed")
            % {"risks": len(risks), "overdue": len(overdue), "unreviewed": len(unreviewed)},
            DEFECT,
        )
    return SATISFIED, _("%(risks)s active risk(s), every review up to date") % {"risks": len(risks)}


@rule("data_governance")
def data_governance(data: EvidenceData, model: MLModel) -> tuple[str, str]:
    uses = [row for row in data.uses.get(model.pk, []) if row.use.role in ("training", "evaluation")]
    if not uses:
        return MISSING, _("no training or evaluation data source is recorded")
    bad = [row for row in uses if not row.status.ok]
    if bad:
        names = "; ".join(f"'{row.use.data_source.name}': {row.status.label}" for row in bad[:5])
        return (
            PARTLY,
            _("%(bad)s of %(uses)s data use(s) not covered: %(names)s")
            % {"bad": len(bad), "uses": len(uses), "names": names},
            DEFECT,
        )
    return SATISFIED, _("%(uses)s data use(s) recorded, each with a legal basis or a valid consent") % {
        "uses": len(uses)
    }


@rule("technical_documentation")
def technical_documentation(data: EvidenceData, model: MLModel) -> tuple[str, str]:
    filled = _filled(model, DOC_FIELDS)
    versions = data.version_counts.get(model.pk, 0)
    if not filled and not versions:
        return MISSING, _("no model card field and no version recorded")
    # The Annex IV dossier also needs the design, the QMS and the EU declaration: records give part of it.
    return (
        PARTLY,
        _(
            "%(filled)s of %(fields)s model-card fields, %(versions)s version(s) recorded; the rest of "
            "Annex IV needs an attestation"
        )
        % {"filled": len(filled), "fields": len(DOC_FIELDS), "versions": versions},
    )


@rule("record_keeping")
def record_keeping(data: EvidenceData, model: MLModel) -> tuple[str, str]:
    changes = data.history_counts.get(model.pk, 0)
    if not changes:
        return MISSING, _("no change history is recorded")
    return (
        PARTLY,
        _("%(changes)s recorded change(s) to the model; the system's own event logs need an attestation")
        % {"changes": changes},
    )


@rule("instructions_for_use")
def instructions_for_use(data: EvidenceData, model: MLModel) -> tuple[str, str]:
    filled = _filled(model, CARD_FIELDS)
    if len(filled) == len(CARD_FIELDS):
        return SATISFIED, _("intended use, out-of-scope uses, limitations and evaluation are documented")
    if filled:
        return PARTLY, _("%(filled)s of %(fields)s model-card fields for deployers filled in") % {
            "filled": len(filled),
            "fields": len(CARD_FIELDS),
        }
    return MISSING, _("the model card says nothing about use, limitations or evaluation")


@rule("explanation")
def explanation(data: EvidenceData, model: MLModel) -> tuple[str, str]:
    filled = _filled(model, ("purpose", "evaluation_description", "training_data_description"))
    if len(filled) == 3:
        return SATISFIED, _("purpose, evaluation criteria and a training-data overview are documented")
    return (PARTLY if filled else MISSING), _("%(filled)s of 3 explanation fields filled in") % {
        "filled": len(filled)
    }


@rule("human_oversight")
def human_oversight(data: EvidenceData, model: MLModel) -> tuple[str, str]:
    contact = model.human_oversight_contact
    if contact is None:
        return MISSING, _("no human-oversight contact is named")
    if not contact.is_active:
        return (
            PARTLY,
            _("oversight contact '%(name)s' is deactivated") % {"name": contact.get_username()},
            DEFECT,
        )
    return SATISFIED, _("oversight contact: %(name)s") % {"name": contact.get_username()}


@rule("accuracy")
def accuracy(data: EvidenceData, model: MLModel) -> tuple[str, str]:
    evaluations = data.evaluations.get(model.pk, {})
    if not evaluations:
        return MISSING, _("no evaluation is recorded")
    failing = data.quality_failures.get(model.pk, [])
    if model.pk not in data.check_status:
        return PARTLY, _("evaluations recorded, but the quality and fairness checks never ran")
    if failing:
        return (
            PARTLY,
            _("quality or fairness checks not passing: %(checks)s") % {"checks": ", ".join(sorted(failing))},
            DEFECT,
        )
    if not evaluations.get("computed"):
        return PARTLY, _("only reported evaluation figures; none computed by the product from predictions")
    return SATISFIED, _("computed evaluations recorded and the quality and fairness checks pass")


@rule("quality_management")
def quality_management(data: EvidenceData, model: MLModel) -> tuple[str, str]:
    gated = bool({"", model.ai_act_tier} & data.gate_tiers)
    approved = data.approved_promotions.get(model.pk, 0)
    if not gated:
        return MISSING, _("no active promotion-gate rule set covers this tier")
    return (
        PARTLY,
        _(
            "a promotion gate covers the tier; %(approved)s approved promotion(s); the written QMS needs an "
            "attestation"
        )
        % {"approved": approved},
    )


@rule("deployer_duties")
def deployer_duties(data: EvidenceData, model: MLModel) -> tuple[str, str]:
    contact, _detail = human_oversight(data, model)
    monitored = _monitored(data, model)
    if contact == SATISFIED and monitored:
        return PARTLY, _(
            "oversight assigned and monitoring recorded; use per instructions needs an attestation"
        )
    return MISSING, _("no oversight contact or no recent monitoring")


def _monitored(data: EvidenceData, model: MLModel) -> bool:
    latest = data.latest_snapshot.get(model.pk)
    return latest is not None and (timezone.now() - latest).days <= MONITORING_DAYS


@rule("post_market_monitoring")
def post_market_monitoring(data: EvidenceData, model: MLModel) -> tuple[str, str]:
    if _monitored(data, model):
        return (
            PARTLY,
            _("monitoring data within %(days)s days; the monitoring plan needs an attestation")
            % {"days": MONITORING_DAYS},
        )
    return MISSING, _("no monitoring data in the last %(days)s days") % {"days": MONITORING_DAYS}
