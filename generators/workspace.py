"""A workspace handed over as paths and bytes, read into the domain model.

The same code serves a folder on disk and a git commit: the caller collects the files, this
module decides what they mean.
"""

from __future__ import annotations

from collections.abc import Mapping

from generators import config, markdown
from generators.errors import InputError, MissingInputs, WorkspaceNotFound
from generators.model import DomainModel, Entity, Relationship
from generators.readers import erd, prd, stack

CONFIG = "config.json"
PRD = "product/prd/prd.md"
EPICS = "product/prd/epics/"
ARCHITECTURE = "code/architecture/architecture.md"
ERD = "code/architecture/erd.md"
OUTPUT = "code/backend/"
BACKEND_PLAN = OUTPUT + "backend-plan.md"
API_SPEC = OUTPUT + "api-spec.md"
DATABASE_SCHEMA = OUTPUT + "database-schema.md"
OPENAPI = OUTPUT + "openapi.yaml"
ARTIFACTS = (BACKEND_PLAN, API_SPEC, DATABASE_SCHEMA, OPENAPI)


def wanted(path: str) -> bool:
    """Whether the generators read the workspace file at ``path`` (inputs and earlier outputs)."""
    if path in (CONFIG, PRD, ARCHITECTURE, ERD) or path in ARTIFACTS:
        return True
    return path.startswith(EPICS) and path.endswith(".md") and "/" not in path[len(EPICS) :]


def text(files: Mapping[str, bytes], path: str) -> str:
    """A document's text; invalid UTF-8 is the user's to fix and named as such."""
    data = files.get(path)
    if data is None:
        return ""
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        raise InputError(f"`{path}` is not UTF-8 text (byte {err.start}): save it as UTF-8") from None


def _diagrams(documents: list[tuple[str, str]]) -> erd.Diagram:
    diagram = erd.Diagram()
    for path, body in documents:
        for fence in markdown.parse(body).fences("mermaid", "mmd", ""):
            first = next((line.strip() for line in fence.text.splitlines() if line.strip()), "")
            if first.startswith("erDiagram"):
                erd.parse(fence.text, path, diagram)
    return diagram


def _unique_relationships(relationships: list[Relationship]) -> tuple[Relationship, ...]:
    seen: set[tuple[str, str, str, str, str]] = set()
    result = []
    for rel in relationships:
        key = (rel.left, rel.right, rel.left_end, rel.right_end, rel.label.lower())
        if key not in seen:
            seen.add(key)
            result.append(rel)
    return tuple(result)


def read(slug: str, files: Mapping[str, bytes]) -> DomainModel:
    """The domain model of the workspace ``slug`` whose files (workspace-relative) are given."""
    if CONFIG not in files:
        raise WorkspaceNotFound(slug)
    cfg = config.parse(files[CONFIG])
    prd_text = text(files, PRD)
    architecture = text(files, ARCHITECTURE)
    erd_text = text(files, ERD)
    if not prd_text.strip() and not architecture.strip():
        raise MissingInputs(slug)
    epic_files = {
        path: text(files, path) for path in sorted(files) if wanted(path) and path.startswith(EPICS)
    }
    facts = prd.read(prd_text, epic_files, PRD) if prd_text or epic_files else prd.PrdFacts()
    documents = [(p, t) for p, t in ((ARCHITECTURE, architecture), (ERD, erd_text), (PRD, prd_text)) if t]
    documents += sorted(epic_files.items())
    diagram = _diagrams(documents)
    assumptions: list[str] = []
    questions: list[str] = []
    if not prd_text.strip():
        assumptions.append(
            "There is no PRD (`product/prd/prd.md`): roles and stories are unknown, so every "
            "endpoint is planned with plain CRUD and admin access. Run `/prd` and re-run this step."
        )
    if not architecture.strip():
        assumptions.append(
            "There is no architecture document (`code/architecture/architecture.md`): the stack "
            "is the default (Nest.js, PostgreSQL, Prisma) and the data model comes from the PRD."
        )
    chosen = stack.read(architecture)
    if chosen.other_database:
        assumptions.append(
            f"The architecture mentions {chosen.other_database}; this plan targets PostgreSQL "
            "as the Nest.js backend standard. Confirm before implementation."
        )
    entities: tuple[Entity, ...] = tuple(diagram.entities.values())
    if not entities:
        questions.append("No data model was found in the documents: confirm the entities below.")
    name = cfg.name or facts.title or slug
    return DomainModel(
        name=name,
        slug=slug,
        brief=cfg.brief,
        entities=entities,
        relationships=_unique_relationships(diagram.relationships),
        roles=tuple(facts.roles),
        epics=tuple(facts.epics),
        stories=tuple(facts.stories),
        stack=chosen,
        has_prd=bool(prd_text.strip()),
        has_architecture=bool(architecture.strip()),
        assumptions=tuple(assumptions),
        questions=tuple(questions),
    )
