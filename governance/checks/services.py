"""Writes of the checks app: create (and queue) a check run. Who may start which run is decided here."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from governance.inventory import permissions as perms
from governance.inventory.models import MLModel, Team

from . import engine
from .models import CheckPolicy, CheckRun

# A run of the same scope still queued or running younger than this blocks a new one (double clicks,
# impatient pipelines); an older one is presumed lost and no longer blocks.
IN_FLIGHT_WINDOW = datetime.timedelta(hours=1)

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
        raise ValidationError({"scope": f"Choose one of {', '.join(CheckRun.Scope.values)}."})
    if scope != CheckRun.Scope.TEAM:
        team = None if scope == CheckRun.Scope.ALL else team
    if scope == CheckRun.Scope.TEAM and team is None:
        raise ValidationError({"team": "A team run names the team."})
    if scope == CheckRun.Scope.MODEL and model is None:
        raise ValidationError({"model": "A model run names the model."})
    if scope != CheckRun.Scope.MODEL:
        model = None
    if scope != CheckRun.Scope.TEAM:
        team = None
    if actor is None:
        if trigger != CheckRun.Trigger.SCHEDULE:
            raise PermissionDenied("Only the schedule starts runs without a person.")
    elif not can_start_run(actor, scope=scope, team=team, model=model):
        raise PermissionDenied(
            "Only governance admins start runs over every model; team contributors and maintainers start "
            "runs for their team or its models."
        )
    in_flight = CheckRun.objects.filter(
        scope=scope,
        team=team,
        model=model,
        status__in=[CheckRun.Status.QUEUED, CheckRun.Status.RUNNING],
        created_at__gte=timezone.now() - IN_FLIGHT_WINDOW,
    ).first()
    if in_flight is not None:
        raise ValidationError(
            f"Check run #{in_flight.pk} over {in_flight.target_label} is still in progress."
        )
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
        transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _enqueue(run_id: int) -> None:
    """Queue the run; if the broker cannot take it, say so on the run instead of failing the request."""
    from .tasks import run_start

    try:
        run_start.delay(run_id)
    except Exception as exc:  # kombu raises OperationalError, redis-py ConnectionError, OSError...
        logger.warning("Check run %s could not be queued: %s", run_id, exc)
        engine.run_fail(
            run_id=run_id,
            message=f"The task queue is unavailable ({type(exc).__name__}); start the run again later.",
        )
