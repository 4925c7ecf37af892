"""Database rules the documents state: CHECKs, exclusion constraints and partial unique indexes.

Read from an ERD attribute's comment (``"CHECK (capacity > 0)"``, ``"> 0"``, ``"1-5"``) and from
the architecture's prose, where a backticked SQL fragment carries the rule ("One open offer per
buyer and listing is enforced with a partial unique index (`WHERE status = 'PENDING'`)"). Which
table a prose rule belongs to is decided by the planner, which knows the tables. Linear: one pass
per line, each pattern bounded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from generators.model import Constraint

_TICKED = re.compile(r"`([^`\n]{1,300})`")
_CHECK = re.compile(r"^\s*CHECK\s*\((?P<e>.{1,280})\)\s*$", re.IGNORECASE)
_EXCLUDE = re.compile(r"^\s*EXCLUDE\s+USING\s+gist\s*\((?P<e>.{1,280})\)\s*$", re.IGNORECASE)
_WHERE = re.compile(
    r"^\s*(?:(?:partial\s+)?unique\s+index\s+.{0,80}?)?WHERE\s+(?P<e>.{1,280})$", re.IGNORECASE
)
_UNIQUE_WORDS = re.compile(r"\bunique\b|\bone\s+(?:\w+\s+){0,3}?per\b", re.IGNORECASE)
_ONE_PER = re.compile(
    r"\bone\s+(?P<what>(?:\w+\s+){0,2}?\w+)\s+per\s+(?P<per>\w+(?:\s*(?:,|and)\s*\w+){0,3})", re.I
)
_LINKING = frozenset(
    ("with", "using", "via", "by", "in", "on", "at", "a", "an", "the", "is", "are", "enforced")
)
_COMPARISON = re.compile(r"^\s*(?P<op>>=|<=|>|<|≥|≤)\s*(?P<n>-?\d{1,12}(?:\.\d{1,6})?)\b")
_RANGE = re.compile(r"^\s*(?P<a>-?\d{1,9})\s*(?:-|–|\.\.|to)\s*(?P<b>-?\d{1,9})\s*$")


def of_comment(entity: str, column: str, comment: str, numeric: bool, source: str) -> list[Constraint]:
    """The CHECKs an ERD attribute's comment states, on ``column`` (its database name)."""
    found: list[Constraint] = []
    stated = f'{source}: {entity}.{column} "{comment[:80]}"'
    for clause in re.split(r"[;,]\s*", comment[:500]):
        explicit = _CHECK.match(clause)
        if explicit:
            found.append(Constraint(kind="check", expression=explicit["e"], entity=entity, stated=stated))
            continue
        if not numeric:
            continue
        compared = _COMPARISON.match(clause)
        if compared and not clause[compared.end() :].strip(" )"):
            op = {"≥": ">=", "≤": "<="}.get(compared["op"], compared["op"])
            found.append(
                Constraint(
                    kind="check", expression=f"{column} {op} {compared['n']}", entity=entity, stated=stated
                )
            )
            continue
        ranged = _RANGE.match(clause)
        if ranged and int(ranged["a"]) < int(ranged["b"]):
            expression = f"{column} BETWEEN {ranged['a']} AND {ranged['b']}"
            found.append(Constraint(kind="check", expression=expression, entity=entity, stated=stated))
    return found


def of_prose(documents: Iterable[tuple[str, str]]) -> list[Constraint]:
    """The rules stated as backticked SQL in the documents' text (path, raw Markdown)."""
    found: list[Constraint] = []
    for path, text in documents:
        for line in text.splitlines():
            if "`" in line and len(found) < 100:
                found.extend(_of_line(line[:2000], path))
    return found


def _of_line(line: str, path: str) -> list[Constraint]:
    found: list[Constraint] = []
    plain = _TICKED.sub(" ", line)
    words = tuple(re.findall(r"[A-Za-z_][A-Za-z0-9_]{1,60}", plain))
    stated = f"{path}: {line.strip()[:160]}"
    for ticked in _TICKED.finditer(line):
        fragment = ticked.group(1)
        check = _CHECK.match(fragment)
        exclude = _EXCLUDE.match(fragment)
        where = _WHERE.match(fragment)
        if check:
            found.append(Constraint(kind="check", expression=check["e"], words=words, stated=stated))
        elif exclude:
            found.append(Constraint(kind="exclude", expression=exclude["e"], words=words, stated=stated))
        elif where and _UNIQUE_WORDS.search(plain):
            one = _ONE_PER.search(plain)
            per = (
                [w for w in re.split(r"\s*(?:,|\band\b)\s*", one["per"]) if w.lower() not in _LINKING]
                if one
                else []
            )
            named = (one["what"], *per) if one else ()
            found.append(
                Constraint(
                    kind="unique_where", expression=where["e"], words=tuple(named) or words, stated=stated
                )
            )
    return found
