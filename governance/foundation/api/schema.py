"""Add the shared error responses to every operation of the OpenAPI schema."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter

# A 202 says where to poll: the Location header names the queued resource (a relative URL, like every URL
# the API returns).
LOCATION_202 = OpenApiParameter(
    "Location",
    str,
    location=OpenApiParameter.HEADER,
    response=[202],
    description="The queued resource to poll, e.g. /api/v1/reports/12/.",
)

ERROR_REF = {"$ref": "#/components/schemas/Error"}
DESCRIPTIONS = {
    "400": "Invalid input; `error.fields` names each bad field.",
    "401": "Not authenticated: send a session cookie or `Authorization: Bearer <token>`.",
    "403": "Authenticated, but your role does not allow this.",
    "404": "No such resource, not one you may see, or a page past the end of the list.",
    "409": "Conflicts with the current state (for example, the same label with different content).",
    "413": "The request body is too large.",
    "415": "The body is not JSON: the API takes `Content-Type: application/json` only.",
    "429": "Too many requests, or too many wrong tokens from your address; `Retry-After` says when to retry.",
}


def add_error_responses(result: dict, generator, request, public) -> dict:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["ErrorDetail"] = {
        "type": "object",
        "properties": {
            "status": {"type": "integer"},
            "code": {"type": "string"},
            "detail": {"type": "string"},
            "fields": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
        "required": ["status", "code", "detail"],
    }
    schemas["Error"] = {
        "type": "object",
        "properties": {"error": {"$ref": "#/components/schemas/ErrorDetail"}},
        "required": ["error"],
    }
    for name, schema in schemas.items():
        # Request bodies take only the fields they list: anything else is a 400 (foundation.api.strict_input).
        if name.endswith("Request") and schema.get("type") == "object":
            schema.setdefault("additionalProperties", False)
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                # Query strings: an empty value is refused (governance.foundation.api.querying), say so.
                schema = parameter.get("schema", {})
                if parameter.get("in") == "query" and schema.get("type") == "string" and "enum" not in schema:
                    schema.setdefault("minLength", 1)
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            codes = ["401", "403"]
            if method in {"post", "put", "patch"}:
                codes += ["400", "413", "415"]
            codes.append("404")  # an unknown id, or a page past the end of a list
            if method == "post":
                codes.append("409")
            if method == "get":
                codes.append("400")  # bad filter values
            # Rate limits, and the lock-out after wrong tokens (governance.foundation.throttling).
            codes.append("429")
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses.setdefault(
                    code,
                    {
                        "description": DESCRIPTIONS[code],
                        "content": {"application/json": {"schema": ERROR_REF}},
                    },
                )
    return result
