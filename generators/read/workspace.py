"""A workspace handed over as paths and bytes, read into the domain model.

The same code serves a folder on disk and a git commit: the caller collects the files, this
module decides what they mean.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from generators import naming
from generators.errors import MissingInputs, ModelTooLarge, UnreadableInput, WorkspaceNotFound
from generators.model import DomainModel, Entity, RoleFound, Stack, Story
from generators.read import (
    access,
    checks,
    clean,
    config,
    constraints,
    markdown,
    modules,
    prd,
    risks,
    stack,
    synonyms,
    visibility,
)
from generators.read.datamodel import forms as extract
from generators.read.datamodel import infer, prose
from generators.read.datamodel.collect import Collected
from generators.read.markdown import Section

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

MAX_ENTITIES = 150
"""Entities one plan covers. An MVP's model has tens; past this the validators' time grows faster
than the model (openapi-spec-validator resolves references by crawling the whole document)."""


def wanted(path: str) -> bool:
    """Whether the generators read the workspace file at ``path`` (inputs and earlier outputs)."""
    if path in (CONFIG, PRD, ARCHITECTURE, ERD) or path in ARTIFACTS:
        return True
    return path.startswith(EPICS) and path.endswith(".md") and "/" not in path[len(EPICS) :]


def text(files: Mapping[str, bytes], path: str) -> clean.Cleaned:
    """A document's text, its line breaks plain and its control characters removed (counted);
    invalid UTF-8 is the user's to fix and named as such."""
    data = files.get(path)
    if data is None:
        return clean.Cleaned("", 0)
    try:
        decoded = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        raise UnreadableInput(f"`{path}` is not UTF-8 text (byte {err.start}): save it as UTF-8") from None
    return clean.document(decoded)


def _cleaning_notes(name: str, cfg_name: str, removed: Mapping[str, int]) -> list[str]:
    """Assumptions saying which workspace text held control characters, and what was done."""
    notes = [
        f"`{path}` held {count} control character{'s' if count > 1 else ''} (such as NUL, ESC or "
        "U+FFFE); they were left out of this plan."
        for path, count in removed.items()
        if count
    ]
    if not clean.is_one_line(cfg_name):
        notes.append(
            "The name in `config.json` holds line breaks or control characters; this plan calls the "
            f"product “{name}”."
        )
    return notes


# A role enum declared on a line of its own: "Role: MANAGER, SERVER, BARTENDER." or
# "UserRole = admin | member" (whole line, identifiers only: never a sentence).
_ROLE_ENUM = re.compile(
    r"^\s*(?:[-*]\s*)?`?(?:User|Account|Member)?_?Roles?`?\s*[:=]\s*"
    r"(?P<values>[A-Za-z][A-Za-z0-9_]{0,30}(?:\s*[,|]\s*[A-Za-z][A-Za-z0-9_]{0,30})+)\s*\.?\s*$"
)


def _role_enum(texts: list[str]) -> tuple[str, ...]:
    """The values of the first role enum declared on a line of its own in ``texts``."""
    for text in texts:
        for line in text.splitlines():
            if len(line) <= 300 and (match := _ROLE_ENUM.match(line)):
                return tuple(dict.fromkeys(v.strip().lower() for v in re.split(r"[,|]", match["values"])))
    return ()


_CREDENTIAL = re.compile(r"(?:^|_)(?:password|passwd|pin)(?:_?hash(?:ed)?)?$|^hashed_?(?:password|pin)$")


def _signing_in(entities: tuple[Entity, ...]) -> tuple[str, ...]:
    """Where nothing names roles: the people of tables that hold their own credentials (professors
    and students each signing in with a password or a PIN) are the roles, two or more of them."""
    people = [
        entity.name
        for entity in entities
        if any(_CREDENTIAL.search(naming.snake(attr.name)) for attr in entity.attributes)
    ]
    return tuple(naming.human(name) for name in people) if len(people) >= 2 else ()


def _roles(facts: prd.PrdFacts, entities: tuple[Entity, ...], texts: list[str]) -> tuple[RoleFound, ...]:
    """The PRD's roles, each with where it was found; a role enum stated on the user entity (or
    declared on its own line) is more precise than prose lists."""
    stated = _stated_roles(entities, texts)
    acting = {story.role for story in facts.stories}
    if not stated and not facts.roles:
        return tuple(
            RoleFound(name=role, found="people of a table that holds their own credentials", sure=False)
            for role in _signing_in(entities)
        )
    if not stated:
        return tuple(
            RoleFound(
                name=role,
                found="the actor of stories"
                if role in acting
                else "named in the PRD (roles, personas, actors)",
            )
            for role in facts.roles
        )
    values = [prd.role_name(value.replace("_", " ")) for value in stated]
    return tuple(
        RoleFound(name=role, found="a value of the role enum" if role in values else "the actor of stories")
        for role in dict.fromkeys([*values, *(story.role for story in facts.stories)])
    )


def _stated_roles(entities: tuple[Entity, ...], texts: list[str]) -> tuple[str, ...]:
    """The values of a role enum on the user entity, or declared on a line of its own."""
    return next(
        (
            attr.enum_values
            for entity in entities
            if naming.key(entity.name) in ("user", "account", "member")
            for attr in entity.attributes
            if attr.name == "role" and attr.enum_values
        ),
        (),
    ) or _role_enum(texts)


@dataclass(frozen=True)
class _Texts:
    """The workspace's documents as text (empty when absent)."""

    prd: str
    architecture: str
    erd: str
    epics: dict[str, str]

    def present(self) -> list[tuple[str, str]]:
        """(path, text) of every document there is, architecture first, epics last."""
        texts = [
            (p, t) for p, t in ((ARCHITECTURE, self.architecture), (ERD, self.erd), (PRD, self.prd)) if t
        ]
        return texts + sorted(self.epics.items())


def _infer(
    stories: list[Story], documents: list[tuple[str, Section]], found: Collected
) -> list[tuple[str, str]]:
    """Entities inferred where no document states a data model: from English stories and features,
    or from the prose of a language the prose reader knows; (name, where it came from) each."""
    language = prose.language_of(documents, stories)
    if language is not None:
        return prose.infer(stories, documents, found, language)
    return [(name, "") for name in infer.infer(stories, documents, found)]


def _notes(
    texts: _Texts, chosen: Stack, inferred: list[tuple[str, str]], entities: tuple[Entity, ...]
) -> tuple[list[str], list[str]]:
    """(assumptions, open questions) about what the documents leave out."""
    assumptions: list[str] = []
    questions: list[str] = []
    if not texts.prd.strip():
        assumptions.append(
            "There is no PRD (`product/prd/prd.md`): roles and stories are unknown, so every "
            "endpoint is planned with plain CRUD and admin access. Run `/prd` and re-run this step."
        )
    if not texts.architecture.strip():
        assumptions.append(
            "There is no architecture document (`code/architecture/architecture.md`): the stack "
            "is the default (Nest.js, PostgreSQL, Prisma) and the data model comes from the PRD."
        )
    if chosen.other_database:
        assumptions.append(
            f"The architecture mentions {chosen.other_database}; this plan targets PostgreSQL "
            "as the Nest.js backend standard. Confirm before implementation."
        )
    if inferred:
        names = ", ".join(name for name, _ in inferred)
        assumptions.append(
            "No document states a data model: the entities "
            + ", ".join(f"`{name}`" for name, _ in inferred)
            + " are inferred from the stories and features."
        )
        questions.append(
            f"Confirm the inferred entities ({names}) and their fields; add the data model to the "
            "architecture (a Mermaid `erDiagram`) and re-run."
        )
        said = [f"`{name}` ({where})" for name, where in inferred if where]
        if said:
            questions.append("Where the inferred entities come from: " + "; ".join(said) + ".")
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
    return assumptions, questions


def read(slug: str, files: Mapping[str, bytes]) -> DomainModel:
    """The domain model of the workspace ``slug`` whose files (workspace-relative) are given."""
    if CONFIG not in files:
        raise WorkspaceNotFound(slug)
    cfg = config.parse(files[CONFIG])
    read_in = {
        path: text(files, path)
        for path in (PRD, ARCHITECTURE, ERD, *sorted(files))
        if path in (PRD, ARCHITECTURE, ERD) or (wanted(path) and path.startswith(EPICS))
    }
    epics = {path: cleaned.text for path, cleaned in read_in.items() if path.startswith(EPICS)}
    texts = _Texts(read_in[PRD].text, read_in[ARCHITECTURE].text, read_in[ERD].text, epics)
    if not texts.prd.strip() and not texts.architecture.strip():
        raise MissingInputs(slug)
    documents = [(path, markdown.parse(body)) for path, body in texts.present()]
    parsed = dict(documents)
    facts = prd.read(texts.prd, epics, PRD, parsed) if texts.prd or epics else prd.PrdFacts()
    found = Collected()
    for path, root in documents:
        extract.document(root, path, found)
    found.resolve_references()
    for path, root in documents:
        extract.relationships(root, path, found)
    inferred = [] if found.entities else _infer(list(facts.stories), documents, found)
    if len(found.entities) > MAX_ENTITIES:
        raise ModelTooLarge(len(found.entities), MAX_ENTITIES)
    entities, relationships = found.result()
    named = [entity.name for entity in entities]
    stated = synonyms.find(documents, named) + synonyms.from_tables(texts.present(), named)
    chosen = stack.read(texts.architecture)
    grants, grants_heading = access.read(parsed.get(ARCHITECTURE))
    chosen = chosen.model_copy(
        update={
            "modules": modules.read(parsed.get(ARCHITECTURE), named),
            "risks": risks.read(parsed.get(ARCHITECTURE)),
            "access": grants,
            "access_heading": grants_heading,
        }
    )
    assumptions, questions = _notes(texts, chosen, inferred, entities)
    name = clean.line(cfg.name) or clean.line(facts.title) or slug
    assumptions.extend(
        _cleaning_notes(name, cfg.name, {path: cleaned.removed for path, cleaned in read_in.items()})
    )
    questions.extend(found.problems)
    rules = tuple(
        {
            (c.kind, c.expression, c.entity): c
            for c in (*found.constraints, *constraints.of_prose(texts.present()))
        }.values()
    )
    found_roles = _roles(facts, entities, [text for _, text in texts.present()])
    return DomainModel(
        name=name,
        slug=slug,
        brief=clean.line(cfg.brief),
        entities=entities,
        relationships=relationships,
        roles=tuple(role.name for role in found_roles),
        role_sources=found_roles,
        epics=tuple(facts.epics),
        stories=tuple(facts.stories),
        synonyms=stated,
        constraints=rules,
        stack=chosen,
        has_prd=bool(texts.prd.strip()),
        has_architecture=bool(texts.architecture.strip()),
        assumptions=tuple(assumptions),
        questions=tuple(questions),
        checks=checks.read(documents),
        visibility=visibility.read(documents),
    )
