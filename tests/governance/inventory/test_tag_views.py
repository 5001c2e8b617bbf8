"""The tags and aliases panels (issue 20): set, edit and remove by hand on the model and version pages."""

from __future__ import annotations

import pytest

from governance.inventory import services
from governance.inventory.models import ModelTag, VersionAlias, VersionTag
from tests.factories import MLModelFactory, ModelVersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def model(team, contributor):
    return MLModelFactory(team=team, owner=contributor, name="churn")


@pytest.fixture
def version(model):
    return ModelVersionFactory(model=model, label="7")


def test_a_contributor_adds_edits_and_removes_a_model_tag_after_confirming(client, model, contributor):
    client.force_login(contributor)
    page = client.get(f"/models/{model.pk}/").content.decode()
    assert f"/models/{model.pk}/tags/set/" in page and "No tags." in page
    response = client.post(f"/models/{model.pk}/tags/set/", {"key": "domain", "value": "cards"})
    assert response.status_code == 302 and response["Location"] == f"/models/{model.pk}/"
    edit = client.get(f"/models/{model.pk}/tags/set/?key=domain").content.decode()
    assert 'value="domain"' in edit and 'value="cards"' in edit
    client.post(f"/models/{model.pk}/tags/set/", {"key": "domain", "value": "loans"})
    assert model.tags.get().value == "loans"
    confirm = client.get(f"/models/{model.pk}/tags/remove/?key=domain")
    assert confirm.status_code == 200 and "Remove the tag" in confirm.content.decode()
    assert model.tags.exists()  # the GET only asks
    assert client.post(f"/models/{model.pk}/tags/remove/", {"key": "domain"}).status_code == 302
    assert not model.tags.exists()
    history = client.get(f"/models/{model.pk}/").content.decode()
    assert "Tag “domain” deleted" in history and "Tag “domain” created" in history


def test_a_bad_tag_is_a_form_error_and_nothing_is_written(client, model, contributor):
    client.force_login(contributor)
    for data in ({"key": "k" * 251, "value": "v"}, {"key": "", "value": "v"}, {"key": "k", "value": "a\tb"}):
        response = client.post(f"/models/{model.pk}/tags/set/", data)
        assert response.status_code == 200
        assert "field-error" in response.content.decode()
    assert not ModelTag.objects.exists()


def test_viewers_get_403_outsiders_404_and_see_no_controls(client, model, viewer, outsider):
    services.model_tag_set(actor=model.owner, model=model, key="domain", value="cards")
    client.force_login(viewer)
    page = client.get(f"/models/{model.pk}/").content.decode()
    assert "domain" in page and "/tags/set/" not in page and "/tags/remove/" not in page
    assert client.post(f"/models/{model.pk}/tags/set/", {"key": "k", "value": "v"}).status_code == 403
    assert client.post(f"/models/{model.pk}/tags/remove/", {"key": "domain"}).status_code == 403
    assert client.get(f"/models/{model.pk}/aliases/set/").status_code == 403
    client.force_login(outsider)
    assert client.get(f"/models/{model.pk}/tags/set/").status_code == 404
    assert model.tags.count() == 1


def test_unknown_or_nul_keys_are_404_not_500(client, model, contributor):
    client.force_login(contributor)
    assert client.get(f"/models/{model.pk}/tags/remove/?key=nope").status_code == 404
    assert client.get(f"/models/{model.pk}/tags/remove/?key=a%00b").status_code == 404
    assert client.get(f"/models/{model.pk}/tags/set/?key=a%00b").status_code == 404
    assert client.get(f"/models/{model.pk}/aliases/remove/?alias=a%00b").status_code == 404


def test_the_version_page_shows_and_edits_its_tags(client, model, version, contributor):
    client.force_login(contributor)
    base = f"/models/{model.pk}/versions/{version.pk}/"
    assert base in client.get(f"/models/{model.pk}/").content.decode()  # the label links to it
    response = client.post(f"{base}tags/set/", {"key": "data", "value": "2026-q3"})
    assert response["Location"] == base
    page = client.get(base).content.decode()
    assert "data" in page and "2026-q3" in page and f"{base}tags/remove/?key=data" in page
    client.post(f"{base}tags/remove/", {"key": "data"})
    assert not VersionTag.objects.exists()
    assert VersionTag.history.filter(history_type="-").get().history_user == contributor


def test_another_models_version_is_404(client, model, contributor, team):
    other = ModelVersionFactory(model=MLModelFactory(team=team, owner=contributor, name="other"))
    client.force_login(contributor)
    assert client.get(f"/models/{model.pk}/versions/{other.pk}/").status_code == 404
    assert client.post(f"/models/{model.pk}/versions/{other.pk}/tags/set/", {"key": "k"}).status_code == 404


def test_aliases_are_set_moved_and_removed_from_the_model_page(client, model, contributor):
    v1, v2 = ModelVersionFactory(model=model, label="1"), ModelVersionFactory(model=model, label="2")
    client.force_login(contributor)
    assert (
        client.post(f"/models/{model.pk}/aliases/set/", {"name": "champion", "version": v1.pk}).status_code
        == 302
    )
    page = client.get(f"/models/{model.pk}/").content.decode()
    assert "@champion" in page and "aliases/set/?alias=champion" in page
    client.post(f"/models/{model.pk}/aliases/set/", {"name": "champion", "version": v2.pk})
    assert VersionAlias.objects.get(model=model).version == v2
    assert (
        "Remove the alias @champion"
        in client.get(f"/models/{model.pk}/aliases/remove/?alias=champion").content.decode()
    )
    client.post(f"/models/{model.pk}/aliases/remove/", {"name": "champion"})
    assert not VersionAlias.objects.exists()


def test_an_environment_name_is_a_form_error_pointing_at_promotions(client, model, contributor):
    version = ModelVersionFactory(model=model, label="1")
    client.force_login(contributor)
    response = client.post(f"/models/{model.pk}/aliases/set/", {"name": "production", "version": version.pk})
    assert response.status_code == 200
    assert "only a promotion moves it" in response.content.decode()
    assert not VersionAlias.objects.exists()


def test_a_version_of_another_model_is_not_a_choice(client, model, contributor, team):
    other = ModelVersionFactory(model=MLModelFactory(team=team, owner=contributor, name="other"))
    client.force_login(contributor)
    response = client.post(f"/models/{model.pk}/aliases/set/", {"name": "champion", "version": other.pk})
    assert response.status_code == 200 and "field-error" in response.content.decode()
    assert not VersionAlias.objects.exists()


def test_the_model_page_costs_the_same_queries_with_more_tags(
    client, model, contributor, django_assert_max_num_queries
):
    client.force_login(contributor)
    services.model_tag_set(actor=contributor, model=model, key="k0", value="v")
    VersionAlias.objects.create(model=model, version=ModelVersionFactory(model=model, label="1"), name="a0")
    client.get(f"/models/{model.pk}/")  # warm the session
    counts = []
    for extra in (0, 8):
        for i in range(extra):
            services.model_tag_set(actor=contributor, model=model, key=f"x{i}", value="v")
            version = ModelVersionFactory(model=model, label=f"v{i}")
            services.alias_set(actor=contributor, version=version, name=f"a{i + 1}")
        with django_assert_max_num_queries(200) as ctx:
            client.get(f"/models/{model.pk}/")
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
