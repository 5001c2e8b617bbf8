"""Setting tags and aliases by hand through the API (issue 20): who may, what is refused, what is kept."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from rest_framework.test import APIClient

from governance.inventory import selectors
from governance.inventory.models import ModelTag, VersionAlias, VersionTag
from governance.promotions.models import Environment
from tests.factories import MLModelFactory, ModelVersionFactory

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def model(team, contributor):
    return MLModelFactory(team=team, owner=contributor, name="churn")


@pytest.fixture
def versions(model):
    return ModelVersionFactory(model=model, label="1"), ModelVersionFactory(model=model, label="2")


def tag_url(model, key: str) -> str:
    return f"/api/v1/models/{model.pk}/tags/{quote(key, safe='')}/"


def test_a_contributor_sets_changes_reads_and_removes_a_model_tag(model, contributor):
    client = api(contributor)
    response = client.put(tag_url(model, "domain"), {"value": "cards"}, format="json")
    assert response.status_code == 200
    assert response.json() == {"key": "domain", "value": "cards"}
    assert client.put(tag_url(model, "domain"), {"value": "loans"}, format="json").json()["value"] == "loans"
    assert client.get(tag_url(model, "domain")).json() == {"key": "domain", "value": "loans"}
    listed = client.get(f"/api/v1/models/{model.pk}/tags/").json()
    assert listed["count"] == 1 and listed["results"] == [{"key": "domain", "value": "loans"}]
    assert client.delete(tag_url(model, "domain")).status_code == 204
    assert not ModelTag.objects.filter(model=model).exists()
    missing = client.delete(tag_url(model, "domain"))
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_every_change_is_in_the_history_under_the_caller(model, contributor):
    client = api(contributor)
    client.put(tag_url(model, "domain"), {"value": "cards"}, format="json")
    client.put(tag_url(model, "domain"), {"value": "loans"}, format="json")
    client.delete(tag_url(model, "domain"))
    records = ModelTag.history.filter(model_id=model.pk).order_by("history_date", "history_id")
    assert [(r.history_type, r.value, r.history_user_id) for r in records] == [
        ("+", "cards", contributor.pk),
        ("~", "loans", contributor.pk),
        ("-", "loans", contributor.pk),
    ]
    kinds = [(e.kind, e.subject, e.action) for e in selectors.model_history(model=model)]
    assert ("Tag", "domain", "deleted") in kinds and ("Tag", "domain", "created") in kinds


def test_keys_with_slashes_colons_and_unicode_travel_percent_encoded(model, contributor):
    client = api(contributor)
    for key in ("mlflow.source/git", "url:https", "팀 이름"):
        assert client.put(tag_url(model, key), {"value": "x"}, format="json").status_code == 200
        assert client.get(tag_url(model, key)).json()["key"] == key
    assert sorted(model.tags.values_list("key", flat=True)) == sorted(
        ["mlflow.source/git", "url:https", "팀 이름"]
    )


@pytest.mark.parametrize(
    ("key", "body", "field"),
    [
        ("k" * 251, {"value": "v"}, "key"),
        ("ok", {"value": "v" * 501}, "value"),
        ("ok", {"value": "line\nbreak"}, "value"),
        ("bell\x07", {"value": "v"}, "key"),
        ("nul\x00", {"value": "v"}, "key"),
        ("ok", {"value": 12}, "value"),
        ("ok", {}, "value"),
        ("ok", {"value": "v", "extra": 1}, "extra"),
    ],
)
def test_bad_tags_are_a_400_naming_the_field_and_write_nothing(model, contributor, key, body, field):
    response = api(contributor).put(tag_url(model, key), body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"]
    assert not ModelTag.objects.exists() and not ModelTag.history.exists()


def test_viewers_and_auditors_get_403_other_teams_404_admins_may(model, viewer, auditor, outsider, gov_admin):
    for user in (viewer, auditor):
        assert api(user).put(tag_url(model, "k"), {"value": "v"}, format="json").status_code == 403
        assert api(user).delete(tag_url(model, "k")).status_code == 403
        assert api(user).get(f"/api/v1/models/{model.pk}/tags/").status_code == 200
    stranger = api(outsider).put(tag_url(model, "k"), {"value": "v"}, format="json")
    assert stranger.status_code == 404
    assert api(outsider).get(f"/api/v1/models/{model.pk}/tags/").status_code == 404
    assert not ModelTag.objects.exists()
    assert api(gov_admin).put(tag_url(model, "k"), {"value": "v"}, format="json").status_code == 200


def test_version_tags_follow_the_same_rules(versions, contributor, viewer):
    v1, _v2 = versions
    url = f"/api/v1/versions/{v1.pk}/tags/data/"
    assert api(viewer).put(url, {"value": "2026-q3"}, format="json").status_code == 403
    assert api(contributor).put(url, {"value": "2026-q3"}, format="json").json() == {
        "key": "data",
        "value": "2026-q3",
    }
    assert api(viewer).get(f"/api/v1/versions/{v1.pk}/tags/").json()["results"] == [
        {"key": "data", "value": "2026-q3"}
    ]
    assert VersionTag.history.filter(version_id=v1.pk).get().history_user == contributor
    assert api(contributor).delete(url).status_code == 204
    assert not VersionTag.objects.exists()


def test_an_alias_is_set_by_id_or_label_moves_and_is_removed(model, versions, contributor):
    v1, v2 = versions
    client = api(contributor)
    url = f"/api/v1/models/{model.pk}/aliases/champion/"
    response = client.put(url, {"version": v1.pk}, format="json")
    assert response.status_code == 200
    assert response.json() == {"alias": "champion", "version": v1.pk, "label": "1"}
    assert client.put(url, {"label": "2"}, format="json").json()["version"] == v2.pk
    assert VersionAlias.objects.get(model=model, name="champion").version == v2
    assert client.get(f"/api/v1/models/{model.pk}/aliases/").json()["results"] == [
        {"alias": "champion", "version": v2.pk, "label": "2"}
    ]
    reasons = list(
        VersionAlias.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )
    assert reasons == ["Alias @champion set to 1", "Alias @champion set to 2"]
    assert client.delete(url).status_code == 204
    assert client.delete(url).status_code == 404


@pytest.mark.parametrize("name", ["production", "Staging", "canary-eu"])
def test_an_environment_name_is_refused_as_an_alias_pointing_at_promotions(
    model, versions, contributor, name
):
    Environment.objects.create(name="Canary EU", slug="canary-eu", rank=5)
    response = api(contributor).put(
        f"/api/v1/models/{model.pk}/aliases/{name}/", {"version": versions[0].pk}, format="json"
    )
    assert response.status_code == 400
    message = response.json()["error"]["fields"]["alias"][0]
    assert "promotion" in message and "/api/v1/promotions/" in message
    assert not VersionAlias.objects.exists()


@pytest.mark.parametrize(
    ("alias", "body", "field"),
    [
        ("has space", {"version": 1}, "alias"),
        ("-dash", {"version": 1}, "alias"),
        ("a" * 101, {"version": 1}, "alias"),
        ("ok", {"version": "1"}, "version"),
        ("ok", {}, "version"),
        ("ok", {"version": 1, "label": "1"}, "version"),
        ("ok", {"label": "9"}, "label"),
        ("ok", {"version": 999999}, "version"),
    ],
)
def test_bad_aliases_are_a_400_naming_the_field(model, versions, contributor, alias, body, field):
    if body.get("version") == 1:
        body = {**body, "version": versions[0].pk}
    response = api(contributor).put(f"/api/v1/models/{model.pk}/aliases/{quote(alias)}/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"]
    assert not VersionAlias.objects.exists()


def test_another_models_version_cannot_take_the_alias(model, contributor, team):
    foreign = ModelVersionFactory(model=MLModelFactory(team=team, owner=contributor, name="other"))
    response = api(contributor).put(
        f"/api/v1/models/{model.pk}/aliases/champion/", {"version": foreign.pk}, format="json"
    )
    assert response.status_code == 400 and "version" in response.json()["error"]["fields"]


def test_aliases_are_written_by_editors_only(model, versions, viewer, outsider):
    url = f"/api/v1/models/{model.pk}/aliases/champion/"
    assert api(viewer).put(url, {"version": versions[0].pk}, format="json").status_code == 403
    assert api(outsider).put(url, {"version": versions[0].pk}, format="json").status_code == 404
    assert api(viewer).delete(url).status_code == 403


def test_tag_lists_cost_a_fixed_number_of_queries(model, contributor, django_assert_num_queries):
    client = api(contributor)
    for i in range(3):
        client.put(tag_url(model, f"k{i}"), {"value": "v"}, format="json")
    with django_assert_num_queries(3):  # the model, the count, the page
        client.get(f"/api/v1/models/{model.pk}/tags/")
    for i in range(3, 12):
        client.put(tag_url(model, f"k{i}"), {"value": "v"}, format="json")
    with django_assert_num_queries(3):
        assert client.get(f"/api/v1/models/{model.pk}/tags/").json()["count"] == 12


def test_the_schema_documents_the_new_operations(contributor):
    schema = api(contributor).get("/api/schema/?format=json").json()
    assert set(schema["paths"]["/api/v1/models/{id}/tags/{key}/"]) >= {"get", "put", "delete"}
    assert set(schema["paths"]["/api/v1/models/{id}/aliases/{alias}/"]) >= {"put", "delete"}
    assert "put" in schema["paths"]["/api/v1/versions/{id}/tags/{key}/"]
