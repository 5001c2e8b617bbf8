"""Issue 9: no listing, detail, filter, search, report or export shows another team's restricted data.

Both directions are tried: a maintainer of team B looks for team A's records, and a maintainer of team A for
team B's. Each team's restricted texts carry its marker (world.py); searches use only the marker's first
half, so a page that echoes the search term does not count as a leak, while any record that matched it does.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from governance.checks.models import CheckResult
from governance.risks.models import Risk
from governance.teams.models import Membership

from .walking import body_text
from .world import World

pytestmark = pytest.mark.django_db

DIRECTIONS = ("b-looks-at-a", "a-looks-at-b")


@pytest.fixture(params=DIRECTIONS)
def seen(request, world: World, client):
    """(client signed in as the looking user, the foreign team's records, the user's own team's records)."""
    own, foreign = (world.b, world.a) if request.param == "b-looks-at-a" else (world.a, world.b)
    client.force_login(own.people["maintainer"])
    return client, foreign, own


def _get(client, url: str, params: dict | None = None, *, ok=(200,)):
    response = client.get(url, params or {})
    text = body_text(response)
    assert response.status_code in ok, f"GET {url} {params}: {response.status_code} {text[:300]}"
    return response, text


def assert_hidden(text: str, foreign, where: str) -> None:
    assert foreign.marker.lower() not in text.lower(), f"{where} shows team {foreign.team.name}'s records"


def _lists(w: World, foreign, own) -> list[tuple[str, dict, bool]]:
    """(url, query, whether the user's own marker must show) for every list, search and filter."""
    half = foreign.marker[:6]
    f = foreign
    return [
        ("/", {}, False),
        (reverse("portal:team_list"), {}, False),
        (reverse("portal:team_detail", args=[own.team.pk]), {}, True),
        (reverse("inventory:model_list"), {}, True),
        (reverse("inventory:model_list"), {"q": half}, False),
        (reverse("inventory:model_list"), {"team": f.team.pk, "stage": "production"}, False),
        (reverse("inventory:model_list"), {"q": f.people["owner"].username}, False),
        (reverse("inventory:data_source_list"), {}, False),
        (reverse("inventory:data_source_list"), {"q": "events", "team": f.team.pk}, False),
        (reverse("inventory:data_source_detail", args=[f.source.pk]), {}, True),  # own cross-team use
        (reverse("inventory:data_source_detail", args=[own.source.pk]), {}, True),
        (reverse("risks:register"), {}, True),
        (reverse("risks:register"), {"q": half}, False),
        (reverse("risks:register"), {"team": f.team.pk, "model": f.model.pk}, False),
        (reverse("risks:register"), {"status": "closed"}, True),
        (reverse("risks:register"), {"basis": "inherent", "likelihood": 4, "impact": 4}, True),
        (reverse("risks:matrices"), {}, False),
        (reverse("assessments:home"), {}, False),
        (reverse("assessments:team", args=[own.team.slug]), {}, False),
        (reverse("assessments:detail", args=[own.draft.pk]), {}, True),
        (reverse("checks:runs"), {}, False),
        (reverse("checks:run_detail", args=[w.org_run.pk]), {}, True),
        (reverse("checks:run_summary", args=[w.org_run.pk]), {}, False),
        (reverse("reports:list"), {}, False),
        # Forms whose choices come from the database.
        (reverse("inventory:model_create"), {}, False),
        (reverse("inventory:data_use_create", args=[own.model.pk]), {}, True),
        (reverse("inventory:model_transfer", args=[own.model.pk]), {}, True),
        (reverse("inventory:data_source_create"), {}, False),
        (reverse("inventory:consent_withdraw", args=[own.source.pk, own.consent.pk]), {}, True),
        (reverse("risks:create"), {"model": f.model.pk}, True),
        (reverse("risks:edit", args=[own.risk.pk]), {}, True),
        (reverse("risks:mitigation_add", args=[own.risk.pk]), {}, True),
        (reverse("checks:start"), {"scope": "model", "model": own.model.pk}, True),
        # The API.
        ("/api/v1/teams/", {}, False),
        ("/api/v1/models/", {}, True),
        ("/api/v1/models/", {"q": half, "ordering": "-name"}, False),
        ("/api/v1/models/", {"stage": "production", "ai_act_tier": "minimal"}, False),
        (f"/api/v1/models/{own.model.pk}/", {}, True),
        (f"/api/v1/models/{own.model.pk}/data-uses/", {}, False),
        ("/api/v1/versions/", {}, True),
        ("/api/v1/versions/", {"label": f.version.label, "ordering": "label"}, False),
        ("/api/v1/data-sources/", {"q": "events", "ordering": "-name"}, False),
        (f"/api/v1/data-sources/{f.source.pk}/", {}, False),
        ("/api/v1/consents/", {"data_source": f.source.pk}, False),
        ("/api/v1/risks/", {}, True),
        ("/api/v1/risks/", {"q": half, "ordering": "-residual_score"}, False),
        ("/api/v1/risks/", {"status": "closed", "ordering": "title"}, True),
        ("/api/v1/risks/", {"basis": "residual", "likelihood": 3, "impact": 3}, True),
        ("/api/v1/mitigations/", {}, True),
        ("/api/v1/mitigations/", {"risk": f.risk.pk}, False),
        ("/api/v1/acceptances/", {}, True),
        ("/api/v1/acceptances/", {"risk": f.risk.pk}, False),
        ("/api/v1/assessments/", {}, True),
        ("/api/v1/assessments/", {"team": f.team.pk, "framework_key": "ml-test-score"}, False),
        ("/api/v1/team-maturity/", {}, False),
        ("/api/v1/check-runs/", {}, False),
        ("/api/v1/check-runs/", {"scope": "team", "team": f.team.pk}, False),
        ("/api/v1/check-results/", {}, True),
        ("/api/v1/check-results/", {"run": w.org_run.pk, "team": f.team.pk}, False),
        ("/api/v1/check-results/", {"run": f.run.pk}, False),
        ("/api/v1/check-results/", {"model": f.model.pk, "outcome": "pass"}, False),
        ("/api/v1/reports/", {}, False),
    ]


def test_lists_searches_filters_and_forms_hide_the_other_team(seen, world):
    client, foreign, own = seen
    for url, params, own_shows in _lists(world, foreign, own):
        # A filter naming a record the user may not pick is a 400 in the API (django-filter's choice check).
        _, text = _get(client, url, params, ok=(200, 400) if url.startswith("/api/") else (200,))
        assert_hidden(text, foreign, f"GET {url} {params}")
        if own_shows:  # the page really lists records, so an empty answer does not pass by accident
            assert own.marker.lower() in text.lower(), f"GET {url} {params} lost the user's own records"


def _foreign_pages(w: World, f) -> list[tuple[str, str]]:
    """(method, url) of every page and endpoint of one of the foreign team's records."""
    org_result = CheckResult.objects.get(run=w.org_run, model=f.model, check_key=f.result.check_key)
    html = [
        reverse("portal:team_detail", args=[f.team.pk]),
        reverse("inventory:model_detail", args=[f.model.pk]),
        reverse("inventory:model_edit", args=[f.model.pk]),
        reverse("inventory:model_transfer", args=[f.model.pk]),
        reverse("inventory:version_create", args=[f.model.pk]),
        reverse("inventory:version_edit", args=[f.model.pk, f.version.pk]),
        reverse("inventory:data_use_create", args=[f.model.pk]),
        reverse("assessments:team", args=[f.team.slug]),
        reverse("assessments:start", args=[f.team.slug]),
        reverse("assessments:detail", args=[f.draft.pk]),
        reverse("assessments:detail", args=[f.submitted.pk]),
        reverse("assessments:fill", args=[f.draft.pk]),
        reverse("assessments:fill_dimension", args=[f.draft.pk, f.dimension_key]),
        reverse("assessments:submit", args=[f.draft.pk]),
        reverse("risks:detail", args=[f.risk.pk]),
        reverse("risks:detail", args=[f.closed_risk.pk]),
        reverse("risks:edit", args=[f.risk.pk]),
        reverse("risks:review", args=[f.risk.pk]),
        reverse("risks:mitigation_add", args=[f.risk.pk]),
        reverse("risks:accept", args=[f.risk.pk]),
        reverse("risks:close", args=[f.risk.pk]),
        reverse("checks:run_detail", args=[f.run.pk]),
        reverse("checks:run_summary", args=[f.run.pk]),
        reverse("checks:start") + f"?scope=model&model={f.model.pk}",
        reverse("reports:detail", args=[f.report.pk]),
        reverse("reports:download", args=[f.report.pk]),
    ]
    api = [
        f"/api/v1/teams/{f.team.pk}/",
        f"/api/v1/team-maturity/{f.team.pk}/",
        f"/api/v1/models/{f.model.pk}/",
        f"/api/v1/models/{f.model.pk}/versions/",
        f"/api/v1/models/{f.model.pk}/data-uses/",
        f"/api/v1/versions/{f.version.pk}/",
        f"/api/v1/versions/{f.version.pk}/evaluations/",
        f"/api/v1/versions/{f.version.pk}/snapshots/",
        f"/api/v1/risks/{f.risk.pk}/",
        f"/api/v1/mitigations/{f.mitigation.pk}/",
        f"/api/v1/acceptances/{f.acceptance.pk}/",
        f"/api/v1/assessments/{f.draft.pk}/",
        f"/api/v1/assessments/{f.submitted.pk}/",
        f"/api/v1/check-runs/{f.run.pk}/",
        f"/api/v1/check-results/{f.result.pk}/",
        f"/api/v1/check-results/{org_result.pk}/",
        f"/api/v1/reports/{f.report.pk}/",
        f"/api/v1/reports/{f.report.pk}/download/",
    ]
    forms = [u for u in html if "?" not in u and ("/edit/" in u or "/new/" in u or "/transfer/" in u)]
    forms += [reverse("assessments:start", args=[f.team.slug])]
    forms += [u for u in html if u.endswith(("/submit/", "/review/", "/accept/", "/close/"))]
    forms += [reverse("risks:add_standard", args=[f.model.pk])]
    forms += [
        reverse("risks:mitigation_status", args=[f.risk.pk, f.mitigation.pk]),
        f"/api/v1/models/{f.model.pk}/transfer/",
        f"/api/v1/models/{f.model.pk}/versions/",
        f"/api/v1/models/{f.model.pk}/data-uses/",
        f"/api/v1/versions/{f.version.pk}/evaluations/",
        f"/api/v1/versions/{f.version.pk}/snapshots/",
        f"/api/v1/risks/{f.risk.pk}/review/",
        f"/api/v1/risks/{f.risk.pk}/close/",
    ]
    return [("GET", u) for u in html + api] + [("POST", u) for u in forms]


def test_the_other_teams_records_are_refused(seen, world):
    client, foreign, _ = seen
    for method, url in _foreign_pages(world, foreign):
        if method == "GET":
            response = client.get(url)
        elif url.startswith("/api/"):
            response = client.post(url, {}, content_type="application/json")
        else:
            response = client.post(url, {"status": "done"})
        text = body_text(response)
        # Issue 17 item 11: pages and API alike answer as for a missing record (a 403 told that it exists);
        # a form naming the record refuses it as it refuses an id that does not exist.
        missing = 400 if url.startswith(reverse("checks:start")) else 404
        assert response.status_code == missing, f"{method} {url}: {response.status_code} {text[:200]}"
        assert_hidden(text, foreign, f"{method} {url}")


def test_heat_maps_and_register_counts_cover_only_visible_risks(seen, world):
    client, foreign, own = seen
    active = Risk.objects.filter(model__team=own.team, status=Risk.Status.ACTIVE).count()
    assert active and Risk.objects.filter(model__team=foreign.team, status=Risk.Status.ACTIVE).exists()
    pages = [
        (reverse("risks:register"), {}),
        (reverse("risks:register"), {"likelihood": 3, "impact": 3}),  # a clicked cell keeps the grid
        (reverse("portal:team_detail", args=[own.team.pk]), {}),
    ]
    for url, params in pages:
        response, _ = _get(client, url, params)
        for basis in ("heat_inherent", "heat_residual"):
            assert response.context[basis].total == active, f"{url} {params} {basis}"
    register, _ = _get(client, reverse("risks:register"), {"model": foreign.model.pk})
    assert register.context["heat_residual"].total == 0  # naming the other team's model counts nothing
    assert register.context["summary"]["active"] == active


def _own_counts(world, own) -> dict[str, int]:
    rows = CheckResult.objects.filter(run=world.org_run, model__team=own.team).values_list(
        "outcome", flat=True
    )
    return dict(Counter(rows))


def test_check_run_counts_cover_only_visible_models(seen, world):
    """The org-wide run is visible to everyone; its counts must be counted over the models they may see."""
    client, _, own = seen
    mine = _own_counts(world, own)
    org = world.org_run
    assert sum(mine.values()) < org.pass_count + org.warn_count + org.fail_count + org.not_applicable_count
    page, _ = _get(client, reverse("checks:runs"))
    row = next(counts for run, counts in page.context["rows"] if run.pk == org.pk)
    assert {k: v for k, v in row.items() if v} == mine
    detail, _ = _get(client, reverse("checks:run_detail", args=[org.pk]))
    assert {k: v for k, v in detail.context["totals"].items() if v} == mine
    for url in (f"/api/v1/check-runs/{org.pk}/", "/api/v1/check-runs/"):
        response, _ = _get(client, url)
        data = response.json()
        run = data if "id" in data else next(r for r in data["results"] if r["id"] == org.pk)
        counts = {
            o: run[f"{o}_count"] for o in ("pass", "warn", "fail", "not_applicable") if run[f"{o}_count"]
        }
        assert counts == mine, f"{url} counts another team's results"


def test_reports_on_the_other_team_cannot_be_requested_or_read(seen, world):
    client, foreign, own = seen
    requests = [
        {"kind": "model_dossier", "model": foreign.model.pk},
        {"kind": "team_maturity", "team": foreign.team.pk},
        {"kind": "check_run", "check_run": world.org_run.pk},  # auditors and governance admins only
        {"kind": "organisation"},
    ]
    for body in requests:
        page = client.post(reverse("reports:request"), body)
        assert page.status_code == 403, body
        api = client.post("/api/v1/reports/", body, content_type="application/json")
        subject = next((key for key in ("model", "team") if key in body), None)
        if subject is None:
            assert api.status_code == 403, body  # a report the role may not request, on a visible subject
            continue
        # Issue 15.12: another team's model or team is answered exactly as an id that does not exist.
        missing = client.post("/api/v1/reports/", {**body, subject: 10**9}, content_type="application/json")
        assert api.status_code == missing.status_code == 400, body
        assert api.json() == missing.json(), body
    own_request = client.post("/api/v1/reports/", {"kind": "team_maturity", "team": own.team.pk},
                              content_type="application/json")  # fmt: skip
    assert own_request.status_code == 202
    listed = {r["id"] for r in client.get("/api/v1/reports/").json()["results"]}
    assert foreign.report.pk not in listed and own_request.json()["id"] in listed


def test_a_report_is_hidden_once_its_requester_leaves_the_team(client, world):
    viewer, report = world.a.people["viewer"], world.a.report
    client.force_login(viewer)
    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 200
    Membership.objects.filter(user=viewer, team=world.a.team).delete()
    for url in (reverse("reports:detail", args=[report.pk]), f"/api/v1/reports/{report.pk}/download/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert_hidden(body_text(response), world.a, url)


# The OpenAPI-documented filters --------------------------------------------------------------------------


def _param_value(name: str, schema: dict, w: World, foreign):
    """A value for a documented query parameter that would match the foreign team's records."""
    by_name = {
        "model": foreign.model.pk,
        "team": foreign.team.pk,
        "risk": foreign.risk.pk,
        "run": foreign.run.pk,
        "data_source": foreign.source.pk,
        "framework": w.framework.pk,
        "matrix": w.matrix.pk,
        "q": foreign.marker[:6],
        "label": foreign.version.label,
        "version": foreign.version.pk,
        "purpose": "churn prediction",
        "framework_key": "ml-test-score",
        "key": "google-mlops-levels",
        "check": foreign.result.check_key,
        "likelihood": 3,
        "level": 2,
        "impact": 3,
        "page": 1,
        "page_size": 100,
        "cursor": "WyIiLDBd",  # ["", 0]: a keyset page from the very start, over every name
        "environment": "production",
        "name": foreign.model.name,
        "owner": foreign.model.owner_id,
        "updated_since": "2000-01-01T00:00:00Z",
        # The audit log's filters (governance admins and auditors only: the looking maintainer gets a 403)
        "person": foreign.model.owner_id,
        "since": "2000-01-01",
        "until": "2100-01-01",
        # A record's evidence: the foreign team's risk is a 404, as a missing one
        "kind": "risk",
        "record": foreign.risk.pk,
    }
    if name == "tag":  # the foreign model and version carry it, so a leak would show
        from governance.inventory.models import ModelTag, VersionTag

        ModelTag.objects.get_or_create(model=foreign.model, key="walk", defaults={"value": "leak"})
        VersionTag.objects.get_or_create(version=foreign.version, key="walk", defaults={"value": "leak"})
        return "walk:leak"
    if name in by_name:
        return by_name[name]
    enum = schema.get("enum") or (schema.get("items") or {}).get("enum")
    if enum:
        return enum[0]
    if name == "ordering":
        return "-name"
    if schema.get("type") == "boolean":
        return "true"
    raise AssertionError(f"documented filter {name!r} has no test value: add one to _param_value")


def test_every_documented_filter_hides_the_other_team(seen, world):
    client, foreign, own = seen
    schema = SchemaGenerator().get_schema(request=None, public=True)
    tried = 0
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if not get:
            continue
        query = [p for p in get.get("parameters", []) if p["in"] == "query"]
        if "{id}" in path:
            if not query:
                continue
            parent = own.version if path.startswith("/api/v1/versions/") else own.model
            path = path.replace("{id}", str(parent.pk))
        params = {p["name"]: _param_value(p["name"], p.get("schema", {}), world, foreign) for p in query}
        ok = {"/api/v1/audit-log/": (200, 400, 403), "/api/v1/evidence/": (200, 400, 404)}.get(
            path, (200, 400)
        )
        for name, value in params.items():  # each filter alone, then all of them together
            _, text = _get(client, path, {name: value}, ok=ok)
            assert_hidden(text, foreign, f"GET {path}?{name}={value}")
            tried += 1
        if params:
            _, text = _get(client, path, params, ok=ok)
            assert_hidden(text, foreign, f"GET {path} {params}")
    assert tried >= 40  # the schema really documents the filters


def test_data_source_model_counts_cover_only_visible_models(seen, world):
    """Each source is used by one model of each team; the catalogue counts only the models you may see."""
    client, foreign, own = seen
    page, _ = _get(client, reverse("inventory:data_source_list"))
    counts = {s.pk: s.model_count for s in page.context["page"].object_list}
    assert counts == {own.source.pk: 1, foreign.source.pk: 1}
    client.force_login(world.users["auditor"])  # who sees everything counts everything
    page, _ = _get(client, reverse("inventory:data_source_list"))
    assert {s.pk: s.model_count for s in page.context["page"].object_list} == {
        own.source.pk: 2,
        foreign.source.pk: 2,
    }


def test_leaving_the_team_or_being_deactivated_takes_effect_at_once(client, world):
    """Roles are read per request: no cached right survives a removed membership or a deactivated account."""
    maintainer, model = world.a.people["maintainer"], world.a.model
    client.force_login(maintainer)
    page, api = reverse("inventory:model_detail", args=[model.pk]), f"/api/v1/models/{model.pk}/"
    assert client.get(page).status_code == 200 and client.get(api).status_code == 200
    Membership.objects.filter(user=maintainer, team=world.a.team).delete()
    assert client.get(page).status_code == 404 and client.get(api).status_code == 404
    Membership.objects.create(user=maintainer, team=world.a.team, role="maintainer")
    assert client.get(page).status_code == 200
    maintainer.is_active = False
    maintainer.save(update_fields=["is_active"])
    response = client.get(page)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.get(api).status_code == 401
