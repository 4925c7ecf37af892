"""Names: one entity goes by many spellings (``APPOINTMENT_SLOTS``, ``appointmentSlot``).

Everything that turns a name into a code identifier, a table, a route or a module lives here, so
that the three documents and the OpenAPI file always agree.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z]|\d|\b|_)|[A-Z]?[a-z]+|[A-Z]+|\d+")

_IRREGULAR = {
    "person": "people",
    "child": "children",
    "man": "men",
    "woman": "women",
    "mouse": "mice",
    "foot": "feet",
    "tooth": "teeth",
    "goose": "geese",
}
_IRREGULAR_SINGULAR = {plural: singular for singular, plural in _IRREGULAR.items()}
_UNCOUNTABLE = {"data", "media", "equipment", "information", "news", "series", "species", "staff"}
_ES_ENDINGS = ("ss", "sh", "ch", "x", "z")


@cache
def words(name: str) -> tuple[str, ...]:
    """Split any spelling into lower-case words: ``appointmentSlot_ID`` → appointment, slot, id."""
    parts: list[str] = []
    for chunk in re.split(r"[^A-Za-z0-9]+", name):
        parts.extend(match.group(0).lower() for match in _WORD.finditer(chunk))
    return tuple(parts)


@cache
def singular(word: str) -> str:
    """The singular of one lower-case English word (good enough for entity names)."""
    if word in _UNCOUNTABLE or len(word) < 3:
        return word
    if word in _IRREGULAR_SINGULAR:
        return _IRREGULAR_SINGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses") or word.endswith(tuple(e + "es" for e in _ES_ENDINGS if e != "ss")):
        return word[:-2]
    if word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("s"):
        return word[:-1]
    return word


@cache
def plural(word: str) -> str:
    """The plural of one lower-case English word."""
    if word in _UNCOUNTABLE:
        return word
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(_ES_ENDINGS) or word.endswith("us"):
        return word + "es"
    return word + "s"


def _singular_words(name: str) -> list[str]:
    parts = list(words(name))
    if parts:
        parts[-1] = singular(parts[-1])
    return parts


@cache
def pascal(name: str) -> str:
    """``appointment_slots`` → ``AppointmentSlot`` (singular: entity and class names)."""
    return "".join(part.capitalize() for part in _singular_words(name))


@cache
def pascal_exact(name: str) -> str:
    """PascalCase without singularising: ``in_progress`` → ``InProgress``."""
    return "".join(part.capitalize() for part in words(name))


@cache
def camel(name: str) -> str:
    """``client_id`` → ``clientId`` (field names; number kept as written)."""
    parts = list(words(name))
    if not parts:
        return name
    return parts[0] + "".join(part.capitalize() for part in parts[1:])


@cache
def snake(name: str) -> str:
    """``clientId`` → ``client_id`` (column names)."""
    return "_".join(words(name))


@cache
def table(entity: str) -> str:
    """Table name of an entity: snake case, plural (``AppointmentSlot`` → ``appointment_slots``)."""
    parts = _singular_words(entity)
    parts[-1] = plural(parts[-1])
    return "_".join(parts)


@cache
def route(entity: str) -> str:
    """Route segment of an entity: kebab case, plural (``AppointmentSlot`` → ``appointment-slots``)."""
    return table(entity).replace("_", "-")


@cache
def module(entity: str) -> str:
    """Module name of an entity: the plural in camel case (``AppointmentSlot`` → ``appointmentSlots``)."""
    return camel(table(entity))


@cache
def human(name: str) -> str:
    """``AppointmentSlot`` → ``appointment slot``."""
    return " ".join(_singular_words(name))


@cache
def human_plural(name: str) -> str:
    """``AppointmentSlot`` → ``appointment slots``."""
    parts = _singular_words(name)
    parts[-1] = plural(parts[-1])
    return " ".join(parts)


@lru_cache(maxsize=4096)
def whole(phrase: str) -> re.Pattern[str]:
    """A pattern for ``phrase`` as a whole word or phrase (compiled once per phrase; the phrases
    come from documents, so a long-lived worker keeps only the most recent)."""
    return re.compile(rf"\b{re.escape(phrase)}\b")


@cache
def key(name: str) -> str:
    """A spelling-independent key: every spelling of one entity gives the same key."""
    return "".join(_singular_words(name))


@cache
def constant(name: str) -> str:
    """``in progress`` → ``IN_PROGRESS`` (enum members)."""
    text = "_".join(part.upper() for part in words(name))
    if not text:
        return "VALUE"
    return text if not text[0].isdigit() else f"V_{text}"


def article(phrase: str) -> str:
    """``a`` or ``an`` before ``phrase``, by its first letter (good enough for nouns here)."""
    return "an" if phrase[:1].lower() in "aeio" else "a"


def count(number: int, noun: str) -> str:
    """``1 relation``, ``2 relations``."""
    return f"{number} {noun if number == 1 else plural(noun)}"
