"""Reads: a model's classifications and obligation status, for one model or a page of them, in a fixed number
of queries (EvidenceData loads each kind of record once for the whole list)."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.checks.messages import Message, Texts
from governance.inventory.models import MLModel
from governance.teams import permissions as perms

from .evidence import MISSING, RANK, EvidenceData, ModelRegulation, ObligationStatus
from .evidence_rules import RULES
from .models import Attestation, Classification, Framework
from .obligations import applicable, situation_from


def _status(data: EvidenceData, model: MLModel, obligation: Any) -> ObligationStatus:
    computed = RULES[obligation.evidence](data, model) if obligation.evidence else None
    attestation = data.attestations.get((model.pk, obligation.key))
    status, source, detail = MISSING, "", _("attestation needed: nothing in the records shows this")
    defect = False
    if computed is not None:
        status, detail, *marks = computed
        defect = bool(marks and marks[0])
        source = "computed"
    if attestation is not None and RANK[attestation.status] > RANK[status]:
        by = {"name": attestation.attested_by.get_username(), "until": attestation.expires_on}
        if defect:  # the records show something wrong: an attestation does not outweigh them
            detail = _(
                "%(detail)s (the attestation by %(name)s until %(until)s does not outweigh what the records "
                "show)"
            ) % {"detail": detail, **by}
        elif computed is not None:
            status, source = attestation.status, "attested"
            detail = _("attested by %(name)s until %(until)s (records: %(records)s)") % {
                "records": computed[1],
                **by,
            }
        else:
            status, source = attestation.status, "attested"
            detail = _("attested by %(name)s until %(until)s") % by
    return ObligationStatus(obligation, status, source, detail, attestation)


def regulation_for_models(
    *, models: list[MLModel], today: datetime.date | None = None
) -> dict[int, ModelRegulation]:
    """Models must come with human_oversight_contact loaded (select_related)."""
    data = EvidenceData(models=models, today=today or timezone.localdate())
    found = {}
    for model in models:
        eu = data.classifications.get((model.pk, Framework.EU_AI_ACT))
        kr = data.classifications.get((model.pk, Framework.KR_AI_BASIC_ACT))
        situation = situation_from(eu=eu, kr=kr, tier=model.ai_act_tier)
        statuses = [_status(data, model, o) for o in applicable(situation)]
        found[model.pk] = ModelRegulation(model, eu, kr, statuses)
    return found


def model_regulation(*, model: MLModel, today: datetime.date | None = None) -> ModelRegulation:
    return regulation_for_models(models=[model], today=today)[model.pk]


def visible_models(*, user: Any) -> QuerySet[MLModel]:
    models = MLModel.objects.select_related("team", "human_oversight_contact").order_by("name", "id")
    if perms.sees_everything(user):
        return models
    return models.filter(team_id__in=list(perms.team_roles(user)))


STATE_TEXTS = Texts(
    "regulation_state",
    {
        "not_classified": ("not classified", "분류되지 않음"),
        "legacy_grace": (
            "legacy, unverified classification (from the hand-set tier) until {day}",
            "확인되지 않은 기존 분류(수동 지정 위험 등급에서 넘어옴), {day}까지 인정",
        ),
        "legacy_ended": (
            "legacy, unverified classification: the grace period ended on {day}",
            "확인되지 않은 기존 분류: 유예 기간이 {day}에 끝났습니다",
        ),
        "purpose_changed": (
            "the purpose changed since it was classified: answer the questions again",
            "분류 후 이용 목적이 바뀌었습니다. 문항에 다시 답하십시오",
        ),
        "classified": ("{framework}: {category}", "{framework}: {category}"),
        "eu_ai_act": ("EU AI Act", "EU AI Act"),
        "kr_ai_basic_act": ("Korea AI Basic Act", "AI 기본법"),
    },
)


def classification_state(
    *, classification: Classification | None, model: MLModel, now: datetime.datetime | None = None
) -> tuple[str, Message]:
    """(outcome, why) for the check: fail when missing or older than the purpose; legacy warns in grace.
    `why` is a finding text: it reads in the active language wherever it is shown."""
    now = now or timezone.now()
    if classification is None:
        return "fail", STATE_TEXTS("not_classified")
    if classification.is_legacy:
        grace = datetime.timedelta(days=settings.REGULATION_LEGACY_GRACE_DAYS)
        ends = classification.answered_at + grace
        if now < ends:
            return "warn", STATE_TEXTS("legacy_grace", day=str(ends.date()))
        return "fail", STATE_TEXTS("legacy_ended", day=str(ends.date()))
    if classification.purpose_changed(model.purpose):
        return "fail", STATE_TEXTS("purpose_changed")
    framework = STATE_TEXTS(classification.framework)
    return "pass", STATE_TEXTS("classified", framework=framework, category=classification.category)


def organisation_overview(*, models: list[MLModel]) -> dict[str, Any]:
    """Models by tier and by obligation status for a list of models (the caller paginates or bounds it)."""
    regulations = regulation_for_models(models=models)
    tiers: Counter[str] = Counter()
    kr: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    for regulation in regulations.values():
        tiers[regulation.eu.category if regulation.eu else "unclassified"] += 1
        kr[regulation.kr.category if regulation.kr else "unclassified"] += 1
        for status in regulation.obligations:
            statuses[status.status] += 1
    return {"eu": dict(tiers), "kr": dict(kr), "obligations": dict(statuses), "regulations": regulations}


def tier_counts(*, user: Any) -> dict[str, dict[str, int]]:
    """Organisation-wide: models by effective category per law, one query (unclassified = the rest)."""
    visible = visible_models(user=user)
    counts: dict[str, dict[str, int]] = {f: {} for f in Framework.values}
    rows = (
        Classification.objects.filter(model__in=visible)
        .values("framework", "derived_category", "override_category", "status")
        .annotate(n=Count("id"))
    )
    classified: Counter[str] = Counter()
    for row in rows:
        category = row["override_category"] or row["derived_category"]
        if row["status"] == Classification.Status.LEGACY:
            category += " (legacy)"
        slot = counts[row["framework"]]
        slot[category] = slot.get(category, 0) + row["n"]
        classified[row["framework"]] += row["n"]
    total = visible.count()
    for framework, slot in counts.items():
        if total - classified[framework]:
            slot["unclassified"] = total - classified[framework]
    return counts


def attestations_for(*, model: MLModel) -> QuerySet[Attestation]:
    return (
        Attestation.objects.filter(model=model).select_related("attested_by").order_by("-attested_at", "-id")
    )


def model_coverage(*, regulation: ModelRegulation) -> Any:
    """NIST AI RMF subcategories this model's records cover: checks that judged it in its latest run
    (not "not applicable"), its active risks' categories, and its obligations that are not missing."""
    from governance.checks.models import CheckResult, ModelCheckStatus
    from governance.risks.models import Risk

    from .nist import coverage

    model = regulation.model
    run_id = ModelCheckStatus.objects.filter(model=model).values_list("run_id", flat=True).first()
    checks = set()
    if run_id is not None:
        checks = set(
            CheckResult.objects.filter(run_id=run_id, model=model)
            .exclude(outcome="not_applicable")
            .values_list("check_key", flat=True)
        )
    risks = set(
        Risk.objects.filter(model=model, status=Risk.Status.ACTIVE).values_list("category", flat=True)
    )
    obligations = {o.obligation.key for o in regulation.obligations if o.status != "missing"}
    return coverage(check_keys=checks, risk_categories=risks, obligation_keys=obligations)


def organisation_coverage() -> Any:
    """What the product can measure at all: every registered check, every risk category in use, every
    obligation. Two queries."""
    from governance.checks.registry import all_checks
    from governance.risks.models import Risk

    from .nist import coverage
    from .obligations import OBLIGATIONS

    risks = set(Risk.objects.filter(status=Risk.Status.ACTIVE).values_list("category", flat=True).distinct())
    return coverage(
        check_keys={c.key for c in all_checks()},
        risk_categories=risks,
        obligation_keys={o.key for o in OBLIGATIONS},
    )
