"""The models list on PostgreSQL under concurrent writes (issue 24): each row is built by one statement, so
it is a consistent snapshot of that moment; a member walking the list by cursor while another team adds
models, tags and risks in other threads sees each of their own models exactly once, every row whole, and
never another team's model."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from governance.inventory.tags import ModelTag
from governance.risks import services as risks
from tests.factories import MLModelFactory, ModelVersionFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_cursor_walk_under_concurrent_writes_is_exact_and_whole(team, other_team, contributor, outsider):
    own = []
    for i in range(40):
        model = MLModelFactory(team=team, owner=contributor, name=f"own-{i:03d}")
        ModelVersionFactory(model=model)
        ModelTag.objects.create(model=model, key="domain", value="cards")
        own.append(model.pk)
    stop = threading.Event()
    errors: list[Exception] = []

    def writer(prefix: str) -> None:
        """The other team keeps registering models named among ours, with tags, versions and risks."""
        try:
            i = 0
            while not stop.is_set() and i < 200:
                model = MLModelFactory(team=other_team, owner=outsider, name=f"own-{i:03d}-{prefix}")
                ModelVersionFactory(model=model)
                ModelTag.objects.create(model=model, key="domain", value="leak")
                risks.risk_create(
                    actor=outsider, model=model, title="Outage", category="availability", owner=outsider,
                    inherent_likelihood=3, inherent_impact=3, residual_likelihood=2, residual_impact=2,
                )  # fmt: skip
                i += 1
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(p,)) for p in ("a", "b")]
    for thread in threads:
        thread.start()
    try:
        client = APIClient()
        client.force_authenticate(contributor)
        for _ in range(3):
            seen, cursor = [], None
            while True:
                params = {"page_size": 7, **({"cursor": cursor} if cursor else {})}
                body = client.get("/api/v1/models/", params).json()
                for row in body["results"]:
                    assert row["team"]["id"] == team.pk, row["name"]
                    assert row["tags"] == {"domain": "cards"} and row["latest_version"] is not None
                seen += [row["id"] for row in body["results"]]
                cursor = body["next_cursor"]
                if not cursor:
                    break
            assert seen == own  # each once, in name order, none of theirs
    finally:
        stop.set()
        for thread in threads:
            thread.join(60)
    assert not errors, errors
