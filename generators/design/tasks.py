"""Implementation tasks: sized from what they build, ordered as a DAG, packed into sprints."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from generators import naming
from generators.design.api import Api, Module
from generators.design.schema import Schema
from generators.errors import ArtifactInvalid

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


def _module_size(module: Module, schema: Schema) -> tuple[float, str]:
    model = schema.model(module.entity)
    fields = len([c for c in model.columns if not c.internal])
    endpoints = len(module.endpoints)
    relations = len(model.fks)
    actions = len([e for e in module.endpoints if e.kind == "action"])
    days = _half_days(0.5 + 0.05 * fields + 0.2 * endpoints + 0.25 * relations + 0.25 * actions)
    basis = ", ".join(
        naming.count(n, noun)
        for n, noun in (
            (fields, "field"),
            (endpoints, "endpoint"),
            (relations, "relation"),
            (actions, "state change"),
        )
        if n or noun != "state change"
    )
    return days, basis


def build(api: Api, schema: Schema) -> list[Task]:
    """The tasks of the plan, in an order where every dependency comes first."""
    tables = len(schema.models)
    relations = sum(len(model.fks) for model in schema.models)
    tasks = [
        Task(
            "T1",
            "Project setup: Nest CLI, config module with validation, lint, CI",
            "app",
            1.0,
            (),
            "fixed",
        ),
        Task(
            "T2",
            "Database: ORM setup, schema, first migration, seed script",
            "database",
            _half_days(0.5 + 0.1 * tables + 0.05 * relations),
            ("T1",),
            f"{naming.count(tables, 'table')}, {naming.count(relations, 'relation')}",
        ),
        Task(
            "T3",
            "Common: exception filter, error envelope, request-id logging, pagination",
            "common",
            1.5,
            ("T1",),
            "fixed",
        ),
        Task(
            "T4",
            "Auth: register, login, refresh, logout, JWT guard, roles guard, decorators",
            "auth",
            _half_days(1.5 + 0.1 * len(api.roles)),
            ("T2", "T3"),
            naming.count(len(api.roles), "role"),
        ),
    ]
    module_task: dict[str, str] = {"auth": "T4"}
    feature = [module for module in api.modules if module.entity]
    for index, module in enumerate(_in_dependency_order(feature), start=5):
        days, basis = _module_size(module, schema)
        depends = ["T2", "T3", "T4"] + [module_task[d] for d in module.dependencies if d in module_task]
        task_id = f"T{index}"
        module_task[module.name] = task_id
        tasks.append(
            Task(
                task_id,
                f"{module.pascal} module: entity, DTOs, service, controller, unit tests",
                module.name,
                days,
                tuple(dict.fromkeys(depends)),
                basis,
            )
        )
    last = len(tasks)
    endpoints = len(api.endpoints)
    all_modules = tuple(module_task[m.name] for m in feature)
    tasks.append(
        Task(
            f"T{last + 1}",
            "OpenAPI (Swagger) wiring checked against openapi.yaml",
            "app",
            _half_days(0.5 + endpoints / 60),
            all_modules,
            f"{endpoints} endpoints",
        )
    )
    tasks.append(
        Task(
            f"T{last + 2}",
            "E2E suite: auth flow and role × endpoint matrix",
            "test",
            _half_days(1 + endpoints / 20),
            ("T4", *all_modules),
            f"{endpoints} endpoints",
        )
    )
    tasks.append(
        Task(
            f"T{last + 3}",
            "Deployment: Dockerfile, migrations on release, health check",
            "app",
            1.0,
            (f"T{last + 2}",),
            "fixed",
        )
    )
    check_dag(tasks)
    return tasks


def _in_dependency_order(modules: list[Module]) -> list[Module]:
    names = {module.name for module in modules}
    done: list[Module] = []
    placed: set[str] = set()
    pending = list(modules)
    while pending:
        ready = [m for m in pending if all(d in placed or d not in names for d in m.dependencies)]
        if not ready:
            raise ArtifactInvalid("module graph", "module dependencies form a cycle")
        for module in ready:
            done.append(module)
            placed.add(module.name)
            pending.remove(module)
    return done


def check_dag(tasks: list[Task]) -> None:
    """Fail loudly unless every dependency exists and comes earlier (so there is no cycle)."""
    seen: set[str] = set()
    for task in tasks:
        for dependency in task.depends:
            if dependency not in seen:
                raise ArtifactInvalid("task list", f"{task.id} depends on {dependency}, not before it")
        seen.add(task.id)


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
