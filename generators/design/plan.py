"""The plan: the design every artifact is rendered from, derived once from the domain model."""

from __future__ import annotations

from dataclasses import dataclass, field

from generators import naming
from generators.design import api as api_mod
from generators.design import database, named, routes, tenancy
from generators.design import tasks as tasks_mod
from generators.design.api import Api, Endpoint
from generators.design.schema import Schema, is_admin
from generators.design.tasks import Sprint, Task
from generators.model import DomainModel, NamedEndpoint, Orm


@dataclass
class Plan:
    """The whole design: schema, API, tasks, and the notes the plan lists."""

    domain: DomainModel
    orm: Orm
    schema: Schema
    api: Api
    tasks: list[Task]
    sprints: list[Sprint]
    assumptions: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)

    def named_endpoints(self) -> list[tuple[NamedEndpoint, str]]:
        """Each endpoint the architecture names, and the path this plan gives it ("" if none)."""
        return _named_endpoints(self.domain, self.schema, self.api)

    @property
    def capacity(self) -> float:
        """Days per sprint the allocation assumes."""
        return tasks_mod.SPRINT_DAYS

    @property
    def orm_name(self) -> str:
        """The ORM as people write it."""
        return "Prisma" if self.orm == "prisma" else "TypeORM"

    @property
    def signup_role(self) -> str:
        """The role a self-service account gets: that of a story about signing up, else the first
        role that does not run the back office."""
        roles = self.schema.roles
        for covered in self.api.coverage:
            if any(op.kind == "register" for op in covered.operations):
                found = self.schema.role_of(covered.story.role)
                if found is not None and found != self.api.admin_role:
                    return found
        return next((role for role in roles if role != self.api.admin_role), self.api.admin_role)

    @property
    def prisma_major(self) -> int:
        """The Prisma major version: the architecture's, else 7 (the current one)."""
        stated = self.domain.stack.orm_major if self.domain.stack.orm == "prisma" else 0
        return stated or 7

    @property
    def postgres_major(self) -> int:
        """The PostgreSQL major version the architecture names (16 where it is silent)."""
        return self.domain.stack.database_major

    @property
    def roles(self) -> list[str]:
        """Role labels, in matrix column order."""
        return [api_mod.role_label(role) for role in self.schema.roles]

    def matrix(self) -> list[tuple[Endpoint, list[str]]]:
        """The role × endpoint matrix: one row per endpoint, one cell per role: "" (refused), or the
        scope of the grant: "all", "tenant" (the caller's tenant's records) or "own" (the caller's)."""
        rows = []
        scoped = tenancy.reach(self.schema.models, self.schema.tenant)
        for endpoint in self.api.endpoints:
            scope = self._scope(endpoint, scoped)
            if endpoint.public or not endpoint.roles:
                cells = [scope] * len(self.schema.roles)
            else:
                narrowed = {grant.role: grant.scope for grant in endpoint.grants}
                cells = [
                    narrowed.get(role, scope) if role in endpoint.roles else "" for role in self.schema.roles
                ]
            rows.append((endpoint, cells))
        return rows

    def _scope(self, endpoint: Endpoint, scoped: dict[str, str]) -> str:
        """Whose records ``endpoint`` reaches: the caller's own (``/me/…``, the signed-in user), its
        tenant's (a table in ``scoped``, the tenant's reach), or all."""
        if endpoint.path.startswith(("/me/", "/auth/me")) or endpoint.path == "/me":
            return "own"
        entity = endpoint.entity or (self.api.module(endpoint.module).entity if endpoint.module else "")
        return "tenant" if entity in scoped else "all"

    @property
    def feature_modules(self) -> list[api_mod.Module]:
        """Modules that own a table."""
        return [module for module in self.api.modules if module.entity]

    def task_of(self, module: str) -> str:
        """The id of the task that builds ``module`` (empty if none does)."""
        return next((task.id for task in self.tasks if task.module == module), "")

    def coverage_rows(self) -> list[tuple[str, str, str, str, str]]:
        """(story, role, operations, tasks, note) for the story coverage table."""
        rows = []
        for covered in self.api.coverage:
            story = covered.story
            endpoints = [
                (endpoint, module.name)
                for module in self.api.modules
                for endpoint in module.endpoints
                if story.id in endpoint.stories
            ]
            operations = ", ".join(f"`{e.method} {e.path}`" for e, _ in endpoints)
            tasks = ", ".join(dict.fromkeys(t for _, m in endpoints if (t := self.task_of(m))))
            if covered.need == "endpoint":
                note = "served"
            elif covered.need == "question":
                note = "open question: " + covered.note
            else:
                note = f"no endpoint ({covered.need}): {covered.note}"
            rows.append((story.id, story.role, operations or "—", tasks or "—", note))
        return rows


def _named_endpoints(domain: DomainModel, schema: Schema, api: Api) -> list[tuple[NamedEndpoint, str]]:
    """Each endpoint the architecture names and the path the plan gives it ("" if none)."""
    planned: dict[tuple[str, str], str] = {(e.method, named.shape(e.path)): e.path for e in api.endpoints}
    found = []
    for said in domain.stack.endpoints:
        path = planned.get((said.method, named.shape(said.path))) or planned.get(
            (said.method, named.planned_as(said, schema)), ""
        )
        found.append((said, path))
    return found


def _questions(domain: DomainModel, schema: Schema, api: Api) -> list[str]:
    questions = [*domain.questions, *schema.questions]
    missing = [
        f"`{said.method} {said.path}`"
        for said, planned in _named_endpoints(domain, schema, api)
        if not planned
    ]
    if missing:
        questions.append(
            "The architecture names endpoints whose paths name no records of the data model, so this plan "
            "does not have them: "
            + ", ".join(missing[:12])
            + (" and more" if len(missing) > 12 else "")
            + ". Add the stories they serve, or confirm they are out of this plan."
        )
    for story in api.unmapped:
        questions.append(
            f'{story.id} ({story.role}: "{story.action}") names no entity of the data model: '
            "which records does it read or change?"
        )
    for module in api.modules:
        if not module.entity:
            continue
        writes = [
            e for e in module.endpoints if e.kind in ("update", "delete") and not e.stories and not e.ruled
        ]
        if not writes:
            continue
        admin = api_mod.role_label(api.admin_role)
        noun, nouns = naming.human(module.entity), naming.human_plural(module.entity)
        if module.entity == schema.user_model:
            questions.append(
                f"No story says who may edit or delete user accounts: only {admin} may until this "
                "is confirmed. Should users edit their own profile?"
            )
            continue
        creators = [
            api_mod.role_label(r)
            for r in next(e.roles for e in module.endpoints if e.kind == "create")
            if r != api.admin_role
        ]
        owner = (
            f"the {' or '.join(creators)} who created {naming.article(noun)} {noun}"
            if creators
            else "its creator"
        )
        questions.append(
            f"No story says who may edit or delete {nouns}: only {admin} may until this is "
            f"confirmed. Should {owner} be able to?"
        )
    questions.extend(api.access_questions)
    if domain.stack.other_framework:
        questions.append(
            "The architecture chooses another framework than Nest.js "
            f"(“{domain.stack.other_framework}”) and this step plans Nest.js: confirm Nest.js now, or "
            "keep that framework and read this plan's modules as its route plugins."
        )
    if domain.stories and any(not s.complexity for s in domain.stories):
        missing = [s.id for s in domain.stories if not s.complexity]
        questions.append("Stories without a stated complexity: " + ", ".join(missing) + ".")
    user = schema.model(schema.user_model)
    if user.origin == "auth":
        questions.append("Which profile fields does a user have beyond email and role?")
    return questions


def _assumptions(domain: DomainModel, schema: Schema, api: Api, orm: Orm) -> list[str]:
    notes = list(domain.assumptions)
    if orm != domain.stack.orm and domain.stack.orm_stated:
        notes.append(
            f"The ORM was set to {orm} for this run, although the architecture chooses {domain.stack.orm}."
        )
    elif not domain.stack.orm_stated:
        notes.append("The architecture names no ORM: Prisma, the default for this step.")
    if not domain.roles:
        notes.append("The PRD names no roles: `user` for everyone and `admin` for staff.")
    elif "admin" in schema.roles and all(not is_admin(r) for r in domain.roles):
        notes.append("The PRD names no admin role: `admin` is added to run the back office and seed data.")
    if domain.stack.other_framework:
        platform = "Fastify" if domain.stack.platform == "fastify" else "Express"
        adapter = (
            " (`@nestjs/platform-fastify`), so Fastify's plugins and speed stay"
            if platform == "Fastify"
            else ""
        )
        notes.append(
            f"The architecture builds the API without Nest.js (“{domain.stack.other_framework}”); this "
            f"plan is for Nest.js, as this step asks, on its {platform} platform{adapter}; its modules "
            "mirror the architecture's."
        )
    elif domain.stack.platform == "fastify":
        notes.append(
            "Nest.js runs on its Fastify platform (`@nestjs/platform-fastify`), as the architecture says."
        )
    notes.extend(schema.notes)
    notes.extend(api.notes)
    notes.extend(api.access_notes)
    notes.append(
        "Every non-admin role may read the records its stories touch; scoping reads to the caller's "
        "own records (owner, groomer, member…) is done in the services, per module."
    )
    if domain.stack.cache:
        notes.append(f"{domain.stack.cache} (from the architecture) backs the rate limiter and caching.")
    if domain.stack.queue:
        notes.append(f"{domain.stack.queue} (from the architecture) runs background jobs; one queue module.")
    return notes


def build(domain: DomainModel, orm: Orm) -> Plan:
    """The full plan for ``domain`` with ``orm``."""
    if not domain.roles:
        domain = domain.model_copy(update={"roles": ("user",)})
    schema = database.build(domain)
    api = routes.build(domain, schema)
    tasks = tasks_mod.build(api, schema, domain.stack)
    return Plan(
        domain=domain,
        orm=orm,
        schema=schema,
        api=api,
        tasks=tasks,
        sprints=tasks_mod.sprints(tasks),
        assumptions=_assumptions(domain, schema, api, orm),
        questions=_questions(domain, schema, api),
    )
