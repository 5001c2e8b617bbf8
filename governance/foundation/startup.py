"""Checks the serving processes (web and Celery) run before they take any work."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MISSING_KEY = "SECRET_KEY must be set in the environment when DEBUG is off."


def require_secret_key() -> None:
    """Refuse to serve without a signing key: sessions, CSRF tokens and signed links all depend on it."""
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        key = ""
    if not key:
        raise ImproperlyConfigured(MISSING_KEY)
