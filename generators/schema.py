"""The relational schema the domain model implies: one source for Prisma, SQL, TypeORM and ERD.

Resolves what an ERD leaves implicit: which side of a relationship holds the foreign key and
what it is called, join tables for many-to-many, primary keys, timestamps, enums, and the user
table the auth module needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from generators import naming
from generators.model import Attribute, DomainModel, Entity, FieldType, Relationship

OnDelete = Literal["Cascade", "Restrict", "SetNull"]
Generated = Literal["", "uuid", "autoincrement", "now", "updatedAt"]

_ONE = ("one", "zero_or_one")
_MANY = ("many", "one_or_more")
_OWNING_LABELS = {"has", "contains", "includes", "owns", "consists of", "holds", "composed of"}
_USER_NAMES = ("user", "account", "member")
ADMIN_ROLES = {"admin", "administrator", "super admin", "superadmin", "system admin"}


@dataclass(frozen=True)
class Column:
    """A column of a model, named in camel case (code) and snake case (database)."""

    name: str
    type: FieldType
    nullable: bool = False
    unique: bool = False
    pk: bool = False
    generated: Generated = ""
    enum: str = ""
    is_list: bool = False
    format: str = ""
    comment: str = ""
    internal: bool = False
    default: str = ""

    @property
    def column(self) -> str:
        """The database column name."""
        return naming.snake(self.name)


@dataclass(frozen=True)
class ForeignKey:
    """A many-to-one (or one-to-one when ``unique``) reference from a model to another."""

    column: str
    target: str
    nav: str
    back: str
    optional: bool
    unique: bool
    on_delete: OnDelete
    relation: str
    label: str = ""


@dataclass
class Model:
    """A table: its columns, foreign keys and where it came from."""

    name: str
    columns: list[Column]
    fks: list[ForeignKey] = field(default_factory=list)
    origin: str = "document"
    source: str = ""

    @property
    def table(self) -> str:
        """The table name."""
        return naming.table(self.name)

    @property
    def pk(self) -> list[Column]:
        """The primary key columns (two for a join table)."""
        return [column for column in self.columns if column.pk]

    def col(self, name: str) -> Column:
        """The column called ``name``."""
        return next(column for column in self.columns if column.name == name)

    def has(self, name: str) -> bool:
        """Whether a column called ``name`` exists."""
        return any(column.name == name for column in self.columns)

    @property
    def is_join(self) -> bool:
        """A join table made for a direct many-to-many relationship."""
        return self.origin == "join"

    def indexed(self) -> list[str]:
        """Foreign-key columns that need an index of their own."""
        firsts = {self.pk[0].name} if self.pk else set()
        return [
            fk.column
            for fk in self.fks
            if not fk.unique and fk.column not in firsts and not self.col(fk.column).unique
        ]


@dataclass(frozen=True)
class EnumDef:
    """An enum: its type name and its values as the documents wrote them."""

    name: str
    values: tuple[str, ...]

    @property
    def members(self) -> list[tuple[str, str]]:
        """(member identifier, stored value) pairs: ``("PENDING", "pending")``."""
        return [(naming.constant(value), value) for value in self.values]

    @property
    def db_name(self) -> str:
        """The PostgreSQL type name."""
        return naming.snake(self.name)


@dataclass
class Schema:
    """All models and enums, and which model the auth module signs users into."""

    models: list[Model]
    enums: list[EnumDef]
    user_model: str
    role_enum: str
    roles: tuple[str, ...]
    notes: list[str] = field(default_factory=list)

    def model(self, name: str) -> Model:
        """The model called ``name``."""
        return next(model for model in self.models if model.name == name)

    def enum(self, name: str) -> EnumDef:
        """The enum called ``name``."""
        return next(enum for enum in self.enums if enum.name == name)


def _pk_type(model: Model) -> FieldType:
    return model.pk[0].type if model.pk else FieldType.UUID


def _columns(entity: Entity) -> list[Column]:
    columns: list[Column] = []
    has_pk = any(attr.pk for attr in entity.attributes)
    for attr in entity.attributes:
        pk = attr.pk or (not has_pk and attr.name == "id")
        columns.append(_column(attr, pk))
    if not any(column.pk for column in columns):
        columns.insert(0, Column(name="id", type=FieldType.UUID, pk=True, generated="uuid"))
    return columns


def _column(attr: Attribute, pk: bool) -> Column:
    generated: Generated = ""
    field_type = attr.type
    if pk:
        if field_type in (FieldType.INT, FieldType.BIGINT):
            generated = "autoincrement"
        else:
            field_type, generated = FieldType.UUID, "uuid"
    elif attr.name == "createdAt":
        field_type, generated = FieldType.DATETIME, "now"
    elif attr.name == "updatedAt":
        field_type, generated = FieldType.DATETIME, "updatedAt"
    return Column(
        name=attr.name,
        type=field_type,
        nullable=attr.optional and not pk,
        unique=attr.unique and not pk,
        pk=pk,
        generated=generated,
        is_list=attr.is_list,
        format=attr.format,
        comment=attr.comment,
    )


def _stem(column: str) -> str:
    parts = naming.words(column)
    if len(parts) > 1 and parts[-1] in ("id", "uuid", "fk"):
        parts = parts[:-1]
    return naming.camel("_".join(parts))


class _Builder:
    def __init__(self, domain: DomainModel) -> None:
        self.domain = domain
        self.models: dict[str, Model] = {}
        self.notes: list[str] = []
        self.used: dict[str, set[str]] = {}
        for entity in domain.entities:
            self.models[entity.name] = Model(
                name=entity.name,
                columns=_columns(entity),
                origin=entity.origin,
                source=entity.source,
            )
            self.used[entity.name] = set()

    def pair_count(self, a: str, b: str) -> int:
        return sum(1 for rel in self.domain.relationships if {rel.left, rel.right} == {a, b})

    def fk_column(self, child: Model, parent: Model, rel: Relationship | None) -> str:
        """The child's column that references ``parent``, found or named."""
        used = self.used[child.name]
        candidates = [
            column
            for column in child.columns
            if column.name not in used and not column.pk and column.name.endswith(("Id", "Uuid"))
        ]
        parent_key = naming.key(parent.name)
        for column in candidates:
            if naming.key(_stem(column.name)) == parent_key:
                return column.name
        for column in candidates:
            if naming.key(parent.name) in naming.key(column.comment):
                return column.name
        entity_keys = {naming.key(name) for name in self.models}
        for column in candidates:
            if naming.key(_stem(column.name)) not in entity_keys:
                return column.name
        name = naming.camel(parent.name) + "Id"
        if child.has(name) or name in used or child.name == parent.name:
            label = naming.camel(rel.label) if rel and rel.label else "related"
            name = naming.camel(f"{label} {parent.name} id")
            if child.name == parent.name:
                name = "parentId"
            suffix = 2
            while child.has(name):
                name = f"{name.removesuffix('Id')}{suffix}Id"
                suffix += 1
        return name

    def link(
        self,
        child: Model,
        parent: Model,
        optional: bool,
        unique: bool,
        rel: Relationship | None,
        column_name: str = "",
    ) -> None:
        column_name = column_name or self.fk_column(child, parent, rel)
        self.used[child.name].add(column_name)
        target_type = _pk_type(parent)
        column = Column(
            name=column_name,
            type=target_type,
            nullable=optional,
            unique=unique,
        )
        if child.has(column_name):
            old = child.col(column_name)
            column = replace(
                old,
                type=target_type,
                nullable=optional or old.nullable,
                unique=unique or old.unique,
            )
            child.columns[child.columns.index(old)] = column
        else:
            at = max((i + 1 for i, c in enumerate(child.columns) if c.pk), default=0)
            child.columns.insert(at, column)
        stem = _stem(column_name)
        nav = stem if stem != column_name else naming.camel(parent.name)
        back = naming.camel(child.name) if unique else naming.module(child.name)
        label = rel.label if rel else ""
        on_delete: OnDelete
        if optional:
            on_delete = "SetNull"
        elif child.name.startswith(parent.name) or label.lower() in _OWNING_LABELS or child.is_join:
            on_delete = "Cascade"
        else:
            on_delete = "Restrict"
        relation = f"{child.name}{naming.pascal_exact(nav)}"
        child.fks.append(
            ForeignKey(
                column=column_name,
                target=parent.name,
                nav=nav,
                back=back,
                optional=optional,
                unique=unique,
                on_delete=on_delete,
                relation=relation,
                label=label,
            )
        )

    def relate(self, rel: Relationship) -> None:
        left, right = self.models[rel.left], self.models[rel.right]
        if rel.left_end in _MANY and rel.right_end in _MANY:
            self.join(left, right, rel)
        elif rel.right_end in _MANY:
            self.link(right, left, rel.left_end == "zero_or_one", False, rel)
        elif rel.left_end in _MANY:
            self.link(left, right, rel.right_end == "zero_or_one", False, rel)
        else:
            left_refs = any(
                naming.key(_stem(c.name)) == naming.key(right.name) for c in left.columns if not c.pk
            )
            if left_refs and left.name != right.name:
                self.link(left, right, rel.right_end == "zero_or_one", True, rel)
            else:
                self.link(right, left, rel.left_end == "zero_or_one", True, rel)

    def join(self, left: Model, right: Model, rel: Relationship) -> None:
        name = left.name + right.name
        if name in self.models:
            return
        model = Model(
            name=name,
            columns=[Column(name="createdAt", type=FieldType.DATETIME, generated="now")],
            origin="join",
            source=rel.source,
        )
        self.models[name] = model
        self.used[name] = set()
        for index, parent in enumerate((left, right)):
            column = naming.camel(parent.name) + "Id"
            if left.name == right.name and index == 1:
                column = naming.camel(f"related {parent.name} id")
            self.link(model, parent, False, False, rel, column_name=column)
            model.columns[index] = replace(model.columns[index], pk=True)
        self.notes.append(
            f"{left.name} and {right.name} are many-to-many ({rel.label or 'related'}): "
            f"the join table `{model.table}` holds the pairs."
        )

    def loose_foreign_keys(self) -> None:
        """FK attributes named after an entity but with no relationship line still relate."""
        keys = {naming.key(name): name for name in self.models}
        for model in list(self.models.values()):
            for column in list(model.columns):
                if column.pk or column.name in self.used[model.name]:
                    continue
                if not column.name.endswith("Id"):
                    continue
                target = keys.get(naming.key(_stem(column.name)))
                if target is None:
                    continue
                self.link(model, self.models[target], column.nullable, column.unique, None)
                self.notes.append(
                    f"`{model.name}.{column.name}` references {target} though no ERD line says so."
                )


def _dedupe_back_names(models: dict[str, Model]) -> None:
    """Two relations into one model need distinct names on its side: ``clientAppointments``."""
    for parent in models.values():
        refs = [(child, fk) for child in models.values() for fk in child.fks if fk.target == parent.name]
        taken = {column.name for column in parent.columns} | {fk.nav for fk in parent.fks}
        counts: dict[str, int] = {}
        for _, fk in refs:
            counts[fk.back] = counts.get(fk.back, 0) + 1
        for child, fk in refs:
            index = child.fks.index(fk)
            if child.name == parent.name:
                back = "children" if fk.nav == "parent" else naming.camel(f"{fk.nav} {parent.table}")
                child.fks[index] = replace(fk, back=back)
            elif counts[fk.back] > 1 or fk.back in taken:
                noun = child.name if fk.unique else naming.table(child.name)
                child.fks[index] = replace(fk, back=naming.camel(f"{fk.nav} {noun}"))


def _add_timestamps(model: Model) -> bool:
    added = False
    for name, generated in (("createdAt", "now"), ("updatedAt", "updatedAt")):
        if model.is_join and name == "updatedAt":
            continue
        if not model.has(name):
            model.columns.append(Column(name=name, type=FieldType.DATETIME, generated=generated))  # type: ignore[arg-type]
            added = True
    return added


def _user_model(builder: _Builder) -> tuple[Model, bool]:
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


def role_members(roles: tuple[str, ...]) -> tuple[str, ...]:
    """The roles as stored values: ``pet owner`` → ``pet_owner``."""
    return tuple(dict.fromkeys(naming.snake(role) for role in roles if naming.snake(role)))


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
    builder = _Builder(domain)
    user, made = _user_model(builder)
    for rel in domain.relationships:
        builder.relate(rel)
    builder.loose_foreign_keys()
    _dedupe_back_names(builder.models)
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
