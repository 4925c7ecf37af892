"""The database the domain model implies: tables with keys, timestamps, enums and the sign-in user.

Relationship resolution lives in ``relations``; this module puts the whole schema together.
"""

from __future__ import annotations

from dataclasses import replace

from generators import naming
from generators.design import relations
from generators.design.schema import ADMIN_ROLES, Column, EnumDef, Model, Schema, role_members
from generators.model import DomainModel, FieldType

_USER_NAMES = ("user", "account", "member")


def _add_timestamps(model: Model) -> bool:
    added = False
    for name, generated in (("createdAt", "now"), ("updatedAt", "updatedAt")):
        if model.is_join and name == "updatedAt":
            continue
        if not model.has(name):
            model.columns.append(Column(name=name, type=FieldType.DATETIME, generated=generated))  # type: ignore[arg-type]
            added = True
    return added


def _user_model(builder: relations.Builder) -> tuple[Model, bool]:
    for wanted in _USER_NAMES:
        for model in builder.models.values():
            if naming.key(model.name) == wanted:
                return model, False
    for model in builder.models.values():
        if model.has("email") and any(c.format == "password" for c in model.columns):
            return model, False
    user = Model(
        name="User",
        columns=[Column(name="id", type=FieldType.UUID, pk=True, generated="uuid")],
        origin="auth",
    )
    builder.models["User"] = user
    builder.used["User"] = set()
    return user, True


def _auth_columns(user: Model, roles: tuple[str, ...]) -> tuple[str, list[str]]:
    notes: list[str] = []
    if not user.has("email"):
        user.columns.insert(1, Column(name="email", type=FieldType.STRING, unique=True, format="email"))
        notes.append(f"Added `email` (unique) to {user.name} to sign users in.")
    else:
        email = user.col("email")
        if not email.unique:
            user.columns[user.columns.index(email)] = replace(email, unique=True, format="email")
            notes.append(f"`{user.name}.email` is made unique: it is the login.")
    passwords = [c for c in user.columns if c.format == "password"]
    if passwords:
        for column in passwords:
            user.columns[user.columns.index(column)] = replace(column, internal=True)
    else:
        user.columns.insert(
            2, Column(name="passwordHash", type=FieldType.STRING, format="password", internal=True)
        )
        notes.append(f"Added `passwordHash` (argon2id) to {user.name}.")
    role_enum = "Role"
    if user.has("role"):
        role = user.col("role")
        user.columns[user.columns.index(role)] = replace(
            role, type=FieldType.ENUM, enum=role_enum, nullable=False
        )
    else:
        user.columns.insert(3, Column(name="role", type=FieldType.ENUM, enum=role_enum))
        notes.append(f"Added `role` to {user.name}: one of {', '.join(roles)}.")
    if not user.has("refreshTokenHash"):
        user.columns.insert(
            4, Column(name="refreshTokenHash", type=FieldType.STRING, nullable=True, internal=True)
        )
    return role_enum, notes


def build(domain: DomainModel) -> Schema:
    """The relational schema for ``domain``."""
    builder = relations.Builder(domain)
    user, made = _user_model(builder)
    for rel in domain.relationships:
        builder.relate(rel)
    builder.loose_foreign_keys()
    relations.dedupe_back_names(builder.models)
    if made:
        builder.notes.append("No user entity in the data model: added `User` for sign-in and roles.")
    roles = list(domain.roles)
    stated_roles = next((c for c in user.columns if c.name == "role"), None)
    if stated_roles is not None:
        attr = next(
            (a for e in domain.entities if e.name == user.name for a in e.attributes if a.name == "role"),
            None,
        )
        if attr is not None:
            roles.extend(value.replace("_", " ").lower() for value in attr.enum_values)
    role_values = role_members(tuple(dict.fromkeys(roles)))
    if not any(value.replace("_", " ") in ADMIN_ROLES for value in role_values):
        role_values = (*role_values, "admin")
    role_enum, notes = _auth_columns(user, role_values)
    builder.notes.extend(notes)
    enums: list[EnumDef] = [EnumDef(name=role_enum, values=role_values)]
    entity_attrs = {(e.name, a.name): a for e in domain.entities for a in e.attributes}
    stamped = False
    for model in builder.models.values():
        stamped = _add_timestamps(model) or stamped
        for index, column in enumerate(model.columns):
            if column.type is not FieldType.ENUM or column.enum:
                continue
            attr = entity_attrs.get((model.name, column.name))
            values = attr.enum_values if attr else ()
            if not values:
                model.columns[index] = replace(column, type=FieldType.STRING)
                builder.notes.append(
                    f"`{model.name}.{column.name}` is an enum with no values stated: kept as text."
                )
                continue
            name = model.name + naming.pascal_exact(column.name)
            enums.append(EnumDef(name=name, values=values))
            model.columns[index] = replace(column, enum=name)
    for model in builder.models.values():
        for index, column in enumerate(model.columns):
            default = ""
            if column.type is FieldType.BOOLEAN and not column.nullable:
                default = "false"
            elif (
                column.enum
                and not column.nullable
                and (column.name in ("status", "state") or column.enum == role_enum)
            ):
                values = next(e.values for e in enums if e.name == column.enum)
                non_admin = [v for v in values if v.replace("_", " ") not in ADMIN_ROLES]
                default = (non_admin or list(values))[0]
            if default:
                model.columns[index] = replace(column, default=default)
    if stamped:
        builder.notes.append("Every table gets `created_at` and `updated_at` where the ERD has none.")
    return Schema(
        models=list(builder.models.values()),
        enums=enums,
        user_model=user.name,
        role_enum=role_enum,
        roles=role_values,
        notes=builder.notes,
    )
