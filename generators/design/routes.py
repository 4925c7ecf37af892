"""Routes: the endpoints, DTOs and service methods each module gets, and who may call them.

CRUD for every table (no DELETE where a record is kept in a status), link routes for join tables,
the auth module, then the operations the stories need (``design.placing``), each endpoint
granted to the roles of its stories and to the back office.
"""

from __future__ import annotations

import graphlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from generators import naming
from generators.design import access, auth, dtos, grouping, named, placing, tenancy, visibility, webhooks
from generators.design.api import Api, Endpoint, EndpointKind, Group, Method, Module
from generators.design.intent import coverage
from generators.design.intent.operations import keeps_history
from generators.design.schema import Model, Schema, is_admin
from generators.model import DomainModel


class _Builder:
    def __init__(self, domain: DomainModel, schema: Schema) -> None:
        self.domain = domain
        self.schema = schema
        self.coverage = coverage.cover(domain, schema)
        self.admin = _back_office(schema, self.coverage)

    def roles_of(self, stories: tuple[str, ...]) -> tuple[str, ...]:
        """The roles of the stories that need an endpoint, and the back office's; nobody else."""
        said = {c.story.role for c in self.coverage if c.story.id in stories}
        wanted = {self.schema.role_of(role) for role in said} | {self.admin}
        return tuple(r for r in self.schema.roles if r in wanted)

    def crud(self, model: Model, module: Module) -> None:
        """The five CRUD endpoints of ``model``, their DTOs and service methods."""
        owned = server_owned(model, self.schema)
        create, update = dtos.create_dto(model, owned), dtos.update_dto(model, owned)
        response = dtos.response_dto(model)
        module.dtos.extend([create, update, response])
        requests = {"create": create.name, "update": update.name}
        words = _Words.of(model.name)
        extra = _crud_errors(model, self.schema)
        for row in _CRUD:
            if row.kind == "delete" and keeps_history(model):
                continue  # a record kept in a status or a flag is never deleted
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
                    roles=(self.admin,),
                    request=requests.get(row.request, ""),
                    response=response.name if row.response else "",
                    paginated=row.paginated,
                    path_params=("id",) if ":id" in row.path else (),
                    entity=model.name,
                )
            )
        module.services.extend(_crud_services(model, self.schema, words, owned))

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
                    roles=(self.admin,),
                    response=f"{other.name}ResponseDto" if row.response else "",
                    paginated=row.paginated,
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


_AUTHORSHIP = frozenset(
    [
        "created",
        "author",
        "creator",
        "owner",
        "raised",
        "reported",
        "submitted",
        "requested",
        "opened",
        "posted",
        "uploaded",
        "logged",
        "placed",
        "booked",
        "made",
        "filed",
        "written",
        "sent",
        "issued",
    ]
)
_STATES = frozenset(("status", "state"))


def server_owned(model: Model, schema: Schema) -> frozenset[str]:
    """Fields a client never sets on create: the record's first state (a status the ERD
    defaults) and who made it (its only reference to a user, or the one named for authorship:
    ``authorId``, ``raisedById``), which the service takes from the caller's token."""
    tenant = {fk.column for fk in model.fks if fk.target == schema.tenant and model.name != schema.tenant}
    if model.is_join:
        return frozenset()
    if model.name == schema.user_model:
        return frozenset(tenant)  # an account joins its inviter's tenant
    owned = tenant | {c.name for c in model.columns if c.name in _STATES and c.default}
    to_user = [fk for fk in model.fks if fk.target == schema.user_model and not model.col(fk.column).pk]
    if len(to_user) == 1 and not to_user[0].optional:
        owned.add(to_user[0].column)
    else:
        owned |= {
            fk.column for fk in to_user if not fk.optional and _AUTHORSHIP & set(naming.words(fk.column))
        }
    return frozenset(owned)


def _set_by_server(model: Model, owned: frozenset[str], tenant: str = "") -> str:
    scoped = tenancy.column(model, tenant)
    said = [
        f"`{name}` is the caller's {naming.human(tenant)}" if name == scoped else f"`{name}` is the caller"
        for name in sorted(owned)
        if name not in _STATES
    ]
    said += [f"`{name}` starts at `{model.col(name).default}`" for name in sorted(owned) if name in _STATES]
    return ("; " + ", ".join(said)) if said else ""


def _crud_errors(model: Model, schema: Schema) -> dict[str, tuple[int, ...]]:
    """Errors a CRUD endpoint adds for this model: 404 for a missing reference, 409 for conflicts."""
    unique = (409,) if any(c.unique for c in model.columns) else ()
    referenced = any(fk.target == model.name for other in schema.models for fk in other.fks)
    return {
        "create": (*((404,) if model.fks else ()), *unique),
        "update": unique,
        "delete": (409,) if referenced else (),
    }


def _crud_services(
    model: Model, schema: Schema, words: _Words, owned: frozenset[str] = frozenset()
) -> list[tuple[str, str]]:
    """The service methods behind the CRUD endpoints, each with what it does."""
    noun, nouns, a = words.forms["noun"], words.forms["nouns"], words.forms["a"]
    filters = ", ".join(c.name for c in dtos.filters(model, schema.tenant)) or "none"
    scope = (
        f" of the caller's {naming.human(schema.tenant)}"
        if schema.tenant and tenancy.holds(model, schema.tenant) and model.name != schema.tenant
        else ""
    )
    searched = ", ".join(c.name for c in dtos.searchable(model))
    checks = ", ".join(f"`{fk.column}`" for fk in model.fks if fk.column not in owned)
    unique = any(c.unique for c in model.columns)
    referenced = any(fk.target == model.name for other in schema.models for fk in other.fks)
    search = f"; `q` searches {searched}" if searched else ""
    exist = f" after checking that {checks} exist" if checks else ""
    conflict = "; unique violations → 409" if unique else ""
    in_use = "; 409 while other records reference it" if referenced else ""
    methods = [
        ("findAll(query)", f"page through {nouns}{scope}; filters: {filters}{search}"),
        ("findOne(id)", f"one {noun}{scope} or `NotFoundException`"),
        (
            "create(dto, user)" if owned else "create(dto)",
            f"insert {a} {noun}{exist}{conflict}{_set_by_server(model, owned, schema.tenant)}",
        ),
        ("update(id, dto)", f"partial update of {a} {noun}"),
    ]
    if not keeps_history(model):  # a record kept in a status or a flag is never deleted
        methods.append(("remove(id)", f"delete {a} {noun}{in_use}"))
    return methods


def build(domain: DomainModel, schema: Schema) -> Api:
    """The API for ``domain`` over ``schema``: CRUD per table, then what each story needs."""
    builder = _Builder(domain, schema)
    modules: dict[str, Module] = {}
    for model in schema.models:
        if model.is_join:
            continue
        purpose = f"Owns `{model.table}`: {naming.human_plural(model.name)} and the rules around them."
        module = Module(name=naming.module(model.name), purpose=purpose, entity=model.name)
        builder.crud(model, module)
        modules[model.name] = module
    for model in schema.models:
        if model.is_join:
            owner_model = schema.model(model.fks[0].target)
            builder.links(model, modules[owner_model.name], owner_model)
    auth_module = auth.module(schema, domain.stack.auth_design)
    placed = placing.place(builder.coverage, schema, modules, auth_module, domain.stack.platform)
    for module in [auth_module, *placed]:
        module.endpoints = [
            replace(e, roles=builder.roles_of(e.stories)) if e.stories and not e.public else e
            for e in module.endpoints
        ]
    stated = named.add([auth_module, *placed], domain.stack.endpoints, schema, builder.admin)
    ruled = access.apply([auth_module, *placed], domain, schema, builder.admin)
    seen = visibility.resolve(domain, schema, builder.admin)
    visibility.apply([auth_module, *placed], seen)
    for model in schema.models:
        owner = modules[model.name] if not model.is_join else modules[model.fks[0].target]
        for target in (fk.target for fk in model.fks if fk.target != model.name):
            dependency = modules[target].name
            if dependency != owner.name and dependency not in owner.dependencies:
                owner.dependencies.append(dependency)
    ordered = [auth_module, *placed]
    hooks = webhooks.module(domain.stack.background, {module.name for module in ordered})
    if hooks is not None:
        ordered.append(hooks)
    notes = [*stated, *_break_cycles(ordered)]
    groups, grouping_notes = grouping.build(ordered, domain.stack.modules)
    notes.extend(grouping_notes)
    notes.extend(_break_cycles(groups))
    return Api(
        modules=ordered,
        groups=groups,
        roles=schema.roles,
        admin_role=builder.admin,
        coverage=builder.coverage,
        query_dto=auth.query_dto(),
        auth_dtos=auth.dtos_for(
            schema,
            invites=any(e.kind == "invite" for m in placed for e in m.endpoints),
            design=domain.stack.auth_design,
        ),
        notes=notes,
        visibility=[rule.line for rule in seen],
        access_notes=ruled.notes,
        access_questions=ruled.questions,
    )


def _back_office(schema: Schema, covered: list[coverage.Coverage]) -> str:
    """The role that runs the back office: an administrator where the roles have one, else the role
    whose stories manage the accounts (invite, deactivate, change users), else the role whose
    stories change the most records (the ERD's roles are kept as stated)."""
    roles, user_model = schema.roles, schema.user_model
    admin = next((role for role in roles if is_admin(role)), None)
    if admin is not None:
        return admin
    writes = dict.fromkeys(roles, 0)
    accounts = dict.fromkeys(roles, 0)
    for story in covered:
        role = schema.role_of(story.story.role)
        if role is not None:
            writes[role] += sum(op.method != "GET" for op in story.operations)
            accounts[role] += sum(
                op.entity == user_model and op.kind in ("invite", "create", "update", "delete", "transition")
                for op in story.operations
            )
    if any(accounts.values()):
        return max(roles, key=lambda role: (accounts[role], writes[role]))
    return max(roles, key=lambda role: writes[role]) if any(writes.values()) else roles[-1]


def _break_cycles(modules: Sequence[Module | Group]) -> list[str]:
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
