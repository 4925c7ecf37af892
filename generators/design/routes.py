"""Routes: the endpoints, DTOs and service methods each module gets, and who may call them.

CRUD for every table, one action per story verb that is not CRUD ("cancel an appointment" →
``POST /appointments/:id/cancel``), link routes for join tables, and the auth module.
"""

from __future__ import annotations

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
        route = "/" + naming.route(model.name)
        noun, nouns = naming.human(model.name), naming.human_plural(model.name)
        create, update, response = (
            dtos.create_dto(model),
            dtos.update_dto(model),
            dtos.response_dto(model),
        )
        module.dtos.extend([create, update, response])
        unique = any(c.unique for c in model.columns)
        referenced = any(fk.target == model.name for m in self.schema.models for fk in m.fks)
        conflict = (409,) if unique else ()
        has_fk = bool(model.fks)
        pascal = model.name
        rows: list[tuple[Method, str, str, EndpointKind, str, int, tuple[int, ...], str, str, bool]] = [
            (
                "GET",
                route,
                f"List {nouns} (paginated, filterable)",
                "list",
                "findAll",
                200,
                (400, 401, 403),
                "",
                response.name,
                True,
            ),
            (
                "GET",
                f"{route}/:id",
                f"Get one {noun}",
                "get",
                "findOne",
                200,
                (401, 403, 404),
                "",
                response.name,
                False,
            ),
            (
                "POST",
                route,
                f"Create {naming.article(noun)} {noun}",
                "create",
                "create",
                201,
                (400, 401, 403, *((404,) if has_fk else ()), *conflict),
                create.name,
                response.name,
                False,
            ),
            (
                "PATCH",
                f"{route}/:id",
                f"Update {naming.article(noun)} {noun}",
                "update",
                "update",
                200,
                (400, 401, 403, 404, *conflict),
                update.name,
                response.name,
                False,
            ),
            (
                "DELETE",
                f"{route}/:id",
                f"Delete {naming.article(noun)} {noun}",
                "delete",
                "remove",
                204,
                (401, 403, 404, *((409,) if referenced else ())),
                "",
                "",
                False,
            ),
        ]
        for method, path, summary, kind, service, status, errors, request, resp, paginated in rows:
            roles, stories = self.roles_for(model.name, kind)
            op_noun = pascal if kind != "list" else naming.pascal_exact(naming.table(model.name))
            module.endpoints.append(
                Endpoint(
                    method=method,
                    path=path,
                    summary=summary,
                    operation_id=f"{kind}{op_noun}",
                    kind=kind,
                    module=module.name,
                    service_method=service,
                    status=status,
                    errors=tuple(sorted(set(errors))),
                    roles=roles,
                    request=request,
                    response=resp,
                    paginated=paginated,
                    stories=stories,
                    path_params=("id",) if ":id" in path else (),
                )
            )
        module.services.extend(
            [
                (
                    "findAll(query)",
                    f"page through {nouns}; filters: "
                    + (", ".join(c.name for c in dtos.filters(model)) or "none")
                    + (
                        "; `q` searches " + ", ".join(c.name for c in dtos.searchable(model))
                        if dtos.searchable(model)
                        else ""
                    ),
                ),
                ("findOne(id)", f"one {noun} or `NotFoundException`"),
                (
                    "create(dto)",
                    f"insert {naming.article(noun)} {noun}"
                    + (
                        " after checking that " + ", ".join(f"`{fk.column}`" for fk in model.fks) + " exist"
                        if model.fks
                        else ""
                    )
                    + ("; unique violations → 409" if unique else ""),
                ),
                ("update(id, dto)", f"partial update of {naming.article(noun)} {noun}"),
                (
                    "remove(id)",
                    f"delete {naming.article(noun)} {noun}"
                    + ("; 409 while other records reference it" if referenced else ""),
                ),
            ]
        )

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
        other_fk = (
            next(fk for fk in join.fks if fk.target != owner_model.name)
            if len({fk.target for fk in join.fks}) > 1
            else join.fks[1]
        )
        other = self.schema.model(other_fk.target)
        base = f"/{naming.route(owner_model.name)}/:id/{naming.route(other.name)}"
        param = naming.camel(f"{other.name} id") if other.name != owner_model.name else "relatedId"
        response = f"{other.name}ResponseDto"
        rows: list[tuple[Method, str, str, EndpointKind, str, int, tuple[int, ...], str, bool]] = [
            (
                "GET",
                base,
                f"List the {naming.human_plural(other.name)} of "
                f"{naming.article(owner_model.name)} {naming.human(owner_model.name)}",
                "list",
                "list" + naming.pascal_exact(naming.table(other.name)),
                200,
                (401, 403, 404),
                response,
                True,
            ),
            (
                "PUT",
                f"{base}/:{param}",
                f"Link {naming.article(other.name)} {naming.human(other.name)}",
                "link",
                "add" + other.name,
                204,
                (401, 403, 404),
                "",
                False,
            ),
            (
                "DELETE",
                f"{base}/:{param}",
                f"Unlink {naming.article(other.name)} {naming.human(other.name)}",
                "unlink",
                "remove" + other.name,
                204,
                (401, 403, 404),
                "",
                False,
            ),
        ]
        for method, path, summary, kind, service, status, errors, resp, paginated in rows:
            roles, stories = self.roles_for(owner_model.name, kind if kind != "list" else "get")
            owner.endpoints.append(
                Endpoint(
                    method=method,
                    path=path,
                    summary=summary,
                    operation_id=f"{service}Of{owner_model.name}",
                    kind=kind,
                    module=owner.name,
                    service_method=service,
                    status=status,
                    errors=errors,
                    roles=roles,
                    response=resp,
                    paginated=paginated,
                    stories=stories,
                    path_params=("id",) + ((param,) if kind != "list" else ()),
                )
            )
            owner.services.append(
                (
                    f"{service}(id{', ' + param if kind != 'list' else ''})",
                    f"{summary.lower()} through `{join.table}`",
                )
            )


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
    """Keep module imports acyclic: an edge that closes a cycle is dropped and explained."""
    notes: list[str] = []
    by_name = {module.name: module for module in modules}

    def reaches(start: str, goal: str) -> bool:
        seen, stack = set(), [start]
        while stack:
            current = stack.pop()
            if current == goal:
                return True
            if current not in seen:
                seen.add(current)
                stack.extend(by_name[current].dependencies)
        return False

    for module in modules:
        kept: list[str] = []
        for dependency in module.dependencies:
            if reaches(dependency, module.name):
                notes.append(
                    f"`{module.name}` reads `{dependency}` through its own repository instead of "
                    f"importing `{by_name[dependency].pascal}Module`, which would close a cycle."
                )
            else:
                kept.append(dependency)
        module.dependencies = kept
    return notes
