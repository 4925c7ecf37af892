"""The database the domain model implies: tables with keys, timestamps, enums and the sign-in user.

Relationship resolution lives in ``relations``; this module puts the whole schema together.
"""

from __future__ import annotations

import re
from dataclasses import replace

from generators import naming
from generators.design import relations, rules, tenancy
from generators.design.schema import Column, EnumDef, Model, Schema, is_admin, role_for, role_members
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


def _auth_columns(user: Model, roles: tuple[str, ...], token_store: str = "") -> tuple[str, list[str]]:
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
    if not user.has("refreshTokenHash") and not token_store:  # the architecture keeps them elsewhere
        user.columns.insert(
            4, Column(name="refreshTokenHash", type=FieldType.STRING, nullable=True, internal=True)
        )
    return role_enum, notes


def _roles(domain: DomainModel, user: Model) -> tuple[tuple[str, ...], list[str]]:
    """The stored roles: the ERD's own values, exactly, when it lists them; else the PRD's roles
    (``pet owner`` → ``pet_owner``) and ``admin`` when none of them runs the back office."""
    stated = next(
        (
            a.enum_values
            for e in domain.entities
            if e.name == user.name
            for a in e.attributes
            if a.name == "role"
        ),
        (),
    )
    if stated:
        if any(is_admin(value) for value in stated):
            return stated, []
        return stated, [
            "No role the ERD lists is an administrator: the role whose stories manage the accounts"
            " (else the one whose stories change the most records) runs the back office (see section 5)."
        ]
    values = role_members(tuple(dict.fromkeys(domain.roles)))
    if not any(is_admin(value) for value in values):
        values = (*values, "admin")
    return values, []


_NUMBER = re.compile(r"^-?\d{1,30}(?:\.\d{1,30})?$")


def _default(column: Column, values: tuple[str, ...], role_enum: str) -> tuple[str, str]:
    """(the column's default, a problem to report): the ERD's stated default checked against the
    type, else ``false`` for a required flag and the first value of a status (never a role)."""
    stated = column.default
    if column.generated:
        return "", ""
    if stated:
        lowered = stated.lower()
        if column.enum:
            match = next((v for v in values if v.lower() == lowered), None)
            return (match, "") if match else ("", f"default `{stated}` is not one of its values; none set.")
        if column.type is FieldType.BOOLEAN:
            if lowered in ("true", "false"):
                return lowered, ""
            return "", f"default `{stated}` is not true or false; none set."
        if column.type in (FieldType.INT, FieldType.BIGINT, FieldType.FLOAT, FieldType.DECIMAL):
            if _NUMBER.match(stated):
                return stated, ""
            return "", f"default `{stated}` is not a number; none set."
        if column.type in (FieldType.STRING, FieldType.TEXT):
            return stated, ""
        return "", f"default `{stated}` could not be read for its type; none set."
    if column.type is FieldType.BOOLEAN and not column.nullable:
        return "false", ""
    if (
        column.enum
        and not column.nullable
        and column.name in ("status", "state")
        and column.enum != role_enum
    ):
        return values[0], ""  # a record starts in the first state listed
    return "", ""  # a role is never defaulted: the service sets it (sign-up gives the least privileged)


def _composite_uniques(model: Model, builder: relations.Builder) -> None:
    """``unique with guardian_id`` and ``unique per depot`` as one UNIQUE over the columns named."""
    order = [c.name for c in model.columns]
    for column in model.columns:
        if not column.unique_with:
            continue
        together = {column.name}
        for said in column.unique_with:
            found = _named_column(model, said)
            if found is None:
                builder.notes.append(
                    f"`{model.name}.{column.name}` is unique with `{said}`, which names no column or relation"
                    " of it: left without that constraint."
                )
                together = set()
                break
            together.add(found)
        key = tuple(sorted(together, key=order.index))
        if len(key) > 1 and key not in model.uniques:
            model.uniques.append(key)


def _named_column(model: Model, said: str) -> str | None:
    """The column ``said`` names: itself (``guardian_id``), or the FK to the entity (``depot``)."""
    wanted = naming.key(said)
    for column in model.columns:
        if naming.key(column.name) in (wanted, wanted + "id"):
            return column.name
    for fk in model.fks:
        if naming.key(fk.target) == wanted or naming.key(fk.nav) == wanted:
            return fk.column
    return None


def _distinct_enum_names(
    models: dict[str, Model], enums: list[EnumDef], role_enum: str
) -> tuple[list[EnumDef], str]:
    """Enum types renamed where a table has their name (a `Role` lookup table beside the role
    enum): Prisma and TypeScript share one namespace for both. ``Role`` → ``UserRole``."""
    taken = set(models)
    renamed: dict[str, str] = {}
    for enum in enums:
        if enum.name not in taken:
            taken.add(enum.name)
            continue
        base = f"{enum.name}Type"
        name, number = base, 2
        while name in taken:
            name, number = f"{base}{number}", number + 1
        taken.add(name)
        renamed[enum.name] = name
    if not renamed:
        return enums, role_enum
    for model in models.values():
        for index, column in enumerate(model.columns):
            if column.enum in renamed:
                model.columns[index] = replace(column, enum=renamed[column.enum])
    return [replace(e, name=renamed.get(e.name, e.name)) for e in enums], renamed.get(role_enum, role_enum)


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
    role_values, role_notes = _roles(domain, user)
    builder.notes.extend(role_notes)
    role_enum, notes = _auth_columns(user, role_values, domain.stack.auth_design.refresh_store)
    builder.notes.extend(notes)
    enums: list[EnumDef] = [EnumDef(name=role_enum, values=role_values)]
    entity_attrs = {(e.name, a.name): a for e in domain.entities for a in e.attributes}
    # an ERD's tables are the architect's, column for column (an append-only table has no
    # updated_at); where the data model states timestamps on some tables, its author chose per
    # table; only tables read from prose or loose lists get the convention
    chosen = any(m.has("createdAt") or m.has("updatedAt") for m in builder.models.values() if not m.is_join)
    stamped = False
    for model in builder.models.values():
        if not chosen and not model.exact:
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
            values = next((e.values for e in enums if e.name == column.enum), ())
            default, problem = _default(column, values, role_enum)
            if problem:
                builder.notes.append(f"`{model.name}.{column.name}`: {problem}")
            model.columns[index] = replace(column, default=default)
        _composite_uniques(model, builder)
    if stamped:
        builder.notes.append("Every table gets `created_at` and `updated_at` where the ERD has none.")
    named: dict[tuple[str, str], str] = {}
    for model in builder.models.values():
        for fk in model.fks:
            db_column = model.col(fk.column).column
            named.setdefault((model.name, naming.key(fk.nav)), db_column)
            named.setdefault((model.name, naming.key(fk.target)), db_column)
    placed = rules.place(list(builder.models.values()), domain.constraints, named)
    questions = [*placed] + [
        f"`{model.name}.{column.name}` is a foreign key to `{column.references}`, which the data model does"
        " not have: which table does it reference?"
        for model in builder.models.values()
        for column in model.columns
        if column.references and builder.named(column.references) is None
    ]
    enums, role_enum = _distinct_enum_names(builder.models, enums, role_enum)
    models = list(builder.models.values())
    tenant = tenancy.find(models, user.name, domain.stack.auth_design.claims)
    return Schema(
        personas=_personas(domain, role_values),
        tenant=tenant,
        questions=questions,
        models=models,
        enums=enums,
        user_model=user.name,
        role_enum=role_enum,
        roles=role_values,
        notes=builder.notes,
    )


_IN_BRACKETS = re.compile(r"\(([^()]{1,80})\)")


def _personas(domain: DomainModel, roles: tuple[str, ...]) -> dict[str, str]:
    """Personas that sign in with a stored role, as the architecture's authorization table writes
    its columns: "Member (buyer/seller)" makes buyers and sellers members."""
    found: dict[str, str] = {}
    for cell in (cell for row in domain.stack.access for cell in row.cells):
        inside = _IN_BRACKETS.search(cell.role)
        role = role_for(roles, _IN_BRACKETS.sub(" ", cell.role).strip())
        if inside is None or role is None:
            continue
        for said in re.split(r"[/,;&]|\bor\b|\band\b", inside.group(1)):
            if naming.key(said) and role_for(roles, said) is None:
                found.setdefault(naming.key(said), role)
    return found
