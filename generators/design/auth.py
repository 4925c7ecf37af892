"""The auth module: sign-up, sign-in, refresh and sign-out routes, their DTOs, and the list query."""

from __future__ import annotations

from dataclasses import replace

from generators import naming
from generators.design import dtos, shapes
from generators.design.api import Endpoint, Method, Module
from generators.design.dtos import Dto
from generators.design.schema import Schema
from generators.model import AuthDesign, FieldType


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


def _required(field: dtos.DtoField) -> dtos.DtoField:
    """The field made required: signing in always needs an e-mail and a password."""
    rules = tuple(rule for rule in field.validators if rule != "@IsOptional()")
    schema = {key: value for key, value in field.schema.items() if key != "nullable"}
    if isinstance(schema.get("type"), list):
        schema["type"] = next(t for t in schema["type"] if t != "null")
    return replace(field, required=True, validators=rules, schema=schema)


def dtos_for(schema: Schema, invites: bool = False, design: AuthDesign | None = None) -> list[Dto]:
    """The auth DTOs (and the invitation's acceptance when accounts are made by invitation)."""
    user = schema.model(schema.user_model)
    register = dtos.create_dto(user)
    # sign-up takes who the person is, never what they may do: no role, status, flag or the
    # organisation they belong to (those are set by the service or by an administrator)
    server_owned = {fk.column for fk in user.fks} | {
        c.name
        for c in user.columns
        if c.enum or c.type in (FieldType.BOOLEAN, FieldType.DATETIME) or c.generated or c.internal
    }  # moments (invited, archived, last seen) are the server's too
    password = _required(next(f for f in register.fields if f.name == "password"))
    email = _required(next(f for f in register.fields if f.name == "email"))
    register_fields = tuple(
        {"password": password, "email": email}.get(f.name, f)
        for f in register.fields
        if f.name not in server_owned
    )
    design = design or AuthDesign()
    token = _plain("refreshToken", "string", "the refresh token from login", ("@IsJWT()",))
    refresh = _plain("refreshToken", "string", f"JWT, expires in {design.refresh_ttl}, single use")
    tokens = (
        _plain("accessToken", "string", f"JWT, expires in {design.access_ttl}"),
        *(() if design.refresh_cookie else (refresh,)),  # else it is set as an httpOnly cookie
        _plain("expiresIn", "integer", "access token lifetime in seconds"),
    )
    return [
        Dto(name="RegisterDto", kind="auth", fields=register_fields),
        Dto(name="LoginDto", kind="auth", fields=(email, password)),
        *(() if design.refresh_cookie else (Dto(name="RefreshTokenDto", kind="auth", fields=(token,)),)),
        Dto(name="AuthTokensDto", kind="response", fields=tokens),
        *([shapes.ACCEPT_INVITATION] if invites else []),
    ]


def _auth(service: str, method: Method, path: str, summary: str, status: int, errors: tuple[int, ...],
          *, public: bool = False, request: str = "", response: str = "AuthTokensDto",
          ) -> Endpoint:  # fmt: skip
    """One auth route: its service method names its operation."""
    return Endpoint(
        method=method, path=path, summary=summary, operation_id=service, kind="auth", module="auth",
        service_method=service, status=status, errors=errors, public=public, request=request,
        response=response,
    )  # fmt: skip


_ENDPOINTS = (
    _auth("register", "POST", "/auth/register", "Create an account (self-service roles only)", 201,
          (400, 409), public=True, request="RegisterDto"),
    _auth("login", "POST", "/auth/login", "Exchange email and password for tokens", 200, (400, 401),
          public=True, request="LoginDto"),
    _auth("refresh", "POST", "/auth/refresh", "Rotate the refresh token and get a new access token", 200,
          (400, 401), public=True, request="RefreshTokenDto"),
    _auth("logout", "POST", "/auth/logout", "Revoke the current refresh token", 204, (401,), response=""),
    _auth("me", "GET", "/auth/me", "The signed-in user", 200, (401,), response="{user}ResponseDto"),
)  # fmt: skip
_SERVICES = (
    ("register(dto)", "hash the password (argon2id), create the user with a self-service role, issue tokens"),
    (
        "login(dto)",
        "verify the password in constant time; 401 with one message for unknown email or wrong password",
    ),
    ("refresh(token)", "verify, compare with the stored hash, rotate (old token stops working)"),
    ("logout(user)", "clear the stored refresh-token hash"),
)


def module(schema: Schema, design: AuthDesign | None = None) -> Module:
    """The auth module: its routes, services and its dependency on the user module; the refresh
    token's transport and store as the architecture designs them."""
    design = design or AuthDesign()
    user = schema.user_model
    endpoints = [replace(e, response=e.response.format(user=user)) for e in _ENDPOINTS]
    if design.refresh_cookie:  # the refresh token comes in its cookie, not in a body
        endpoints = [replace(e, request="") if e.service_method == "refresh" else e for e in endpoints]
    services = list(_SERVICES)
    if design.refresh_store:
        store = design.refresh_store
        kept_there = {
            "refresh(token)": f"verify, find its family in {store}, rotate; reusing a token revokes it",
            "logout(user)": f"revoke the token family in {store}",
        }
        services = [(name, kept_there.get(name, what)) for name, what in services]
    return Module(
        name="auth",
        purpose="Sign-up, sign-in, token refresh and sign-out; issues JWTs carrying the user's id and role.",
        dependencies=[naming.module(user)],
        endpoints=endpoints,
        services=services,
    )
