"""Checks the serving processes (web and Celery) run before they take any work."""

from django.conf import settings
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

MISSING_KEY = "SECRET_KEY must be set in the environment when DEBUG is off."
WEAK_KEY = (
    f"SECRET_KEY is too weak to serve with DEBUG off: it needs at least {SECRET_KEY_MIN_LENGTH} characters, "
    f"at least {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different characters and no '{SECRET_KEY_INSECURE_PREFIX}' "
    "prefix (Django's security.W009). Generate one with: python -c 'from django.core.management.utils "
    "import get_random_secret_key; print(get_random_secret_key())'"
)


def is_weak_secret_key(key: str) -> bool:
    """Django's own definition (check security.W009), so start-up and `check --deploy` agree."""
    return (
        len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or key.startswith(SECRET_KEY_INSECURE_PREFIX)
    )


def require_secret_key() -> None:
    """Refuse to serve without a strong signing key: sessions, CSRF tokens and signed links depend on it.

    `check --deploy` only warns, and nobody reads warnings at start-up; with DEBUG on the development key
    (django-insecure-...) is allowed."""
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        key = ""
    if not key:
        raise ImproperlyConfigured(MISSING_KEY)
    if not settings.DEBUG and is_weak_secret_key(key):
        raise ImproperlyConfigured(WEAK_KEY)
