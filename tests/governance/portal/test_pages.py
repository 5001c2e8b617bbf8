"""Health, dashboard, system status and the shared page chrome."""

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from governance.celery import app as celery_app
from governance.inventory.models import ConsentRecord, DataSource, MLModel, ModelVersion
from governance.teams.models import Membership, Team
from tests.factories import MLModelFactory

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok" and body["database"]["ok"] and body["broker"]["ok"]
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_healthz_names_the_broker_when_it_is_down(client, monkeypatch):
    """Pages still serve without the broker, so a load balancer must keep the server (200, degraded); a
    monitor asking strictly gets 503."""
    # Nothing listens on port 1: a real refused connection, not a stub.
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["failing"] == ["broker"] and body["database"]["ok"] is True
    assert body["broker"] == {"ok": False, "detail": "unreachable"}  # no internals leak to the public
    strict = client.get("/healthz?strict=1")
    assert strict.status_code == 503 and strict.json()["failing"] == ["broker"]
    monkeypatch.undo()
    assert client.get("/healthz?strict=1").status_code == 200


@pytest.mark.django_db
def test_healthz_is_unavailable_without_the_database(client, monkeypatch):
    """The web app cannot serve without its database: 503 whatever is asked. The database's own failure is
    played by its probe (the test database cannot be taken away from under the test)."""
    from governance.portal import views

    monkeypatch.setattr(views, "database_state", lambda: (False, "OperationalError: connection refused"))
    for url in ("/healthz", "/healthz?strict=1"):
        response = client.get(url)
        body = response.json()
        assert response.status_code == 503, url
        assert body["status"] == "unavailable" and body["failing"] == ["database"]
        assert body["database"] == {"ok": False, "detail": "unreachable"}  # the error stays inside


@pytest.mark.django_db
def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_dashboard_counts_visible_models_only(client, team, other_team, contributor):
    MLModelFactory(team=team, owner=contributor, stage="production")
    MLModelFactory(team=other_team, stage="production")
    client.force_login(contributor)
    response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 200
    summary = response.context["d"]
    assert summary.model_total == 1
    assert ("production", "Production", 1) in summary.stages
    assert 'aria-current="page"' in response.content.decode()


@pytest.mark.django_db
def test_dashboard_empty_state_says_what_to_do(client, contributor):
    client.force_login(contributor)
    assert "Register the first model" in client.get(reverse("portal:dashboard")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("section, url_name", [("reports", "reports:list")])
def test_former_pending_sections_are_real_pages(client, contributor, section, url_name):
    client.force_login(contributor)
    page = client.get(reverse(url_name)).content.decode()
    assert "not part of this release yet" not in page
    assert f'href="{reverse(url_name)}" aria-current="page"' in page


@pytest.mark.django_db
def test_system_status_is_for_governance_admins(client, contributor, auditor, gov_admin):
    url = reverse("portal:system_status")
    for user in (contributor, auditor):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 403
        assert "governance admins" in response.content.decode()
    client.force_login(gov_admin)
    page = client.get(url)
    assert page.status_code == 200 and "Database" in page.content.decode()


@pytest.mark.django_db
def test_login_page_and_logout(client, contributor):
    assert client.get(reverse("login")).status_code == 200
    from tests.factories import PASSWORD

    response = client.post(reverse("login"), {"username": contributor.username, "password": PASSWORD})
    assert response.status_code == 302
    logged_out = client.post(reverse("logout"), follow=True)
    assert logged_out.redirect_chain[-1] == (reverse("login"), 302)
    assert '<ul class="messages" role="status">' in logged_out.content.decode()
    assert "You are logged out." in logged_out.content.decode()
    assert client.get(reverse("inventory:model_list")).status_code == 302


@pytest.mark.django_db
def test_account_pages_mark_where_you_are_and_filters_say_any(client, gov_admin):
    client.force_login(gov_admin)
    tokens = client.get(reverse("api-tokens")).content.decode()
    assert 'href="/account/tokens/" aria-current="page"' in tokens
    system = client.get(reverse("portal:system_status")).content.decode()
    assert 'href="/system/" aria-current="page"' in system and 'aria-current="page">API tokens' not in system
    sources = client.get(reverse("inventory:data_source_list")).content.decode()
    assert '<option value="unknown" selected>Any</option>' in sources and "Unknown" not in sources
    personal = client.get(reverse("inventory:data_source_list"), {"contains_personal_data": "true"})
    assert (
        personal.status_code == 200
        and '<option value="true" selected>Yes</option>' in personal.content.decode()
    )


@pytest.mark.django_db
def test_seed_demo_is_idempotent(django_assert_max_num_queries):
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    counts = [m.objects.count() for m in (Team, Membership, MLModel, ModelVersion, DataSource, ConsentRecord)]
    history = MLModel.history.count()
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert [
        m.objects.count() for m in (Team, Membership, MLModel, ModelVersion, DataSource, ConsentRecord)
    ] == counts
    assert MLModel.history.count() == history
    assert counts[2] >= 20 and set(MLModel.objects.values_list("stage", flat=True)) == set(
        MLModel.Stage.values
    )
    states = {c.state for c in ConsentRecord.objects.all()}
    assert {"active", "expired", "withdrawn"} <= states
    assert DataSource.objects.filter(contains_personal_data=False).exists()


def production_env(**extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECURE_SSL_REDIRECT", "STATIC_MANIFEST"}
    }
    env.update(
        SECRET_KEY="a-long-random-production-secret-" + "x" * 40,
        DEBUG="false",
        ALLOWED_HOSTS="governance.example.org",
        DJANGO_SETTINGS_MODULE="governance.settings",
    )
    env.update(extra)
    return env


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


CELERY = str(Path(sys.executable).with_name("celery"))


@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "-c", "import governance.wsgi"],
        [sys.executable, "-c", "import governance.asgi"],
        [CELERY, "-A", "governance", "worker", "--pool=solo", "-Q", "never-consumed"],
        # A file scheduler, so beat reaches its start-up check without a migrated schedule table.
        [
            CELERY,
            "-A",
            "governance",
            "beat",
            "--pidfile=",
            "-S",
            "celery.beat:PersistentScheduler",
            "-s",
            os.path.join(tempfile.gettempdir(), "governance-test-beat-schedule"),
        ],
    ],
    ids=["wsgi", "asgi", "worker", "beat"],
)
def test_production_refuses_to_serve_without_a_secret_key(command):
    env = production_env()
    del env["SECRET_KEY"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stdout + result.stderr


@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "-c", "import governance.wsgi"],
        [sys.executable, "-c", "import governance.asgi"],
        [CELERY, "-A", "governance", "worker", "--pool=solo", "-Q", "never-consumed"],
    ],
    ids=["wsgi", "asgi", "worker"],
)
def test_production_refuses_to_serve_with_a_weak_secret_key(command):
    """Issue 17 item 10: "changeme" started the site with DEBUG off; only `check --deploy` warned."""
    result = subprocess.run(
        command,
        cwd=ROOT,
        env=production_env(SECRET_KEY="changeme"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stdout + result.stderr


@pytest.mark.parametrize(
    "key",
    [
        "short-but-random-Xk29",  # fewer than 50 characters
        "ab" * 40,  # fewer than 5 distinct characters
        "django-insecure-" + "k8Jd0qWm3ZpL7vR2yT5nB1xC4hF6gA9sE" * 2,  # Django's generated dev-key prefix
    ],
    ids=["short", "few-distinct", "insecure-prefix"],
)
def test_weak_secret_keys_are_those_of_djangos_w009_check(key):
    env = production_env(SECRET_KEY=key)
    serve = subprocess.run([sys.executable, "-c", "import governance.wsgi"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=60)  # fmt: skip
    assert serve.returncode != 0 and "SECRET_KEY is too weak" in serve.stderr
    deploy = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert "security.W009" in deploy.stdout + deploy.stderr  # the same definition


def test_the_makefile_keys_pass_the_start_up_check():
    """`make test` and `make bench` start workers with DEBUG off, so their keys must not be weak ones."""
    from governance.foundation.startup import is_weak_secret_key

    keys = re.findall(r"SECRET_KEY=(\S+)", (ROOT / "Makefile").read_text())
    assert len(keys) >= 2
    assert not [k for k in keys if is_weak_secret_key(k)]
    env = production_env(SECRET_KEY=keys[0])
    ok = subprocess.run([sys.executable, "-c", "import governance.wsgi"], cwd=ROOT, env=env,
                        capture_output=True, text=True, timeout=60)  # fmt: skip
    assert ok.returncode == 0, ok.stderr


def test_migration_check_runs_without_a_secret_key():
    """Tooling that signs nothing (makemigrations, migrate) works before a key is provisioned."""
    env = production_env()
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_settings_read_database_and_redis_from_environment():
    code = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        "print(json.dumps([s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'],"
        " s.CELERY_BROKER_URL, s.CACHES['default']['BACKEND']]))"
    )
    env = production_env(
        DATABASE_URL="postgres://u@db.internal:5432/gov", REDIS_URL="redis://cache.internal:6379/2"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert json.loads(out.stdout) == [
        "django.db.backends.postgresql",
        "gov",
        "redis://cache.internal:6379/2",
        "governance.foundation.cache.TolerantRedisCache",
    ]
    env = production_env(DATABASE_URL="", REDIS_URL="")
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    engine, name, broker, cache = json.loads(out.stdout)
    assert cache.endswith("LocMemCache")
    assert engine == "django.db.backends.sqlite3" and name.endswith("governance.sqlite3")
    assert broker == "filesystem://"


@pytest.mark.django_db
def test_team_page_shows_members_models_and_its_heat_map(client, team, contributor, outsider):
    from governance.risks import services as risk_services

    model = MLModelFactory(team=team, owner=contributor, name="churn-v2", stage="production")
    risk_services.risk_create(
        actor=contributor,
        model=model,
        title="Outage",
        category="availability",
        owner=contributor,
        inherent_likelihood=4,
        inherent_impact=4,
        residual_likelihood=2,
        residual_impact=3,
    )
    client.force_login(contributor)
    page = client.get(reverse("portal:team_detail", args=[team.pk])).content.decode()
    assert "churn-v2" in page and contributor.get_full_name() in page
    assert 'data-likelihood="2" data-impact="3" data-count="1"' in page
    assert f"team={team.pk}" in page
    client.force_login(outsider)
    assert client.get(reverse("portal:team_detail", args=[team.pk])).status_code == 404  # as a missing team
    assert "Credit Risk" not in client.get(reverse("portal:team_list")).content.decode()
