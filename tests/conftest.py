"""Test tiers and shared fixtures.

Plain tests run anywhere (SQLite). Tests marked `integration` need PostgreSQL and Redis; tests marked
`browser` need Chromium. Outside CI a missing service skips its tests with the reason; with CI=true it fails.
"""

from __future__ import annotations

import functools
import os
import shutil
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings

from .factories import MembershipFactory, TeamFactory, UserFactory

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=2
        ):
            return True
    except OSError:
        return False


@functools.cache
def integration_problem() -> str | None:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return "integration tests need DATABASE_URL to name PostgreSQL (`make test` sets it)"
    db = settings.DATABASES["default"]
    if not _reachable(f"postgres://{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}", 5432):
        return f"PostgreSQL is not reachable at {db.get('HOST')}:{db.get('PORT')}"
    if not settings.REDIS_URL:
        return "integration tests need REDIS_URL (`make test` sets it)"
    if not _reachable(settings.REDIS_URL, 6379):
        return f"Redis is not reachable at {settings.REDIS_URL}"
    return None


@functools.cache
def browser_problem() -> str | None:
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    problems = []
    if item.get_closest_marker("integration"):
        problems.append(integration_problem())
    if item.get_closest_marker("browser"):
        problems.append(browser_problem())
    for problem in filter(None, problems):
        if IN_CI:
            pytest.fail(f"CI=true and a required service is missing: {problem}", pytrace=False)
        pytest.skip(problem)


@pytest.fixture(autouse=True)
def _forget_throttling():
    """API throttles count requests per user id in the cache, and ids repeat across rolled-back tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request with Accept-Language: ko activates Korean for the
    thread (LocaleMiddleware does not switch back), which would otherwise leak into the next test."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing costs ~0.3 s a user; tests that are not about hashing need none of that."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reference_data(db):
    """Rows the data migrations create; transactional tests (live server) flush them, so restore them."""
    from django.contrib.auth.models import Group

    from governance.risks.matrix import DEFAULT_MATRIX
    from governance.risks.models import RiskMatrix

    for name in ("governance admin", "auditor"):
        Group.objects.get_or_create(name=name)
    if not RiskMatrix.objects.filter(is_default=True).exists():
        RiskMatrix.objects.create(is_default=True, **DEFAULT_MATRIX)
    _restore_gate_reference_data()


def _restore_gate_reference_data() -> None:
    """Environments and the shipped gate policy (a data migration makes them; a flush removes them)."""
    from importlib import import_module

    from django.apps import apps

    from governance.promotions.models import Environment

    if not Environment.objects.exists():
        import_module(
            "governance.promotions.migrations.0002_default_environments_policy_and_carry_over"
        ).forward(apps, None)


@pytest.fixture
def team(reference_data):
    return TeamFactory(name="Credit Risk", slug="credit-risk")


@pytest.fixture
def other_team(db):
    return TeamFactory(name="Fraud", slug="fraud")


def _member(team, role: str, username: str):
    user = UserFactory(username=username)
    MembershipFactory(user=user, team=team, role=role)
    return user


@pytest.fixture
def maintainer(team):
    return _member(team, "maintainer", "maria.maintainer")


@pytest.fixture
def contributor(team):
    return _member(team, "contributor", "carl.contributor")


@pytest.fixture
def viewer(team):
    return _member(team, "viewer", "vera.viewer")


@pytest.fixture
def outsider(other_team):
    return _member(other_team, "maintainer", "otto.outsider")


@pytest.fixture
def gov_admin(reference_data):
    from django.contrib.auth.models import Group

    user = UserFactory(username="gina.admin")
    user.groups.add(Group.objects.get(name="governance admin"))
    return user


@pytest.fixture
def auditor(reference_data):
    from django.contrib.auth.models import Group

    user = UserFactory(username="aud.itor")
    user.groups.add(Group.objects.get(name="auditor"))
    return user


@pytest.fixture(scope="module")
def celery_worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """A real `celery worker` process on the test database and a private queue, for one test module.

    The web process publishes to that queue too (task_default_queue) until the module ends.
    """
    from governance.celery import app as celery_app

    from .workers import delete_queue, new_queue_name, start_worker

    queue = new_queue_name()
    previous_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    worker = None
    try:
        with django_db_blocker.unblock():
            worker = start_worker(log_dir=tmp_path_factory.mktemp("celery-worker"), queue=queue)
        yield worker
    finally:
        if worker is not None:
            worker.stop()
        celery_app.conf.task_default_queue = previous_queue
        delete_queue(queue)


@pytest.fixture
def worker(celery_worker, transactional_db):
    """The running worker, for a test whose rows are committed so the worker's connection sees them."""
    assert celery_worker.alive(), f"celery worker died\n{celery_worker.log()}"
    return celery_worker
