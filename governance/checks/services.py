"""Writes of the checks app: create (and queue) a check run, and send again the runs the queue lost. Who may
start which run is decided here."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.foundation.dispatch import dispatch_once, resend_lost, task_sender
from governance.inventory.models import MLModel
from governance.teams import permissions as perms
from governance.teams.models import Team

from . import engine
from .models import CheckPolicy, CheckRun, CheckRunChunk

# A run of the same scope still queued or running younger than this blocks a new one (double clicks,
# impatient pipelines); an older one is presumed lost and no longer blocks.
IN_FLIGHT_WINDOW = datetime.timedelta(hours=1)
ACTIVE = (CheckRun.Status.QUEUED, CheckRun.Status.RUNNING)

logger = logging.getLogger(__name__)


def can_start_run(user: Any, *, scope: str, team: Team | None = None, model: MLModel | None = None) -> bool:
    """Governance admins start org-wide runs; team contributors and maintainers their team's or model's."""
    if scope == CheckRun.Scope.ALL:
        return perms.is_governance_admin(user)
    if scope == CheckRun.Scope.TEAM and team is not None:
        return perms.can_edit_team(user, team.pk)
    if scope == CheckRun.Scope.MODEL and model is not None:
        return perms.can_edit_team(user, model.team_id)
    return False


def can_start_any_run(user: Any) -> bool:
    """Whether the user may start some run: a governance admin, or an editor of at least one team."""
    editable = perms.editable_team_ids(user)
    return editable is None or bool(editable)


def check_run_create(
    *,
    actor: Any,
    scope: str,
    team: Team | None = None,
    model: MLModel | None = None,
    trigger: str = CheckRun.Trigger.MANUAL,
    enqueue: bool = True,
) -> CheckRun:
    """Record a run with the policy in force and, once committed, queue it for the workers.

    actor is None only for the schedule.
    """
    if scope not in CheckRun.Scope.values:
        raise ValidationError(
            {"scope": _("Choose one of %(value)s.") % {"value": ", ".join(CheckRun.Scope.values)}}
        )
    if scope != CheckRun.Scope.TEAM:
        team = None if scope == CheckRun.Scope.ALL else team
    if scope == CheckRun.Scope.TEAM and team is None:
        raise ValidationError({"team": _("A team run names the team.")})
    if scope == CheckRun.Scope.MODEL and model is None:
        raise ValidationError({"model": _("A model run names the model.")})
    if scope != CheckRun.Scope.MODEL:
        model = None
    if scope != CheckRun.Scope.TEAM:
        team = None
    if actor is None:
        if trigger != CheckRun.Trigger.SCHEDULE:
            raise PermissionDenied(_("Only the schedule starts runs without a person."))
    elif not can_start_run(actor, scope=scope, team=team, model=model):
        raise PermissionDenied(
            _(
                "Only governance admins start runs over every model; team contributors and maintainers start "
                "runs for their team or its models."
            )
        )
    in_flight = CheckRun.objects.filter(
        scope=scope,
        team=team,
        model=model,
        status__in=[CheckRun.Status.QUEUED, CheckRun.Status.RUNNING],
        created_at__gte=timezone.now() - IN_FLIGHT_WINDOW,
    ).first()
    if in_flight is not None:
        if in_flight.waiting_for_queue:
            message = _(
                "Check run #%(pk)s over %(target_label)s is still in progress (waiting for the task queue)."
            )
        else:
            message = _("Check run #%(pk)s over %(target_label)s is still in progress.")
        conflict = ValidationError(
            message % {"pk": in_flight.pk, "target_label": in_flight.target_label},
            code="conflict",
        )
        conflict.conflict_fields = {"run": in_flight.pk}  # the API answers 409 with the run's id
        raise conflict
    run = CheckRun(
        scope=scope,
        team=team,
        model=model,
        trigger=trigger,
        requested_by=actor,
        policy=CheckPolicy.current().as_dict(),
    )
    run.full_clean()
    run.save()
    if enqueue:
        transaction.on_commit(lambda: _enqueue(run.pk, instance=run))
    return run


def _enqueue(run_id: int, *, instance: CheckRun | None = None) -> None:
    """Hand a new run to the queue. If the broker cannot take it, the run stays queued, marked as waiting
    for the queue, and recovery sends it when the queue is back; the request that created it still answers."""
    _dispatch(run_id, None, recovering=False, instance=instance)


def _dispatch(
    run_id: int, seen: datetime.datetime | None, *, recovering: bool = True, instance: CheckRun | None = None
) -> bool:
    return dispatch_once(
        model=CheckRun,
        pk=run_id,
        active=ACTIVE,
        seen=seen,
        recovering=recovering,
        send=task_sender("checks.run_start"),
        label="Check run",
        instance=instance,
    )


def _fail_poison(run_id: int, recoveries: int) -> None:
    engine.run_fail(
        run_id=run_id,
        message=f"The run made no progress after it was sent again {recoveries} times; "
        "a worker may be crashing on it. Start it again once that is resolved.",
    )


def runs_recover(*, stale_after: datetime.timedelta | None = None) -> list[int]:
    """Send again the runs the queue lost; the ids sent. Safe to run anywhere, any number at once.

    - queued runs never handed to the queue (it was down when they were created) go at once;
    - queued or running runs with no progress (dispatch, start or chunk written) for `stale_after` go again:
      their worker died holding the message, which Redis would only give back after its visibility timeout.
      A recovered start reuses the run's frozen plan, skips the chunks written and finalises a run whose
      chunks are all written; results are written once per (check, model) whatever is delivered twice.
    - a run recovered RECOVERY_MAX_ATTEMPTS times without finishing is failed with the reason.
    """
    if stale_after is None:
        stale_after = datetime.timedelta(seconds=settings.RECOVERY_STALE_SECONDS)
    cutoff = timezone.now() - stale_after
    last_chunk = CheckRunChunk.objects.filter(run=OuterRef("pk")).order_by("-finished_at")
    stale = (
        Q(dispatched_at__lt=cutoff)
        & (Q(started_at__isnull=True) | Q(started_at__lt=cutoff))
        & (Q(last_chunk_at__isnull=True) | Q(last_chunk_at__lt=cutoff))
    )
    candidates = (
        CheckRun.objects.filter(status__in=ACTIVE)
        .annotate(last_chunk_at=Subquery(last_chunk.values("finished_at")[:1]))
        .filter(Q(dispatched_at__isnull=True) | stale)
        .order_by("created_at")
        .values_list("pk", "dispatched_at", "recovery_count")
    )
    return resend_lost(candidates=candidates, dispatch=_dispatch, fail=_fail_poison, label="Check run")
