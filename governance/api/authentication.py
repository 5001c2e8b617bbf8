from __future__ import annotations

from django.utils.translation import gettext
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from governance.foundation import throttling

from .services import PREFIX_LENGTH, token_authenticate


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer gov_…` (or `Token gov_…`) with a personal API token."""

    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode(errors="replace") not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                gettext("Send exactly one token: 'Authorization: Bearer <token>'.")
            )
        try:
            key = header[1].decode()
        except UnicodeDecodeError:
            key = None
        token = token_authenticate(key=key) if key is not None else None
        if token is not None and token.user.is_active:
            return token.user, token  # a valid token always passes, whatever others sent from its address
        self._refuse(request, key)

    def _refuse(self, request, key: str | None):
        """Wrong tokens are counted per token prefix and per address (DRF's throttles run only after
        authentication succeeds); once either is locked, wrong tokens get 429 until the lock ends."""
        prefix_rule, address_rule = throttling.api_token_rules()
        counted = [
            (prefix_rule, (key or "")[:PREFIX_LENGTH], gettext("API token attempts with this token")),
            (address_rule, throttling.client_ip(request), gettext("API token attempts with your address")),
        ]
        for rule, subject, whose in counted:
            until = throttling.locked_until(rule, subject)
            if until is not None:
                raise exceptions.Throttled(
                    wait=(until - throttling.now()).total_seconds(),
                    detail=throttling.retry_message(until, whose),
                )
        for rule, subject, _ in counted:
            throttling.record_failure(rule, subject)
        if key is None:
            raise exceptions.AuthenticationFailed(gettext("The token contains invalid characters."))
        raise exceptions.AuthenticationFailed(gettext("Invalid or revoked token."))

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "governance.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A personal API token (gov_…)."}
