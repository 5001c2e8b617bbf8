"""One batch of the listing, written in one transaction: new models are created in bulk (a fixed number of
queries), known ones skipped when their fingerprints match, else diffed.

`settled_models` runs before the runs are read: the models whose listing matches the last import and whose
runs had all ended need no run read (docs/mlflow.md, "Which runs a sync reads")."""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction

from governance.inventory.models import MLModel

from . import diff
from .creating import create_models, plan_or_conflict
from .importing import Batch, Context, _conflict, admit, environment_holders, owners_for, teams_for
from .models import ImportedModel, ImportedVersion, SyncConflict, UnmappedModel
from .updating import update_model
from .upstream import UpstreamModel


def apply_batch(*, ctx: Context, models: list[UpstreamModel]) -> Batch:
    """One transaction: the batch is written whole or not at all."""
    batch = Batch()
    with transaction.atomic():
        names = [m.name for m in models]
        # Fingerprints first (two narrow queries); full rows only for the models that changed.
        stored = fingerprints(connector=ctx.connector, names=names)
        changed = [m.name for m in models if m.name in stored and not unchanged(m, stored[m.name])]
        _refresh_bookkeeping(models, stored)
        known = {
            im.mlflow_name: im
            for im in ImportedModel.objects.filter(connector=ctx.connector, mlflow_name__in=changed)
            .select_related("model")
            .prefetch_related(
                "versions__version", "model__tags", "model__aliases__version", "versions__version__tags"
            )
        }
        taken = dict(
            MLModel.objects.filter(name__in=[n for n in names if n not in stored]).values_list(
                "name", "team__name"
            )
        )
        holders = environment_holders([im.model_id for im in known.values()])
        new = [m for m in models if m.name not in stored]
        teams = teams_for(ctx.connector, new)
        owners = owners_for(ctx.connector, new)
        plans = []
        for model in models:
            if model.name in stored and model.name not in known:
                batch.counts["unchanged"] += 1 + len(model.versions)
                continue
            imported = known.get(model.name)
            if imported is None:
                mapped = admit(ctx, batch, model, taken=taken, teams=teams, owners=owners)
                plan = (
                    plan_or_conflict(ctx, batch, model, team=mapped[0], owner=mapped[1]) if mapped else None
                )
                if plan is not None:
                    plans.append(plan)
                continue
            # A savepoint per changed model: a value this product refuses costs that model, not the batch.
            found = Batch()
            try:
                with transaction.atomic():
                    update_model(ctx, found, model, imported, holders=holders.get(imported.model_id, {}))
            except ValidationError as exc:
                found = Batch(counts=Counter(conflicts=1))
                found.conflicts.append(
                    _conflict(
                        ctx, "invalid", model.name, detail="Not imported: " + " ".join(exc.messages)[:1000]
                    )
                )
            batch.merge(found)
        create_models(ctx, batch, plans)
        SyncConflict.objects.bulk_create(batch.conflicts)
        UnmappedModel.objects.bulk_create(batch.unmapped)
    return batch


Stored = tuple[str, dict[str, tuple[int, str, str, bool]]]  # model fp, {version: (id, fp, listing, settled)}


def fingerprints(*, connector, names: list[str] | None = None) -> dict[str, Stored]:
    """{MLflow name: (model fingerprint, {version: (id, fingerprint, listing, settled)})} of what this
    connector imported (every model when `names` is None): two queries."""
    models = ImportedModel.objects.filter(connector=connector)
    versions = ImportedVersion.objects.filter(imported_model__connector=connector)
    if names is not None:
        models = models.filter(mlflow_name__in=names)
        versions = versions.filter(imported_model__mlflow_name__in=names)
    stored = {name: (fp, {}) for name, fp in models.values_list("mlflow_name", "fingerprint")}
    rows = versions.values_list(
        "imported_model__mlflow_name", "mlflow_version", "id", "fingerprint", "imported__listing",
        "imported__settled",
    )  # fmt: skip
    for name, version, pk, fp, listing, settled in rows:
        stored[name][1][version] = (pk, fp, str(listing or ""), settled in (True, 1))
    return stored


def unchanged(model: UpstreamModel, stored: Stored) -> bool:
    """The model and every version match their fingerprints (and no version is new)."""
    if model.settled:  # judged on the listing before the runs were (not) read
        return True
    fingerprint, versions = stored
    if diff.model_fingerprint(model) != fingerprint:
        return False
    # A version gone from MLflow stays here (noted when the model next changes): not a change by itself.
    return all(
        v.version in versions and versions[v.version][1] == diff.version_fingerprint(v)
        for v in model.versions
    )


def settled_models(*, connector, models: list[UpstreamModel]) -> set[str]:
    """Names of the models whose runs need not be read: the model's fingerprint and every version's listing
    match the last import, no version is new, and every version's run had ended (or has none). Two
    queries, whatever the number of models."""
    stored = fingerprints(connector=connector)
    quiet = set()
    for model in models:
        fingerprint, versions = stored.get(model.name, (None, {}))
        if fingerprint is None or fingerprint != diff.model_fingerprint(model):
            continue
        if all(
            v.version in versions
            and versions[v.version][3]
            and versions[v.version][2] == diff.listing_fingerprint(v)
            for v in model.versions
        ):
            quiet.add(model.name)
    return quiet


def _refresh_bookkeeping(models: list[UpstreamModel], stored: dict[str, Stored]) -> None:
    """Versions unchanged by their fingerprint whose run bookkeeping is missing (imported before it was kept)
    or outdated (their run has ended since): two queries when there are any, none otherwise. Not a change
    of the inventory: no history record."""
    due: dict[int, dict] = {}
    for model in models:
        if model.settled or model.name not in stored:
            continue
        versions = stored[model.name][1]
        for v in model.versions:
            row = versions.get(v.version)
            if row is None or row[1] != diff.version_fingerprint(v):
                continue  # new or changed: written with its bookkeeping by the update
            wanted = diff.run_bookkeeping(v)
            if (row[2], row[3]) != (wanted["listing"], wanted["settled"]):
                due[row[0]] = wanted
    if not due:
        return
    rows = list(ImportedVersion.objects.filter(pk__in=due).only("id", "imported"))
    for row in rows:
        row.imported = {**row.imported, **due[row.pk]}
    ImportedVersion.objects.bulk_update(rows, ["imported"])
