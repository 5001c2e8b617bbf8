"""Writing one batch of the listing into the inventory: new models and versions, and the differences of
known ones, each write through validated_save with the "MLflow sync" actor in the history.

Governance fields (team, owner, purpose, model card, tier, stage) are set once, when a model is first
imported, and never written again: an upstream change to what fed them is a conflict. MLflow's own fields
(tags, aliases, source, run, parameters, metrics) follow upstream unless edited here (diff.three_way).
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from governance.foundation.writes import validated_save
from governance.inventory.models import (
    Evaluation,
    ModelVersion,
    Origin,
    VersionAlias,
    VersionTag,
)
from governance.inventory.tags import alias_name
from governance.promotions.models import Deployment
from governance.teams import permissions as perms
from governance.teams.models import Team

from . import diff
from .models import ImportedModel, ImportedVersion, MlflowConnector, SyncConflict, SyncRun, UnmappedModel
from .upstream import UpstreamModel, UpstreamVersion

Kind = SyncConflict.Kind


@dataclass
class Batch:
    """What one batch found; the run adds it up."""

    counts: Counter = field(default_factory=Counter)
    conflicts: list[SyncConflict] = field(default_factory=list)
    unmapped: list[UnmappedModel] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def merge(self, other: Batch) -> None:
        self.counts.update(other.counts)
        self.conflicts += other.conflicts
        self.unmapped += other.unmapped
        self.notes += other.notes


@dataclass
class Context:
    run: SyncRun
    connector: MlflowConnector
    actor: Any
    reserved: set[str]  # environment names: never imported as aliases

    @property
    def reason(self) -> str:
        return f"MLflow sync #{self.run.pk} ({self.connector.name})"


# Mapping ---------------------------------------------------------------------------------------------------


def teams_for(connector: MlflowConnector, models: list[UpstreamModel]) -> dict[str, Team]:
    wanted = {m.tags.get(connector.team_tag, "").strip().lower() for m in models} - {""}
    found = {}
    for team in Team.objects.all() if wanted else []:
        for key in (team.slug.lower(), team.name.lower()):
            if key in wanted:
                found[key] = team
    return found


def owners_for(connector: MlflowConnector, models: list[UpstreamModel]) -> dict[str, Any]:
    wanted = {m.tags.get(connector.owner_tag, "").strip() for m in models} - {""}
    if not wanted:
        return {}
    users = list(get_user_model().objects.filter(username__in=wanted, is_active=True))
    perms.prime_cached_roles(users)  # their rights in two queries, not two per owner
    return {u.username: u for u in users}


def map_model(
    *, connector: MlflowConnector, model: UpstreamModel, teams: dict[str, Team], owners: dict[str, Any]
) -> tuple[Team | None, Any | None, str]:
    """(team, owner, "") or (None, None, why it cannot be mapped)."""
    team_name = model.tags.get(connector.team_tag, "").strip()
    if team_name:
        team = teams.get(team_name.lower())
        if team is None:
            return None, None, f"tag {connector.team_tag}={team_name[:60]!r} names no team here"
    elif connector.default_team_id:
        team = connector.default_team
    else:
        return None, None, f"no {connector.team_tag!r} tag and the connector has no default team"
    owner_name = model.tags.get(connector.owner_tag, "").strip()
    owner = owners.get(owner_name) if owner_name else None
    if owner is not None and not perms.can_edit_team(owner, team.pk):
        owner = None
    if owner is None:
        owner = connector.default_owner if connector.default_owner_id else None
        if owner is None or not owner.is_active or not perms.can_edit_team(owner, team.pk):
            why = (
                f"owner {owner_name[:60]!r} is not a contributor of {team.name}"
                if owner_name
                else "no owner tag"
            )
            return None, None, f"{why} and no usable default owner"
    return team, owner, ""


# New models ------------------------------------------------------------------------------------------------


def admit(ctx: Context, batch: Batch, model: UpstreamModel, *, taken, teams, owners) -> tuple | None:
    """(team, owner) for a model that may be created; else None, with the conflict or unmapped entry."""
    if len(model.name) > diff.MODEL_NAME_MAX or len(model.name.strip()) < 2:
        batch.conflicts.append(
            _conflict(
                ctx,
                Kind.INVALID,
                model.name,
                field="name",
                detail=f"A model name here has 2 to {diff.MODEL_NAME_MAX} characters "
                f"(this one has {len(model.name)}): not imported.",
            )
        )
        batch.counts["conflicts"] += 1
        return None
    if model.name in taken:
        batch.conflicts.append(
            _conflict(
                ctx,
                Kind.NAME_COLLISION,
                model.name,
                field="name",
                detail=f"Team {taken[model.name]} already has a model of this name that this connector "
                "did not import; models are matched on (connector, MLflow name) only: not imported.",
            )
        )
        batch.counts["conflicts"] += 1
        return None
    team, owner, why = map_model(connector=ctx.connector, model=model, teams=teams, owners=owners)
    if team is None:
        batch.unmapped.append(UnmappedModel(run=ctx.run, mlflow_name=model.name[:500], reason=why[:300]))
        batch.counts["unmapped"] += 1
        return None
    return team, owner


def _create_version(
    ctx: Context, batch: Batch, imported: ImportedModel, version: UpstreamVersion
) -> ModelVersion:
    where = f"model {imported.mlflow_name[:80]} version {version.version}"
    fields, notes = diff.version_fields(version)
    batch.notes += [f"model {imported.mlflow_name[:80]}: {n}" for n in notes]
    registered = (
        datetime.datetime.fromtimestamp(version.created_ms / 1000, tz=datetime.UTC)
        if version.created_ms
        else timezone.now()
    )
    local = ModelVersion(
        model=imported.model,
        label=version.version[: diff.VERSION_LABEL_MAX],
        registered_by=ctx.actor,
        registered_at=min(registered, timezone.now()),
        **fields,
    )
    validated_save(local, actor=ctx.actor, reason=ctx.reason)
    tags = diff.clean_tags(version.tags, where=where, skip_prefix=diff.WRITE_BACK_PREFIX)
    batch.notes += tags.notes
    for key, value in tags.values.items():
        validated_save(VersionTag(version=local, key=key, value=value), actor=ctx.actor, reason=ctx.reason)
    _evaluations(ctx, local, version, fields["validation_metrics"], before={})
    if version.run_missing:
        batch.conflicts.append(_deleted_run(ctx, imported.mlflow_name, version))
        batch.counts["conflicts"] += 1
    ImportedVersion.objects.create(
        imported_model=imported,
        mlflow_version=version.version,
        version=local,
        fingerprint=diff.version_fingerprint(version),
        imported={"fields": fields, "tags": tags.values, **diff.run_bookkeeping(version)},
    )
    batch.counts["created"] += 1
    return local


def _evaluations(
    ctx: Context, local: ModelVersion, version: UpstreamVersion, metrics: dict, *, before: dict
) -> None:
    """A new evaluation for each metric that is new or changed: evaluations are append-only evidence."""
    for name, value in metrics.items():
        if before.get(name) == value:
            continue
        evaluation = Evaluation(
            version=local,
            metric_name=name,
            quality=value,
            origin=Origin.REPORTED,
            origin_detail=f"from MLflow run {version.run_id}"[:200],
            recorded_by=ctx.actor,
        )
        validated_save(evaluation, actor=ctx.actor, reason=ctx.reason)


def _deleted_run(ctx: Context, name: str, version: UpstreamVersion) -> SyncConflict:
    return _conflict(
        ctx,
        Kind.DELETED_RUN,
        name,
        version=version.version,
        field="run",
        upstream=version.run_id,
        detail=f"Run {version.run_id} no longer exists in MLflow (deleted): the version is kept without "
        "the run's metrics and parameters.",
    )


def _conflict(
    ctx: Context,
    kind: str,
    name: str,
    *,
    version: str = "",
    field: str = "",
    local: Any = "",
    upstream: Any = "",
    detail: str = "",
    out_of_policy: bool = False,
) -> SyncConflict:
    return SyncConflict(
        run=ctx.run,
        kind=kind,
        mlflow_name=name[:500],
        mlflow_version=version[:50],
        field=field[:100],
        local_value="" if local is None else str(local)[:2000],
        upstream_value="" if upstream is None else str(upstream)[:2000],
        detail=detail,
        out_of_policy=out_of_policy,
    )


# Aliases ---------------------------------------------------------------------------------------------------


def environment_holders(model_ids: list[int]) -> dict[int, dict[str, str]]:
    """{model id: {environment name or slug (lower): version label}} from the promotion gate."""
    holders: dict[int, dict[str, str]] = {}
    rows = Deployment.objects.filter(model_id__in=model_ids).values_list(
        "model_id", "environment__name", "environment__slug", "version__label"
    )
    for model_id, name, slug, label in rows:
        holders.setdefault(model_id, {}).update({name.lower(): label, slug.lower(): label})
    return holders


def _aliases(
    ctx: Context,
    batch: Batch,
    model: UpstreamModel,
    imported: ImportedModel,
    versions: dict[str, ModelVersion],
    *,
    holders: dict[str, str],
) -> bool:
    """Ordinary aliases follow upstream (three-way); environment aliases are never imported: an upstream
    one that differs from the gate's is a conflict and an out-of-policy event."""
    ordinary = {a: v for a, v in model.aliases.items() if a.lower() not in ctx.reserved}
    environments = {a: v for a, v in model.aliases.items() if a.lower() in ctx.reserved}
    before_env = imported.imported.get("environment_aliases", {})
    for alias, version in sorted(environments.items()):
        held = holders.get(alias.lower())
        if before_env.get(alias) != version and held != version:
            batch.conflicts.append(
                _conflict(
                    ctx,
                    Kind.ENVIRONMENT_ALIAS,
                    model.name,
                    version=version,
                    field=f"alias @{alias}",
                    local=held or "(held by no version)",
                    upstream=version,
                    out_of_policy=True,
                    detail=f"@{alias} is a promotion-gate environment: moved in MLflow without a promotion. "
                    "Not applied here; request a promotion, or move the alias back in MLflow.",
                )
            )
            batch.counts["conflicts"] += 1
    local_aliases = {a.name: a for a in imported.model.aliases.all()}
    labels = {a.name: a.version.label for a in local_aliases.values()}
    plan = diff.three_way(imported=imported.imported.get("aliases", {}), local=labels, upstream=ordinary)
    for alias, local_label, upstream_label in plan.conflicts:
        batch.conflicts.append(
            _conflict(
                ctx,
                Kind.LOCAL_EDIT,
                model.name,
                field=f"alias @{alias}",
                local=local_label,
                upstream=upstream_label,
                detail="The alias was moved here; MLflow moved it too. The local alias stays.",
            )
        )
        batch.counts["conflicts"] += 1
    wrote = False
    for alias, label in plan.set.items():
        target = versions.get(label) or ModelVersion.objects.filter(model=imported.model, label=label).first()
        if target is None or len(alias) > diff.ALIAS_MAX or not alias_name.regex.match(alias):
            batch.notes.append(
                f"model {model.name[:80]}: alias @{alias[:40]} skipped "
                "(unknown version, too long or odd characters)"
            )
            continue
        row = local_aliases.get(alias) or VersionAlias(model=imported.model, name=alias)
        row.version = target
        validated_save(row, actor=ctx.actor, reason=ctx.reason)
        wrote = True
    for alias in plan.remove:
        row = local_aliases[alias]
        row._history_user, row._change_reason = ctx.actor, ctx.reason
        row.delete()
        wrote = True
    imported.imported = {**imported.imported, "aliases": ordinary, "environment_aliases": environments}
    return wrote
