"""Implementation tasks: sized from what they build, ordered as a DAG, packed into sprints."""

from __future__ import annotations

import graphlib
import math
from dataclasses import dataclass, field

from generators import naming
from generators.design.api import Api, Module
from generators.design.schema import Schema
from generators.errors import ArtifactInvalid
from generators.model import Background, BackgroundKind, Risk, Stack

SPRINT_DAYS = 8.0
"""Capacity of one sprint: one backend developer, two weeks, 80% focus."""


@dataclass(frozen=True)
class Task:
    """One task of the plan."""

    id: str
    title: str
    module: str
    days: float
    depends: tuple[str, ...]
    basis: str


@dataclass
class Sprint:
    """A sprint and the tasks it holds."""

    number: int
    tasks: list[Task] = field(default_factory=list)

    @property
    def days(self) -> float:
        """Planned days in this sprint."""
        return sum(task.days for task in self.tasks)


def _half_days(value: float) -> float:
    return max(0.5, math.ceil(value * 2) / 2)


# Days a story's stated complexity adds to its module, beyond the size of what it builds: its rules,
# edge cases and tests.
STORY_DAYS = {"XS": 0.1, "S": 0.25, "M": 0.5, "L": 1.0, "XL": 2.0}
# Days a risk the architecture names costs to mitigate and prove, by its impact (low: none).
RISK_DAYS = {"high": 2.0, "medium": 1.0}


def _module_size(module: Module, schema: Schema) -> tuple[float, str]:
    model = schema.model(module.entity) if module.entity else None
    fields = len([c for c in model.columns if not c.internal]) if model else 0
    endpoints = len(module.endpoints)
    relations = len(model.fks) if model else 0
    actions = len([e for e in module.endpoints if e.kind in ("action", "transition", "batch")])
    sizes = [story.complexity for story in module.stories if story.complexity]
    stories = sum(STORY_DAYS.get(size, 0.0) for size in sizes)
    days = _half_days(0.5 + 0.05 * fields + 0.2 * endpoints + 0.25 * relations + 0.25 * actions + stories)
    basis = ", ".join(
        naming.count(n, noun)
        for n, noun in (
            (fields, "field"),
            (endpoints, "endpoint"),
            (relations, "relation"),
            (actions, "state change"),
        )
        if n or noun not in ("state change", "field", "relation")
    )
    if sizes:
        counted = {size: sizes.count(size) for size in STORY_DAYS if size in sizes}
        basis += "; stories " + " + ".join(f"{count} {size}" for size, count in counted.items())
    return days, basis


def _foundation(api: Api, schema: Schema) -> list[Task]:
    """Setup, database, common and auth: what every feature module builds on."""
    tables = len(schema.models)
    relations = sum(len(model.fks) for model in schema.models)
    roles = len(api.roles)
    return [
        Task(id="T1", title="Project setup: Nest CLI, config module with validation, lint, CI", module="app",
             days=1.0, depends=(), basis="fixed"),
        Task(id="T2", title="Database: ORM setup, schema, first migration, seed script", module="database",
             days=_half_days(0.5 + 0.1 * tables + 0.05 * relations), depends=("T1",),
             basis=f"{naming.count(tables, 'table')}, {naming.count(relations, 'relation')}"),
        Task(id="T3", title="Common: exception filter, error envelope, request-id logging, pagination",
             module="common", days=1.5, depends=("T1",), basis="fixed"),
        Task(id="T4", title="Auth: register, login, refresh, logout, JWT guard, roles guard, decorators",
             module="auth", days=_half_days(1.5 + 0.1 * roles), depends=("T2", "T3"),
             basis=naming.count(roles, "role")),
    ]  # fmt: skip


def _closing(first: int, endpoints: int, modules: tuple[str, ...]) -> list[Task]:
    """OpenAPI wiring, the E2E suite and deployment, numbered from ``first``."""
    wiring, e2e, deploy = (f"T{first + offset}" for offset in range(3))
    return [
        Task(id=wiring, title="OpenAPI (Swagger) wiring checked against openapi.yaml", module="app",
             days=_half_days(0.5 + endpoints / 60), depends=modules, basis=f"{endpoints} endpoints"),
        Task(id=e2e, title="E2E suite: auth flow and role × endpoint matrix", module="test",
             days=_half_days(1 + endpoints / 20), depends=("T4", *modules), basis=f"{endpoints} endpoints"),
        Task(id=deploy, title="Deployment: Dockerfile, migrations on release, health check", module="app",
             days=1.0, depends=(e2e,), basis="fixed"),
    ]  # fmt: skip


_BACKGROUND: dict[BackgroundKind, tuple[str, float]] = {
    "worker": ("{name}: queue consumer{queue}, retries with backoff, dead letters, graceful shutdown", 1.5),
    "schedule": ("Scheduled jobs: `@nestjs/schedule` in the worker, one run at a time across instances", 1.0),
    "webhook": ("{name} webhooks: signature check, idempotent handling by event id, replay test", 1.0),
    "email": ("E-mail through {name}: templates, sending from the worker, bounces", 1.0),
    "sms": ("SMS through {name}: templates, opt-out, delivery status", 1.0),
}  # fmt: skip


def _background(work: tuple[Background, ...], queue: str, first: int, after: tuple[str, ...]) -> list[Task]:
    """A task per piece of background work the architecture names, numbered from ``first``."""
    tasks = []
    for index, item in enumerate(work):
        title, days = _BACKGROUND[item.kind]
        name = item.name[:1].upper() + item.name[1:]
        tasks.append(
            Task(
                id=f"T{first + index}",
                title=title.format(name=name, queue=f" on {queue}" if queue else ""),
                module="worker" if item.kind in ("worker", "schedule") else "integrations",
                days=days,
                depends=after,
                basis="the architecture",
            )
        )
    return tasks


def _risks(risks: tuple[Risk, ...], first: int, after: tuple[str, ...]) -> list[Task]:
    """A task per high- or medium-impact risk the architecture names: its mitigation, and the test
    that shows it holds (the architecture's hard parts)."""
    tasks: list[Task] = []
    for risk in (r for r in risks if r.impact in RISK_DAYS):
        doing = f": {risk.mitigation}" if risk.mitigation else ""
        tasks.append(
            Task(
                id=f"T{first + len(tasks)}",
                title=f"Risk ({risk.impact}): {risk.risk}{doing}; a test that shows it holds",
                module="risk",
                days=RISK_DAYS[risk.impact],
                depends=after,
                basis=f"{risk.impact}-impact risk in the architecture",
            )
        )
    return tasks


def build(api: Api, schema: Schema, stack: Stack | None = None) -> list[Task]:
    """The tasks of the plan, in an order where every dependency comes first; the background work
    the architecture names (workers, schedules, webhooks, providers) after the feature modules."""
    stack = stack or Stack()
    tasks = _foundation(api, schema)
    module_task: dict[str, str] = {"auth": "T4"}
    # The webhooks' module is built by the tasks of the webhooks themselves (the background work).
    feature = [module for module in api.modules if module.name != "auth" and not _receives_webhooks(module)]
    built: list[str] = []
    for module in _in_dependency_order(feature):
        days, basis = _module_size(module, schema)
        task_id = f"T{len(tasks) + 1}"
        depends = ["T2", "T3", "T4"] + [module_task[d] for d in module.dependencies if d in module_task]
        module_task[module.name] = task_id
        group = api.group_of(module.name)
        where = f" (in {naming.pascal_exact(group)}Module)" if group != module.name else " module"
        builds = "entity, DTOs, service" if module.entity else "DTOs, service"
        title = f"{module.pascal}{where}: {builds}, controller, unit tests"
        if days <= SPRINT_DAYS:
            tasks.append(Task(task_id, title, module.name, days, tuple(dict.fromkeys(depends)), basis))
            built.append(task_id)
            continue
        # Larger than a sprint: the resource first, then its state changes and story rules, in parts
        # that each fit a sprint.
        count = math.ceil(days / SPRINT_DAYS)
        share = _half_days(days / count)
        previous = ""
        for part in range(1, count + 1):
            part_id = task_id if part == 1 else f"T{len(tasks) + 1}"
            doing = (
                f"{builds}, CRUD controller, unit tests"
                if part == 1
                else "state changes and the rules of its stories"
                + (f" ({part - 1} of {count - 1})" if count > 2 else "")
                + ", unit tests"
            )
            left = days - share * (part - 1)
            tasks.append(
                Task(
                    part_id,
                    f"{module.pascal}{where}: {doing}",
                    module.name,
                    share if part < count else _half_days(left),
                    tuple(dict.fromkeys(depends)) if part == 1 else (previous,),
                    f"part {part} of {count} of {days:g} d" + (f": {basis}" if part == 1 else ""),
                )
            )
            built.append(part_id)
            previous = part_id
    modules = tuple(built)
    background = _background(stack.background, stack.queue, len(tasks) + 1, ("T2", "T3", *modules))
    tasks += background
    risky = _risks(stack.risks, len(tasks) + 1, ("T2", "T3", *modules))
    tasks += risky
    later = (*modules, *(task.id for task in (*background, *risky)))
    return tasks + _closing(len(tasks) + 1, len(api.endpoints), later)


def _receives_webhooks(module: Module) -> bool:
    return bool(module.endpoints) and all(endpoint.kind == "webhook" for endpoint in module.endpoints)


def _in_dependency_order(modules: list[Module]) -> list[Module]:
    """Modules level by level (each after the modules it imports), in their given order within a level."""
    position = {module.name: index for index, module in enumerate(modules)}
    sorter = graphlib.TopologicalSorter(
        {module.name: [d for d in module.dependencies if d in position] for module in modules}
    )
    try:
        sorter.prepare()
    except graphlib.CycleError:
        raise ArtifactInvalid("module graph", "module dependencies form a cycle") from None
    ordered: list[Module] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready(), key=position.__getitem__)
        ordered.extend(modules[position[name]] for name in ready)
        sorter.done(*ready)
    return ordered


def sprints(tasks: list[Task], capacity: float = SPRINT_DAYS) -> list[Sprint]:
    """Pack tasks into sprints in order; a task never lands before a task it depends on."""
    result: list[Sprint] = [Sprint(1)]
    where: dict[str, int] = {}
    for task in tasks:
        earliest = max((where[d] for d in task.depends), default=1)
        number = earliest
        while True:
            while len(result) < number:
                result.append(Sprint(len(result) + 1))
            sprint = result[number - 1]
            if sprint.days + task.days <= capacity or not sprint.tasks:
                break
            number += 1
        sprint.tasks.append(task)
        where[task.id] = number
    return result
