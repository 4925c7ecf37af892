"""The auth module: sign-up, sign-in, refresh and sign-out routes, their DTOs, and the list query."""

from __future__ import annotations

from generators import naming
from generators.design import dtos
from generators.design.api import Endpoint, Method, Module
from generators.design.dtos import Dto
from generators.design.schema import Schema


def query_dto() -> Dto:
    def field_(
        name: str, ts: str, rules: tuple[str, ...], schema: dict[str, object], text: str
    ) -> dtos.DtoField:
        return dtos.DtoField(
            name=name, ts_type=ts, validators=rules, required=False, schema=schema, description=text
        )

    return Dto(
        name="PaginationQueryDto",
        kind="query",
        fields=(
            field_(
                "page",
                "number",
                ("@IsOptional()", "@Type(() => Number)", "@IsInt()", "@Min(1)"),
                {"type": "integer", "minimum": 1, "default": 1},
                "page number, from 1",
            ),
            field_(
                "limit",
                "number",
                ("@IsOptional()", "@Type(() => Number)", "@IsInt()", "@Min(1)", "@Max(100)"),
                {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
                "items per page",
            ),
            field_(
                "sort",
                "string",
                ("@IsOptional()", "@IsString()"),
                {"type": "string", "default": "createdAt"},
                "field to sort by",
            ),
            field_(
                "order",
                "'asc' | 'desc'",
                ("@IsOptional()", "@IsIn(['asc', 'desc'])"),
                {"type": "string", "enum": ["asc", "desc"], "default": "desc"},
                "sort direction",
            ),
        ),
    )


def _plain(name: str, kind: str, text: str, validators: tuple[str, ...] = ()) -> dtos.DtoField:
    """A required string or integer field of an auth DTO."""
    ts_type = "number" if kind == "integer" else "string"
    return dtos.DtoField(
        name=name,
        ts_type=ts_type,
        validators=validators,
        required=True,
        schema={"type": kind},
        description=text,
    )


def dtos_for(schema: Schema) -> list[Dto]:
    user = schema.model(schema.user_model)
    register = dtos.create_dto(user)
    register_fields = tuple(f for f in register.fields if f.name not in ("isVerified",))
    password = next(f for f in register.fields if f.name == "password")
    email = next(f for f in register.fields if f.name == "email")
    token = _plain("refreshToken", "string", "the refresh token from login", ("@IsJWT()",))
    tokens = (
        _plain("accessToken", "string", "JWT, expires in 15 minutes"),
        _plain("refreshToken", "string", "JWT, expires in 7 days, single use"),
        _plain("expiresIn", "integer", "access token lifetime in seconds"),
    )
    return [
        Dto(name="RegisterDto", kind="auth", fields=register_fields),
        Dto(name="LoginDto", kind="auth", fields=(email, password)),
        Dto(name="RefreshTokenDto", kind="auth", fields=(token,)),
        Dto(name="AuthTokensDto", kind="response", fields=tokens),
    ]


def module(schema: Schema) -> Module:
    user = schema.user_model
    module = Module(
        name="auth",
        purpose="Sign-up, sign-in, token refresh and sign-out; issues JWTs carrying the user's id and role.",
        dependencies=[naming.module(user)],
    )
    rows: list[tuple[Method, str, str, str, int, tuple[int, ...], bool, str, str]] = [
        (
            "POST",
            "/auth/register",
            "Create an account (self-service roles only)",
            "register",
            201,
            (400, 409),
            True,
            "RegisterDto",
            "AuthTokensDto",
        ),
        (
            "POST",
            "/auth/login",
            "Exchange email and password for tokens",
            "login",
            200,
            (400, 401),
            True,
            "LoginDto",
            "AuthTokensDto",
        ),
        (
            "POST",
            "/auth/refresh",
            "Rotate the refresh token and get a new access token",
            "refresh",
            200,
            (400, 401),
            True,
            "RefreshTokenDto",
            "AuthTokensDto",
        ),
        (
            "POST",
            "/auth/logout",
            "Revoke the current refresh token",
            "logout",
            204,
            (401,),
            False,
            "",
            "",
        ),
        (
            "GET",
            "/auth/me",
            "The signed-in user",
            "me",
            200,
            (401,),
            False,
            "",
            f"{user}ResponseDto",
        ),
    ]
    for method, path, summary, service, status, errors, public, request, response in rows:
        module.endpoints.append(
            Endpoint(
                method=method,
                path=path,
                summary=summary,
                operation_id=service,
                kind="auth",
                module="auth",
                service_method=service,
                status=status,
                errors=errors,
                public=public,
                request=request,
                response=response,
            )
        )
    module.services = [
        (
            "register(dto)",
            "hash the password (argon2id), create the user with a self-service role, issue tokens",
        ),
        (
            "login(dto)",
            "verify the password in constant time; 401 with one message for unknown email or wrong password",
        ),
        (
            "refresh(token)",
            "verify, compare with the stored hash, rotate (old token stops working)",
        ),
        ("logout(user)", "clear the stored refresh-token hash"),
    ]
    return module
