"""Creating, using and revoking personal API tokens."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiToken

TOKEN_PREFIX = "gov_"  # noqa: S105 - a public marker, not a secret
PREFIX_LENGTH = 12
MAX_ACTIVE_TOKENS = 20
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
TOKEN_SHAPE = re.compile(r"gov_[A-Za-z0-9_-]{1,196}")  # what token_urlsafe makes, after the prefix


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """A new token and its plaintext, which is never stored and cannot be shown again."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name that says what uses it.")})
    if len(name) > 100:
        raise ValidationError({"name": _("Use at most 100 characters.")})
    with transaction.atomic():
        active = ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
        if active.count() >= MAX_ACTIVE_TOKENS:
            raise ValidationError(
                _("You already have %(MAX_ACTIVE_TOKENS)s active tokens; revoke one first.")
                % {"MAX_ACTIVE_TOKENS": MAX_ACTIVE_TOKENS}
            )
        key = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = ApiToken.objects.create(user=user, name=name, prefix=key[:PREFIX_LENGTH], key_hash=_hash(key))
    return token, key


def token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    if token.user_id != actor.pk:
        raise PermissionDenied(_("You can only revoke your own tokens."))
    if token.revoked_at is None:
        token.revoke()
        token.save(update_fields=["revoked_at"])
    return token


def token_authenticate(*, key: str) -> ApiToken | None:
    """The active token for this key, or None. Records the last use at most once a minute."""
    if not TOKEN_SHAPE.fullmatch(key):  # also keeps NUL and other odd characters out of the query
        return None
    digest = _hash(key)
    for token in ApiToken.objects.select_related("user").filter(
        prefix=key[:PREFIX_LENGTH], revoked_at__isnull=True
    ):
        if hmac.compare_digest(token.key_hash, digest):
            now = timezone.now()
            if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
                ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
                token.last_used_at = now
            return token
    return None
