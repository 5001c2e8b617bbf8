"""Writes about people's own settings: the saved language and time zone (issue 25)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .models import UserPreference

_UNSET: Any = object()


@transaction.atomic
def user_preference_save(*, user: Any, language: str = _UNSET, time_zone: str = _UNSET) -> UserPreference:
    """Save what was given and keep the rest ('' means: the browser's language, the site's time zone).
    Validated by the model, so a bad code is a ValidationError and nothing is written."""
    preference, _ = UserPreference.objects.select_for_update().get_or_create(user=user)
    if language is not _UNSET:
        preference.language = language
    if time_zone is not _UNSET:
        preference.time_zone = time_zone
    preference.full_clean()
    preference.save()
    user.preference = preference  # the request's user shows the new choice at once
    return preference
