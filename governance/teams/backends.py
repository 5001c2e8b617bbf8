"""The log-in backend: Django's, loading the user's saved language and time zone in the same query."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class PreferenceModelBackend(ModelBackend):
    """Every signed-in request reads the preference (UserPreferenceMiddleware); a join keeps it one query."""

    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        try:
            user = model._default_manager.select_related("preference").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
