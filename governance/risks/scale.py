"""The risk register of the org-10k benchmark data set: seed_scale's "risks" step (the command in
governance/portal runs build_risks with the inventory's Builder, after the inventory's steps).

About four risks a model past the proposal stage, more on staging and production models than on the others,
none on a few; all on the default matrix, the standard MLOps categories most common, owned by editors of the
model's team. Most risks are active (rated and reviewed, about 15% overdue for review), some are drafts still
to rate, some closed; retired models' risks are mostly closed. A share of the high and critical residual risks
is mitigated, some others are accepted by a maintainer of the team who does not own the risk (some of those
acceptances have expired); every reviewed risk has a RiskReview row for its last review.

The register's own rules set the derived fields: services.risk_derive checks the residual rule and sets the
levels (grid lookup) and scores (likelihood x impact), and the next review falls one interval of the residual
level after the last, as services.risk_review_record sets it. Rows are bulk-inserted: no services, no history.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from governance.foundation.seeding import BATCH_SIZE, pick
from governance.inventory.models import MLModel

from .models import Mitigation, Risk, RiskAcceptance, RiskReview
from .services import STANDARD_RISKS, default_matrix, risk_derive

S, C, T = MLModel.Stage, Risk.Category, Risk.Treatment
ACTIVE, DRAFT, CLOSED = Risk.Status.ACTIVE, Risk.Status.DRAFT, Risk.Status.CLOSED

STAGE_WEIGHT = {S.DEVELOPMENT: 0.7, S.STAGING: 1.3, S.PRODUCTION: 1.5, S.RETIRED: 0.8}
NO_RISK_SHARE = {S.DEVELOPMENT: 0.12, S.STAGING: 0.03, S.PRODUCTION: 0.02, S.RETIRED: 0.10}
STATUS_MIX = {
    S.PROPOSED: {DRAFT: 100},
    S.DEVELOPMENT: {ACTIVE: 70, DRAFT: 22, CLOSED: 8},
    S.STAGING: {ACTIVE: 82, DRAFT: 12, CLOSED: 6},
    S.PRODUCTION: {ACTIVE: 88, DRAFT: 5, CLOSED: 7},
    S.RETIRED: {ACTIVE: 12, DRAFT: 3, CLOSED: 85},
}
# The standard MLOps risks (Treveil et al.) first and most common; a model draws categories without repeats.
CATEGORY_MIX = {
    C.WRONG_PREDICTION: 16,
    C.PERFORMANCE_DECAY: 16,
    C.AVAILABILITY: 14,
    C.FAIRNESS_DECAY: 12,
    C.SKILLS_LOSS: 10,
    C.PRIVACY: 10,
    C.SECURITY: 8,
    C.COMPLIANCE: 8,
    C.OTHER: 6,
}
TITLES = dict(STANDARD_RISKS) | {
    C.PRIVACY: "Personal data is used beyond the purpose people consented to",
    C.SECURITY: "The model or its training data is tampered with or extracted",
    C.COMPLIANCE: "The model falls short of a regulatory obligation",
    C.OTHER: "Downstream systems use the scores outside their intended use",
}
MITIGATIONS = {
    C.AVAILABILITY: "Serve a fallback rule while the model is down and page the on-call engineer.",
    C.WRONG_PREDICTION: "Route low-confidence predictions to a trained reviewer.",
    C.PERFORMANCE_DECAY: "Alert when feature PSI passes 0.25 and retrain on the latest quarter.",
    C.FAIRNESS_DECAY: "Test selection-rate ratios across groups before each release and monthly.",
    C.SKILLS_LOSS: "Cross-train a second engineer and keep the retraining runbook current.",
    C.PRIVACY: "Check consent purposes before each training run and drop withdrawn records.",
    C.SECURITY: "Restrict access to the serving endpoint and rotate its credentials quarterly.",
    C.COMPLIANCE: "Map the model to its AI Act obligations and file the evidence.",
    C.OTHER: "Document the intended use for consuming teams and review their integrations.",
}
CLOSED_REASONS = (
    "Superseded by a re-rated risk after the redesign.",
    "No longer applies: the feature it concerned was removed.",
    "Merged into another risk of the same model.",
)
IMPACT_RANGE = {"low": (1, 3), "medium": (2, 4), "high": (3, 5), "critical": (4, 5)}
HARDER_HIT_BY_HIGH_TIER = (C.FAIRNESS_DECAY, C.PRIVACY, C.COMPLIANCE)
LIKELIHOOD_CUT = {0: 25, 1: 45, 2: 25, 3: 5}  # controls lower likelihood more often than impact
IMPACT_CUT = {0: 65, 1: 30, 2: 5}
OVERDUE_SHARE = 0.15  # of active risks, next review before today
UNRATED_CLOSED_SHARE = 0.1  # closed while still drafts
MITIGATED_SHARE = {True: 0.70, False: 0.15}  # by "high or critical residual" (the top two levels)
ACCEPTED_SHARE = {True: 0.45, False: 0.06}  # of the active risks left unmitigated
EXPIRED_ACCEPTANCE_SHARE = 0.2
OTHER_TREATMENT_MIX = {T.OPEN: 45, T.MITIGATE: 30, T.TRANSFER: 20, T.AVOID: 5}
CLOSED_TREATMENT_MIX = {T.MITIGATE: 60, T.AVOID: 20, T.TRANSFER: 10, T.OPEN: 10}
MITIGATION_STATUS_MIX = {
    Mitigation.Status.PLANNED: 30,
    Mitigation.Status.IN_PROGRESS: 35,
    Mitigation.Status.DONE: 25,
    Mitigation.Status.CANCELLED: 10,
}
days = datetime.timedelta


def _risk_counts(b: Any) -> list[int]:
    """Exactly sizes.risks in all, over the models past proposal (bar a few), weighted by stage."""
    rng, models = b.rng, b.models
    started = [i for i, m in enumerate(models) if m.stage != S.PROPOSED]
    eligible = [i for i in started if rng.random() >= NO_RISK_SHARE[models[i].stage]]
    eligible = eligible or started or list(range(len(models)))  # tiny data sets still get their risks
    counts = [0] * len(models)
    weights = [STAGE_WEIGHT.get(models[i].stage, 0.3) for i in eligible]
    for i in rng.choices(eligible, weights=weights, k=b.sizes.risks) if eligible else ():
        counts[i] += 1
    return counts


def _categories(rng: Any, n: int) -> list[str]:
    chosen: list[str] = []
    while len(chosen) < n:
        pool = dict(CATEGORY_MIX)
        for _ in range(min(n - len(chosen), len(pool))):
            chosen.append(pick(rng, pool))
            del pool[chosen[-1]]
    return chosen


def _rate(rng: Any, risk: Risk, model: MLModel, rows: int, cols: int) -> None:
    likelihood = min(rows, max(1, round(rng.triangular(0.5, rows + 0.5, (rows + 1) / 2))))
    low, high = IMPACT_RANGE.get(model.business_criticality, (1, cols))
    impact = rng.randint(min(low, cols), min(high, cols))
    if model.ai_act_tier in ("high", "unacceptable") and risk.category in HARDER_HIT_BY_HIGH_TIER:
        impact = min(cols, impact + 1)
    risk.inherent_likelihood, risk.inherent_impact = likelihood, impact
    risk.residual_likelihood = max(1, likelihood - pick(rng, LIKELIHOOD_CUT))
    risk.residual_impact = max(1, impact - pick(rng, IMPACT_CUT))


def _reviewed(rng: Any, risk: Risk, today: datetime.date) -> None:
    """Last review in the past; next review one interval of the residual level later (risk_review_record)."""
    interval = risk.residual_level_object.review_days
    if risk.status == CLOSED:
        reviewed_on = today - days(rng.randint(30, 720))
    elif rng.random() < OVERDUE_SHARE:
        reviewed_on = today - days(interval + rng.randint(1, max(1, interval // 2)))
    else:
        reviewed_on = today - days(rng.randint(0, interval - 1))
    risk.last_reviewed_on = reviewed_on
    risk.next_review_due = reviewed_on + days(interval)


def build_risks(b: Any) -> int:
    """Insert the risks, then their mitigations, acceptances and reviews; returns the rows inserted."""
    rng, today = b.rng, b.today
    matrix = default_matrix()
    rows, cols = matrix.size
    serious_from = len(matrix.levels) - 2  # "high and critical": the top two levels, as the checks read it
    risks, plans = [], []
    for model, n in zip(b.models, _risk_counts(b), strict=True):
        editors = b.editors[model.team_id]
        seen: Counter = Counter()
        for category in _categories(rng, n):
            seen[category] += 1
            status = pick(rng, STATUS_MIX[model.stage])
            title = TITLES[category] + (f" ({seen[category]})" if seen[category] > 1 else "")
            risk = Risk(
                model=model,
                matrix=matrix,
                title=title,
                category=category,
                description=f"{C(category).label} for {model.name}.",
                owner_id=model.owner_id if rng.random() < 0.5 else rng.choice(editors),
                status=status,
            )
            if status == ACTIVE or (status == CLOSED and rng.random() >= UNRATED_CLOSED_SHARE):
                _rate(rng, risk, model, rows, cols)
            risk_derive(risk, today=today)  # validates the ratings, sets levels and scores; keeps the status
            if risk.is_rated:
                _reviewed(rng, risk, today)
            if status == CLOSED:
                risk.closed_reason = rng.choice(CLOSED_REASONS)
                if model.stage == S.RETIRED:
                    risk.closed_reason = "The model was retired."
                risk.treatment = pick(rng, CLOSED_TREATMENT_MIX) if risk.is_rated else T.OPEN
            elif status == ACTIVE:
                risk.treatment = _plan(rng, risk, b.maintainers[model.team_id], serious_from, plans)
            risks.append(risk)
    b.risks = Risk.objects.bulk_create(risks, batch_size=BATCH_SIZE)

    mitigations, acceptances, expired = [], [], 0
    for risk, approvers in plans:
        if not approvers:
            for _ in range(1 if rng.random() < 0.75 else 2):
                mitigations.append(_mitigation(rng, risk, b.editors[risk.model.team_id], today))
        else:
            acceptance = _acceptance(rng, risk, approvers, today)
            expired += not acceptance.is_active(today)
            acceptances.append(acceptance)
    reviews = [
        RiskReview(
            risk=risk,
            reviewed_by_id=risk.owner_id if rng.random() < 0.7 else rng.choice(b.editors[risk.model.team_id]),
            reviewed_on=risk.last_reviewed_on,
            notes="Periodic review: ratings confirmed.",
            residual_level=risk.residual_level,
            next_review_due=risk.next_review_due,
        )
        for risk in b.risks
        if risk.last_reviewed_on is not None
    ]
    b.inserted |= {
        "risks": len(b.risks),
        "mitigations": len(Mitigation.objects.bulk_create(mitigations, batch_size=BATCH_SIZE)),
        "acceptances": len(RiskAcceptance.objects.bulk_create(acceptances, batch_size=BATCH_SIZE)),
        "reviews": len(RiskReview.objects.bulk_create(reviews, batch_size=BATCH_SIZE)),
    }
    b.inserted["expired acceptances"] = expired  # not a table: left out of the total
    return sum(b.inserted[k] for k in ("risks", "mitigations", "acceptances", "reviews"))


def _plan(rng: Any, risk: Risk, maintainers: list[int], serious_from: int, plans: list) -> str:
    """An active risk's treatment; queues its mitigations ([]) or acceptance (eligible approvers)."""
    serious = risk.residual_level >= serious_from
    if rng.random() < MITIGATED_SHARE[serious]:
        plans.append((risk, []))
        return T.MITIGATE
    # Separation of duties (services.acceptance_record): a maintainer of the team, not the risk's owner.
    approvers = [u for u in maintainers if u != risk.owner_id]
    if approvers and rng.random() < ACCEPTED_SHARE[serious]:
        plans.append((risk, approvers))
        return T.ACCEPT
    return pick(rng, OTHER_TREATMENT_MIX)


def _mitigation(rng: Any, risk: Risk, editors: list[int], today: datetime.date) -> Mitigation:
    status = pick(rng, MITIGATION_STATUS_MIX)
    completed = today - days(rng.randint(1, 300)) if status == Mitigation.Status.DONE else None
    if completed:
        due = completed + days(rng.randint(-20, 30))
    elif status == Mitigation.Status.CANCELLED:
        due = today - days(rng.randint(1, 200))
    else:
        due = None if rng.random() < 0.1 else today + days(rng.randint(-60, 120))
    return Mitigation(
        risk=risk,
        description=MITIGATIONS[risk.category],
        owner_id=risk.owner_id if rng.random() < 0.6 else rng.choice(editors),
        status=status,
        due_date=due,
        completed_on=completed,
    )


def _acceptance(rng: Any, risk: Risk, approvers: list[int], today: datetime.date) -> RiskAcceptance:
    if rng.random() < EXPIRED_ACCEPTANCE_SHARE:
        accepted_on = today - days(rng.randint(200, 700))
        expires_on = accepted_on + days(rng.randint(90, (today - accepted_on).days))
    else:
        accepted_on = today - days(rng.randint(0, 300))
        expires_on = today + days(rng.randint(1, 365))
    return RiskAcceptance(
        risk=risk,
        approver_id=rng.choice(approvers),
        justification="Residual risk accepted: compensating controls are in place and reviewed quarterly.",
        accepted_on=accepted_on,
        expires_on=expires_on,
    )


def risk_summary(b: Any) -> str:
    """One line on what the step built, for the command's output (judged in memory, no queries)."""
    statuses = Counter(r.status for r in b.risks)
    active = [r for r in b.risks if r.status == ACTIVE]
    overdue = sum(r.is_overdue(b.today) for r in active)
    levels = Counter(r.residual_level for r in active)
    names = [lv["name"] for lv in b.risks[0].matrix.levels] if b.risks else []
    share = f"{100 * overdue / len(active):.1f}%" if active else "-"
    n = b.inserted
    return (
        f"Risks: {len(b.risks):,} ({statuses[ACTIVE]:,} active, {statuses[DRAFT]:,} drafts, "
        f"{statuses[CLOSED]:,} closed); active by residual level "
        + ", ".join(f"{names[level]} {k:,}" for level, k in sorted(levels.items()))
        + f"; {overdue:,} overdue for review ({share}); {n.get('mitigations', 0):,} mitigations, "
        f"{n.get('acceptances', 0):,} acceptances ({n.get('expired acceptances', 0):,} expired), "
        f"{n.get('reviews', 0):,} reviews."
    )
