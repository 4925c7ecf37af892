"""Routes: the endpoints, DTOs and service methods each module gets, and who may call them.

CRUD for every table, one action per story verb that is not CRUD ("cancel an appointment" →
``POST /appointments/:id/cancel``), link routes for join tables, and the auth module.
"""

from __future__ import annotations

import graphlib
from dataclasses import dataclass

from generators import naming
from generators.design import auth, dtos, intents
from generators.design.api import Api, Endpoint, EndpointKind, Method, Module, role_label
from generators.design.intents import Intent
from generators.design.schema import ADMIN_ROLES, Model, Schema
from generators.model import DomainModel, Story

_INTENT_KINDS: dict[EndpointKind, tuple[str, ...]] = {
    "list": ("read",),
    "get": ("read",),
    "create": ("create", "manage"),
    "update": ("update", "manage"),
    "delete": ("delete", "manage"),
    "link": ("create", "update", "manage"),
    "unlink": ("delete", "update", "manage"),
}


class _Builder:
    def __init__(self, domain: DomainModel, schema: Schema) -> None:
        self.domain = domain
        self.schema = schema
        self.admin = next(
            (role for role in schema.roles if role_label(role) in ADMIN_ROLES), schema.roles[-1]
        )
        names = [m.name for m in schema.models if not m.is_join]
        role_words = tuple(role_label(r) for r in schema.roles if r != self.admin)
        aliases = {schema.user_model: role_words}
        self.intents: list[Intent] = []
        self.unmapped: list[Story] = []
        for story in domain.stories:
            intent = intents.read(story, names, aliases)
            if intent is None:
                self.unmapped.append(story)
            else:
                self.intents.append(intent)

    def roles_for(
        self, entity: str, kind: EndpointKind, verb: str = ""
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(roles, story ids) allowed to call an endpoint of ``kind`` on ``entity``."""
        about = [i for i in self.intents if i.entity == entity]
        if kind == "action":
            chosen = [i for i in about if i.kind == "action" and i.verb == verb]
        elif kind in ("list", "get"):
            chosen = about
        else:
            chosen = [i for i in about if i.kind in _INTENT_KINDS[kind]]
        roles = {naming.snake(i.story.role) for i in chosen}
        if kind in ("list", "get") and not about:
            roles = set(self.schema.roles)
        roles.add(self.admin)
        ordered = tuple(r for r in self.schema.roles if r in roles)
        return ordered, tuple(dict.fromkeys(i.story.id for i in chosen))

    def crud(self, model: Model, module: Module) -> None:
        """The five CRUD endpoints of ``model``, their DTOs and service methods."""
        create, update, response = dtos.create_dto(model), dtos.update_dto(model), dtos.response_dto(model)
        module.dtos.extend([create, update, response])
        requests = {"create": create.name, "update": update.name}
        words = _Words.of(model.name)
        extra = _crud_errors(model, self.schema)
        for row in _CRUD:
            roles, stories = self.roles_for(model.name, row.kind)
            noun = model.name if row.kind != "list" else naming.pascal_exact(naming.table(model.name))
            module.endpoints.append(
                Endpoint(
                    method=row.method,
                    path=f"/{naming.route(model.name)}{row.path}",
                    summary=row.summary.format_map(words.forms),
                    operation_id=f"{row.kind}{noun}",
                    kind=row.kind,
                    module=module.name,
                    service_method=row.service,
                    status=row.status,
                    errors=tuple(sorted({*row.errors, *extra.get(row.kind, ())})),
                    roles=roles,
                    request=requests.get(row.request, ""),
                    response=response.name if row.response else "",
                    paginated=row.paginated,
                    stories=stories,
                    path_params=("id",) if ":id" in row.path else (),
                )
            )
        module.services.extend(_crud_services(model, self.schema, words))

    def actions(self, model: Model, module: Module) -> None:
        route = "/" + naming.route(model.name)
        response = f"{model.name}ResponseDto"
        status_column = next((c for c in model.columns if c.enum and c.name in ("status", "state")), None)
        status_values = self.schema.enum(status_column.enum).values if status_column else ()
        flags = {c.name for c in model.columns if c.name.startswith("is")}
        verbs = list(
            dict.fromkeys(i.verb for i in self.intents if i.entity == model.name and i.kind == "action")
        )
        noun = naming.human(model.name)
        for verb in verbs:
            wanted = intents.states(verb)
            note = ""
            match = next((w for w in wanted for v in status_values if v.lower() == w), None)
            match = next((v for v in status_values if v.lower() == match), None)
            flag = next((naming.camel(f"is {w}") for w in wanted if naming.camel(f"is {w}") in flags), "")
            if match and status_column:
                note = (
                    f"sets `{status_column.name}` to `{match}`; 409 when the current status does not allow it"
                )
            elif flag in flags:
                note = f"sets `{flag}` to true"
            roles, stories = self.roles_for(model.name, "action", verb)
            method_name = naming.camel(verb)
            module.endpoints.append(
                Endpoint(
                    method="POST",
                    path=f"{route}/:id/{verb}",
                    summary=f"{verb.replace('-', ' ').capitalize()} {naming.article(noun)} {noun}",
                    operation_id=f"{method_name}{model.name}",
                    kind="action",
                    module=module.name,
                    service_method=method_name,
                    status=200,
                    errors=(401, 403, 404, *((409,) if match else ())),
                    roles=roles,
                    response=response,
                    stories=stories,
                    note=note,
                    path_params=("id",),
                )
            )
            module.services.append(
                (
                    f"{method_name}(id, user)",
                    note or f"{verb.replace('-', ' ')} {naming.article(noun)} {noun}",
                )
            )

    def links(self, join: Model, owner: Module, owner_model: Model) -> None:
        """List, link and unlink routes of a join table, on the module of its first side."""
        other_fk = (
            next(fk for fk in join.fks if fk.target != owner_model.name)
            if len({fk.target for fk in join.fks}) > 1
            else join.fks[1]
        )
        other = self.schema.model(other_fk.target)
        param = naming.camel(f"{other.name} id") if other.name != owner_model.name else "relatedId"
        forms = {
            **_Words.of(other.name).forms,
            "Other": other.name,
            "Others": naming.pascal_exact(naming.table(other.name)),
            "owner": naming.human(owner_model.name),
            "owner_a": naming.article(owner_model.name),
            "other_a": naming.article(other.name),
            "param": param,
        }
        base = f"/{naming.route(owner_model.name)}/:id/{naming.route(other.name)}"
        for row in _LINKS:
            roles, stories = self.roles_for(owner_model.name, row.kind if row.kind != "list" else "get")
            service = row.service.format_map(forms)
            summary = row.summary.format_map(forms)
            owner.endpoints.append(
                Endpoint(
                    method=row.method,
                    path=base + row.path.format_map(forms),
                    summary=summary,
                    operation_id=f"{service}Of{owner_model.name}",
                    kind=row.kind,
                    module=owner.name,
                    service_method=service,
                    status=row.status,
                    errors=row.errors,
                    roles=roles,
                    response=f"{other.name}ResponseDto" if row.response else "",
                    paginated=row.paginated,
                    stories=stories,
                    path_params=("id",) + ((param,) if row.kind != "list" else ()),
                )
            )
            arguments = "id" if row.kind == "list" else f"id, {param}"
            owner.services.append((f"{service}({arguments})", f"{summary.lower()} through `{join.table}`"))


@dataclass(frozen=True)
class _Words:
    """The words a route table's summaries are written with."""

    forms: dict[str, str]

    @classmethod
    def of(cls, entity: str) -> _Words:
        noun = naming.human(entity)
        return cls({"noun": noun, "nouns": naming.human_plural(entity), "a": naming.article(noun),
                    "other": naming.human(entity), "others": naming.human_plural(entity)})  # fmt: skip


@dataclass(frozen=True)
class _Route:
    """One row of a route table: an endpoint relative to its resource's path."""

    method: Method
    path: str
    kind: EndpointKind
    service: str
    status: int
    summary: str
    errors: tuple[int, ...]
    request: str = ""
    response: bool = True
    paginated: bool = False


_CRUD = (
    _Route("GET", "", "list", "findAll", 200, "List {nouns} (paginated, filterable)", (400, 401, 403),
           paginated=True),
    _Route("GET", "/:id", "get", "findOne", 200, "Get one {noun}", (401, 403, 404)),
    _Route("POST", "", "create", "create", 201, "Create {a} {noun}", (400, 401, 403), request="create"),
    _Route("PATCH", "/:id", "update", "update", 200, "Update {a} {noun}", (400, 401, 403, 404),
           request="update"),
    _Route("DELETE", "/:id", "delete", "remove", 204, "Delete {a} {noun}", (401, 403, 404), response=False),
)  # fmt: skip
_LINKS = (
    _Route("GET", "", "list", "list{Others}", 200, "List the {others} of {owner_a} {owner}",
           (401, 403, 404), paginated=True),
    _Route("PUT", "/:{param}", "link", "add{Other}", 204, "Link {other_a} {other}", (401, 403, 404),
           response=False),
    _Route("DELETE", "/:{param}", "unlink", "remove{Other}", 204, "Unlink {other_a} {other}",
           (401, 403, 404), response=False),
)  # fmt: skip


def _crud_errors(model: Model, schema: Schema) -> dict[str, tuple[int, ...]]:
    """Errors a CRUD endpoint adds for this model: 404 for a missing reference, 409 for conflicts."""
    unique = (409,) if any(c.unique for c in model.columns) else ()
    referenced = any(fk.target == model.name for other in schema.models for fk in other.fks)
    return {
        "create": (*((404,) if model.fks else ()), *unique),
        "update": unique,
        "delete": (409,) if referenced else (),
    }


def _crud_services(model: Model, schema: Schema, words: _Words) -> list[tuple[str, str]]:
    """The service methods behind the CRUD endpoints, each with what it does."""
    noun, nouns, a = words.forms["noun"], words.forms["nouns"], words.forms["a"]
    filters = ", ".join(c.name for c in dtos.filters(model)) or "none"
    searched = ", ".join(c.name for c in dtos.searchable(model))
    checks = ", ".join(f"`{fk.column}`" for fk in model.fks)
    unique = any(c.unique for c in model.columns)
    referenced = any(fk.target == model.name for other in schema.models for fk in other.fks)
    search = f"; `q` searches {searched}" if searched else ""
    exist = f" after checking that {checks} exist" if checks else ""
    conflict = "; unique violations → 409" if unique else ""
    in_use = "; 409 while other records reference it" if referenced else ""
    return [
        ("findAll(query)", f"page through {nouns}; filters: {filters}{search}"),
        ("findOne(id)", f"one {noun} or `NotFoundException`"),
        ("create(dto)", f"insert {a} {noun}{exist}{conflict}"),
        ("update(id, dto)", f"partial update of {a} {noun}"),
        ("remove(id)", f"delete {a} {noun}{in_use}"),
    ]


def build(domain: DomainModel, schema: Schema) -> Api:
    """The API for ``domain`` over ``schema``."""
    builder = _Builder(domain, schema)
    modules: dict[str, Module] = {}
    for model in schema.models:
        if model.is_join:
            continue
        stories = [i.story for i in builder.intents if i.entity == model.name]
        purpose = f"Owns `{model.table}`: {naming.human_plural(model.name)} and the rules around them."
        if stories:
            purpose = f"Owns `{model.table}`; serves " + ", ".join(s.id for s in stories) + "."
        module = Module(name=naming.module(model.name), purpose=purpose, entity=model.name, stories=stories)
        builder.crud(model, module)
        builder.actions(model, module)
        modules[model.name] = module
    for model in schema.models:
        if model.is_join:
            owner_model = schema.model(model.fks[0].target)
            builder.links(model, modules[owner_model.name], owner_model)
    notes: list[str] = []
    for model in schema.models:
        targets = [fk.target for fk in model.fks if fk.target != model.name]
        owner = modules[model.name] if not model.is_join else modules[model.fks[0].target]
        for target in targets:
            dependency = modules[target].name
            if dependency != owner.name and dependency not in owner.dependencies:
                owner.dependencies.append(dependency)
    ordered = [auth.module(schema), *modules.values()]
    notes.extend(_break_cycles(ordered))
    return Api(
        modules=ordered,
        roles=schema.roles,
        admin_role=builder.admin,
        intents=builder.intents,
        unmapped=builder.unmapped,
        query_dto=auth.query_dto(),
        auth_dtos=auth.dtos_for(schema),
        notes=notes,
    )


def _break_cycles(modules: list[Module]) -> list[str]:
    """Keep module imports acyclic: an edge that would close a cycle is dropped and explained."""
    notes: list[str] = []
    kept: dict[str, list[str]] = {module.name: [] for module in modules}
    by_name = {module.name: module for module in modules}
    for module in modules:
        for dependency in module.dependencies:
            kept[module.name].append(dependency)
            try:
                graphlib.TopologicalSorter(kept).prepare()
            except graphlib.CycleError:
                kept[module.name].pop()
                notes.append(
                    f"`{module.name}` reads `{dependency}` through its own repository instead of "
                    f"importing `{by_name[dependency].pascal}Module`, which would close a cycle."
                )
    for module in modules:
        module.dependencies = kept[module.name]
    return notes
