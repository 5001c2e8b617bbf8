"""A reference to another object in a request body, resolved among the objects the requester may see."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
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


class UserRefSerializer(serializers.ModelSerializer):
    """A user, the same way everywhere in the API: id, username and display name."""

    name = serializers.SerializerMethodField()

    class Meta:
        model = get_user_model()
        fields = ["id", "username", "name"]

    def get_name(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


def user_ref(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "username": user.username, "name": user.get_full_name() or user.username}


class UserField(serializers.PrimaryKeyRelatedField):
    """A user: written as an id, read as {id, username, name} (UserRef), like every user in the API.
    The view selects the related user with the rows, so a list costs no query per row."""

    def use_pk_only_optimization(self) -> bool:
        return False

    def to_representation(self, value) -> dict | None:
        return user_ref(value)


class UserFieldScheme(OpenApiSerializerFieldExtension):
    target_class = "governance.foundation.api.fields.UserField"

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return build_basic_type(OpenApiTypes.INT)
        return auto_schema.resolve_serializer(UserRefSerializer, direction).ref
