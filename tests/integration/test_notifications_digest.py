"""Issue 21's bench, as a test: the daily digest for 500 users (org-10k's user count), three notices each,
sent by a real Celery worker through a real SMTP server, in at most 30 s end to end, with the same number of
queries for 50 users as for 500.

    make test-services  (or: pytest -m integration tests/integration/test_notifications_digest.py -s)
prints the figures."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.celery import app as celery_app
from governance.notifications import mail
from governance.notifications.kinds import Kind
from governance.notifications.models import Notification
from tests.governance.notifications.conftest import smtp_server  # noqa: F401 - the real SMTP server fixture
from tests.workers import delete_queue, new_queue_name, start_worker

pytestmark = pytest.mark.integration
USERS = 500
PER_USER = 3
BUDGET_SECONDS = 30.0


def make_digest_items(prefix: str, users: int) -> None:
    User = get_user_model()
    User.objects.bulk_create(
        [User(username=f"{prefix}{i}", email=f"{prefix}{i}@example.org") for i in range(users)]
    )
    ids = User.objects.filter(username__startswith=prefix).values_list("pk", flat=True)
    kinds = [Kind.REVIEW_DUE, Kind.CONSENT_EXPIRING, Kind.REPORT_READY]
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=uid,
                kind=kinds[k],
                event_key=f"bench:{uid}:{k}",
                title=f"위험 검토 {k}",
                url="/risks/",
                mail=Notification.Mail.DIGEST,
            )
            for uid in ids
            for k in range(PER_USER)
        ],
        batch_size=2000,
    )


def test_digest_queries_do_not_grow_with_users(transactional_db, smtp_server):  # noqa: F811
    counts = []
    for prefix, users in (("few", 50), ("many", USERS)):
        make_digest_items(prefix, users)
        with CaptureQueriesContext(connection) as ctx:
            result = mail.send_digests(force=True)
        assert result["users"] == users
        counts.append(len(ctx.captured_queries))
    print(f"\ndigest queries: {counts[0]} for 50 users, {counts[1]} for {USERS} users")
    assert counts[0] == counts[1] <= 5  # read, claim, re-lease stale digests, read held, mark sent


def test_digest_for_500_users_through_the_worker(transactional_db, smtp_server, tmp_path, settings):  # noqa: F811
    make_digest_items("bench", USERS)
    queue = new_queue_name()
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    env = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(settings.EMAIL_PORT),
        "DEFAULT_FROM_EMAIL": "ML governance <governance@example.org>",
    }
    worker = start_worker(log_dir=tmp_path, queue=queue, extra_env=env)
    try:
        started = time.perf_counter()
        result = worker.result(celery_app.tasks["notifications.digest"].delay(force=True), timeout=120)
        elapsed = time.perf_counter() - started
    finally:
        worker.stop()
        celery_app.conf.task_default_queue = previous
        delete_queue(queue)
    print(f"\ndigest for {USERS} users ({USERS * PER_USER} notices) through the worker: {elapsed:.2f} s")
    assert result == {"users": USERS, "items": USERS * PER_USER, "failed": 0, "recovered": 0}
    assert len(smtp_server.messages) == USERS
    assert elapsed <= BUDGET_SECONDS
    assert not Notification.objects.filter(mail=Notification.Mail.DIGEST).exists()
