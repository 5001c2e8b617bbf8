"""Each model's latest check results: the same rule as the model page (the latest finished run that judged
the model), kept per model in ModelCheckStatus when a run succeeds. Searching every run's results per model
at read time takes seconds on org-10k; one row per model keeps lists, filters and the dashboard to a join."""

from __future__ import annotations

from django.db import connection
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from governance.inventory.models import MLModel

from .models import CheckResult, CheckRun, ModelCheckStatus, Outcome

# Filter values of a model's latest check state (the models list's `checks` filter uses them).
FAILING, WARNING, PASSING, UNCHECKED = "failing", "warning", "passing", "unchecked"
STATE_CHOICES = [
    (FAILING, _("Failing a check")),
    (WARNING, _("Warnings, no failure")),
    (PASSING, _("Passing every check")),
    (UNCHECKED, _("Not checked yet")),
]


def record_run(*, run_id: int) -> None:
    """Make this run the latest for every model it judged, unless a newer finished run already is: one
    set-based upsert, so runs finishing out of order (a model run overtaking an org-wide one) stay right."""
    status, results = ModelCheckStatus._meta.db_table, CheckResult._meta.db_table
    counts = ", ".join("SUM(CASE WHEN outcome = %s THEN 1 ELSE 0 END)" for _ in range(4))
    columns = ("fail_count", "warn_count", "pass_count", "not_applicable_count")
    sql = (
        f"INSERT INTO {status} (model_id, run_id, {', '.join(columns)}) "  # noqa: S608 - table names only
        f"SELECT model_id, run_id, {counts} FROM {results} WHERE run_id = %s GROUP BY model_id, run_id "
        f"ON CONFLICT (model_id) DO UPDATE SET run_id = excluded.run_id, "
        + ", ".join(f"{c} = excluded.{c}" for c in columns)
        + f" WHERE excluded.run_id > {status}.run_id"
    )
    outcomes = [Outcome.FAIL, Outcome.WARN, Outcome.PASS, Outcome.NOT_APPLICABLE]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*map(str, outcomes), run_id])


def rebuild() -> None:
    """Recompute every model's status from the finished runs (after a restore or a manual clean-up)."""
    ModelCheckStatus.objects.all().delete()
    for run_id in (
        CheckRun.objects.filter(status=CheckRun.Status.SUCCEEDED).order_by("pk").values_list("pk", flat=True)
    ):
        record_run(run_id=run_id)


def with_latest_checks(models: QuerySet[MLModel]) -> QuerySet[MLModel]:
    """Annotate latest_check_run (None when never judged), latest_fail_count and latest_warn_count."""
    return models.annotate(
        latest_check_run=F("check_status__run_id"),
        latest_fail_count=Coalesce(F("check_status__fail_count"), Value(0)),
        latest_warn_count=Coalesce(F("check_status__warn_count"), Value(0)),
    )


def state_q(state: str) -> Q:
    """A condition on a model's latest check state (no annotation needed)."""
    checked = Q(check_status__isnull=False)
    return {
        FAILING: checked & Q(check_status__fail_count__gt=0),
        WARNING: checked & Q(check_status__fail_count=0, check_status__warn_count__gt=0),
        PASSING: checked & Q(check_status__fail_count=0, check_status__warn_count=0),
        UNCHECKED: Q(check_status__isnull=True),
    }[state]
