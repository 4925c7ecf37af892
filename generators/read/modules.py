"""The backend modules the architecture names: a table with a module column and the entities,
responsibilities or route prefix of each (in the languages the corpus is written in)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from generators import naming
from generators.model import ArchModule
from generators.read.markdown import BulletList, Section, Table

_NAME = (
    "module",
    "modules",
    "nest module",
    "módulo",
    "modulo",
    "modul",
    "модуль",
    "模块",
    "模組",
    "モジュール",
    "모듈",
)
_ENTITIES = (
    "entities", "entity", "tables", "models", "owns", "data", "entidades", "entités", "entitäten", "entità",
    "сущности", "таблицы", "实体", "實體", "エンティティ", "엔티티",
)  # fmt: skip
_PURPOSE = (
    "responsibilities", "responsibility", "purpose", "description", "scope", "what it does", "role",
    "responsabilidades", "responsabilités", "verantwortung", "aufgaben", "responsabilità",
    "ответственность", "назначение", "职责", "職責", "責務", "책임", "역할",
)  # fmt: skip
_PREFIX = ("routes prefix", "route prefix", "prefix", "routes", "base path", "path", "base route")
_SUFFIX = re.compile(r"(?i)[\s_-]*module$")
_SPLIT = re.compile(r"\s*(?:[,;/+&]|\band\b)\s*")
_MAX_CELL = 200  # a module's name is short; a longer cell is prose, not a name


def _column(header: tuple[str, ...], names: Sequence[str]) -> int | None:
    for index, cell in enumerate(header):
        if cell.strip().lower().strip("*_` ") in names:
            return index
    return None


def _name(cell: str) -> tuple[str, str]:
    """(code name, label) of a module cell: ``AuthModule`` → ``auth``, ``Work orders`` → ``workOrders``."""
    label = cell.strip().strip("`*_ ")
    bare = _SUFFIX.sub("", label).strip()
    return naming.camel(bare), label


def _entities(cell: str, known: dict[str, str]) -> tuple[str, ...]:
    text = re.sub(r"\([^)]*\)", " ", cell)  # "(read models)", "(reads)": no entity of its own
    found: list[str] = []
    for part in _SPLIT.split(text):
        name = known.get(naming.key(part.strip().strip("`*_ ")))
        if name and name not in found:
            found.append(name)
    return tuple(found)


def _read_table(table: Table, known: dict[str, str]) -> list[ArchModule]:
    name = _column(table.header, _NAME)
    entities = _column(table.header, _ENTITIES)
    purpose = _column(table.header, _PURPOSE)
    prefix = _column(table.header, _PREFIX)
    if name is None or (entities is None and purpose is None):
        return []
    modules: list[ArchModule] = []
    for row in table.rows:
        if name >= len(row) or not row[name].strip() or len(row[name]) > _MAX_CELL:
            continue
        code, label = _name(row[name])
        if not code or not code.isidentifier() or any(m.name == code for m in modules):
            continue
        modules.append(
            ArchModule(
                name=code,
                label=label,
                responsibilities=row[purpose].strip() if purpose is not None and purpose < len(row) else "",
                entities=_entities(row[entities], known)
                if entities is not None and entities < len(row)
                else (),
                prefix=row[prefix].strip().strip("`") if prefix is not None and prefix < len(row) else "",
            )
        )
    return modules


# A bullet that names a module: "`auth` — login, refresh", "**VehiclesModule**: vehicles, depots".
_ITEM = re.compile(
    r"^[\W_]{0,4}(?P<name>[A-Za-z][A-Za-z0-9_-]{0,40}(?: [A-Za-z][A-Za-z0-9_-]{0,20}){0,2})"
    r"[`*_]{0,3}\s*[:—–(-]\s*(?P<rest>.*)$"
)
_MODULE_HEADING = re.compile(r"module|módulo|modulo|modul|модул|模块|模組|モジュール|모듈", re.IGNORECASE)
_MAX_ITEM = 500


def _mentioned(text: str, entities: Sequence[str]) -> tuple[str, ...]:
    """The entities ``text`` names (singular or plural, as words), in the order it names them."""
    forms = {
        form: name
        for name in entities
        for form in (naming.human(name), naming.human_plural(name), name.lower())
        if form
    }
    if not forms:
        return ()
    pattern = re.compile(
        r"\b(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")\b"
    )
    return tuple(dict.fromkeys(forms[m.group(0)] for m in pattern.finditer(text.lower()[:_MAX_ITEM])))


def _read_list(section: Section, entities: Sequence[str]) -> list[ArchModule]:
    """Modules listed as bullets under a heading about modules, each placing the entities it names."""
    modules: list[ArchModule] = []
    for block in section.blocks:
        if not isinstance(block, BulletList):
            continue
        for item in block.items:
            first = (item.text.splitlines() or [""])[0][:_MAX_ITEM]
            match = _ITEM.match(first)
            if match is None:
                continue
            code, label = _name(match["name"])
            if not code or not code.isidentifier() or any(m.name == code for m in modules):
                continue
            rest = match["rest"].strip()
            modules.append(
                ArchModule(name=code, label=label, responsibilities=rest, entities=_mentioned(rest, entities))
            )
    return modules


def _usable(modules: list[ArchModule]) -> bool:
    # One row is a table about something else; a list whose modules name no table of the data
    # model (features, teams) cannot place any table.
    return len(modules) >= 2 and any(module.entities for module in modules)


def read(root: Section | None, entities: Sequence[str]) -> tuple[ArchModule, ...]:
    """The modules of the first module table in the architecture, else of the first bullet list
    under a heading about modules (none: it lists none)."""
    if root is None:
        return ()
    known = {naming.key(name): name for name in entities}
    for block in root.all_blocks():
        if isinstance(block, Table):
            modules = _read_table(block, known)
            if _usable(modules):
                return tuple(modules)
    for section in root.walk():
        if section.level and _MODULE_HEADING.search(section.title):
            modules = _read_list(section, entities)
            if _usable(modules):
                return tuple(modules)
    return ()
