"""org-10k's deployments (governance/portal runs build_deployments with the inventory's Builder, after the
inventory's steps): each staging or production model's latest version holds that environment, with no
request, as carried-over deployments have."""

from __future__ import annotations

from typing import Any

from governance.inventory.models import MLModel

from .models import Deployment, Environment

BATCH_SIZE = 2000


def build_deployments(b: Any) -> int:
    environments = {e.slug: e for e in Environment.objects.filter(slug__in=("staging", "production"))}
    stages = (MLModel.Stage.STAGING, MLModel.Stage.PRODUCTION)
    rows = [
        Deployment(
            model=model,
            environment=environments[model.stage],
            version=b.versions[model.pk][-1],
            since=b.versions[model.pk][-1].deployed_at or b.now,
        )
        for model in b.models
        if model.stage in stages and b.versions[model.pk]
    ]
    Deployment.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)
