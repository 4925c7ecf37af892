"""The OpenAPI 3.1 document of a plan, built from the same ``Api`` as api-spec.md."""

from __future__ import annotations

from typing import Any

from generators.design import dtos
from generators.design.api import Api, Endpoint, role_label
from generators.design.schema import Schema
from generators.model import Stack

STATUS_TEXT = {
    200: "OK",
    201: "Created",
    202: "Accepted: the work is under way",
    204: "No Content",
    400: "Validation failed",
    401: "Missing, expired or invalid access token",
    403: "The caller's role may not do this",
    404: "Not found",
    409: "Conflicts with the current state (duplicate value, reference, or status)",
    410: "Gone: the link expired or was already used",
    429: "Too many requests",
}
ERROR_CODES = {
    400: "VALIDATION_FAILED",
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    409: "CONFLICT",
    410: "GONE",
    429: "RATE_LIMITED",
    500: "INTERNAL",
}


def _problem_details(codes: list[str]) -> dict[str, Any]:
    """RFC 9457 problem details, with the plan's code and request id as extension members."""
    return {
        "type": "object",
        "required": ["type", "title", "status", "code", "requestId"],
        "properties": {
            "type": {"type": "string", "format": "uri-reference"},
            "title": {"type": "string"},
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "detail": {"type": "string"},
            "instance": {"type": "string"},
            "code": {"type": "string", "enum": codes},
            "requestId": {"type": "string"},
            "errors": {"type": "array", "items": {"type": "object", "additionalProperties": True}},
        },
    }


def _error_envelope(codes: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["error", "timestamp", "path"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message", "requestId"],
                "properties": {
                    "code": {"type": "string", "enum": codes},
                    "message": {"type": "string"},
                    "details": {
                        "type": "array",
                        "items": {"type": "object", "additionalProperties": True},
                    },
                    "requestId": {"type": "string"},
                },
            },
            "timestamp": {"type": "string", "format": "date-time"},
            "path": {"type": "string"},
        },
    }


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _parameters(endpoint: Endpoint, api: Api, schema: Schema) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": "string", "format": "uuid"},
        }
        for name in endpoint.path_params
    ]
    if endpoint.paginated:
        for field in api.query_dto.fields:
            params.append(
                {
                    "name": field.name,
                    "in": "query",
                    "required": False,
                    "description": field.description,
                    "schema": field.schema,
                }
            )
        module = api.module(endpoint.module)
        if endpoint.kind == "list" and module.entity and endpoint.path.count("/") == 1:
            model = schema.model(module.entity)
            for column in dtos.filters(model, schema.tenant):
                params.append(
                    {
                        "name": column.name,
                        "in": "query",
                        "required": False,
                        "description": f"only {column.name} equal to this",
                        "schema": dtos.base_schema(column),
                    }
                )
            searchable = dtos.searchable(model)
            if searchable:
                params.append(
                    {
                        "name": "q",
                        "in": "query",
                        "required": False,
                        "description": "case-insensitive search in " + ", ".join(c.name for c in searchable),
                        "schema": {"type": "string", "maxLength": 100},
                    }
                )
    named = {param["name"] for param in params}
    params.extend(_filter(name, endpoint, schema) for name in endpoint.filters if name not in named)
    return params


def _filter(name: str, endpoint: Endpoint, schema: Schema) -> dict[str, Any]:
    """A query filter a story asked for: a column of the listed entity, a date range, or ``q``."""
    value: dict[str, Any]
    if name in ("from", "to"):
        text = "only records on or after this" if name == "from" else "only records before this"
        value = {"type": "string", "format": "date-time"}
    elif name == "q":
        text, value = "case-insensitive search", {"type": "string", "maxLength": 100}
    else:
        text, value = f"only {name} equal to this", dtos.base_schema(schema.model(endpoint.entity).col(name))
    return {"name": name, "in": "query", "required": False, "description": text, "schema": value}


def _operation(endpoint: Endpoint, api: Api, schema: Schema) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "tags": [endpoint.module],
        "summary": endpoint.summary,
        "operationId": endpoint.operation_id,
    }
    description = []
    if not endpoint.public:
        description.append(
            "Roles: " + (", ".join(role_label(r) for r in endpoint.roles) or "any signed-in user") + "."
        )
    if endpoint.note:
        description.append(endpoint.note[0].upper() + endpoint.note[1:] + ".")
    if endpoint.stories:
        description.append("Stories: " + ", ".join(endpoint.stories) + ".")
    if description:
        operation["description"] = " ".join(description)
    operation["security"] = [] if endpoint.public else [{"bearerAuth": []}]
    operation["x-stories"] = list(endpoint.stories)
    operation["x-roles"] = ["public"] if endpoint.public else [role_label(role) for role in endpoint.roles]
    params = _parameters(endpoint, api, schema)
    if params:
        operation["parameters"] = params
    if endpoint.request:
        media = "multipart/form-data" if endpoint.upload else "application/json"
        operation["requestBody"] = {"required": True, "content": {media: {"schema": _ref(endpoint.request)}}}
    responses: dict[str, Any] = {}
    success: dict[str, Any] = {"description": STATUS_TEXT[endpoint.status]}
    if endpoint.content == "text/csv":
        success["content"] = {"text/csv": {"schema": {"type": "string"}}}
    elif endpoint.response:
        body: dict[str, Any] = _ref(endpoint.response)
        if endpoint.many:
            body = {"type": "array", "items": body}
        if endpoint.paginated:
            body = {
                "type": "object",
                "required": ["data", "meta"],
                "properties": {"data": {"type": "array", "items": body}, "meta": _ref("PageMeta")},
            }
        success["content"] = {"application/json": {"schema": body}}
    responses[str(endpoint.status)] = success
    for status in endpoint.errors:
        responses[str(status)] = {
            "$ref": f"#/components/responses/{ERROR_CODES[status].title().replace('_', '')}"
        }
    operation["responses"] = responses
    return operation


def document(
    api: Api, schema: Schema, title: str, description: str, stack: Stack | None = None
) -> dict[str, Any]:
    """The OpenAPI document as a plain dict, ready to dump as YAML."""
    paths: dict[str, dict[str, Any]] = {}
    for endpoint in api.endpoints:
        paths.setdefault(endpoint.openapi_path, {})[endpoint.method.lower()] = _operation(
            endpoint, api, schema
        )
    schemas: dict[str, Any] = {}
    for enum in schema.enums:
        schemas[enum.name] = {"type": "string", "enum": list(enum.values)}
    for dto in api.dtos():
        if dto.kind != "query":
            schemas[dto.name] = dto.schema()
    schemas["PageMeta"] = {
        "type": "object",
        "required": ["page", "limit", "total", "totalPages"],
        "properties": {
            name: {"type": "integer", "minimum": 0} for name in ("page", "limit", "total", "totalPages")
        },
    }
    stack = stack or Stack()
    codes = sorted(set(ERROR_CODES.values()) | {error.code for error in stack.error_codes})
    error_schema = "ProblemDetails" if stack.problem_details else "ErrorEnvelope"
    schemas[error_schema] = _problem_details(codes) if stack.problem_details else _error_envelope(codes)
    media = "application/problem+json" if stack.problem_details else "application/json"
    used = sorted({status for endpoint in api.endpoints for status in endpoint.errors} | {429})
    responses = {
        ERROR_CODES[status].title().replace("_", ""): {
            "description": STATUS_TEXT[status],
            "content": {media: {"schema": _ref(error_schema)}},
        }
        for status in used
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": "1.0.0", "description": description},
        "servers": [{"url": "/api/v1"}],
        "tags": [{"name": module.name, "description": module.purpose} for module in api.modules],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
            "schemas": schemas,
            "responses": responses,
        },
    }
