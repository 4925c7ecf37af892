"""A workspace handed over as paths and bytes, read into the domain model.

The same code serves a folder on disk and a git commit: the caller collects the files, this
module decides what they mean.
"""

from __future__ import annotations

from collections.abc import Mapping

from generators import naming
from generators.errors import MissingInputs, UnreadableInput, WorkspaceNotFound
from generators.model import DomainModel, Entity
from generators.read import config, markdown, prd, stack
from generators.read.datamodel import forms as extract
from generators.read.datamodel import infer
from generators.read.datamodel.collect import Collected

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
        raise UnreadableInput(f"`{path}` is not UTF-8 text (byte {err.start}): save it as UTF-8") from None


def _roles(facts: prd.PrdFacts, entities: tuple[Entity, ...]) -> tuple[str, ...]:
    """The PRD's roles; a role enum stated on the user entity is more precise than prose lists."""
    stated = next(
        (
            attr.enum_values
            for entity in entities
            if naming.key(entity.name) in ("user", "account", "member")
            for attr in entity.attributes
            if attr.name == "role" and attr.enum_values
        ),
        (),
    )
    if not stated:
        return tuple(facts.roles)
    from_stories = [story.role for story in facts.stories]
    values = [prd.role_name(value.replace("_", " ")) for value in stated]
    return tuple(dict.fromkeys([*values, *from_stories]))


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

    texts = [(p, t) for p, t in ((ARCHITECTURE, architecture), (ERD, erd_text), (PRD, prd_text)) if t]
    texts += sorted(epic_files.items())
    documents = [(path, markdown.parse(body)) for path, body in texts]
    parsed = dict(documents)
    facts = prd.read(prd_text, epic_files, PRD, parsed) if prd_text or epic_files else prd.PrdFacts()
    found = Collected()
    for path, root in documents:
        extract.document(root, path, found)
    found.resolve_references()
    for path, root in documents:
        extract.relationships(root, path, found)
    inferred = [] if found.entities else infer.infer(list(facts.stories), documents, found)
    entities, relationships = found.result()
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
    if inferred:
        assumptions.append(
            "No document states a data model: the entities "
            + ", ".join(f"`{name}`" for name in inferred)
            + " are inferred from the stories and features."
        )
        questions.append(
            "Confirm the inferred entities ("
            + ", ".join(inferred)
            + ") and their fields; add the data model to the architecture (a Mermaid `erDiagram`) and re-run."
        )
    elif not entities:
        questions.append(
            "No data model was found in the documents and none could be inferred: "
            "which records does the product keep?"
        )
    bare = [
        entity.name
        for entity in entities
        if not entity.attributes
        and entity.origin == "document"
        and naming.key(entity.name) not in ("user", "account")
    ]
    if bare:
        questions.append("Entities named without fields: " + ", ".join(bare) + ". Which fields do they hold?")
    roles = _roles(facts, entities)
    name = cfg.name or facts.title or slug
    return DomainModel(
        name=name,
        slug=slug,
        brief=cfg.brief,
        entities=entities,
        relationships=relationships,
        roles=roles,
        epics=tuple(facts.epics),
        stories=tuple(facts.stories),
        stack=chosen,
        has_prd=bool(prd_text.strip()),
        has_architecture=bool(architecture.strip()),
        assumptions=tuple(assumptions),
        questions=tuple(questions),
    )
