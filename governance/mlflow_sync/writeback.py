"""Governance's verdict on each imported version, written as tags on the MLflow version (optional per
connector): `governance.gate` (the environments it holds), `governance.checks` (the model's latest check
state) and `governance.out_of_policy`. A tag is set only when MLflow holds a different value, so an
unchanged sync makes no call.
"""

from __future__ import annotations

import time
from typing import Any

from django.utils.translation import gettext as _

from governance.checks.models import ModelCheckStatus
from governance.promotions.models import Deployment

from .models import ImportedVersion, MlflowConnector
from .upstream import Listing, UpstreamError, client_for, credentials

GATE, CHECKS, OUT_OF_POLICY = "governance.gate", "governance.checks", "governance.out_of_policy"


def verdicts(*, connector: MlflowConnector) -> dict[tuple[str, str], dict[str, str]]:
    """{(MLflow name, version): {tag: value}} for every version the connector imported; three queries."""
    rows = list(
        ImportedVersion.objects.filter(imported_model__connector=connector).values_list(
            "imported_model__mlflow_name", "mlflow_version", "version_id", "version__model_id"
        )
    )
    version_ids = [r[2] for r in rows]
    held: dict[int, list[str]] = {}
    out: set[int] = set()
    for version_id, env, flagged in Deployment.objects.filter(version_id__in=version_ids).values_list(
        "version_id", "environment__slug", "out_of_policy"
    ):
        held.setdefault(version_id, []).append(env)
        if flagged:
            out.add(version_id)
    status = {
        s["model_id"]: s
        for s in ModelCheckStatus.objects.filter(model_id__in={r[3] for r in rows}).values(
            "model_id", "fail_count", "warn_count"
        )
    }
    result = {}
    for name, label, version_id, model_id in rows:
        check = status.get(model_id)
        if check is None:
            checks = "unchecked"
        elif check["fail_count"]:
            checks = f"failing ({check['fail_count']})"
        elif check["warn_count"]:
            checks = f"warnings ({check['warn_count']})"
        else:
            checks = "passing"
        result[(name, label)] = {
            GATE: ",".join(sorted(held.get(version_id, []))) or "not promoted",
            CHECKS: checks,
            OUT_OF_POLICY: "true" if version_id in out else "false",
        }
    return result


def write_back(
    *, connector: MlflowConnector, listing: Listing, client: Any | None = None
) -> tuple[int, float, list[str]]:
    """(tags written, seconds waiting on MLflow, problems). A tag MLflow refuses is a note, not a failure."""
    upstream_tags = {(m.name, v.version): v.tags for m in listing.models for v in m.versions}
    wanted = verdicts(connector=connector)
    todo = [
        (name, version, key, value)
        for (name, version), tags in wanted.items()
        if (name, version) in upstream_tags
        for key, value in tags.items()
        if upstream_tags[(name, version)].get(key) != value
    ]
    if not todo:
        return 0, 0.0, []
    started, written, problems = time.perf_counter(), 0, []
    with credentials(connector):
        client = client or client_for(connector)
        for name, version, key, value in todo:
            try:
                client.set_model_version_tag(name, version, key, value)
                written += 1
            except Exception as exc:
                problems.append(
                    _("write-back %(model)s v%(version)s %(key)s: %(error)s")
                    % {"model": name[:60], "version": version, "key": key, "error": str(exc)[:200]}
                )
                if len(problems) > 20:
                    raise UpstreamError(
                        _("Write-back failed: %(problem)s") % {"problem": problems[0]}
                    ) from exc
    return written, time.perf_counter() - started, problems
