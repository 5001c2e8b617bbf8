"""Demo register: the standard risks of every staging and production model, rated, with some reviews
overdue, some accepted and one acceptance expired. Idempotent: models that have risks are left alone."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model

from governance.inventory.models import MLModel

from . import services
from .models import Risk

# (inherent likelihood, impact, residual likelihood, impact) per standard category, varied per model below.
BASE = {
    Risk.Category.AVAILABILITY: (3, 3, 2, 3),
    Risk.Category.WRONG_PREDICTION: (4, 4, 3, 3),
    Risk.Category.PERFORMANCE_DECAY: (4, 3, 2, 3),
    Risk.Category.FAIRNESS_DECAY: (3, 5, 3, 4),
    Risk.Category.SKILLS_LOSS: (3, 4, 2, 2),
}


def seed_demo_risks(*, today: datetime.date) -> int:
    lead = get_user_model().objects.get(username="gov.lead")
    rng = random.Random(7)  # noqa: S311 - demo data, not security
    created = 0
    models = MLModel.objects.filter(stage__in=["staging", "production"], risks__isnull=True).order_by("name")
    for n, model in enumerate(models):
        risks = services.risks_add_standard(actor=lead, model=model)
        created += len(risks)
        for i, risk in enumerate(risks):
            il, ii, rl, ri = BASE[risk.category]
            bump = 1 if model.business_criticality == "critical" else 0
            il, ii = min(5, il + bump), min(5, ii + (rng.random() < 0.3))
            rl, ri = min(rl + bump, il), min(ri, ii)
            if bump and risk.category == Risk.Category.FAIRNESS_DECAY:
                rl, ri = il, ii  # nothing mitigates it yet: critical residual
            if (n + i) % 7 == 6:
                continue  # a few stay drafts, waiting to be rated
            risk = services.risk_update(
                actor=lead,
                risk=risk,
                inherent_likelihood=il,
                inherent_impact=ii,
                residual_likelihood=rl,
                residual_impact=ri,
                treatment=Risk.Treatment.MITIGATE,
                description=f"{risk.get_category_display()} for {model.name}.",
            )
            # Reviews in the past: the older ones put the next review before today (overdue).
            days_ago = rng.choice([10, 20, 40, 60, 100, 300])  # within the year a review may be backdated
            services.risk_review_record(
                actor=lead,
                risk=risk,
                reviewed_on=today - datetime.timedelta(days=days_ago),
                notes="Quarterly review.",
            )
            if risk.residual_level is not None and risk.residual_level >= 2:
                services.mitigation_add(
                    actor=lead,
                    risk=risk,
                    description="Add a fallback rule and alert the on-call engineer.",
                    owner=model.owner,
                    due_date=today + datetime.timedelta(days=rng.choice([-20, 15, 45])),
                    status=rng.choice(["planned", "in_progress", "done"]),
                )
        created += _acceptances(model=model, lead=lead, today=today, n=n)
    return created


def _acceptances(*, model: MLModel, lead, today: datetime.date, n: int) -> int:
    risk = model.risks.filter(status=Risk.Status.ACTIVE, category=Risk.Category.SKILLS_LOSS).first()
    if risk is None or n % 3:
        return 0
    expired = n == 0  # the first model's acceptance has run out
    # Within the year an acceptance may be backdated; the expired one ran out 110 days ago.
    accepted_on = today - datetime.timedelta(days=200 if expired else 30)
    services.acceptance_record(
        actor=lead,
        risk=risk,
        justification="Two engineers are cross-trained; a runbook covers retraining and rollback.",
        accepted_on=accepted_on,
        expires_on=accepted_on + datetime.timedelta(days=90 if expired else 180),
    )
    return 1
