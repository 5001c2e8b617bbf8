"""The models list and detail rows (issue 24): built by the database in one query, as rich as before plus
environments, the out-of-policy flag, tags, aliases and classification; the model card only in the detail;
keyset (cursor) pages beside page numbers; another team's model never shows."""

from __future__ import annotations

import base64
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from governance.inventory.models import DataSource
from governance.inventory.rows import CARD_FIELDS
from governance.inventory.tags import ModelTag, VersionAlias
from governance.promotions.models import Deployment, Environment
from governance.regulation.models import Classification
from governance.risks import services as risks
from tests.factories import (
    ConsentRecordFactory,
    DataSourceFactory,
    DataSourceUseFactory,
    MLModelFactory,
    ModelVersionFactory,
)

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(type(user).objects.get(pk=user.pk))  # fresh: no roles cached by the set-up
    return client


def rich_model(team, owner, name: str, *, i: int = 0):
    """A model with every part a row carries."""
    model = MLModelFactory(team=team, owner=owner, name=name, stage="production", purpose=f"Purpose {i}")
    old = ModelVersionFactory(
        model=model, label="1.0", registered_at=timezone.now() - datetime.timedelta(days=9)
    )
    new = ModelVersionFactory(model=model, label="2.0")
    consented = DataSourceFactory(name=f"crm-{i}")
    ConsentRecordFactory(data_source=consented, reference=f"c-{i}", purpose="churn prediction")
    DataSourceUseFactory(model=model, data_source=consented, purpose="Churn  Prediction", role="training")
    withdrawn = DataSourceFactory(name=f"web-{i}")
    ConsentRecordFactory(
        data_source=withdrawn, reference=f"w-{i}", purpose="ads", withdrawn_at=timezone.now()
    )
    DataSourceUseFactory(model=model, data_source=withdrawn, purpose="ads", role="evaluation")
    contract = DataSourceFactory(name=f"ledger-{i}", legal_basis=DataSource.LegalBasis.CONTRACT)
    DataSourceUseFactory(model=model, data_source=contract, purpose="billing", role="training")
    ModelTag.objects.create(model=model, key="domain", value="cards")
    ModelTag.objects.create(model=model, key="region", value="eu")
    VersionAlias.objects.create(model=model, version=new, name="champion")
    VersionAlias.objects.create(model=model, version=old, name="fallback")
    production = Environment.objects.get(slug="production")
    staging = Environment.objects.get(slug="staging")
    since = timezone.now()
    Deployment.objects.create(
        model=model, environment=production, version=old, since=since, out_of_policy=True
    )
    Deployment.objects.create(model=model, environment=staging, version=new, since=since)
    Classification.objects.create(
        model=model, framework="eu_ai_act", derived_category="limited", override_category="high",
        override_justification="Credit decisions.", answered_at=since,
    )  # fmt: skip
    risks.risk_create(
        actor=owner, model=model, title="Outage", category="availability", owner=owner,
        inherent_likelihood=5, inherent_impact=5, residual_likelihood=4, residual_impact=5,
    )  # fmt: skip
    risks.risk_create(
        actor=owner, model=model, title="Drift", category="availability", owner=owner,
        inherent_likelihood=2, inherent_impact=2, residual_likelihood=1, residual_impact=1,
    )  # fmt: skip
    return model, old, new


def test_a_row_carries_every_part_and_the_card_only_in_the_detail(team, contributor):
    model, old, new = rich_model(team, contributor, "churn")
    client = api(contributor)
    [row] = client.get("/api/v1/models/").json()["results"]
    detail = client.get(f"/api/v1/models/{model.pk}/").json()

    assert not set(CARD_FIELDS) & set(row)
    assert detail["purpose"] == "Purpose 0" and set(CARD_FIELDS) <= set(detail)
    assert {k: v for k, v in detail.items() if k not in CARD_FIELDS} == row  # the same row, plus the card

    assert row["team"] == {"id": team.pk, "name": "Credit Risk", "slug": "credit-risk"}
    assert row["owner"]["username"] == "carl.contributor" and row["human_oversight_contact"] is None
    assert row["latest_version"]["id"] == new.pk and row["latest_version"]["label"] == "2.0"
    assert row["latest_version"]["registered_at"].endswith("Z")
    by_source = {u["name"]: u["consent_status"] for u in row["data_sources"]}
    assert [u["name"] for u in row["data_sources"]] == ["crm-0", "ledger-0", "web-0"]
    assert by_source["crm-0"]["code"] == "valid" and by_source["crm-0"]["ok"] is True  # spacing and case
    assert by_source["web-0"]["code"] == "withdrawn" and by_source["web-0"]["ok"] is False
    assert (
        by_source["ledger-0"]["code"] == "other_basis"
        and by_source["ledger-0"]["label"] == "Legal basis: Contract"
    )
    assert row["highest_residual_risk"]["score"] == 20 and row["highest_residual_risk"]["name"]
    assert row["out_of_policy"] is True
    assert [(e["environment"], e["label"], e["out_of_policy"]) for e in row["environments"]] == [
        ("staging", "2.0", False),
        ("production", "1.0", True),
    ]
    assert row["tags"] == {"domain": "cards", "region": "eu"}
    assert row["aliases"] == {
        "champion": {"version_id": new.pk, "label": "2.0"},
        "fallback": {"version_id": old.pk, "label": "1.0"},
    }
    assert row["classification"] == {"eu_ai_act": {"category": "high", "status": "answered"}}


def test_an_empty_model_has_empty_parts(team, contributor):
    MLModelFactory(team=team, owner=contributor, name="bare")
    [row] = api(contributor).get("/api/v1/models/").json()["results"]
    assert row["latest_version"] is None and row["highest_residual_risk"] is None
    assert row["data_sources"] == [] and row["environments"] == []
    assert row["tags"] == {} and row["aliases"] == {} and row["classification"] == {}
    assert row["out_of_policy"] is False


@pytest.mark.parametrize("count", [1, 6])
def test_list_and_detail_queries_do_not_grow_with_rows_or_their_parts(team, contributor, count):
    models = [rich_model(team, contributor, f"m{i}", i=i)[0] for i in range(count)]
    client = api(contributor)
    with CaptureQueriesContext(connection) as listed:
        assert len(client.get("/api/v1/models/").json()["results"]) == count
    with CaptureQueriesContext(connection) as one:
        assert client.get(f"/api/v1/models/{models[-1].pk}/").status_code == 200
    # groups and memberships (the user's roles), count, the page's ids, the rows (one prepared statement on
    # PostgreSQL), the consents of their sources
    assert len(listed.captured_queries) == 6, [q["sql"][:100] for q in listed.captured_queries]
    # the row, its consents (the roles were read by the list, on the same user)
    assert len(one.captured_queries) == 2, [q["sql"][:100] for q in one.captured_queries]


def walk(client, **params) -> list[dict]:
    first = client.get("/api/v1/models/", {"page_size": 3, **params}).json()
    rows, cursor = list(first["results"]), first["next_cursor"]
    while cursor:
        page = client.get("/api/v1/models/", {"page_size": 3, "cursor": cursor, **params})
        assert page.status_code == 200, page.json()
        body = page.json()
        assert "count" not in body and set(body) == {"next", "next_cursor", "results"}
        assert (body["next"] is None) == (body["next_cursor"] is None)
        rows += body["results"]
        cursor = body["next_cursor"]
    return rows


def test_cursor_pages_walk_every_visible_model_once_in_order(team, other_team, contributor, outsider):
    names = ["b", "a", "a2", "c", "d", "e", "f", "g"]
    mine = [MLModelFactory(team=team, owner=contributor, name=n) for n in names]
    theirs = [MLModelFactory(team=other_team, owner=outsider, name=n) for n in names]  # same names
    client = api(contributor)
    rows = walk(client)
    assert [r["id"] for r in rows] == [m.pk for m in sorted(mine, key=lambda m: (m.name, m.pk))]
    assert not {r["id"] for r in rows} & {m.pk for m in theirs}
    assert [r["name"] for r in walk(client, stage="retired")] == []  # filters hold on cursor pages
    body = client.get("/api/v1/models/", {"page_size": 3, "page": 2}).json()
    assert [r["name"] for r in body["results"]] == ["c", "d", "e"]
    assert body["count"] == 8 and body["next_cursor"]
    follow = client.get("/api/v1/models/", {"page_size": 3, "cursor": body["next_cursor"]}).json()
    assert [r["name"] for r in follow["results"]] == ["f", "g"] and follow["next_cursor"] is None


def test_cursor_page_queries_are_constant_and_count_free(team, contributor):
    for i in range(7):
        MLModelFactory(team=team, owner=contributor, name=f"m{i}")
    client = api(contributor)
    cursor = client.get("/api/v1/models/", {"page_size": 2}).json()["next_cursor"]
    with CaptureQueriesContext(connection) as ctx:
        assert len(client.get("/api/v1/models/", {"page_size": 2, "cursor": cursor}).json()["results"]) == 2
    assert not any("COUNT(" in q["sql"] for q in ctx.captured_queries)
    assert len(ctx.captured_queries) == 2  # the ids, the rows (roles read by the first page); no consents


@pytest.mark.parametrize(
    "params",
    [
        {"cursor": "not-a-cursor"},
        {"cursor": base64.urlsafe_b64encode(b'{"a": 1}').decode()},
        {"cursor": base64.urlsafe_b64encode(b'["x", true]').decode()},
        {"cursor": "WyJ4IiwgMV0", "page": 2},
        {"cursor": "WyJ4IiwgMV0", "ordering": "-name"},
    ],
)
def test_a_bad_cursor_is_a_400_naming_it(team, contributor, params):
    MLModelFactory(team=team, owner=contributor, name="m")
    response = api(contributor).get("/api/v1/models/", params)
    assert response.status_code == 400 and "cursor" in response.json()["error"]["fields"]


def test_no_cursor_when_ordered_otherwise(team, contributor):
    for i in range(3):
        MLModelFactory(team=team, owner=contributor, name=f"m{i}")
    body = api(contributor).get("/api/v1/models/", {"page_size": 1, "ordering": "-name"}).json()
    assert body["next_cursor"] is None and body["next"] and body["results"][0]["name"] == "m2"


def test_a_user_in_no_team_gets_an_empty_list_not_an_error(team, contributor, django_user_model):
    MLModelFactory(team=team, owner=contributor, name="m")
    loner = django_user_model.objects.create_user(username="loner")
    body = api(loner).get("/api/v1/models/").json()
    assert body["count"] == 0 and body["results"] == []
    assert api(loner).get("/api/v1/models/", {"cursor": "WyJ4IiwgMV0"}).json()["results"] == []


@pytest.mark.parametrize("pk", ["0", "9223372036854775808", "9" * 5000, "\uff11\uff12", "-1", "1e3"])
def test_an_id_that_no_model_can_have_is_a_404(team, contributor, pk):
    MLModelFactory(team=team, owner=contributor, name="present")
    response = api(contributor).get(f"/api/v1/models/{pk}/")
    assert response.status_code == 404, response.content[:200]


def test_another_team_s_model_is_a_404_and_its_own_team_reads_it(team, other_team, contributor, outsider):
    theirs = MLModelFactory(team=other_team, owner=outsider, name="theirs")
    assert api(contributor).get(f"/api/v1/models/{theirs.pk}/").status_code == 404
    assert api(outsider).get(f"/api/v1/models/{theirs.pk}/").json()["name"] == "theirs"
