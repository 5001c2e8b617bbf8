"""The sync service on the plain tier, against an in-memory registry: import, idempotence, conflicts,
unmapped models, environment aliases, write-back and a fixed number of queries per batch."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.inventory import services as inventory
from governance.inventory.models import Evaluation, MLModel, ModelTag, ModelVersion, VersionAlias, VersionTag
from governance.mlflow_sync import services
from governance.mlflow_sync.models import MlflowConnector, SyncConflict, SyncRun
from governance.teams.models import Membership
from tests.factories import UserFactory

from .fake import FakeRegistry

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(team, contributor):
    fake = FakeRegistry()
    tags = {"team": team.slug, "owner": contributor.username}
    fake.add_model("fraud", description="Scores fraud.", tags=tags, aliases={"champion": "2"})
    fake.add_version("fraud", 1, run_id="r1", metrics={"auc": 0.9}, params={"depth": "6"}, tags={"d": "x"})
    fake.add_version("fraud", 2, run_id="r2", metrics={"auc": 0.92}, params={"depth": "7"})
    fake.add_model("orphan")
    return fake


@pytest.fixture
def conn(db):
    return MlflowConnector.objects.create(name="Lab", tracking_uri="http://127.0.0.1:9")


def sync(conn, registry) -> SyncRun:
    return services.sync_now(actor=None, connector=conn, trigger=SyncRun.Trigger.COMMAND, client=registry)


def history_count() -> int:
    return sum(
        m.history.count() for m in (MLModel, ModelVersion, ModelTag, VersionTag, VersionAlias, Evaluation)
    )


def test_first_sync_imports_models_versions_tags_aliases_and_run_metrics(conn, registry, team, contributor):
    run = sync(conn, registry)
    assert run.status == SyncRun.Status.SUCCEEDED, run.error
    assert (run.created, run.unmapped) == (3, 1)
    model = MLModel.objects.get(name="fraud")
    assert (model.team, model.owner, model.purpose) == (team, contributor, "Scores fraud.")
    v1 = model.versions.get(label="1")
    assert v1.code_reference == "MLflow run r1" and v1.hyperparameters == {"depth": "6"}
    assert Evaluation.objects.get(version=v1).origin_detail == "from MLflow run r1"
    assert VersionAlias.objects.get(model=model, name="champion").version.label == "2"
    assert model.history.earliest().history_user.username == "mlflow-sync"
    assert run.unmapped_records.get().mlflow_name == "orphan"


def test_second_sync_changes_nothing(conn, registry):
    sync(conn, registry)
    before = history_count()
    again = sync(conn, registry)
    assert (again.created, again.updated, again.conflicts, again.unchanged) == (0, 0, 0, 3)
    assert history_count() == before


def test_upstream_changes_flow_in_and_local_edits_stay(conn, registry, contributor):
    sync(conn, registry)
    model = MLModel.objects.get(name="fraud")
    inventory.model_update(actor=contributor, model=model, purpose="Written here.")
    inventory.model_tag_set(actor=contributor, model=model, key="owner", value="kept.here")
    registry.models["fraud"]["description"] = "Changed upstream."
    registry.models["fraud"]["tags"]["owner"] = "someone.else"
    registry.models["fraud"]["tags"]["domain"] = "cards"
    registry.models["fraud"]["aliases"]["champion"] = "1"
    registry.runs["r1"]["metrics"]["auc"] = 0.95
    run = sync(conn, registry)
    model.refresh_from_db()
    assert model.purpose == "Written here."
    assert model.tags.get(key="owner").value == "kept.here"
    assert model.tags.get(key="domain").value == "cards"
    assert VersionAlias.objects.get(model=model, name="champion").version.label == "1"
    assert list(Evaluation.objects.filter(version__label="1").values_list("quality", flat=True)) == [
        0.95,
        0.9,
    ]
    assert {"purpose", "tag owner", "owner"} <= set(run.conflict_records.values_list("field", flat=True))
    assert run.updated >= 2


def test_environment_alias_is_never_imported_and_a_move_is_out_of_policy(conn, registry):
    registry.models["fraud"]["aliases"]["production"] = "1"
    run = sync(conn, registry)
    conflict = run.conflict_records.get(kind=SyncConflict.Kind.ENVIRONMENT_ALIAS)
    assert conflict.out_of_policy and conflict.field == "alias @production"
    assert not VersionAlias.objects.filter(name="production").exists()
    assert sync(conn, registry).conflicts == 0  # reported when it moves, not every sync after


def test_default_team_and_owner_map_models_without_tags(conn, registry, team, contributor):
    conn.default_team, conn.default_owner = team, contributor
    conn.save()
    run = sync(conn, registry)
    assert run.unmapped == 0
    assert MLModel.objects.get(name="orphan").team == team


def test_write_back_sets_only_differing_tags(conn, registry):
    conn.write_back = True
    conn.save()
    first = sync(conn, registry)
    assert first.written_back == 6
    assert registry.models["fraud"]["versions"]["1"]["tags"]["governance.gate"] == "not promoted"
    assert sync(conn, registry).written_back == 0
    assert not VersionTag.objects.filter(key__startswith="governance.").exists()  # never imported back


def test_a_second_sync_is_refused_while_one_is_queued(conn):
    services.sync_request(actor=None, connector=conn, trigger=SyncRun.Trigger.COMMAND)
    with pytest.raises(Exception, match="already queued"):
        services.sync_request(actor=None, connector=conn, trigger=SyncRun.Trigger.COMMAND)


def test_first_sync_and_unchanged_resync_cost_the_same_queries_whatever_the_models(team, contributor):
    services.sync_actor()  # made once, by the first sync ever
    owners = [UserFactory(username=f"owner-{i:02d}") for i in range(12)]  # one owner a model: rights in bulk
    for owner in owners:
        Membership.objects.create(user=owner, team=team, role=Membership.Role.CONTRIBUTOR)

    def measure(count: int) -> tuple[int, int]:
        conn = MlflowConnector.objects.create(name=f"Lab {count}", tracking_uri="http://127.0.0.1:9")
        fake = FakeRegistry(page_size=1000)
        for i in range(count):
            name = f"m{count}-{i:03d}"
            tags = {"team": team.slug, "owner": owners[i].username}
            fake.add_model(name, tags=tags, aliases={"a": "1"})
            fake.add_version(name, 1, run_id=f"r{i}", metrics={"auc": 0.5, "f1": 0.4}, tags={"t": "v"})
            fake.add_version(name, 2, run_id=f"s{i}", metrics={"auc": 0.6})
        with CaptureQueriesContext(connection) as first:
            created = sync(conn, fake)
        assert created.created == 3 * count, created.error
        with CaptureQueriesContext(connection) as again:
            run = sync(conn, fake)
        assert run.unchanged == 3 * count
        return len(first), len(again)

    assert measure(4) == measure(12)


def test_a_refused_value_costs_its_model_not_the_sync(conn, registry):
    registry.add_model(
        "nul", description="bad\x00text", tags={"team": "credit-risk", "owner": "carl.contributor"}
    )
    registry.models["fraud"]["aliases"]["odd alias!"] = "1"
    run = sync(conn, registry)
    assert run.status == SyncRun.Status.SUCCEEDED
    invalid = run.conflict_records.get(kind=SyncConflict.Kind.INVALID)
    assert invalid.mlflow_name == "nul" and "Not imported" in invalid.detail
    assert not MLModel.objects.filter(name="nul").exists()
    assert MLModel.objects.filter(name="fraud").exists()
    assert any("odd alias!" in n for n in run.notes)
