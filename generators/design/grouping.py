"""The plan's Nest.js modules: the architecture's own, each holding the resources (one controller
and service per entity) of the entities it lists; one module per table where it lists none."""

from __future__ import annotations

from generators import naming
from generators.design.api import Group, Module
from generators.model import ArchModule

AUTH = "auth"


def _home(module: Module, stated: tuple[ArchModule, ...]) -> ArchModule | None:
    """The architecture's module that holds ``module``: the first that lists its entity (a module
    other than sign-in preferred: the user table is the users' module's), else the module of the
    same name (sign-in, reports, availability)."""
    listing = [arch for arch in stated if module.entity and module.entity in arch.entities]
    if listing:
        return next((arch for arch in listing if arch.name.lower() != AUTH), listing[0])
    named = next((arch for arch in stated if arch.name.lower() == module.name.lower()), None)
    if named is not None or module.entity:
        return named
    # Work without a table (webhooks, reports): the module whose responsibilities name it.
    word = naming.singular(naming.words(module.name)[-1]) if naming.words(module.name) else ""
    return next((arch for arch in stated if word and word in arch.responsibilities.lower()), None)


def build(resources: list[Module], stated: tuple[ArchModule, ...]) -> tuple[list[Group], list[str]]:
    """The modules of the plan over ``resources``, and notes on what the architecture left out."""
    if not stated:
        return [Group.alone(module) for module in resources], []
    groups: dict[str, Group] = {
        arch.name: Group(
            name=arch.name,
            purpose=arch.responsibilities or f"{arch.label}, as the architecture names it.",
            label=arch.label,
            prefix=arch.prefix,
            stated=True,
        )
        for arch in stated
    }
    notes: list[str] = []
    alone: list[str] = []
    for module in resources:
        home = _home(module, stated)
        if home is None:
            groups[module.name] = Group.alone(module)
            alone.append(module.entity or module.name)
        else:
            groups[home.name].parts.append(module)
    if alone:
        notes.append(
            "The architecture's module list does not place "
            + ", ".join(f"`{name}`" for name in alone)
            + ": each gets a module of its own."
        )
    owner = {part.name: group.name for group in groups.values() for part in group.parts}
    by_entity = {part.entity: group.name for group in groups.values() for part in group.parts if part.entity}
    for arch in stated:
        group = groups[arch.name]
        for entity in arch.entities:
            owning = by_entity.get(entity, group.name)
            if owning != group.name and arch.name.lower() != AUTH:  # sign-in reads users through theirs
                group.shared.append((entity, owning))
                if owning not in group.dependencies:
                    group.dependencies.append(owning)
    for group in groups.values():
        for part in group.parts:
            for dependency in part.dependencies:
                target = owner.get(dependency, dependency)
                if target != group.name and target not in group.dependencies:
                    group.dependencies.append(target)
    empty = [group.label for group in groups.values() if group.stated and not group.parts]
    if empty:
        notes.append(
            "Modules the architecture lists without a table of their own ("
            + ", ".join(f"`{label}`" for label in empty)
            + ") are planned as modules that work through the services of the modules they import."
        )
    return list(groups.values()), notes  # the architecture's order, then the modules it left out
