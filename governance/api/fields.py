"""A reference to another object in a request body, resolved among the objects the requester may see."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """Another team's model, team, risk or run is answered exactly as a missing id (the same 400 and the
    same words), so a body reference cannot probe what exists (issue 15, item 12). The serializer needs the
    request in its context; without one nothing is visible."""

    default_error_messages = {
        **serializers.PrimaryKeyRelatedField.default_error_messages,
        "does_not_exist": "No object with this id exists that you may see.",
    }

    def __init__(self, *, visible: Callable[..., QuerySet], **kwargs: Any) -> None:
        self.visible = visible
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.queryset.none()
        return self.visible(user=user)
