"""The bodies of operations that are not a table's CRUD: reports, imports, invitations, reordering,
copies and availability. Each is a ``Dto`` like the tables' own, so api-spec.md and openapi.yaml
show them the same way."""

from __future__ import annotations

from typing import Any

from generators.design.dtos import Dto, DtoField
from generators.model import Platform


def _field(
    name: str, ts: str, schema: dict[str, Any], text: str, rules: tuple[str, ...] = (), required: bool = True
) -> DtoField:
    return DtoField(
        name=name, ts_type=ts, validators=rules, required=required, schema=schema, description=text
    )


REPORT = Dto(
    name="ReportDto",
    kind="response",
    fields=(
        _field("from", "string", {"type": "string", "format": "date-time"}, "start of the period"),
        _field("to", "string", {"type": "string", "format": "date-time"}, "end of the period"),
        _field(
            "rows",
            "Record<string, unknown>[]",
            {"type": "array", "items": {"type": "object", "additionalProperties": True}},
            "one row per group, with its figures",
        ),
    ),
)


def import_file(platform: Platform) -> Dto:
    """The upload of a CSV file: a Multer file on Express, a multipart file on Fastify."""
    return Dto(
        name="ImportFileDto",
        kind="create",
        fields=(
            _field(
                "file",
                "Express.Multer.File" if platform == "express" else "MultipartFile",
                {"type": "string", "format": "binary"},
                "a CSV file, UTF-8, one record a row",
            ),
        ),
    )


IMPORT_RESULT = Dto(
    name="ImportResultDto",
    kind="response",
    fields=(
        _field("created", "number", {"type": "integer", "minimum": 0}, "rows created"),
        _field(
            "updated",
            "number",
            {"type": "integer", "minimum": 0},
            "rows that matched a record and updated it",
        ),
        _field(
            "rejected",
            "{ row: number; reason: string }[]",
            {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["row", "reason"],
                    "properties": {"row": {"type": "integer"}, "reason": {"type": "string"}},
                },
            },
            "rows refused, with why",
        ),
    ),
)
REORDER = Dto(
    name="ReorderDto",
    kind="update",
    fields=(
        _field(
            "ids",
            "string[]",
            {"type": "array", "items": {"type": "string", "format": "uuid"}, "minItems": 1},
            "the records in their new order",
            ("@IsArray()", "@IsUUID('4', { each: true })"),
        ),
    ),
)
COPY = Dto(
    name="CopyDto",
    kind="create",
    fields=(
        _field(
            "fromId",
            "string",
            {"type": "string", "format": "uuid"},
            "the record to copy from",
            ("@IsUUID('4')",),
        ),
    ),
)
AVAILABILITY = Dto(
    name="AvailabilitySlotDto",
    kind="response",
    fields=(
        _field("startsAt", "string", {"type": "string", "format": "date-time"}, "start of the slot"),
        _field("endsAt", "string", {"type": "string", "format": "date-time"}, "end of the slot"),
        _field("available", "boolean", {"type": "boolean"}, "whether it can still be taken"),
    ),
)
ACCEPT_INVITATION = Dto(
    name="AcceptInvitationDto",
    kind="auth",
    fields=(
        _field(
            "token",
            "string",
            {"type": "string", "minLength": 32, "maxLength": 256},
            "the token from the invitation e-mail",
            ("@IsString()", "@MinLength(32)"),
        ),
        _field(
            "password",
            "string",
            {"type": "string", "minLength": 8, "maxLength": 128, "writeOnly": True},
            "stored as an argon2id hash, never returned",
            ("@IsString()", "@MinLength(8)", "@MaxLength(128)"),
        ),
    ),
)


def invite(roles: tuple[str, ...]) -> Dto:
    """``InviteDto``: whom to invite and as what (a role the inviter may grant)."""
    return Dto(
        name="InviteDto",
        kind="create",
        fields=(
            _field(
                "email",
                "string",
                {"type": "string", "format": "email", "maxLength": 255},
                "where the invitation goes",
                ("@IsEmail()",),
            ),
            _field(
                "role",
                "Role",
                {"type": "string", "enum": list(roles)},
                "the role the account will have",
                ("@IsIn(ROLES)",),
            ),
        ),
    )
