"""Relationships resolved into foreign keys: which side holds the key, what it is called,
what happens on delete, and join tables for many-to-many.
"""

from __future__ import annotations

from dataclasses import replace

from generators import naming
from generators.design.schema import Column, ForeignKey, Generated, Model, OnDelete
from generators.model import Attribute, DomainModel, Entity, FieldType, Relationship

_MANY = ("many", "one_or_more")
_OWNING_LABELS = {"has", "contains", "includes", "owns", "consists of", "holds", "composed of"}


def _pk_type(model: Model) -> FieldType:
    return model.pk[0].type if model.pk else FieldType.UUID


def _columns(entity: Entity) -> list[Column]:
    columns: list[Column] = []
    keys = [attr for attr in entity.attributes if attr.pk]
    own_id = naming.key(entity.name + " id")
    for attr in entity.attributes:
        pk = attr.pk or (not keys and attr.name == "id")
        if naming.key(attr.name) == own_id and not attr.pk and not attr.fk and attr.type is FieldType.UUID:
            attr = attr.model_copy(update={"type": FieldType.STRING})  # a reference number, not a key
        # a composite key or a key shared with another table ("PK, FK") is given, never generated
        columns.append(_column(attr, pk, generated_key=pk and len(keys) <= 1 and not attr.fk))
    if not any(column.pk for column in columns):
        columns.insert(0, Column(name="id", type=FieldType.UUID, pk=True, generated="uuid"))
    return columns


_NOW = ("now()", "now", "current_timestamp", "current_timestamp()")


def _column(attr: Attribute, pk: bool, generated_key: bool = True) -> Column:
    generated: Generated = ""
    field_type = attr.type
    default = attr.default
    if pk and generated_key:
        if field_type in (FieldType.INT, FieldType.BIGINT):
            generated = "autoincrement"
        else:
            field_type, generated = FieldType.UUID, "uuid"
    elif attr.name == "createdAt" or (field_type is FieldType.DATETIME and default.lower() in _NOW):
        field_type, generated, default = FieldType.DATETIME, "now", ""
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
        default=default,
        db_type=attr.db_type,
        stated_fk=attr.fk,
        references=attr.references,
        unique_with=attr.unique_with,
    )


def _stem(column: str) -> str:
    parts = list(naming.words(column))
    if len(parts) > 1 and parts[-1] in ("id", "uuid", "fk"):
        parts = parts[:-1]
    return naming.camel("_".join(parts))


def _keeps_history(model: Model) -> bool:
    """Whether rows of ``model`` record what happened: a status, or moments beyond their own creation."""
    return any(
        c.name in ("status", "state")
        or (
            c.type is FieldType.DATETIME
            and c.name.endswith("At")
            and c.name not in ("createdAt", "updatedAt")
        )
        for c in model.columns
    )


def _on_delete(
    child: Model, parent: Model, column: Column, optional: bool, label: str
) -> tuple[OnDelete, str]:
    """What deleting a ``parent`` row does to ``child`` rows, and why: cascade only to a part that
    means nothing without its parent and keeps no history; otherwise keep the rows."""
    part = child.is_join or column.pk or child.name.startswith(parent.name) or label.lower() in _OWNING_LABELS
    if part and not _keeps_history(child):
        return "Cascade", f"a {naming.human(child.name)} is part of its {naming.human(parent.name)}"
    if optional:
        return "SetNull", f"the {naming.human(child.name)} stays, without its {naming.human(parent.name)}"
    if part:
        kept = naming.human_plural(child.name)
        return "Restrict", f"{kept} keep a history: deleting the {naming.human(parent.name)} is refused"
    return "Restrict", f"{naming.human_plural(child.name)} refer to it: deleting is refused while they exist"


class Builder:
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
                exact=entity.exact,
                seeds=list(entity.seeds),
            )
            self.used[entity.name] = set()

    def fk_column(self, child: Model, parent: Model, rel: Relationship | None) -> str:
        """The child's column that references ``parent``, found or named."""
        used = self.used[child.name]
        parent_key = naming.key(parent.name)
        candidates = [
            column
            for column in child.columns
            if column.name not in used
            and (not column.pk or column.stated_fk)
            and (column.name.endswith(("Id", "Uuid")) or column.stated_fk)
            and (not column.references or self.named(column.references) == parent.name)
        ]
        for column in candidates:  # the ERD's comment names this table: "FK → service_categories.id"
            if column.references:
                return column.name
        for column in candidates:
            if naming.key(_stem(column.name)) == parent_key:
                return column.name
        entity_keys = {naming.key(name) for name in self.models}
        loose = [c for c in candidates if naming.key(_stem(c.name)) not in entity_keys]
        said = {naming.verb_lemma(word) for word in naming.words(rel.label)} if rel and rel.label else set()
        said -= {"be", "by", "of", "in", "for", "to", "as", "have"}
        for column in loose:  # "opens" → opened_by_id, "handles" → handled_by_id
            if said & {naming.verb_lemma(word) for word in naming.words(column.name)}:
                return column.name
        for column in loose:  # "the User who books"
            if parent_key in naming.key(column.comment):
                return column.name
        if loose:
            return loose[0].name
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

    def named(self, table: str) -> str | None:
        """The model a table or entity name in a comment means: ``service_categories``."""
        wanted = {naming.key(table), naming.key(naming.pascal(table))}
        return next(
            (
                name
                for name, model in self.models.items()
                if {naming.key(name), naming.key(model.table)} & wanted
            ),
            None,
        )

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
                nullable=(optional or old.nullable) and not old.pk,
                unique=(unique or old.unique) and not old.pk,
            )
            child.columns[child.columns.index(old)] = column
        else:
            at = max((i + 1 for i, c in enumerate(child.columns) if c.pk), default=0)
            child.columns.insert(at, column)
        optional = column.nullable  # the relation and its column agree (Prisma requires it)
        stem = _stem(column_name)
        nav = stem if stem != column_name else naming.camel(parent.name)
        back = naming.camel(child.name) if unique else naming.module(child.name)
        label = rel.label if rel else ""
        on_delete, why = _on_delete(child, parent, column, optional, label)
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
                why=why,
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
                if target is None or target == model.name:
                    continue
                self.link(model, self.models[target], column.nullable, column.unique, None)
                self.notes.append(
                    f"`{model.name}.{column.name}` references {target} though no ERD line says so."
                )


def dedupe_back_names(models: dict[str, Model]) -> None:
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
