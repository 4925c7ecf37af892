"""What the extractors found, merged across documents without duplicates.

Every spelling of an entity (``bookings``, ``Booking``, ``BOOKING``) meets under one key; an
attribute seen twice keeps the most precise statement of it. Each entity remembers where it
was found and how (for ``devbot inspect`` and the plan's assumptions).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generators import naming
from generators.model import Attribute, Constraint, End, Entity, FieldType, Relationship
from generators.read.datamodel import fieldtypes

_WEAK_TYPES = {FieldType.STRING}


@dataclass
class Found:
    """One entity as found so far."""

    name: str
    attributes: dict[str, Attribute] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    inferred: bool = False
    exact: bool = False
    """An ERD block states it: its attributes are the ERD's, no other source adds to them."""
    seeds: list[str] = field(default_factory=list)
    """The rows a lookup table starts with."""


@dataclass
class Collected:
    """Entities and relationships found in all documents."""

    entities: dict[str, Found] = field(default_factory=dict)
    relationships: list[Relationship] = field(default_factory=list)
    constraints: list[Constraint] = field(default_factory=list)
    """Rules ERD comments state (``"> 0"``, ``"CHECK (…)"``)."""
    problems: list[str] = field(default_factory=list)
    """Lines of a data model that could not be read as written, for the plan's open questions."""
    _between: dict[frozenset[str], list[Relationship]] = field(default_factory=dict)
    """The relationships of each pair of entities, so adding one never scans them all."""

    def entity(self, name: str, source: str, inferred: bool = False, as_written: bool = False) -> Found:
        """The entity called ``name`` (any spelling), created if new; ``source`` is remembered.
        ``as_written``: a name already singular, in a language English plurals do not fit
        (``Siparis`` is not the plural of a ``Sipari``)."""
        key = naming.key(name)
        found = self.entities.get(key)
        if found is None:
            named = naming.pascal_exact(name) if as_written else naming.pascal(name)
            found = Found(name=named, inferred=inferred)
            self.entities[key] = found
        elif found.inferred and not inferred:
            found.inferred = False
        if source not in found.sources:
            found.sources.append(source)
        return found

    def seed(self, entity: str, values: list[str], source: str) -> None:
        """A lookup table and the rows it starts with: a ``name`` column holds them."""
        found = self.entity(entity, source)
        found.seeds.extend(value for value in values if value not in found.seeds)
        self.attribute(entity, fieldtypes.attribute("name", "string", unique=True), source)

    def keys(self) -> set[str]:
        """The spelling-independent keys of every entity found so far."""
        return set(self.entities)

    def has(self, name: str) -> bool:
        """Whether an entity of that name (any spelling) was found."""
        return naming.key(name) in self.entities

    def declare(self, name: str, source: str) -> Found:
        """An entity an ERD block states: what other sources said of its attributes is dropped."""
        found = self.entity(name, source)
        if not found.exact:
            found.exact = True
            found.attributes.clear()
        return found

    def attribute(
        self, entity: str, attribute: Attribute, source: str, inferred: bool = False, exact: bool = False
    ) -> None:
        """Add ``attribute`` to ``entity``, merging with an earlier statement of it; an entity an
        ERD states takes attributes from the ERD only (``exact``)."""
        found = self.entity(entity, source, inferred)
        if found.exact and not exact:
            return
        key = naming.key(attribute.name)
        old = found.attributes.get(key)
        if old is None:
            found.attributes[key] = attribute
            return
        better = attribute if old.type in _WEAK_TYPES and attribute.type not in _WEAK_TYPES else old
        found.attributes[key] = better.model_copy(
            update={
                "pk": old.pk or attribute.pk,
                "fk": old.fk or attribute.fk,
                "unique": old.unique or attribute.unique,
                "optional": old.optional or attribute.optional,
                "enum_values": old.enum_values or attribute.enum_values,
                "comment": old.comment or attribute.comment,
                "db_type": old.db_type or attribute.db_type,
                "default": old.default or attribute.default,
                "references": old.references or attribute.references,
                "unique_with": old.unique_with or attribute.unique_with,
            }
        )

    def relate(
        self,
        left: str,
        right: str,
        left_end: End,
        right_end: End,
        label: str,
        source: str,
        identifying: bool = True,
        inferred: bool = False,
    ) -> None:
        """Add a relationship (entities created as needed); an identical one is not added twice."""
        a, b = self.entity(left, source, inferred).name, self.entity(right, source, inferred).name
        pair = self._between.setdefault(frozenset((a, b)), [])
        for rel in pair:
            if rel.label.lower() == label.lower() or not label or not rel.label:
                return
        relationship = Relationship(
            left=a,
            right=b,
            left_end=left_end,
            right_end=right_end,
            label=label,
            identifying=identifying,
            source=source,
        )
        self.relationships.append(relationship)
        pair.append(relationship)

    def resolve_references(self) -> None:
        """Attributes typed with another entity (declared in a later block) become relationships."""
        for found in list(self.entities.values()):
            for key, attribute in list(found.attributes.items()):
                target = self.entities.get(naming.key(attribute.raw_type.strip("[]?! ")))
                if target is None or target is found or not attribute.raw_type[:1].isupper():
                    continue
                del found.attributes[key]
                source = found.sources[-1] if found.sources else ""
                if attribute.is_list:
                    self.relate(found.name, target.name, "one", "many", attribute.name, source)
                else:
                    end: End = "zero_or_one" if attribute.optional else "one"
                    self.relate(target.name, found.name, end, "many", attribute.name, source)

    def result(self) -> tuple[tuple[Entity, ...], tuple[Relationship, ...]]:
        """The entities and relationships for the domain model."""
        entities = tuple(
            Entity(
                name=found.name,
                attributes=tuple(found.attributes.values()),
                source="; ".join(found.sources),
                origin="inferred" if found.inferred else "document",
                exact=found.exact,
                seeds=tuple(found.seeds),
            )
            for found in self.entities.values()
        )
        return entities, tuple(self.relationships)
