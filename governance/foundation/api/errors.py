"""One JSON error shape for every API failure: {"error": {"status", "code", "detail", "fields"}}."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import get_urlconf, is_valid_path
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class Conflict(exceptions.APIException):
    """409. `extra` adds fields to the error object, e.g. {"run": 12}: the run already covering a scope."""

    status_code = 409
    default_detail = gettext_lazy("This conflicts with the current state of the resource.")
    default_code = "conflict"

    def __init__(self, detail=None, code=None, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(detail, code)
        self.extra = extra or {}


def error_body(status: int, code: str, detail: str, fields: dict[str, list[str]] | None = None) -> dict:
    body: dict[str, Any] = {"status": status, "code": code, "detail": detail}
    if fields:
        body["fields"] = fields
    return {"error": body}


def _flatten(detail: Any) -> list[str]:
    if isinstance(detail, dict):
        return [f"{k}: {m}" for k, v in detail.items() for m in _flatten(v)]
    if isinstance(detail, list):
        return [m for item in detail for m in _flatten(item)]
    return [str(detail)]


def _django_validation_to_drf(exc: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError(
            {("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()}
        )
    return exceptions.ValidationError({"non_field_errors": exc.messages})


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, DjangoValidationError) and getattr(exc, "code", None) == "conflict":
        # A service's "this differs from what exists" (a create-or-get retry with other details).
        exc = Conflict(exc.messages[0], extra=getattr(exc, "conflict_fields", {}))
    elif isinstance(exc, DjangoValidationError):
        exc = _django_validation_to_drf(exc)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    status = response.status_code
    if isinstance(exc, exceptions.ValidationError):
        data = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        fields = {k: _flatten(v) for k, v in data.items()}
        response.data = error_body(status, "invalid", _("The request has invalid fields."), fields)
    else:
        code = getattr(exc, "default_code", "error")
        if isinstance(exc, exceptions.APIException):
            codes = exc.get_codes()
            code = codes if isinstance(codes, str) else code
        detail = " ".join(_flatten(getattr(exc, "detail", str(exc))))
        response.data = error_body(status, code, detail)
        response.data["error"].update(getattr(exc, "extra", {}))
    return response


class ApiBodyLimitMiddleware:
    """Refuse oversized API bodies with 413 before anything reads them."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            if request.path == "/api/v1/prediction-sets/upload/":
                # A streamed file: its own limit, judged by the upload service so the set is recorded rejected
                limit = None
            elif request.path == "/api/v1/evidence/":
                # An evidence file: its own limit, with room for the multipart envelope around it.
                limit = settings.EVIDENCE_MAX_BYTES + 64 * 1024
            if limit is not None and length > limit:
                # Before LocaleMiddleware: the request's language is chosen here, from Accept-Language.
                with translation.override(translation.get_language_from_request(request)):
                    detail = _("The request body exceeds %(limit)s bytes.") % {"limit": limit}
                response = JsonResponse(error_body(413, "too_large", detail), status=413)
                response["Content-Language"] = translation.get_language_from_request(request)
                response["Vary"] = "Accept-Language"
                return response
        return self.get_response(request)


class ApiPathMiddleware:
    """Under /api/: a path missing its trailing slash gets a 308, which keeps the method and body (Django's
    301, or its DEBUG-time 500 for a POST, turned a write into a read); every 404 and 405, whoever raised it
    and whatever DEBUG says, is JSON in the error shape. Placed before CommonMiddleware."""

    JSON_STATUSES = {
        404: ("not_found", gettext_lazy("Not found.")),
        405: ("method_not_allowed", gettext_lazy("Method not allowed.")),
    }

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        if not request.path_info.endswith("/"):
            urlconf = getattr(request, "urlconf", get_urlconf())
            if not is_valid_path(request.path_info, urlconf) and is_valid_path(
                f"{request.path_info}/", urlconf
            ):
                query = request.META.get("QUERY_STRING", "")
                response = HttpResponse(status=308)
                response["Location"] = f"{request.path}/" + (f"?{query}" if query else "")
                return response
        response = self.get_response(request)
        if response.status_code in self.JSON_STATUSES and "json" not in response.get("Content-Type", ""):
            code, detail = self.JSON_STATUSES[response.status_code]
            # LocaleMiddleware (inside this one) chose the request's language: the detail is in it.
            with translation.override(getattr(request, "LANGUAGE_CODE", None) or translation.get_language()):
                if response.status_code == 405:
                    detail = _('Method "%(method)s" not allowed.') % {"method": request.method}
                replacement = JsonResponse(
                    error_body(response.status_code, code, str(detail)), status=response.status_code
                )
            for header, value in response.items():  # Allow, Cache-Control, Vary...: only the body changes
                if header.lower() not in {"content-type", "content-length"}:
                    replacement[header] = value
            return replacement
        return response


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    detail = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()
