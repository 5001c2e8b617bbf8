"""Metrics pipelines post for a version: offline evaluations and live monitoring snapshots.

Shapes are checked here, not only in the API, so the checks that read them can trust every stored row.
"""

from __future__ import annotations

import datetime
import math
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.foundation.writes import validated_save
from governance.teams import permissions as perms

from ..models import DataSource, Evaluation, ModelVersion, MonitoringSnapshot
from .rules import check_past

GROUP_RATE_KEYS = frozenset({"selection_rate", "true_positive_rate", "false_positive_rate", "error_rate"})
CLOCK_SKEW = datetime.timedelta(minutes=5)
MAX_ENTRIES = 500


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _validate_group_metrics(group_metrics: Any) -> None:
    """{attribute: {group: {rate name: value in [0, 1]}}}."""
    error = ValidationError(
        {
            "group_metrics": _(
                'Expected {"attribute": {"group": {"selection_rate": 0.4, ...}}} with rates in [0, 1] '
                "named from %(value)s."
            )
            % {"value": ", ".join(sorted(GROUP_RATE_KEYS))}
        }
    )
    if not isinstance(group_metrics, dict) or len(group_metrics) > MAX_ENTRIES:
        raise error
    for attribute, groups in group_metrics.items():
        if not attribute or not isinstance(groups, dict) or not groups or len(groups) > MAX_ENTRIES:
            raise error
        for group, rates in groups.items():
            if not group or not isinstance(rates, dict) or not rates:
                raise error
            for name, value in rates.items():
                if name not in GROUP_RATE_KEYS or not _finite(value) or not 0 <= value <= 1:
                    raise error


def _validate_drift(feature_drift: Any) -> None:
    if (
        not isinstance(feature_drift, dict)
        or len(feature_drift) > MAX_ENTRIES * 4
        or any(not k or not _finite(v) or v < 0 for k, v in feature_drift.items())
    ):
        raise ValidationError({"feature_drift": _('Expected {"feature": PSI} with each PSI a number ≥ 0.')})


def _check_time(value: datetime.datetime, field: str) -> None:
    check_past(value=value, field=field)


def evaluation_record(
    *,
    actor: Any,
    version: ModelVersion,
    quality: float,
    metric_name: str = "accuracy",
    group_metrics: dict | None = None,
    data_source: DataSource | None = None,
    evaluated_at: datetime.datetime | None = None,
) -> Evaluation:
    if not perms.can_edit_team(actor, version.model.team_id):
        raise PermissionDenied(_("You may not post metrics for this model."))
    if not _finite(quality):
        raise ValidationError({"quality": _("Quality must be a finite number.")})
    group_metrics = group_metrics or {}
    _validate_group_metrics(group_metrics)
    evaluated_at = evaluated_at or timezone.now()
    _check_time(evaluated_at, "evaluated_at")
    evaluation = Evaluation(
        version=version,
        metric_name=metric_name.strip(),
        quality=quality,
        group_metrics=group_metrics,
        data_source=data_source,
        evaluated_at=evaluated_at,
        recorded_by=actor,
    )
    validated_save(evaluation, actor=actor, reason="Recorded")  # the history names who posted it
    return evaluation


def snapshot_record(
    *,
    actor: Any,
    version: ModelVersion,
    metric_name: str = "accuracy",
    live_quality: float | None = None,
    feature_drift: dict | None = None,
    prediction_count: int | None = None,
    taken_at: datetime.datetime | None = None,
) -> MonitoringSnapshot:
    if not perms.can_edit_team(actor, version.model.team_id):
        raise PermissionDenied(_("You may not post metrics for this model."))
    if live_quality is not None and not _finite(live_quality):
        raise ValidationError({"live_quality": _("Live quality must be a finite number.")})
    feature_drift = feature_drift or {}
    _validate_drift(feature_drift)
    taken_at = taken_at or timezone.now()
    _check_time(taken_at, "taken_at")
    snapshot = MonitoringSnapshot(
        version=version,
        metric_name=metric_name.strip(),
        live_quality=live_quality,
        feature_drift=feature_drift,
        prediction_count=prediction_count,
        taken_at=taken_at,
        recorded_by=actor,
    )
    validated_save(snapshot, actor=actor, reason="Recorded")
    return snapshot
