"""Issue 15, items 12 and 17: nothing tells another team's object from a missing one; who is who."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from governance.checks import services as checks
from governance.checks.models import CheckRun
from governance.reports import services as reports
from governance.reports.models import Report
from tests.factories import MembershipFactory, MLModelFactory, UserFactory

from .contract import make_world, send, signed_in

pytestmark = pytest.mark.django_db
MISSING = 10**9


@pytest.fixture
def world(team, contributor):
    return make_world(team=team, owner=contributor)


@pytest.fixture
def hidden(world, contributor):
    """Team A's run and report, which team B's outsider may not see."""
    run = checks.check_run_create(
        actor=contributor, scope=CheckRun.Scope.MODEL, model=world.model, enqueue=False
    )
    report = reports.report_request(
        actor=contributor, kind=Report.Kind.MODEL_DOSSIER, model=world.model, enqueue=False
    )
    return run, report


def _same(client, method: str, hidden_url: str, missing_url: str, body=None, missing_body=None) -> None:
    a = send(client, method, hidden_url, body)
    b = send(client, method, missing_url, missing_body if missing_body is not None else body)
    assert a.status_code == b.status_code and a.status_code in (400, 404), (hidden_url, a.content)
    assert a.json() == b.json(), (hidden_url, a.content, b.content)


def test_another_teams_objects_are_answered_as_missing_ones_everywhere(world, hidden, outsider, other_team):
    """Item 12: a hidden model gave 403 on POST /check-runs/ and a missing one 400."""
    client = signed_in(outsider)
    run, report = hidden
    pk = {"model": world.model.pk, "version": world.version.pk, "risk": world.risk.pk, "run": run.pk}
    for path in (
        "/api/v1/models/{model}/",
        "/api/v1/models/{model}/versions/",
        "/api/v1/models/{model}/data-uses/",
        "/api/v1/versions/{version}/",
        "/api/v1/versions/{version}/evaluations/",
        "/api/v1/risks/{risk}/",
        "/api/v1/check-runs/{run}/",
        "/api/v1/team-maturity/{team}/",
        "/api/v1/teams/{team}/",
        "/api/v1/reports/{report}/",
        "/api/v1/reports/{report}/download/",
    ):
        real = path.format(team=world.team.pk, report=report.pk, **pk)
        fake = path.format(team=MISSING, report=MISSING, **dict.fromkeys(pk, MISSING))
        _same(client, "get", real, fake)
    # Writes addressed to the hidden object, and bodies that refer to it.
    _same(
        client,
        "post",
        f"/api/v1/models/{world.model.pk}/versions/",
        f"/api/v1/models/{MISSING}/versions/",
        {"label": "x"},
    )
    for url, field, body in (
        ("/api/v1/check-runs/", "model", {"scope": "model"}),
        ("/api/v1/check-runs/", "team", {"scope": "team"}),
        ("/api/v1/reports/", "model", {"kind": "model_dossier"}),
        ("/api/v1/reports/", "team", {"kind": "team_maturity"}),
        ("/api/v1/risks/", "model", {"title": "t", "category": "privacy", "owner": outsider.pk}),
        ("/api/v1/mitigations/", "risk", {"description": "d", "owner": outsider.pk}),
        ("/api/v1/models/", "team", {"name": "n1", "owner": outsider.pk, "purpose": "p"}),
    ):
        real = world.team.pk if field == "team" else (world.risk.pk if field == "risk" else world.model.pk)
        _same(client, "post", url, url, {**body, field: real}, {**body, field: MISSING})
    # Filters: another team's id is the same 400 as an id that does not exist.
    for url, param in (
        ("/api/v1/models/", "team"),
        ("/api/v1/check-runs/", "model"),
        ("/api/v1/risks/", "model"),
    ):
        real = world.team.pk if param == "team" else world.model.pk
        a, b = client.get(url, {param: real}), client.get(url, {param: MISSING})
        assert a.status_code == b.status_code == 400, (url, a.content)
        assert a.json()["error"]["fields"].keys() == b.json()["error"]["fields"].keys()


def test_me_says_who_the_token_acts_as(team, contributor, other_team):
    MembershipFactory(user=contributor, team=other_team, role="viewer")
    contributor.groups.add(Group.objects.get_or_create(name="auditor")[0])
    body = signed_in(contributor).get("/api/v1/me/").json()
    assert body["id"] == contributor.pk and body["username"] == "carl.contributor"
    assert {(t["slug"], t["role"]) for t in body["teams"]} == {
        ("credit-risk", "contributor"),
        ("fraud", "viewer"),
    }
    assert body["site_groups"] == ["auditor"]


def test_users_are_listed_as_memberships_are_seen(
    team, other_team, contributor, maintainer, viewer, outsider, auditor
):
    lonely = UserFactory(username="no.team")
    client = signed_in(contributor)
    names = {u["username"] for u in client.get("/api/v1/users/").json()["results"]}
    assert names == {"carl.contributor", "maria.maintainer", "vera.viewer"}  # not team B, not the teamless
    maintainers = client.get("/api/v1/users/", {"team": team.pk, "role": "maintainer"}).json()["results"]
    assert [u["id"] for u in maintainers] == [maintainer.pk]
    assert maintainers[0]["teams"] == [
        {"id": team.pk, "name": team.name, "slug": team.slug, "role": "maintainer"}
    ]
    assert client.get(f"/api/v1/users/{outsider.pk}/").status_code == 404
    assert client.get("/api/v1/users/", {"team": other_team.pk}).status_code == 400  # as a missing team
    everyone = {
        u["username"] for u in signed_in(auditor).get("/api/v1/users/", {"page_size": 100}).json()["results"]
    }
    assert {"otto.outsider", "no.team", "carl.contributor"} <= everyone
    assert lonely.pk in {u["id"] for u in signed_in(auditor).get("/api/v1/users/").json()["results"]}


def test_users_are_represented_the_same_way_everywhere(world, hidden, contributor):
    """Item 14: {id, username, name} for every user in every answer (ids, usernames, objects were mixed)."""
    client = signed_in(contributor)
    ref = {
        "id": contributor.pk,
        "username": contributor.username,
        "name": contributor.get_full_name() or contributor.username,
    }
    run, report = hidden
    answers = {
        "model.owner": client.get(f"/api/v1/models/{world.model.pk}/").json()["owner"],
        "source.steward": client.get(f"/api/v1/data-sources/{world.source.pk}/").json()["steward"],
        "risk.owner": client.get(f"/api/v1/risks/{world.risk.pk}/").json()["owner"],
        "mitigation.owner": client.get(f"/api/v1/mitigations/{world.mitigation.pk}/").json()["owner"],
        "run.requested_by": client.get(f"/api/v1/check-runs/{run.pk}/").json()["requested_by"],
        "report.requested_by": client.get(f"/api/v1/reports/{report.pk}/").json()["requested_by"],
    }
    assert answers == dict.fromkeys(answers, ref)
    MLModelFactory(team=world.team, owner=contributor)
    listed = client.get("/api/v1/consents/").json()["results"][0]
    assert set(listed["recorded_by"]) == {"id", "username", "name"}


@pytest.mark.parametrize(
    "path", ["/api/v1/users/", "/api/v1/consents/", "/api/v1/mitigations/", "/api/v1/data-sources/"]
)
def test_lists_with_user_objects_cost_no_query_per_row(
    world, contributor, team, path, django_assert_max_num_queries
):
    """Users are objects now: the lists select them with their rows, whatever the page size."""
    from governance.risks import services as risks
    from tests.factories import ConsentRecordFactory, DataSourceFactory

    for i in range(12):
        member = UserFactory(username=f"member{i}")
        MembershipFactory(user=member, team=team, role="contributor")
        source = DataSourceFactory(team=team, steward=member)
        ConsentRecordFactory(data_source=source, reference=f"c{i}", recorded_by=member)
        risks.mitigation_add(actor=contributor, risk=world.risk, description=f"mitigation {i}", owner=member)
    client = signed_in(contributor)
    client.get(path)  # warm the session and the user's roles
    with django_assert_max_num_queries(12):
        body = client.get(path, {"page_size": 100}).json()
    assert body["count"] >= 12
