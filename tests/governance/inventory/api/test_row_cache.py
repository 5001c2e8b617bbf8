"""The API's model rows kept in the process between writes (inventory/rows.py, foundation.freshness): a
warm page reads no row or consent from the database, yet any committed write to a table the rows read shows
at once, a write elsewhere keeps them, the consent status still follows today's date, a transaction sees its
own writes, and a member never sees a model moved to another team.

These tests commit for real (transactional): the cache is keyed by writes that commit."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from governance.foundation import freshness
from governance.inventory.models import MLModel
from governance.inventory.services.data import consent_withdraw
from governance.inventory.tags import ModelTag
from governance.risks import services as risks
from tests.factories import (
    ConsentRecordFactory,
    DataSourceFactory,
    DataSourceUseFactory,
    MembershipFactory,
    MLModelFactory,
)
from tests.governance.inventory.api.test_rows import api, rich_model

pytestmark = [pytest.mark.django_db(transaction=True)]
ROW_TABLES = ("inventory_mlmodel", "inventory_consentrecord")


@pytest.fixture(autouse=True)
def _counts_cache(settings):
    settings.COUNTS_CACHE = True


def read(client, path: str = "/api/v1/models/") -> tuple[dict, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return response.json(), [q["sql"] for q in ctx.captured_queries if any(t in q["sql"] for t in ROW_TABLES)]


def rows_read(queries: list[str]) -> int:
    """Statements that read rows or consents (the page's ids and count do not build rows): the JSON query
    and the consents query, or on PostgreSQL their EXECUTE (a PREPARE comes once per connection)."""
    return sum(
        not sql.startswith("PREPARE")
        and ("JSON" in sql.upper() or "inventory_consentrecord" in sql or sql.startswith("EXECUTE"))
        for sql in queries
    )


@pytest.fixture
def models(team, other_team, contributor, outsider):
    mine = [rich_model(team, contributor, f"model-{i}", i=i)[0] for i in range(3)]
    theirs = rich_model(other_team, outsider, "theirs", i=9)[0]
    return mine, theirs


def test_a_warm_page_reads_no_rows_and_says_what_a_cold_one_says(models, contributor, settings):
    client = api(contributor)
    cold, cold_queries = read(client)
    warm, warm_queries = read(client)
    assert rows_read(cold_queries) == 2 and rows_read(warm_queries) == 0  # rows, consents; then none
    assert any("COUNT(" in sql for sql in cold_queries)
    assert not any("COUNT(" in sql for sql in warm_queries)  # the page count is kept too
    assert warm == cold
    one, _ = read(client, f"/api/v1/models/{models[0][0].pk}/")
    assert read(client, f"/api/v1/models/{models[0][0].pk}/") == (one, [])
    settings.COUNTS_CACHE = False  # the same answers straight from the database
    assert read(client)[0] == warm
    assert read(client, f"/api/v1/models/{models[0][0].pk}/")[0] == one


@pytest.mark.parametrize("change", ["tag", "risk", "consent", "team", "use", "raw"])
def test_a_committed_write_to_what_rows_read_shows_at_once(models, contributor, gov_admin, team, change):
    client = api(contributor)
    model = models[0][0]
    read(client)
    if change == "tag":
        ModelTag.objects.create(model=model, key="tier", value="gold")
    elif change == "risk":
        risks.risk_create(
            actor=contributor, model=model, title="Leak", category="privacy", owner=contributor,
            inherent_likelihood=5, inherent_impact=5, residual_likelihood=5, residual_impact=5,
        )  # fmt: skip
    elif change == "consent":
        consent = model.data_uses.get(purpose="Churn  Prediction").data_source.consents.get()
        consent_withdraw(actor=gov_admin, consent=consent, reason="Request 42")
    elif change == "team":
        team.name = "Credit Risk Models"
        team.save()
    elif change == "use":
        DataSourceUseFactory(model=model, data_source=DataSourceFactory(name="aaa-new"), purpose="x")
    else:
        with connection.cursor() as cursor:  # raw SQL, no signal sent
            cursor.execute("UPDATE inventory_mlmodel SET stage = 'retired' WHERE id = %s", [model.pk])
    page, queries = read(client)
    assert rows_read(queries) >= 1
    fresh = next(row for row in page["results"] if row["id"] == model.pk)
    if change == "tag":
        assert fresh["tags"]["tier"] == "gold"
    elif change == "risk":
        assert fresh["highest_residual_risk"]["score"] == 25
    elif change == "consent":
        statuses = {use["purpose"]: use["consent_status"]["code"] for use in fresh["data_sources"]}
        assert statuses["Churn  Prediction"] == "withdrawn"
    elif change == "team":
        assert fresh["team"]["name"] == "Credit Risk Models"
    elif change == "use":
        assert fresh["data_sources"][0]["name"] == "aaa-new"
    else:
        assert fresh["stage"] == "retired"


def test_writes_to_tables_the_rows_do_not_read_keep_them(models, contributor, viewer, other_team):
    client = api(contributor)
    read(client)
    MembershipFactory(user=viewer, team=other_team, role="viewer")  # teams_membership only
    assert rows_read(read(client)[1]) == 0


def test_the_consent_status_follows_today_without_a_write(contributor, team, monkeypatch):
    model = MLModelFactory(team=team, owner=contributor)
    source = DataSourceFactory(name="crm")
    today = timezone.localdate()
    ConsentRecordFactory(
        data_source=source, purpose="churn", obtained_on=today - datetime.timedelta(days=30),
        expires_on=today + datetime.timedelta(days=1),
    )  # fmt: skip
    DataSourceUseFactory(model=model, data_source=source, purpose="churn")
    client = api(contributor)
    assert read(client)[0]["results"][0]["data_sources"][0]["consent_status"]["code"] == "valid"
    later = today + datetime.timedelta(days=2)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)
    page, queries = read(client)
    assert rows_read(queries) == 0
    assert page["results"][0]["data_sources"][0]["consent_status"]["code"] == "expired"


def test_a_transaction_sees_its_own_writes(models, contributor):
    from governance.inventory.rows import model_rows

    model = models[0][0]
    model_rows(models=[model.pk], order_by=["id"])  # warm
    with transaction.atomic():
        ModelTag.objects.create(model=model, key="tier", value="gold")
        assert freshness.has_uncommitted_writes()
        assert model_rows(models=[model.pk], order_by=["id"])[0]["tags"]["tier"] == "gold"
        transaction.set_rollback(True)
    assert "tier" not in model_rows(models=[model.pk], order_by=["id"])[0]["tags"]


def test_a_model_moved_to_another_team_leaves_the_members_list_at_once(models, contributor, other_team):
    client = api(contributor)
    mine, _ = models
    assert read(client)[0]["count"] == 3
    assert read(client, f"/api/v1/models/{mine[0].pk}/")[0]["id"] == mine[0].pk
    MLModel.objects.filter(pk=mine[0].pk).update(team=other_team)
    page = read(client)[0]
    assert page["count"] == 2 and mine[0].pk not in {row["id"] for row in page["results"]}
    assert client.get(f"/api/v1/models/{mine[0].pk}/").status_code == 404


def test_joining_a_team_counts_and_shows_its_models_at_once(models, contributor, other_team):
    client = api(contributor)
    assert read(client)[0]["count"] == read(client)[0]["count"] == 3
    MembershipFactory(user=contributor, team=other_team, role="viewer")
    page = read(api(contributor))[0]  # a new request loads the user (and their teams) afresh
    assert page["count"] == 4 and "theirs" in {row["name"] for row in page["results"]}
