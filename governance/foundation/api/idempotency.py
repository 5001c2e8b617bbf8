"""`Idempotency-Key` for writes that have no natural key (evaluations, monitoring snapshots).

A replay within 24 hours returns the first answer and its status, and creates nothing; the same key with a
different request is a 409. Only answers that succeeded are kept: a failed request leaves nothing behind, so
its retry runs again.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from governance.foundation.api.errors import Conflict

HEADER = "Idempotency-Key"
TTL = datetime.timedelta(hours=24)
MAX_KEY_LENGTH = 200


def _request_hash(request: Request) -> str:
    body = json.dumps(request.data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def _key(request: Request) -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not key or len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise serializers.ValidationError(
            {
                HEADER: [
                    _("Send 1 to %(MAX_KEY_LENGTH)s printable ASCII characters, e.g. a UUID.")
                    % {"MAX_KEY_LENGTH": MAX_KEY_LENGTH}
                ]
            }
        )
    return key


def replay_or_run(*, request: Request, run: Callable[[], Response]) -> Response:
    """Run the write once per key: the first call runs it and records its answer, a replay returns it."""
    key = _key(request)
    if key is None:
        return run()
    IdempotencyRecord = apps.get_model("api", "IdempotencyRecord")  # the model lives with the API tokens
    digest = _request_hash(request)
    with transaction.atomic():
        IdempotencyRecord.objects.filter(user=request.user, created_at__lt=timezone.now() - TTL).delete()
        try:
            with transaction.atomic():  # claims the key; a simultaneous first try waits here for ours
                record = IdempotencyRecord.objects.create(
                    user=request.user,
                    key=key,
                    method=request.method,
                    path=request.path[:500],
                    request_hash=digest,
                    status_code=0,
                    response_body={},
                )
        except IntegrityError:
            record = IdempotencyRecord.objects.select_for_update().get(user=request.user, key=key)
            if record.request_hash != digest:
                raise Conflict(
                    _(
                        "This %(HEADER)s was already used within 24 hours for a different request "
                        "(%(method)s %(path)s); use a new key for a new request."
                    )
                    % {"HEADER": HEADER, "method": record.method, "path": record.path}
                ) from None
            replay = Response(record.response_body, status=record.status_code)
            replay["Idempotent-Replayed"] = "true"
            return replay
        response = run()
        record.status_code = response.status_code
        record.response_body = response.data
        record.save(update_fields=["status_code", "response_body"])
        return response
