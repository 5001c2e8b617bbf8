from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from governance.foundation import throttling

from .services import token_authenticate


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer gov_…` (or `Token gov_…`) with a personal API token."""

    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode(errors="replace") not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send exactly one token: 'Authorization: Bearer <token>'.")
        # Wrong tokens are counted per address (DRF's throttles run only after authentication succeeds).
        rule, address = throttling.api_token_rule(), throttling.client_ip(request)
        until = throttling.locked_until(rule, address)
        if until is not None:
            raise exceptions.Throttled(
                wait=(until - throttling.now()).total_seconds(),
                detail=throttling.retry_message(until, "API token attempts from your address"),
            )
        try:
            key = header[1].decode()
        except UnicodeDecodeError as exc:
            throttling.record_failure(rule, address)
            raise exceptions.AuthenticationFailed("The token contains invalid characters.") from exc
        token = token_authenticate(key=key)
        if token is None or not token.user.is_active:
            throttling.record_failure(rule, address)
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "governance.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A personal API token (gov_…)."}
