"""What the documents say some roles may not see, made the reads' scopes.

"Draft assignments are invisible to students": a student's reads of assignments leave out drafts
(a list filters them, a read answers 404). "Grades are *Draft* (visible to teachers only)": every
other role's reads of grades leave drafts out. "Teachers only see courses they teach": a teacher's
reads of courses are limited to those. "Only coordinators may see a child's date of birth": the
field is left out of every other role's responses. A statement whose words name no entity, state,
field or role of the plan changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from generators import naming
from generators.design.api import Endpoint, Grant, Module, role_label
from generators.design.intent import words
from generators.design.intent.nouns import NounIndex
from generators.design.schema import Model, Schema
from generators.model import DomainModel, Visibility

_READS = frozenset(("list", "get", "mine", "availability"))


@dataclass(frozen=True)
class Rule:
    """One statement resolved against the plan: whose reads of which records or field it narrows."""

    entity: str
    roles: tuple[str, ...]
    """The roles whose reads are narrowed."""
    scope: str
    """How the matrix writes the narrowed grant: "not draft", "courses they teach"."""
    field: str = ""
    """A field left out of these roles' responses ("" for whole records)."""
    column: str = ""
    """The status-like column whose value hides a record ("" for none)."""
    value: str = ""
    said: str = ""
    """The statement as the document writes it."""

    @property
    def line(self) -> str:
        """The plan's line for this rule."""
        who = " or ".join(role_label(role) for role in self.roles)
        if self.field:
            return f"`{self.entity}.{self.field}` is left out of the responses a {who} gets (“{self.said}”)."
        if self.column:
            return (
                f"A {who} never reads {naming.article(naming.human(self.entity))} `{self.entity}` whose "
                f"`{self.column}` is `{self.value}` "
                f"(“{self.said}”)."
            )
        return f"A {who} reads only {self.scope} (“{self.said}”)."


def _words(text: str) -> list[str]:
    return [t.text for t in words.tokens(text) if not words.function_word(t.text)]


def _roles(schema: Schema, text: str) -> tuple[str, ...]:
    """The roles ``text`` names ("students", "teachers and guardians"); () if a word is no role."""
    found: list[str] = []
    for said in _split_roles(text):
        role = schema.role_of(said) or schema.role_of(naming.singular(said))
        if role is None:
            return ()
        found.append(role)
    return tuple(dict.fromkeys(found))


def _split_roles(text: str) -> list[str]:
    parts = [p.strip() for p in text.replace("/", ",").replace(" and ", ",").replace(" or ", ",").split(",")]
    return [p for p in parts if p]


def _state(model: Model, schema: Schema, said: Sequence[str]) -> tuple[str, str]:
    """(column, value) of an enum of ``model`` whose value the words name ("draft", "invite only")."""
    phrase = " ".join(w.lower() for w in said)
    for column in model.columns:
        if not column.enum:
            continue
        for value in schema.enum(column.enum).values:
            name = value.replace("_", " ").lower()
            if name and (f" {name} " in f" {phrase} "):
                return column.name, value
    return "", ""


def _field(model: Model, said: Sequence[str]) -> str:
    """The column of ``model`` the last words name, two at least ("date of birth" → dateOfBirth,
    "phone number" → phoneNumber), "" if none."""
    keys = {naming.key(" ".join(said[i:])) for i in range(len(said) - 1)}
    return next((column.name for column in model.columns if naming.key(column.name) in keys), "")


def resolve(domain: DomainModel, schema: Schema, back_office: str) -> list[Rule]:
    """The statements of ``domain`` that name the plan's records and roles; the back office reads
    everything unless a statement names it."""
    nouns = NounIndex(schema, domain)
    rules: list[Rule] = []
    for statement in domain.visibility:
        rule = _resolve(statement, schema, nouns, back_office)
        if rule is not None and rule not in rules:
            rules.append(rule)
    return rules


def _resolve(statement: Visibility, schema: Schema, nouns: NounIndex, back_office: str) -> Rule | None:
    said = _words(statement.subject)
    if not said or len(said) > 5:
        return None
    roles = _roles(schema, statement.roles)
    if not roles:
        return None
    entity = nouns.entity(said[-1:]) or nouns.entity(said[-2:])
    field = ""
    if entity is None:  # "a child's date of birth": a field of the possessor's records
        written = [t.text for t in words.tokens(statement.subject)]
        for model in schema.models:
            field = _field(model, written)
            if field:
                entity = model.name
                break
    if entity is None:
        return None
    model = schema.model(entity)
    column, value = _state(model, schema, [*said, *_words(statement.state)])
    sentence = statement.sentence
    if statement.kind == "limited":
        return Rule(entity, roles, statement.subject.lower(), said=sentence)
    others = tuple(role for role in schema.roles if role not in roles and role != back_office)
    narrowed = roles if statement.kind == "hidden" else others
    if not narrowed:
        return None
    if column:
        scope = f"not {value.replace('_', ' ').lower()}"
        return Rule(entity, narrowed, scope, column=column, value=value, said=sentence)
    if field:
        return Rule(entity, narrowed, "", field=field, said=sentence)
    return None  # a whole table hidden from a role is a grant, the matrix's business


def apply(modules: list[Module], rules: list[Rule]) -> None:
    """Narrow the reads the rules name (in place): the matrix shows the rule as the grant's scope."""
    for module in modules:
        module.endpoints = [_narrowed(endpoint, module, rules) for endpoint in module.endpoints]


def _narrowed(endpoint: Endpoint, module: Module, rules: list[Rule]) -> Endpoint:
    if endpoint.kind not in _READS or endpoint.public:
        return endpoint
    entity = endpoint.entity or module.entity
    scopes = {grant.role: grant.scope for grant in endpoint.grants}
    for rule in rules:
        if rule.entity != entity or rule.field:
            continue
        for role in rule.roles:
            if role in endpoint.roles:
                scopes[role] = ", ".join(s for s in (scopes.get(role, ""), rule.scope) if s)
    if scopes == {grant.role: grant.scope for grant in endpoint.grants}:
        return endpoint
    return replace(endpoint, grants=tuple(Grant(role=r, scope=s) for r, s in scopes.items() if s))
