"""Tasks that prove the queue works end to end."""

import os
import socket

from celery import shared_task
from django.db import connection


@shared_task(name="core.ping")
def ping(token: str) -> dict[str, str | int]:
    """Answer with the worker's host and database vendor, so a caller sees a separate process ran it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {
        "token": token,
        "hostname": socket.gethostname(),
        "database": connection.vendor,
        "pid": os.getpid(),
    }
