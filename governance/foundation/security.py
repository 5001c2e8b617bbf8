"""Response headers Django's SecurityMiddleware does not send: Content-Security-Policy, Permissions-Policy."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class SecurityHeadersMiddleware:
    """Adds the configured policies to every response that does not set its own (settings.py explains)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        for header, value in (
            ("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY),
            ("Permissions-Policy", settings.PERMISSIONS_POLICY),
        ):
            if value and header not in response:
                response[header] = value
        return response
