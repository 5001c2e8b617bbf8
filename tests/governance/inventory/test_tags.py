"""Tags and aliases (issue 20): the services' rules, and `tag=key:value` filtering in the API and the page."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from governance.inventory import services
from governance.inventory.models import VersionAlias
from tests.factories import MLModelFactory, ModelVersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def models(team, contributor):
    a = MLModelFactory(team=team, owner=contributor, name="alpha")
    b = MLModelFactory(team=team, owner=contributor, name="beta")
    c = MLModelFactory(team=team, owner=contributor, name="gamma")
    services.model_tag_set(actor=contributor, model=a, key="domain", value="cards")
    services.model_tag_set(actor=contributor, model=a, key="region", value="eu")
    services.model_tag_set(actor=contributor, model=b, key="domain", value="cards")
    services.model_tag_set(actor=contributor, model=c, key="url", value="https://x:1/y")
    return a, b, c


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_tag_has_one_value_per_key_and_keeps_its_history(models, contributor):
    a = models[0]
    services.model_tag_set(actor=contributor, model=a, key="domain", value="loans")
    tag = a.tags.get(key="domain")
    assert tag.value == "loans"
    assert [h.value for h in tag.history.order_by("history_date")] == ["cards", "loans"]
    assert services.model_tag_remove(actor=contributor, model=a, key="domain")
    assert not a.tags.filter(key="domain").exists()


def test_viewers_and_outsiders_cannot_tag(models, viewer, outsider):
    for user in (viewer, outsider):
        with pytest.raises(PermissionDenied):
            services.model_tag_set(actor=user, model=models[0], key="k", value="v")


def test_an_alias_names_one_version_per_model_and_moves(team, contributor):
    model = MLModelFactory(team=team, owner=contributor)
    v1, v2 = ModelVersionFactory(model=model, label="1"), ModelVersionFactory(model=model, label="2")
    services.alias_set(actor=contributor, version=v1, name="champion")
    services.alias_set(actor=contributor, version=v2, name="champion")
    assert VersionAlias.objects.get(model=model, name="champion").version == v2
    assert VersionAlias.objects.filter(model=model).count() == 1


@pytest.mark.parametrize("name", ["production", "Staging", "PRODUCTION"])
def test_an_alias_named_like_an_environment_is_refused(team, contributor, name):
    version = ModelVersionFactory(model=MLModelFactory(team=team, owner=contributor))
    with pytest.raises(ValidationError, match="only a promotion moves it"):
        services.alias_set(actor=contributor, version=version, name=name)


def test_an_alias_with_odd_characters_is_refused(team, contributor):
    version = ModelVersionFactory(model=MLModelFactory(team=team, owner=contributor))
    with pytest.raises(ValidationError):
        services.alias_set(actor=contributor, version=version, name="has space")


def test_api_filters_on_every_tag_given(models, contributor, django_assert_max_num_queries):
    client = api(contributor)
    names = lambda response: sorted(m["name"] for m in response.json()["results"])  # noqa: E731
    assert names(client.get("/api/v1/models/", {"tag": "domain:cards"})) == ["alpha", "beta"]
    assert names(client.get("/api/v1/models/?tag=domain:cards&tag=region:eu")) == ["alpha"]
    assert names(client.get("/api/v1/models/", {"tag": "url:https://x:1/y"})) == [
        "gamma"
    ]  # first colon splits
    assert names(client.get("/api/v1/models/", {"tag": "domain:loans"})) == []
    with django_assert_max_num_queries(12):
        client.get("/api/v1/models/?tag=domain:cards&tag=region:eu")


@pytest.mark.parametrize("value", ["nocolon", ":novalue-key", "k" * 300 + ":v"])
def test_api_refuses_a_malformed_tag_filter_with_a_400(models, contributor, value):
    response = api(contributor).get("/api/v1/models/", {"tag": value})
    assert response.status_code == 400
    assert "tag" in str(response.json())


def test_api_filters_versions_by_tag(team, contributor):
    model = MLModelFactory(team=team, owner=contributor)
    v1, _v2 = ModelVersionFactory(model=model, label="1"), ModelVersionFactory(model=model, label="2")
    services.version_tag_set(actor=contributor, version=v1, key="data", value="2026-q3")
    body = api(contributor).get("/api/v1/versions/", {"tag": "data:2026-q3"}).json()
    assert [v["label"] for v in body["results"]] == ["1"]


def test_page_filters_on_tags_and_shows_them(client, models, contributor):
    client.force_login(contributor)
    response = client.get("/models/?tag=domain:cards&tag=region:eu")
    assert response.status_code == 200
    page = response.content.decode()
    assert "alpha" in page and "beta" not in page
    assert 'value="domain:cards"' in page and 'value="region:eu"' in page
    detail = client.get(f"/models/{models[0].pk}/").content.decode()
    assert '?tag=domain:cards">domain</a></td>' in detail and "<td>cards</td>" in detail


def test_page_shows_a_malformed_tag_filter_as_a_field_error(client, models, contributor):
    client.force_login(contributor)
    response = client.get("/models/?tag=nocolon")
    assert response.status_code == 200
    assert "use key:value" in response.content.decode()
