"""The differences of a model imported before: nothing is written when its fingerprints match.

Governance fields are never written here (an upstream change to what fed them is a conflict); MLflow's
fields follow upstream where nobody edited them here (diff.three_way), else a conflict names both values.
"""

from __future__ import annotations

from typing import Any

from governance.foundation.writes import validated_save
from governance.inventory.models import ModelTag, VersionTag

from . import diff
from .importing import (
    Batch,
    Context,
    Kind,
    _aliases,
    _conflict,
    _create_version,
    _deleted_run,
    _evaluations,
)
from .models import ImportedModel, ImportedVersion
from .upstream import UpstreamModel, UpstreamVersion

# Governance fields fed once from MLflow at import: (imported key, model attribute, what MLflow calls it).
GOVERNED = [("description", "purpose", "description")]


def update_model(
    ctx: Context, batch: Batch, model: UpstreamModel, imported: ImportedModel, *, holders
) -> None:
    known = {iv.mlflow_version: iv for iv in imported.versions.all()}
    fingerprint = diff.model_fingerprint(model)
    changed_versions = [
        v
        for v in model.versions
        if v.version not in known or known[v.version].fingerprint != diff.version_fingerprint(v)
    ]
    if fingerprint == imported.fingerprint and not changed_versions:
        batch.counts["unchanged"] += 1 + len(model.versions)
        return
    batch.counts["unchanged"] += len(model.versions) - len(changed_versions)
    local = imported.model
    wrote = False
    for key, attr, upstream_name in GOVERNED:
        before, after = imported.imported.get(key), getattr(model, key)
        if before != after and getattr(local, attr) != after:
            batch.conflicts.append(
                _conflict(
                    ctx,
                    Kind.LOCAL_EDIT,
                    model.name,
                    field=attr,
                    local=getattr(local, attr),
                    upstream=after,
                    detail=f"MLflow's {upstream_name} changed; the {attr} is a governance field "
                    "edited here only.",
                )
            )
            batch.counts["conflicts"] += 1
    wrote |= _team_and_owner(ctx, batch, model, imported)
    tags = diff.clean_tags(model.tags, where=f"model {model.name[:80]}")
    batch.notes += tags.notes
    wrote |= _tags(
        ctx,
        batch,
        model.name,
        "",
        owner={"model": local},
        rows=list(local.tags.all()),
        row_class=ModelTag,
        imported=imported.imported.get("tags", {}),
        upstream=tags.values,
    )
    versions = {iv.mlflow_version: iv.version for iv in known.values()}
    for version in changed_versions:
        if version.version in known:
            wrote |= _update_version(ctx, batch, model.name, known[version.version], version)
        else:
            versions[version.version] = _create_version(ctx, batch, imported, version)
            wrote = True
    gone = sorted(set(known) - {v.version for v in model.versions})
    if gone:
        batch.notes.append(
            f"model {model.name[:80]}: version(s) {', '.join(gone)} no longer in MLflow; kept here"
        )
    wrote |= _aliases(ctx, batch, model, imported, versions, holders=holders)
    batch.counts["updated" if wrote else "unchanged"] += 1
    imported.fingerprint = fingerprint
    imported.imported = {**imported.imported, "description": model.description, "tags": tags.values}
    imported.save(update_fields=["fingerprint", "imported"])


def _team_and_owner(ctx: Context, batch: Batch, model: UpstreamModel, imported: ImportedModel) -> bool:
    """A team or owner tag changed upstream: reported, never applied (ownership moves by a transfer here)."""
    for tag, attr in ((ctx.connector.team_tag, "team"), (ctx.connector.owner_tag, "owner")):
        before = imported.imported.get(f"{attr}_tag", model.tags.get(tag, ""))
        after = model.tags.get(tag, "")
        if before != after:
            batch.conflicts.append(
                _conflict(
                    ctx,
                    Kind.LOCAL_EDIT,
                    model.name,
                    field=attr,
                    local=str(getattr(imported.model, attr)),
                    upstream=after,
                    detail=f"MLflow's {tag!r} tag changed; the {attr} is a governance field: "
                    "change it here (a transfer of ownership) if MLflow is right.",
                )
            )
            batch.counts["conflicts"] += 1
        imported.imported[f"{attr}_tag"] = after
    return False


def _tags(
    ctx: Context,
    batch: Batch,
    name: str,
    version: str,
    *,
    owner: dict[str, Any],
    rows: list,
    row_class: type,
    imported: dict,
    upstream: dict,
) -> bool:
    local = {row.key: row for row in rows}
    plan = diff.three_way(imported=imported, local={k: r.value for k, r in local.items()}, upstream=upstream)
    for key, here, there in plan.conflicts:
        batch.conflicts.append(
            _conflict(
                ctx,
                Kind.LOCAL_EDIT,
                name,
                version=version,
                field=f"tag {key}"[:100],
                local=here,
                upstream=there,
                detail="The tag was edited here and changed in MLflow; the local value stays.",
            )
        )
        batch.counts["conflicts"] += 1
    for key, value in plan.set.items():
        row = local.get(key) or row_class(key=key, **owner)
        row.value = value
        validated_save(row, actor=ctx.actor, reason=ctx.reason)
    for key in plan.remove:
        row = local[key]
        row._history_user, row._change_reason = ctx.actor, ctx.reason
        row.delete()
    return plan.changes


def _update_version(
    ctx: Context, batch: Batch, name: str, imported: ImportedVersion, version: UpstreamVersion
) -> bool:
    local = imported.version
    fields, notes = diff.version_fields(version)
    batch.notes += [f"model {name[:80]}: {n}" for n in notes]
    before_fields = imported.imported.get("fields", {})
    plan = diff.three_way(
        imported=before_fields, local={f: getattr(local, f) for f in fields}, upstream=fields
    )
    for field, here, there in plan.conflicts:
        batch.conflicts.append(
            _conflict(
                ctx,
                Kind.LOCAL_EDIT,
                name,
                version=version.version,
                field=field,
                local=here,
                upstream=there,
                detail="Edited here and changed in MLflow; the local value stays.",
            )
        )
        batch.counts["conflicts"] += 1
    wrote = False
    if plan.set:
        for field, value in plan.set.items():
            setattr(local, field, value)
        validated_save(local, actor=ctx.actor, reason=ctx.reason)
        wrote = True
    old_metrics = before_fields.get("validation_metrics", {})
    if fields["validation_metrics"] != old_metrics:
        _evaluations(ctx, local, version, fields["validation_metrics"], before=old_metrics)
        wrote = True
    if version.run_missing and not imported.imported.get("run_missing"):
        batch.conflicts.append(_deleted_run(ctx, name, version))
        batch.counts["conflicts"] += 1
    tags = diff.clean_tags(
        version.tags, where=f"model {name[:80]} version {version.version}", skip_prefix=diff.WRITE_BACK_PREFIX
    )
    batch.notes += tags.notes
    wrote |= _tags(
        ctx,
        batch,
        name,
        version.version,
        owner={"version": local},
        rows=list(local.tags.all()),
        row_class=VersionTag,
        imported=imported.imported.get("tags", {}),
        upstream=tags.values,
    )
    batch.counts["updated" if wrote else "unchanged"] += 1
    imported.fingerprint = diff.version_fingerprint(version)
    imported.imported = {
        "fields": fields,
        "tags": tags.values,
        "run_missing": version.run_missing,
        **diff.run_bookkeeping(version),
    }
    imported.save(update_fields=["fingerprint", "imported"])
    return wrote
