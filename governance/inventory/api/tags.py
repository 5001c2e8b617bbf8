"""Setting tags and aliases by hand through the API (issue 20): nested routes mixed into the model and
version viewsets, so object access (another team's model is a 404) is theirs.

`PUT /models/{id}/tags/{key}/` sets a tag, `DELETE` removes it; the same under `/versions/{id}/`; aliases
under `/models/{id}/aliases/{alias}/` name a version by id or label. The services check the role (403),
validate (400 naming the field) and keep the history; an environment's name is refused as an alias.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from governance.foundation.api.strict_input import StrictInput

from .. import selectors, services
from ..models import MLModel

KEY = OpenApiParameter(
    "key",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The tag's key, percent-encoded (it may hold any printable character, '/' included).",
)
ALIAS = OpenApiParameter("alias", OpenApiTypes.STR, OpenApiParameter.PATH, description="The alias name.")
TAG_PATH = r"tags/(?P<key>.+)"  # a key may contain '/': everything up to the trailing slash
ALIAS_PATH = r"aliases/(?P<alias>[^/]+)"
PLAIN = {"filter_backends": []}


class TagSerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True)
    value = serializers.CharField(read_only=True)


class TagValueSerializer(StrictInput, serializers.Serializer):
    value = serializers.CharField(allow_blank=True, trim_whitespace=False, max_length=None)


class AliasSerializer(serializers.Serializer):
    alias = serializers.CharField(source="name", read_only=True)
    version = serializers.IntegerField(source="version_id", read_only=True)
    label = serializers.CharField(source="version.label", read_only=True)


class AliasTargetSerializer(StrictInput, serializers.Serializer):
    """Which version the alias names: its id, or its label (MLflow's version number). Exactly one."""

    version = serializers.IntegerField(required=False, min_value=1)
    label = serializers.CharField(required=False, max_length=100)

    def validate(self, attrs):
        if ("version" in attrs) == ("label" in attrs):
            raise serializers.ValidationError(
                {"version": [_("Give the version's id (`version`) or its label (`label`), not both.")]}
            )
        return attrs


class TagActionsMixin:
    """The tag routes of a model or a version: `tag_owner` says which ("model" or "version")."""

    tag_owner = "model"

    def _tag_rows(self, owner):
        if self.tag_owner == "version":
            return selectors.version_tags(version=owner)
        return selectors.model_tags(model=owner)

    def _page(self, rows, serializer_class) -> Response:
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(serializer_class(page, many=True).data)

    @extend_schema(responses={200: TagSerializer(many=True)}, filters=False)
    @action(detail=True, methods=["get"], url_path="tags", **PLAIN)
    def tags(self, request, pk=None):
        return self._page(self._tag_rows(self.get_object()), TagSerializer)

    @extend_schema(parameters=[KEY], responses={200: TagSerializer}, filters=False)
    @action(detail=True, methods=["get"], url_path=TAG_PATH, **PLAIN)
    def tag(self, request, pk=None, key=""):
        rows = self._tag_rows(self.get_object())
        tag = None if "\x00" in key else rows.filter(key=key).first()
        if tag is None:
            raise NotFound(_("There is no tag '%(key)s' here.") % {"key": key[:100]})
        return Response(TagSerializer(tag).data)

    @extend_schema(parameters=[KEY], request=TagValueSerializer, responses={200: TagSerializer})
    @tag.mapping.put
    def tag_set(self, request, pk=None, key=""):
        data = TagValueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        setter = services.version_tag_set if self.tag_owner == "version" else services.model_tag_set
        owner = {self.tag_owner: self.get_object()}
        tag = setter(actor=request.user, **owner, key=key, value=data.validated_data["value"])
        return Response(TagSerializer(tag).data)

    @extend_schema(parameters=[KEY], responses={204: OpenApiResponse(description="Removed.")})
    @tag.mapping.delete
    def tag_remove(self, request, pk=None, key=""):
        remover = services.version_tag_remove if self.tag_owner == "version" else services.model_tag_remove
        if not remover(actor=request.user, **{self.tag_owner: self.get_object()}, key=key):
            raise NotFound(_("There is no tag '%(key)s' here.") % {"key": key[:100]})
        return Response(status=204)


class ModelTagsMixin(TagActionsMixin):
    tag_owner = "model"

    @extend_schema(responses={200: AliasSerializer(many=True)}, filters=False)
    @action(detail=True, methods=["get"], url_path="aliases", **PLAIN)
    def aliases(self, request, pk=None):
        return self._page(selectors.model_aliases(model=self.get_object()), AliasSerializer)

    @extend_schema(parameters=[ALIAS], request=AliasTargetSerializer, responses={200: AliasSerializer})
    @action(detail=True, methods=["put"], url_path=ALIAS_PATH, **PLAIN)
    def alias(self, request, pk=None, alias=""):
        model = self.get_object()
        data = AliasTargetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = _version_of(model, **data.validated_data)
        try:
            row = services.alias_set(actor=request.user, version=version, name=alias)
        except ValidationError as exc:  # the alias is in the path: name it as the API calls it
            if hasattr(exc, "error_dict") and "name" in exc.error_dict:
                raise ValidationError({"alias": exc.error_dict["name"]}) from exc
            raise
        return Response(AliasSerializer(row).data)

    @extend_schema(parameters=[ALIAS], responses={204: OpenApiResponse(description="Removed.")})
    @alias.mapping.delete
    def alias_remove(self, request, pk=None, alias=""):
        if not services.alias_remove(actor=request.user, model=self.get_object(), name=alias):
            raise NotFound(_("There is no alias '%(alias)s' on this model.") % {"alias": alias[:100]})
        return Response(status=204)


def _version_of(model: MLModel, *, version: int | None = None, label: str | None = None):
    found = model.versions.filter(**({"pk": version} if version is not None else {"label": label})).first()
    if found is None:
        field = "version" if version is not None else "label"
        raise serializers.ValidationError(
            {field: [_("Model '%(name)s' has no such version.") % {"name": model.name}]}
        )
    return found


class VersionTagsMixin(TagActionsMixin):
    tag_owner = "version"
