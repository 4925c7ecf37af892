"""The architecture's authorization table: capabilities × roles, each cell a mark (✅, –, yes, no…)
and the condition written beside it ("✅ (owner)", "✅ own only").

A table is read as one when, past its first column, nearly every cell is such a mark and at least
one allows something; a first heading cell naming roles ("Role", "Rol", "Роль"…) means the roles
run down the rows and the capabilities across.
"""

from __future__ import annotations

import re

from generators.model import AccessCell, AccessRow
from generators.naming import vocabulary
from generators.read.markdown import Section, Table

_YES_MARKS = "✅✓✔☑🟢●⭕✚+"
_NO_MARKS = "–-—‑❌✗✘✕⛔🚫⨯·"


_YES_WORDS = vocabulary(
    "yes y x allowed allow ok sí si sim oui ja да 是 允许 可 はい 可能 예 가능 evet ya có"
)
_NO_WORDS = vocabulary("no n non nein нет 否 不 无 不可 いいえ 아니오 불가 não nao hayır tidak không n/a")
_OWN_WORDS = vocabulary("own owner self mine own-only")
_READ_WORDS = vocabulary("read read-only readonly view r ro")
"""A cell that allows reading only ("read", "view")."""
_ROLE_HEADINGS = vocabulary(
    "role roles rol rôle rôles rolle rollen ruolo ruoli papel papéis peran роль роли 角色 ロール 役割 역할 "
    "actor actors persona personas user users"
)
_MAX_CELL = 200
_MAX_ROWS = 80
_SHARE = 0.8
"""How many of the cells past the first column must be marks for the table to be read as one."""


def _cell(text: str) -> tuple[bool, str] | None:
    """(allowed, qualifier) of a cell, or None when it is not a mark."""
    text = text.strip().strip("*_`").strip()[:_MAX_CELL]
    if not text:
        return False, ""
    head, rest = text[0], text[1:]
    if head in _YES_MARKS:
        return True, _qualifier(rest)
    if head in _NO_MARKS and not rest.strip(_NO_MARKS + " ").strip():
        return False, ""
    first, _, after = text.partition(" ")
    word = first.lower().strip(",.;:!")
    if word in _YES_WORDS:
        return True, _qualifier(after)
    if word in _NO_WORDS:
        return False, ""
    if word in _OWN_WORDS or word in _READ_WORDS:
        return True, _qualifier(text)
    return None


def _qualifier(rest: str) -> str:
    """The condition beside a mark, without its brackets and leading punctuation."""
    rest = rest.replace("\ufe0f", "").strip(" ,.;:—–-")
    if rest.startswith("(") and rest.endswith(")"):
        rest = rest[1:-1]
    return " ".join(rest.split())[:80]


def _read(table: Table) -> list[AccessRow]:
    if len(table.header) < 3 or not table.rows:
        return []
    rows = [row for row in table.rows[:_MAX_ROWS] if row and row[0].strip()]
    cells = [_cell(cell) for row in rows for cell in row[1 : len(table.header)]]
    if not cells or sum(cell is not None for cell in cells) < _SHARE * len(cells):
        return []
    if not any(cell is not None and cell[0] for cell in cells):
        return []
    transposed = table.header[0].strip().strip("*_` ").lower() in _ROLE_HEADINGS
    found: list[AccessRow] = []
    if transposed:
        for index, capability in enumerate(table.header[1:], start=1):
            access = []
            for row in rows:
                read = _cell(row[index]) if index < len(row) else (False, "")
                if read is not None:
                    access.append(AccessCell(role=_label(row[0]), allowed=read[0], qualifier=read[1]))
            found.append(AccessRow(capability=_label(capability), cells=tuple(access)))
        return [row for row in found if row.capability]
    for row in rows:
        access = []
        for index, role in enumerate(table.header[1:], start=1):
            read = _cell(row[index]) if index < len(row) else (False, "")
            if read is not None and role.strip():
                access.append(AccessCell(role=_label(role), allowed=read[0], qualifier=read[1]))
        found.append(AccessRow(capability=_label(row[0]), cells=tuple(access)))
    return found


def _label(text: str) -> str:
    return " ".join(re.sub(r"[*_`]", "", text).split())[:_MAX_CELL]


def read(root: Section | None) -> tuple[tuple[AccessRow, ...], str]:
    """The rows of the architecture's first authorization table, and the heading it stands under
    (nothing where it has none)."""
    if root is None:
        return (), ""
    for section in root.walk():
        for block in section.blocks:
            if isinstance(block, Table):
                rows = _read(block)
                if rows:
                    return tuple(rows), section.title
    return (), ""
