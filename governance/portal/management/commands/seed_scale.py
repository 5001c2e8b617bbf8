"""Bulk-load the design's "org-10k" benchmark organisation: `manage.py seed_scale [--scale 0.01] [--reset]`.

Defaults: 50 teams, 500 users, 10,000 models, 3 versions a model (30,000), 2,000 data sources, 5,000
consent records, about 2 data-source uses a model, 40,000 risks (with their mitigations, acceptances and
last reviews) and 200 submitted maturity assessments (with every answer). `--scale F` multiplies every size
(not the versions-per-model ratio), e.g. 0.01 for tests. Deterministic for a given --seed; dates are
relative to today. Everything, including --reset, runs in one transaction and prints the time of each step.
Risks need the default risk matrix and assessments the Google MLOps levels framework (both loaded by
`migrate`).

Refuses to run while scale rows (teams `scale-team-*`, users `scale-user-*`, sources `scale-source-*`)
exist; `--reset` deletes those rows, and only those, first, with the rows that refer to them: risks and
assessments of scale models and teams, and check results about scale models (check runs that judged only
scale models go with them).

bulk_create bypasses django-simple-history (and the services and model validation): scale rows get no
history records. That is acceptable for a benchmark data set; never load real data this way. Each app builds
its own rows: the inventory's Builder (teams to uses) in governance/inventory/management/scale.py, the risk
register in governance/risks/scale.py, the assessments in assessments/scale.py; STEPS below runs them in
order, and a new app adds its step there.
"""

from __future__ import annotations

import time
from functools import partial

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, Q

from assessments.models import Answer, Assessment
from assessments.scale import assessment_summary, build_assessments
from governance.checks.models import CheckResult, CheckRun, ModelCheckStatus
from governance.inventory.management.scale import (
    ORG_10K,
    SCALE_PASSWORD,
    SOURCE_NAME_PREFIX,
    TEAM_SLUG_PREFIX,
    USERNAME_PREFIX,
    VERSIONS_PER_MODEL,
    Builder,
    Sizes,
)
from governance.inventory.management.scale import (
    STEPS as INVENTORY_STEPS,
)
from governance.inventory.models import (
    ConsentRecord,
    DataSource,
    DataSourceUse,
    Evaluation,
    MLModel,
    ModelVersion,
    MonitoringSnapshot,
)
from governance.risks.models import Mitigation, Risk, RiskAcceptance, RiskReview
from governance.risks.scale import build_risks, risk_summary
from governance.teams.models import Membership, Team

# The whole org-10k, in order: the inventory's Builder steps, then each app's own builder, which reads what
# the earlier steps built from the Builder. No builder imports another app's builder; a new app adds its
# step here.
APP_STEPS = {"risks": build_risks, "assessments": build_assessments}
STEPS = (*INVENTORY_STEPS, *APP_STEPS)


def scaled_sizes(
    *, teams, users, models, versions_per_model, sources, consents, risks=0, assessments=0, scale=1.0
) -> Sizes:
    """Multiply each size by scale; teams, users, models and sources never drop below one."""

    def at_least_one(n: int) -> int:
        return max(1, round(n * scale))

    n_models = at_least_one(models)
    return Sizes(
        teams=at_least_one(teams),
        users=at_least_one(users),
        models=n_models,
        versions=round(n_models * versions_per_model),
        sources=at_least_one(sources),
        consents=round(consents * scale),
        risks=round(risks * scale),
        assessments=round(assessments * scale),
    )


def scale_querysets() -> dict:
    teams = Team.objects.filter(slug__startswith=TEAM_SLUG_PREFIX)
    models = MLModel.objects.filter(team__in=teams)
    sources = DataSource.objects.filter(Q(team__in=teams) | Q(name__startswith=SOURCE_NAME_PREFIX))
    return {
        "teams": teams,
        "users": get_user_model().objects.filter(username__startswith=USERNAME_PREFIX),
        "models": models,
        "versions": ModelVersion.objects.filter(model__in=models),
        "sources": sources,
    }


def scale_rows_exist() -> bool:
    qs = scale_querysets()
    return any(qs[name].exists() for name in ("teams", "users", "sources"))


def _raw_delete(queryset) -> int:
    """One DELETE statement: no rows loaded, no signals, so simple-history writes no deletion records."""
    return queryset._raw_delete(queryset.db)


def delete_scale_rows() -> dict[str, int]:
    """Delete the scale rows, referencing rows first. Raises ProtectedError if other rows point at them."""
    qs = scale_querysets()
    deleted = {}
    # Rows of later steps first, each before the rows it references.
    risks = Risk.objects.filter(model__in=qs["models"])
    deleted["answers"] = _raw_delete(Answer.objects.filter(assessment__team__in=qs["teams"]))
    deleted["assessments"] = _raw_delete(Assessment.objects.filter(team__in=qs["teams"]))
    deleted["reviews"] = _raw_delete(RiskReview.objects.filter(risk__in=risks))
    deleted["acceptances"] = _raw_delete(RiskAcceptance.objects.filter(risk__in=risks))
    deleted["mitigations"] = _raw_delete(Mitigation.objects.filter(risk__in=risks))
    deleted["risks"] = _raw_delete(risks)
    deleted.update(_delete_check_rows(qs))
    deleted["uses"] = _raw_delete(
        DataSourceUse.objects.filter(
            Q(model__in=qs["models"]) | Q(data_source__in=qs["sources"]) | Q(version__in=qs["versions"])
        )
    )
    deleted["evaluations"] = _raw_delete(
        Evaluation.objects.filter(Q(version__in=qs["versions"]) | Q(data_source__in=qs["sources"]))
    )
    deleted["snapshots"] = _raw_delete(MonitoringSnapshot.objects.filter(version__in=qs["versions"]))
    deleted["consents"] = _raw_delete(ConsentRecord.objects.filter(data_source__in=qs["sources"]))
    deleted["versions"] = _raw_delete(qs["versions"])
    deleted["models"] = _raw_delete(qs["models"])
    deleted["sources"] = _raw_delete(qs["sources"])
    deleted["memberships"] = _raw_delete(
        Membership.objects.filter(Q(team__in=qs["teams"]) | Q(user__in=qs["users"]))
    )
    deleted["teams"] = _raw_delete(qs["teams"])
    # Users go through the ORM so their tokens, group links and admin log entries cascade properly.
    deleted["users"] = qs["users"].delete()[1].get(get_user_model()._meta.label, 0)
    return deleted


def _delete_check_rows(qs: dict) -> dict[str, int]:
    """Check results and statuses about scale models (`manage.py bench` runs the checks over them), and the
    runs scoped to a scale team or model or that judged scale models only (a run that also judged other
    models keeps its other results). The runs go through the ORM so their plans and chunks cascade; a report
    made from such a run protects it (ProtectedError)."""
    results = CheckResult.objects.filter(model__in=qs["models"])
    judged = set(results.order_by().values_list("run_id", flat=True).distinct())
    mixed = (
        CheckResult.objects.filter(run_id__in=judged)
        .exclude(model__in=qs["models"])
        .order_by()
        .values_list("run_id", flat=True)
        .distinct()
    )
    only_scale = judged - set(mixed)
    deleted = {
        "check results": _raw_delete(results),
        "check statuses": _raw_delete(ModelCheckStatus.objects.filter(model__in=qs["models"])),
    }
    runs = CheckRun.objects.filter(Q(pk__in=only_scale) | Q(team__in=qs["teams"]) | Q(model__in=qs["models"]))
    deleted["check runs"] = runs.delete()[1].get(CheckRun._meta.label, 0)
    return deleted


class Command(BaseCommand):
    help = "Bulk-load the org-10k benchmark organisation (scale-* teams and users). See the module docstring."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--teams", type=int, default=ORG_10K["teams"])
        parser.add_argument("--users", type=int, default=ORG_10K["users"])
        parser.add_argument("--models", type=int, default=ORG_10K["models"])
        parser.add_argument("--versions-per-model", type=float, default=VERSIONS_PER_MODEL)
        parser.add_argument("--sources", type=int, default=ORG_10K["sources"])
        parser.add_argument("--consents", type=int, default=ORG_10K["consents"])
        parser.add_argument("--risks", type=int, default=ORG_10K["risks"])
        parser.add_argument("--assessments", type=int, default=ORG_10K["assessments"])
        parser.add_argument("--scale", type=float, default=1.0, help="Multiply every size, e.g. 0.01.")
        parser.add_argument("--seed", type=int, default=10_000)
        parser.add_argument("--reset", action="store_true", help="Delete earlier scale rows first.")

    def handle(self, *args, **options) -> None:
        if min(options[k] for k in (*ORG_10K, "versions_per_model", "scale")) < 0:
            raise CommandError("Sizes, --versions-per-model and --scale cannot be negative.")
        sizes = scaled_sizes(
            **{k: options[k] for k in (*ORG_10K, "versions_per_model")}, scale=options["scale"]
        )
        if sizes.users < sizes.teams:
            raise CommandError(
                f"Need at least one user a team ({sizes.users} users for {sizes.teams} teams)."
            )
        started = time.perf_counter()
        try:
            with transaction.atomic():
                if options["reset"]:
                    self._timed("reset", lambda: sum(delete_scale_rows().values()), "rows deleted")
                elif scale_rows_exist():
                    raise CommandError(
                        f"Scale data already exist (teams '{TEAM_SLUG_PREFIX}*', users '{USERNAME_PREFIX}*' "
                        f"or sources '{SOURCE_NAME_PREFIX}*'). Run again with --reset to replace them."
                    )
                self.stdout.write(f"Building {sizes} with seed {options['seed']}.")
                builder = Builder(sizes, options["seed"])
                for step in STEPS:
                    build = APP_STEPS.get(step)
                    self._timed(step, partial(build, builder) if build else getattr(builder, f"build_{step}"))
        except ProtectedError as exc:
            raise CommandError(
                f"Cannot reset: rows outside the scale data refer to it ({exc.args[0]})"
            ) from exc
        except IntegrityError as exc:
            raise CommandError(f"Could not write the scale data, nothing was saved: {exc}") from exc
        except ValidationError as exc:
            raise CommandError(
                f"Cannot build the scale data, nothing was saved: {' '.join(exc.messages)}"
            ) from exc
        total, covered = builder.consent_coverage()
        self.stdout.write(f"Consent-based uses covered by a consent in force: {covered} of {total}.")
        self.stdout.write(risk_summary(builder))
        self.stdout.write(assessment_summary(builder))
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale data ready in {time.perf_counter() - started:.1f} s. "
                f"Users {USERNAME_PREFIX}00001… share the password {SCALE_PASSWORD!r}."
            )
        )

    def _timed(self, step: str, build, what: str = "rows") -> None:
        start = time.perf_counter()
        count = build()
        self.stdout.write(f"  {step:<12}{count:>8} {what}  {time.perf_counter() - start:6.2f} s")
