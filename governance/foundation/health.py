"""Liveness of the parts the product needs: the database and the Celery broker."""

from __future__ import annotations

import uuid
from typing import Any

from celery import current_app as celery_app  # governance/celery.py's app, not imported: it sits on top
from django.db import connection


def database_state() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return False, f"{type(exc).__name__}: {exc}".strip()[:300]
    return True, connection.vendor


def broker_state(timeout: float = 2.0) -> tuple[bool, str]:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
            transport = conn.transport_cls
    except Exception as exc:
        return False, f"{type(exc).__name__}: {exc}".strip()[:300]
    return True, str(transport)


def worker_round_trip(timeout: float = 5.0) -> dict[str, Any]:
    """Send a ping task and wait for a worker to answer it; proves a separate worker is consuming."""
    from .tasks import ping

    token = uuid.uuid4().hex
    try:
        result = ping.delay(token).get(timeout=timeout)
    except Exception as exc:
        return {"ok": False, "detail": f"{type(exc).__name__}: {exc}".strip()[:300]}
    return {"ok": result.get("token") == token, "detail": result}
