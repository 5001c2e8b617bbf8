"""One batch of the listing, written in one transaction: new models are created in bulk (a fixed number of
queries), known ones skipped when their fingerprints match, else diffed."""

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


def fingerprints(*, connector, names: list[str]) -> dict[str, tuple[str, dict[str, str]]]:
    """{MLflow name: (model fingerprint, {version: fingerprint})} of what this connector imported."""
    stored = {
        name: (fingerprint, {})
        for name, fingerprint in ImportedModel.objects.filter(
            connector=connector, mlflow_name__in=names
        ).values_list("mlflow_name", "fingerprint")
    }
    for name, version, fingerprint in ImportedVersion.objects.filter(
        imported_model__connector=connector, imported_model__mlflow_name__in=names
    ).values_list("imported_model__mlflow_name", "mlflow_version", "fingerprint"):
        stored[name][1][version] = fingerprint
    return stored


def unchanged(model: UpstreamModel, stored: tuple[str, dict[str, str]]) -> bool:
    """The model and every version match their fingerprints (and no version is new)."""
    fingerprint, versions = stored
    if diff.model_fingerprint(model) != fingerprint:
        return False
    # A version gone from MLflow stays here (noted when the model next changes): not a change by itself.
    return all(versions.get(v.version) == diff.version_fingerprint(v) for v in model.versions)
