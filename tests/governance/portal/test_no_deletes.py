"""Nothing with history is hard-deleted: not through the API, the pages or the admin (issue 9, data safety).

Models are retired, consents withdrawn, risks closed and tokens revoked instead; the history names who did it.
Each walk covers every route or registered admin, so a new one that deletes fails here until it is listed
with its reason.
"""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.request import Request
from rest_framework.test import APIClient

from governance.api.urls import router
from governance.portal import backup
from governance.reports.services import report_request

ROOT = Path(__file__).resolve().parents[3]
ROLES = {  # demo users: the owning team of the objects below is Credit Risk
    "viewer": "lena.vogel",
    "contributor": "omar.haddad",
    "maintainer": "mina.park",
    "other team": "eva.lind",
    "auditor": "auditor",
    "governance admin": "gov.lead",
}
# Routes that remove rows on purpose, with the reason. Nothing that holds governance data is among them.
DELETING_ROUTES = {
    "logout": "ends the session: deletes the user's django_session row, not governance data",
    "model_tag_remove": "removes a model's tag (a label, not evidence); the history keeps the record",
    "version_tag_remove": "removes a version's tag (a label, not evidence); the history keeps the record",
    "alias_remove": "removes an alias (a label, not evidence); the history keeps the record",
}
# API routes that take DELETE on purpose (the same labels), walked with a name that does not exist.
DELETING_API_ACTIONS = {
    "model-tag": "removes a model's tag; the history keeps the 'deleted' record",
    "version-tag": "removes a version's tag; the history keeps the 'deleted' record",
    "model-alias": "removes an alias; the history keeps the 'deleted' record",
}
NO_SUCH_LABEL = "no-such-label"
# Admin registrations that may delete, with the reason; every other registered model may not.
ADMIN_DELETE_ALLOWED = {
    "teams.membership": "grants access, not evidence; the history keeps a 'deleted' record naming who",
    "risks.riskmatrix": "only while no risk is rated on it (a draft configuration); the history keeps it",
    "django_celery_beat.periodictask": "scheduler configuration, not governance data",
    "django_celery_beat.intervalschedule": "scheduler configuration, not governance data",
    "django_celery_beat.crontabschedule": "scheduler configuration, not governance data",
    "django_celery_beat.solarschedule": "scheduler configuration, not governance data",
    "django_celery_beat.clockedschedule": "scheduler configuration, not governance data",
    "django_celery_results.taskresult": "transient task results of the queue",
    "django_celery_results.groupresult": "transient task results of the queue",
}
# Code that deletes rows on purpose; any other delete in the product fails the source scan.
DELETING_CODE = {
    "governance/predictions/computing.py": "deletes the stored file of a rejected prediction set (and a "
    "converted CSV), never a row: the set's record, hash and reason stay",
    "governance/predictions/services.py": "the retention purge deletes a prediction set's stored rows (a "
    "file), never the record; an upload whose record could not be saved drops its file",
    "governance/portal/management/commands/seed_scale.py": "`seed_scale --reset` removes only the "
    "synthetic org-10k benchmark rows it made",
    "governance/portal/backup.py": "`import_org` replaces the tables it restores, refusing a non-empty "
    "database unless --replace is given, in one transaction",
    "governance/foundation/cache.py": "a cache backend: deletes cache keys, not rows",
    "governance/predictions/timings.py": "the metrics bench's stage records: deletes a Redis list once read, "
    "not rows",
    "governance/foundation/freshness.py": "recognises DELETE and TRUNCATE statements others send, to bump "
    "the counts caches' generation; deletes nothing",
    "governance/checks/latest.py": "rebuilds ModelCheckStatus, a derived table recomputed from the runs",
    "governance/promotions/services.py": "a demotion frees an environment: the Deployment row says who holds "
    "it now, and its history keeps the 'deleted' record naming who and which request",
    "governance/evidence/services.py": "an upload whose record could not be saved drops its stored file; "
    "evidence rows are never deleted, only superseded",
    "governance/foundation/api/idempotency.py": "forgets Idempotency-Key answers after 24 hours: a replay "
    "cache of API responses, not governance records",
    "governance/inventory/services/tags.py": "removing a tag or an alias (a label, not evidence): the "
    "history keeps the 'deleted' record naming who",
    "governance/mlflow_sync/importing.py": "an alias removed in MLflow is removed here (unless moved "
    "here): the history keeps the 'deleted' record under the MLflow sync user",
    "governance/mlflow_sync/updating.py": "a tag removed in MLflow is removed here (unless edited here): "
    "the history keeps the 'deleted' record under the MLflow sync user",
}


def governance_rows() -> dict[str, int]:
    return {m._meta.label_lower: m._default_manager.count() for m in backup.export_models()}


@pytest.fixture
def demo(db, reference_data):
    from assessments.content.loader import load_released

    load_released()
    call_command("seed_demo", stdout=io.StringIO())
    users = {u.username: u for u in get_user_model().objects.all()}
    report_request(actor=users["gov.lead"], kind="organisation", enqueue=False)
    return users


def _first_pk(viewset, user) -> int:
    view = viewset()
    view.request = Request(RequestFactory().get("/"))
    view.request.user = user
    view.action, view.kwargs, view.args, view.format_kwarg = "list", {}, (), None
    obj = view.get_queryset().order_by("pk").first()
    assert obj is not None, f"the demo has no row for {viewset.__name__}"
    return obj.pk


def api_urls(admin_user) -> list[str]:
    """Every route of the API router (list, detail and extra actions), with real ids; a route naming a tag or
    an alias in its path gets a name that does not exist."""
    urls = [reverse("v1:api-root"), reverse("api-schema"), reverse("api-docs")]
    covered = {"api-root"}
    for _prefix, viewset, basename in router.registry:
        pk = _first_pk(viewset, admin_user)
        urls += [reverse(f"v1:{basename}-list"), reverse(f"v1:{basename}-detail", args=[pk])]
        covered |= {f"{basename}-list", f"{basename}-detail"}
        for action in viewset.get_extra_actions():
            name = f"{basename}-{action.url_name}"
            extra = dict.fromkeys(re.findall(r"\(\?P<(\w+)>", action.url_path), NO_SUCH_LABEL)
            assert not extra or name in DELETING_API_ACTIONS, f"{name} names a label in its path: list it"
            kwargs = {"pk": pk, **extra} if action.detail else extra
            urls.append(reverse(f"v1:{name}", kwargs=kwargs))
            covered.add(name)
    named = {p.name for p in router.urls}
    assert named <= covered, f"routes not walked: {named - covered}"
    return urls


def test_api_refuses_delete_on_every_route_for_every_role(demo):
    urls = api_urls(demo["gov.lead"])
    assert len(urls) > 30
    before = governance_rows()
    for role, username in [("anonymous", None), *ROLES.items()]:
        client = APIClient()
        if username:
            client.force_authenticate(demo[username])
        for url in urls:
            status = client.delete(url).status_code
            expected = {401, 403} if username is None and url.startswith("/api/v1") else {405}
            if NO_SUCH_LABEL in url and username is not None:
                expected = {403, 404}  # a label route: refused, or nothing by that name to remove
            if url in (reverse("api-schema"), reverse("api-docs")) and username is None:
                expected = {401, 403, 405}
            assert status in expected, f"DELETE {url} as {role}: {status}"
    assert governance_rows() == before


def html_routes() -> list[tuple[str, str]]:
    """(name, path pattern) of every page outside /admin/ and /api/."""
    found = []

    def walk(patterns, prefix: str) -> None:
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                if route.startswith(("admin/", "api/")):
                    continue
                walk(p.url_patterns, route)
            elif isinstance(p, URLPattern):
                found.append((p.name or route, route))

    walk(get_resolver().url_patterns, "")
    return found


def _fill(route: str, ids: dict[str, str]) -> str:
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: ids["slug" if m.group(1) == "slug" else "int"], route)


def test_no_page_deletes_rows(demo, client):
    """DELETE is not allowed on any page; an empty POST to every page removes nothing."""
    from governance.inventory.models import MLModel

    routes = html_routes()
    assert len(routes) > 25
    for name, route in routes:
        if name not in DELETING_ROUTES:
            assert not re.search(r"delete|remove|destroy|purge", f"{name} {route}"), (name, route)
    model = MLModel.objects.get(name="credit-scoring")
    ids = {"int": str(model.pk), "slug": "credit-risk"}
    client.force_login(demo["gov.lead"])
    before = governance_rows()
    for name, route in routes:
        if name in DELETING_ROUTES:
            continue
        url = _fill(route, ids)
        expected = (302,) if name == "login" else (405,)  # login sends a signed-in user home first
        assert client.delete(url).status_code in expected, f"DELETE {url}"
        status = client.post(url, {}).status_code
        assert status < 500, f"POST {url} gave {status}"
        assert governance_rows() == before, f"an empty POST to {url} removed or added rows"


def test_no_product_code_deletes_rows_except_the_listed(request):
    """A source scan: a new .delete(), raw delete or DELETE/TRUNCATE statement must be listed above."""
    offenders = []
    for folder in ("governance", "assessments"):
        for path in (ROOT / folder).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if "/migrations/" in rel or rel in DELETING_CODE:
                continue
            for node in ast.walk(ast.parse(path.read_text(), rel)):
                deleting_call = (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in {"delete", "_raw_delete", "sql_flush"}
                    and not (isinstance(node.func.value, ast.Name) and node.func.value.id == "cache")
                )
                deleting_sql = (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and re.search(r"\b(DELETE\s+FROM|TRUNCATE)\b", node.value, re.IGNORECASE)
                )
                if deleting_call or deleting_sql:
                    offenders.append(f"{rel}:{node.lineno}")
    assert offenders == []


def _has_history(model) -> bool:
    return hasattr(model, "history") or model._meta.label_lower in {"checks.checkrun", "reports.report"}


@pytest.fixture
def records(team, maintainer, contributor, viewer):
    """A few records of each kind the admin tests touch (cheaper than the demo organisation)."""
    from governance.risks.services import risk_create
    from tests.factories import ConsentRecordFactory, DataSourceFactory, MLModelFactory

    model = MLModelFactory(team=team, owner=contributor, stage="production")
    consent = ConsentRecordFactory(data_source=DataSourceFactory(team=team, steward=maintainer))
    risk = risk_create(
        actor=contributor, model=model, title="Drift", category="performance_decay", owner=contributor,
        inherent_likelihood=3, inherent_impact=3, residual_likelihood=2, residual_impact=2,
    )  # fmt: skip
    return {"model": model, "consent": consent, "risk": risk, "team": team, "user": viewer}


def test_admin_offers_no_delete_for_records_with_history(records, gov_admin):
    request = RequestFactory().get("/admin/")
    request.user = gov_admin
    request.user.is_superuser = True  # the strongest admin: still no delete
    checked = []
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        if label in ADMIN_DELETE_ALLOWED:
            continue
        obj = model._default_manager.first()
        assert not model_admin.has_delete_permission(request), f"{label} can be deleted in the admin"
        assert not model_admin.has_delete_permission(request, obj), f"{label} #{obj and obj.pk} deletable"
        assert "delete_selected" not in model_admin.get_actions(request), f"{label} offers bulk delete"
        for inline in model_admin.get_inline_instances(request, obj):
            if inline.model._meta.label_lower not in ADMIN_DELETE_ALLOWED:
                assert not inline.can_delete or not inline.has_delete_permission(request, obj), (
                    f"{label} inline {inline.model._meta.label_lower} deletes"
                )
        checked.append(label)
    with_history = [m._meta.label_lower for m in admin.site._registry if _has_history(m)]
    assert set(with_history) - set(checked) <= {"teams.membership", "risks.riskmatrix"}
    for label in ("inventory.mlmodel", "inventory.consentrecord", "risks.risk", "auth.user", "api.apitoken"):
        assert label in checked


def test_admin_refuses_delete_pages_and_keeps_the_rows(records, admin_client):
    for key in ("model", "consent", "team", "risk", "user"):
        obj = records[key]
        meta = obj._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[obj.pk])
        assert admin_client.get(url).status_code == 403, key
        assert admin_client.post(url, {"post": "yes"}).status_code == 403, key
        assert type(obj).objects.filter(pk=obj.pk).exists()


def test_admin_membership_removal_is_recorded_with_who(records, admin_client):
    from governance.teams.models import HistoricalMembership, Membership

    membership = Membership.objects.get(user=records["user"])
    url = reverse("admin:teams_membership_delete", args=[membership.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    removed = HistoricalMembership.objects.get(id=membership.pk, history_type="-")
    assert removed.history_user.username == "admin" and removed.role == "viewer"


def test_admin_keeps_a_used_risk_matrix_and_lets_an_unused_one_go(records, admin_client):
    from governance.risks.matrix import DEFAULT_MATRIX
    from governance.risks.models import HistoricalRiskMatrix, RiskMatrix

    used = records["risk"].matrix
    assert admin_client.get(reverse("admin:risks_riskmatrix_delete", args=[used.pk])).status_code == 403
    draft = RiskMatrix.objects.create(**{**DEFAULT_MATRIX, "name": "Draft 3x3 copy"})
    url = reverse("admin:risks_riskmatrix_delete", args=[draft.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert HistoricalRiskMatrix.objects.get(id=draft.pk, history_type="-").history_user.username == "admin"
