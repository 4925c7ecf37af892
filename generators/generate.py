"""The entry point: a workspace's files in, validated artifacts and a digest out."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from generators import check, nodecheck
from generators.design import plan as plan_mod
from generators.emit import context, render
from generators.errors import ArtifactInvalid
from generators.model import DomainModel, Orm
from generators.read import config, workspace
from generators.read.workspace import ARTIFACTS, DATABASE_SCHEMA, OPENAPI

__all__ = ["ARTIFACTS", "GenerationResult", "Generator", "Options", "changes", "generate"]


class Options(BaseModel):
    """How to generate: ``orm`` overrides the architecture's choice when set."""

    model_config = ConfigDict(frozen=True)

    orm: Orm | None = None


class Digest(BaseModel):
    """The figures a summary shows."""

    model_config = ConfigDict(frozen=True)

    modules: int
    endpoints: int
    entities: int
    roles: tuple[str, ...]
    stories: int
    tasks: int
    sprints: int
    days: float


class StoryNote(BaseModel):
    """A story no endpoint serves, and why (a side effect, a job, an open question)."""

    model_config = ConfigDict(frozen=True)

    story: str
    role: str
    note: str


class Review(BaseModel):
    """What a reviewer of the plan needs beside the files: coverage, open points, the checks run."""

    model_config = ConfigDict(frozen=True)

    stack: str
    served: int
    unserved: tuple[StoryNote, ...]
    questions: tuple[str, ...]
    assumptions: tuple[str, ...]
    validators: tuple[str, ...]


class GenerationResult(BaseModel):
    """The artifacts (workspace-relative path → bytes), the digest and what was read."""

    model_config = ConfigDict(frozen=True)

    name: str
    slug: str
    orm: Orm
    artifacts: dict[str, bytes]
    digest: Digest
    domain: DomainModel
    review: Review


class Generator:
    """Generates plans. An object that lives across jobs (a worker's) keeps its compiled templates
    and a bounded memory of OpenAPI documents and schemas that passed validation."""

    def __init__(self, node_checks: bool = False, node_modules: Path | None = None) -> None:
        """``node_checks``: also run Prisma's schema engine and Mermaid's parser (Node.js) where
        they are installed (in ``node_modules``' folder, else this checkout); a worker keeps one
        Node process for all its jobs."""
        self.templates = render.Templates()
        self.openapi = check.OpenApiChecker()
        root = nodecheck.modules_root(node_modules) if node_checks else None
        self.node = nodecheck.Validators(root) if root is not None else None

    def close(self) -> None:
        """Stop the Node validators, if running."""
        if self.node is not None:
            self.node.close()

    def generate(
        self, slug: str, files: Mapping[str, bytes], options: Options | None = None
    ) -> GenerationResult:
        """Generate and validate the backend plan of workspace ``slug`` from its ``files``."""
        options = options or Options()
        domain = workspace.read(slug, files)
        orm = options.orm or domain.stack.orm
        plan = plan_mod.build(domain, orm)
        check.dag({m.name: m.dependencies for m in plan.api.groups}, "module graph")
        check.dag({t.id: list(t.depends) for t in plan.tasks}, "task list")
        artifacts = self.templates.documents(context.build(plan, node_checked=self.node is not None))
        self.openapi.check(artifacts[OPENAPI])
        if self.node is not None:
            for verdict in self.node.check(nodecheck.blocks(slug, artifacts, plan.prisma_major)):
                if not verdict.ok:
                    path = verdict.id.split("/", 1)[1].split("#", 1)[0]
                    raise ArtifactInvalid(path, f"{verdict.id.rsplit('#', 1)[1]}: {verdict.error[:500]}")
        sql_blocks = check.fences(artifacts[DATABASE_SCHEMA], "sql")
        if not sql_blocks:
            raise ArtifactInvalid(DATABASE_SCHEMA, "the PostgreSQL DDL block is missing")
        for block in sql_blocks:
            check.sql(block)
        return GenerationResult(
            name=domain.name,
            slug=slug,
            orm=orm,
            artifacts={path: text.encode("utf-8") for path, text in artifacts.items()},
            digest=Digest(
                modules=len(plan.api.groups),
                endpoints=len(plan.api.endpoints),
                entities=len(plan.schema.models),
                roles=tuple(plan.roles),
                stories=len(domain.stories),
                tasks=len(plan.tasks),
                sprints=len(plan.sprints),
                days=sum(task.days for task in plan.tasks),
            ),
            domain=domain,
            review=_review(plan, orm, node_checked=self.node is not None),
        )


def _review(plan: plan_mod.Plan, orm: Orm, node_checked: bool) -> Review:
    stack = plan.domain.stack
    orm_name = f"Prisma {plan.prisma_major}" if orm == "prisma" else "TypeORM"
    validators = [
        "openapi.yaml: read back from its text and checked by openapi-spec-validator (OpenAPI 3.1)",
        f"database-schema.md: every SQL block parsed by PostgreSQL's own parser (pglast, "
        f"PostgreSQL {plan.postgres_major} DDL)",
    ]
    if node_checked:
        validators += [
            f"the Prisma schema: checked by {orm_name}'s schema engine" if orm == "prisma" else "",
            "every Mermaid diagram: parsed by Mermaid",
        ]
    return Review(
        stack=f"Nest.js · {orm_name} · {stack.database} {plan.postgres_major}",
        served=sum(1 for covered in plan.api.coverage if covered.need == "endpoint"),
        unserved=tuple(
            StoryNote(story=story, role=role, note=note)
            for story, role, _, _, note in plan.coverage_rows()
            if note != "served"
        ),
        questions=tuple(plan.questions),
        assumptions=tuple(plan.assumptions),
        validators=tuple(line for line in validators if line),
    )


def generate(slug: str, files: Mapping[str, bytes], options: Options | None = None) -> GenerationResult:
    """Generate and validate the backend plan of workspace ``slug`` (a fresh ``Generator``)."""
    return Generator().generate(slug, files, options)


def changes(files: Mapping[str, bytes], result: GenerationResult, now: datetime) -> dict[str, bytes]:
    """The workspace files to write: changed artifacts and, if needed, the updated config.json.

    Empty when every artifact is already there byte for byte and config.json lists them all.
    """
    changed = {path: data for path, data in result.artifacts.items() if files.get(path) != data}
    listed = config.parse(files[workspace.CONFIG]).artifacts
    if changed or any(path not in listed for path in ARTIFACTS):
        changed[workspace.CONFIG] = config.updated(files[workspace.CONFIG], ARTIFACTS, now)
    return changed
