"""Add the shared error responses to every operation of the OpenAPI schema."""

from __future__ import annotations

ERROR_REF = {"$ref": "#/components/schemas/Error"}
DESCRIPTIONS = {
    "400": "Invalid input; `error.fields` names each bad field.",
    "401": "Not authenticated: send a session cookie or `Authorization: Bearer <token>`.",
    "403": "Authenticated, but your role does not allow this.",
    "404": "No such resource, not one you may see, or a page past the end of the list.",
    "409": "Conflicts with the current state (for example, the same label with different content).",
    "413": "The request body is too large.",
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
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            codes = ["401", "403"]
            if method in {"post", "put", "patch"}:
                codes += ["400", "413"]
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
