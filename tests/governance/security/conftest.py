"""The world of the authorization tests, built once per module inside a transaction that is rolled back.

Each test still runs in its own savepoint (pytest-django's `db`), so writes a test makes (a permitted POST)
vanish before the next test. Celery runs eagerly here: the test transaction never commits, so on_commit
enqueues never fire, and the one synchronous task (the system page's worker ping) runs in-process instead
of waiting five seconds for a worker that the plain tier does not start.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings

from governance.celery import app as celery_app

from .walking import session_key
from .world import World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> World:
    media = tmp_path_factory.mktemp("authz-media")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        settings = override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast)
        with settings, django_db_blocker.unblock(), transaction.atomic():
            world = build_world()
            world.sessions = {role: session_key(user) for role, user in world.users.items() if user}
            yield world
            transaction.set_rollback(True)
    finally:
        celery_app.conf.task_always_eager = eager
