"""New models of one batch, created in bulk: every row and its history record with a fixed number of
queries per batch (two per table), whatever the number of models, versions, tags and metrics.

Each model is validated in Python first (the same field validation as validated_save, uniqueness aside:
the batch checked the names); a model this product refuses becomes an "invalid" conflict, not a failure.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from governance.foundation.writes import refuse_nul_characters
from governance.inventory.models import (
    Evaluation,
    MLModel,
    ModelTag,
    ModelVersion,
    Origin,
    VersionAlias,
    VersionTag,
)
from governance.inventory.tags import alias_name

from . import diff
from .importing import Batch, Context, Kind, _conflict, _deleted_run
from .models import ImportedModel, ImportedVersion
from .upstream import UpstreamModel, UpstreamVersion


@dataclass
class NewVersion:
    upstream: UpstreamVersion
    local: ModelVersion
    fields: dict[str, Any]
    tags: list[VersionTag]
    evaluations: list[Evaluation]


@dataclass
class NewModel:
    upstream: UpstreamModel
    local: MLModel
    tags: list[ModelTag]
    versions: list[NewVersion]
    aliases: dict[str, str]  # alias -> version label
    imported: dict[str, Any]
    found: Batch = field(default_factory=Batch)


def _check(instance: Any, *, exclude: list[str]) -> None:
    refuse_nul_characters(instance)
    instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)


def plan_model(ctx: Context, model: UpstreamModel, *, team: Any, owner: Any) -> NewModel:
    """The rows of one new model, validated; raises ValidationError when the inventory refuses a value."""
    found = Batch()
    where = f"model {model.name[:80]}"
    local = MLModel(
        team=team,
        owner=owner,
        name=model.name.strip(),
        stage=MLModel.Stage.DEVELOPMENT,
        purpose=model.description or f"Imported from MLflow ({ctx.connector.name}); no description there.",
    )
    _check(local, exclude=["team", "owner"])  # related rows the batch fetched: no query per model
    tags = diff.clean_tags(model.tags, where=where)
    found.notes += tags.notes
    tag_rows = [ModelTag(key=k, value=v) for k, v in tags.values.items()]
    versions = []
    now = timezone.now()
    for version in model.versions:
        fields, notes = diff.version_fields(version)
        found.notes += [f"{where}: {n}" for n in notes]
        registered = (
            datetime.datetime.fromtimestamp(version.created_ms / 1000, tz=datetime.UTC)
            if version.created_ms
            else now
        )
        row = ModelVersion(
            label=version.version[: diff.VERSION_LABEL_MAX],
            registered_by=ctx.actor,
            registered_at=min(registered, now),
            **fields,
        )
        _check(row, exclude=["model", "registered_by"])
        vtags = diff.clean_tags(
            version.tags, where=f"{where} version {version.version}", skip_prefix=diff.WRITE_BACK_PREFIX
        )
        found.notes += vtags.notes
        evaluations = [
            Evaluation(
                metric_name=name,
                quality=value,
                origin=Origin.REPORTED,
                recorded_by=ctx.actor,
                origin_detail=f"from MLflow run {version.run_id}"[:200],
                evaluated_at=now,
            )
            for name, value in fields["validation_metrics"].items()
        ]
        if version.run_missing:
            found.conflicts.append(_deleted_run(ctx, model.name, version))
            found.counts["conflicts"] += 1
        versions.append(
            NewVersion(
                version,
                row,
                fields,
                [VersionTag(key=k, value=v) for k, v in vtags.values.items()],
                evaluations,
            )
        )
        for item in versions[-1].tags:
            _check(item, exclude=["version"])
        for item in evaluations:
            _check(item, exclude=["version", "recorded_by", "data_source"])
    for item in tag_rows:
        _check(item, exclude=["model"])
    labels = {v.local.label for v in versions}
    aliases = {}
    for alias, label in sorted(model.aliases.items()):
        if alias.lower() in ctx.reserved:
            found.conflicts.append(
                _conflict(
                    ctx,
                    Kind.ENVIRONMENT_ALIAS,
                    model.name,
                    version=label,
                    field=f"alias @{alias}",
                    local="(held by no version)",
                    upstream=label,
                    out_of_policy=True,
                    detail=f"@{alias} is a promotion-gate environment: set in MLflow without a promotion. "
                    "Not applied here; request a promotion, or remove the alias in MLflow.",
                )
            )
            found.counts["conflicts"] += 1
        elif label in labels and len(alias) <= diff.ALIAS_MAX and alias_name.regex.match(alias):
            aliases[alias] = label
        else:
            found.notes.append(f"{where}: alias @{alias[:40]} skipped (unknown version, too long or odd)")
    imported = {
        "description": model.description,
        "tags": tags.values,
        "team_tag": model.tags.get(ctx.connector.team_tag, ""),
        "owner_tag": model.tags.get(ctx.connector.owner_tag, ""),
        "aliases": {a: v for a, v in model.aliases.items() if a.lower() not in ctx.reserved},
        "environment_aliases": {a: v for a, v in model.aliases.items() if a.lower() in ctx.reserved},
    }
    return NewModel(model, local, tag_rows, versions, aliases, imported, found)


def create_models(ctx: Context, batch: Batch, plans: list[NewModel]) -> None:
    """Every planned model with its rows, in bulk with their history records (the batch's transaction)."""
    if not plans:
        return
    history = {"default_user": ctx.actor, "default_change_reason": ctx.reason[:100]}
    bulk_create_with_history([p.local for p in plans], MLModel, **history)
    for p in plans:
        for tag in p.tags:
            tag.model = p.local
        for v in p.versions:
            v.local.model = p.local
    bulk_create_with_history([t for p in plans for t in p.tags], ModelTag, **history)
    bulk_create_with_history([v.local for p in plans for v in p.versions], ModelVersion, **history)
    for p in plans:
        for v in p.versions:
            for item in (*v.tags, *v.evaluations):
                item.version = v.local
    bulk_create_with_history([t for p in plans for v in p.versions for t in v.tags], VersionTag, **history)
    bulk_create_with_history(
        [e for p in plans for v in p.versions for e in v.evaluations], Evaluation, **history
    )
    aliases = []
    for p in plans:
        by_label = {v.local.label: v.local for v in p.versions}
        aliases += [
            VersionAlias(model=p.local, version=by_label[label], name=a) for a, label in p.aliases.items()
        ]
    bulk_create_with_history(aliases, VersionAlias, **history)
    imported = ImportedModel.objects.bulk_create(
        [
            ImportedModel(
                connector=ctx.connector,
                mlflow_name=p.upstream.name,
                model=p.local,
                fingerprint=diff.model_fingerprint(p.upstream),
                imported=p.imported,
            )
            for p in plans
        ]
    )
    ImportedVersion.objects.bulk_create(
        [
            ImportedVersion(
                imported_model=im,
                mlflow_version=v.upstream.version,
                version=v.local,
                fingerprint=diff.version_fingerprint(v.upstream),
                imported={
                    "fields": v.fields,
                    "tags": {t.key: t.value for t in v.tags},
                    "run_missing": v.upstream.run_missing,
                    **diff.run_bookkeeping(v.upstream),
                },
            )
            for im, p in zip(imported, plans, strict=True)
            for v in p.versions
        ]
    )
    for p in plans:
        batch.merge(p.found)
        batch.counts["created"] += 1 + len(p.versions)


def plan_or_conflict(
    ctx: Context, batch: Batch, model: UpstreamModel, *, team: Any, owner: Any
) -> NewModel | None:
    try:
        return plan_model(ctx, model, team=team, owner=owner)
    except ValidationError as exc:
        batch.conflicts.append(
            _conflict(ctx, Kind.INVALID, model.name, detail="Not imported: " + " ".join(exc.messages)[:1000])
        )
        batch.counts["conflicts"] += 1
        return None
