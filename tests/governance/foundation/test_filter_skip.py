"""A list request that sends no filter parameter skips building the filter set (issue 24): only where that
gives the same query, and the filter still applies when any of its parameters is sent."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from rest_framework.test import APIClient

from governance.api.urls import router
from governance.foundation.api.querying import (
    VisibleFilterBackend,
    applies_nothing_unasked,
    filterset_param_names,
)
from governance.inventory.models import MLModel
from tests.factories import MLModelFactory, TeamFactory

pytestmark = pytest.mark.django_db


def _filtersets():
    for _prefix, viewset, _basename in router.registry:
        filterset_class = getattr(viewset, "filterset_class", None)
        if VisibleFilterBackend in getattr(viewset, "filter_backends", []) and filterset_class:
            yield filterset_class


def test_the_skip_covers_the_filter_sets_it_can():
    skipped = [f for f in _filtersets() if applies_nothing_unasked(f)]
    kept = [f for f in _filtersets() if not applies_nothing_unasked(f)]
    assert skipped, "no API filter set qualifies: the skip would never apply"
    assert any(f.__name__ == "RiskFilter" for f in kept), "a set with its own qs() must not be skipped"


@pytest.mark.parametrize("filterset_class", [f for f in _filtersets() if applies_nothing_unasked(f)])
def test_an_empty_filter_set_leaves_the_query_as_it_was(filterset_class):
    queryset = filterset_class._meta.model.objects.order_by("pk")
    filtered = filterset_class(data=QueryDict(""), queryset=queryset).qs
    assert str(filtered.query) == str(queryset.query)
    assert filterset_param_names(filterset_class), "a filter set with no parameter names"


def test_the_api_still_filters_when_a_parameter_is_sent(gov_admin):
    api = APIClient()
    api.force_authenticate(gov_admin)
    team, other = TeamFactory(), TeamFactory()
    mine = MLModelFactory(team=team)
    MLModelFactory(team=other)
    everything = api.get("/api/v1/models/").json()
    assert {row["id"] for row in everything["results"]} == set(MLModel.objects.values_list("id", flat=True))
    one_team = api.get(f"/api/v1/models/?team={team.pk}").json()
    assert [row["id"] for row in one_team["results"]] == [mine.pk]
    assert api.get("/api/v1/models/?team=999999").status_code == 400
