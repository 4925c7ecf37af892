"""Which entity a story's words name, and which entity a state-changing verb moves.

Names come from the data model (full names, then a distinctive last or first word), from what the
documents say a word means ("'Booking' always means `Reservation`"), from the act a verb names
(buying makes an order) and from the roles (a host is a user). A verb like "cancel" names the
entity whose status can become CANCELLED, and a status value names its entity ("a draft").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generators import naming
from generators.design.intent import words
from generators.design.schema import Schema
from generators.model import DomainModel

GENERIC = words.vocabulary("entry item record line detail link log copy data info")
"""Last words too vague to name a compound entity alone ("entry" of FuelEntry)."""


@dataclass(frozen=True)
class State:
    """A value an entity can be moved to: ``Reservation.status = CANCELLED`` or ``User.isActive``."""

    entity: str
    column: str
    value: str
    flag: bool = False
    initial: bool = False
    """The value a new record starts in (the enum's first value)."""


def key(text: str) -> str:
    """A phrase's key: its words in the singular, lower case."""
    return " ".join(naming.singular(part) for part in naming.words(text))


class NounIndex:
    """Words and phrases that name entities of one schema."""

    def __init__(self, schema: Schema, domain: DomainModel) -> None:
        self.schema = schema
        self.user = schema.user_model
        self.entities = [model.name for model in schema.models if not model.is_join]
        self.roles = {key(role) for role in domain.roles if key(role)} | {
            "account",
            "user",
            "staff",
            "people",
            "person",
        }
        self.role_words = {role.split()[-1] for role in self.roles}
        self.phrases: dict[str, str] = {}
        for name in self.entities:
            parts = [naming.singular(part) for part in naming.words(name)]
            self.phrases[" ".join(parts)] = name
        for synonym in domain.synonyms:
            if synonym.entity in self.entities:
                self.phrases.setdefault(key(synonym.word), synonym.entity)
        for word, others in words.SAME_THINGS.items():
            known = next((self.phrases[o] for o in others if o in self.phrases), None)
            if known is not None and word not in self.phrases:
                self.phrases[word] = known
        self.heads: dict[str, str] = {}
        self._distinctive()
        self.states = list(_states(schema))

    def _distinctive(self) -> None:
        """A compound name's first or last word names it alone when no other entity shares it and it
        is not a role ("photo" → ListingPhoto, "waitlist" → WaitlistEntry; "teacher" stays a role)."""
        owners: dict[str, set[str]] = {}
        for name in self.entities:
            parts = [naming.singular(part) for part in naming.words(name)]
            if len(parts) > 1:
                for word in {parts[0], parts[-1]}:
                    owners.setdefault(word, set()).add(name)
        for word, names in owners.items():
            if (
                len(names) == 1
                and word not in self.phrases
                and word not in self.role_words
                and word not in GENERIC
            ):
                self.heads[word] = next(iter(names))

    def _lookup(self, nouns: Sequence[str]) -> str | None:
        """The entity named by the longest phrase of ``nouns``, nearest the head (the last word); a
        full name before a compound's distinctive word ("enrolment requests" → Enrolment)."""
        for table in (self.phrases, self.heads):
            for size in (3, 2, 1):
                for end in range(len(nouns), size - 1, -1):
                    phrase = " ".join(nouns[end - size : end])
                    if phrase in table:
                        return table[phrase]
                    if "-" in phrase and key(phrase) in table:  # "walk-around check"
                        return table[key(phrase)]
                    if size > 1 and phrase.replace(" ", "") in table:
                        return table[phrase.replace(" ", "")]
        return None

    def entity(self, nouns: Sequence[str], *fallbacks: Sequence[str]) -> str | None:
        """The entity the object ``nouns`` names, else the first one the ``fallbacks`` name."""
        for group in (nouns, *fallbacks):
            singular = [words.noun(word) for word in group]
            found = self._lookup(singular) or self.compound(singular) or self.by_state(singular)
            if found is not None:
                return found
            if self.is_role(group):
                return self.user
        return None

    def compound(self, nouns: Sequence[str]) -> str | None:
        """An entity named by a participle and a noun: "reported listings" → ListingReport."""
        for index in range(len(nouns) - 1):
            act = words.verb(nouns[index])
            for other in nouns[index + 1 :]:
                for name, entity in {**self.heads, **self.phrases}.items():
                    parts = name.split()
                    if len(parts) == 2 and parts[0] == other and words.nominal_of(act, parts[1]):
                        return entity
        return None

    def named_act(self, verb: str, obj: Sequence[str] = ()) -> str | None:
        """The entity that names the act of ``verb``: submit → Submission; with an object, the
        compound of both ("report a listing" → ListingReport, "link guardians" → GuardianLink)."""
        head = verb.split("-")[0]
        singular = [words.noun(word) for word in obj]
        named = {**self.heads, **self.phrases}
        for name, entity in named.items():
            parts = name.split()
            if singular and len(parts) == 2 and parts[0] in singular and words.nominal_of(head, parts[1]):
                return entity
        acts = words.ACT_NOUNS.get(head, ())
        for name, entity in named.items():
            last = name.split()[-1]
            if " " not in name and (words.nominal_of(head, name) or name in acts):
                return entity
            if last in acts and name.split()[0] in singular:
                return entity
        return next((named[act] for act in acts if act in named), None)

    def by_state(self, nouns: Sequence[str]) -> str | None:
        """The entity whose status has a value the words name ("publish a draft" → Listing)."""
        said = {noun.lower() for noun in nouns}
        owners = {state.entity for state in self.states if not state.flag and _normal(state.value) in said}
        return next(iter(owners)) if len(owners) == 1 else None

    def is_role(self, nouns: Sequence[str]) -> bool:
        """Whether the object names people by their role ("hosts", "desk volunteers", "accounts")."""
        if not nouns:
            return False
        joined = " ".join(words.noun(word) for word in nouns)
        return joined in self.roles or words.noun(nouns[-1]) in self.role_words

    def moves(self, forms: Iterable[str], *weaker: Iterable[str]) -> list[State]:
        """The states a verb (its forms: cancel, cancelled, canceled…) can move an entity to; a
        value of several words matches its own words too (ON_HOLD_PARTS for "hold"). ``weaker``
        candidates (a synonym's forms) are tried only when the verb's own find nothing."""
        for group in (forms, *weaker):
            wanted = {form.lower().replace("-", "_").replace(" ", "_") for form in group if form}
            found = [state for state in self.states if _normal(state.value) in wanted]
            if not found:
                found = [
                    s
                    for s in self.states
                    if "_" in _normal(s.value) and set(_normal(s.value).split("_")) & wanted
                ]
            if found:
                return found
        return []


def _normal(value: str) -> str:
    return value.lower().replace("-", "_").replace(" ", "_")


def _states(schema: Schema) -> Iterable[State]:
    """Every status value and boolean flag of the schema's entities."""
    for model in schema.models:
        for column in model.columns:
            if column.enum and column.name.lower() in ("status", "state", "stage", "phase"):
                values = schema.enum(column.enum).values
                for index, value in enumerate(values):
                    yield State(model.name, column.name, value, initial=index == 0)
            elif column.type.value == "boolean" and column.name.startswith("is") and len(column.name) > 2:
                yield State(model.name, column.name, naming.snake(column.name[2:]), flag=True)


def forms(verb: str) -> list[str]:
    """A verb and what its state is called: cancel → cancel, cancelled, canceled; check-in → checked_in."""
    head, _, particle = verb.partition("-")
    participles = naming.past_participle(head)
    found = [verb, head, *participles]
    if particle:
        found += [f"{p}_{particle}" for p in participles] + [f"{particle}_{head}"]
    found.append(head[:-1] + "ing" if head.endswith("e") else head + "ing")
    return found
