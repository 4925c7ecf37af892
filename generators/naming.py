"""Names: one entity goes by many spellings (``APPOINTMENT_SLOTS``, ``appointmentSlot``).

Everything that turns a name into a code identifier, a table, a route or a module lives here, so
that the three documents and the OpenAPI file always agree. Words keep their letters in any
script (``categoría``, ``예약``); English singulars, plurals and participles come from lemminflect.
"""

from __future__ import annotations

import re

from lemminflect import getInflection, getLemma

# Nouns English uses without a plural in a schema ("staff", "data"); lemminflect offers a plural
# for each (``staffs``), which no engineer would name a table.
_UNCOUNTABLE = frozenset(
    [
        "data",
        "metadata",
        "media",
        "staff",
        "equipment",
        "information",
        "feedback",
        "news",
        "series",
        "species",
        "software",
        "hardware",
        "furniture",
        "luggage",
        "baggage",
        "advice",
        "research",
    ]
)
_PREFERRED_PLURAL = {"person": "people"}
_WORD = re.compile(r"[^\W_]+")


def _camel_parts(chunk: str) -> list[str]:
    """``appointmentSlotID2`` → appointment, Slot, ID, 2 (one pass; any cased script)."""
    parts: list[str] = []
    start = 0
    for index in range(1, len(chunk)):
        before, here = chunk[index - 1], chunk[index]
        after = chunk[index + 1] if index + 1 < len(chunk) else ""
        boundary = (
            (before.islower() and here.isupper())
            or (before.isupper() and here.isupper() and after.islower())
            or (before.isdigit() != here.isdigit() and (before.isascii() and here.isascii()))
        )
        if boundary:
            parts.append(chunk[start:index])
            start = index
    parts.append(chunk[start:])
    return parts


def words(name: str) -> tuple[str, ...]:
    """Split any spelling into lower-case words: ``appointmentSlot_ID`` → appointment, slot, id."""
    return tuple(part.lower() for chunk in _WORD.findall(name) for part in _camel_parts(chunk))


def singular(word: str) -> str:
    """The singular of one lower-case word (English nouns; other words are kept as written)."""
    if len(word) <= 3 or word in _UNCOUNTABLE or not word.isascii() or not word.isalpha():
        return word
    return str(getLemma(word, upos="NOUN")[0])


def plural(word: str) -> str:
    """The plural of one lower-case English word (other words are kept as written)."""
    if word in _UNCOUNTABLE or not word.isascii() or not word.isalpha():
        return word
    if word in _PREFERRED_PLURAL:
        return _PREFERRED_PLURAL[word]
    forms = getInflection(word, tag="NNS")
    return str(forms[0]) if forms else word + "s"


def past_participle(verb: str) -> tuple[str, ...]:
    """Every past participle of an English verb: ``cancel`` → canceled, cancelled."""
    forms = getInflection(verb, tag="VBN") if verb.isascii() and verb.isalpha() else ()
    return tuple(str(form) for form in forms) or (verb + "ed",)


def verb_lemma(word: str) -> str:
    """The base form of an English verb: ``cancels`` → cancel."""
    if not word.isascii() or not word.isalpha():
        return word
    return str(getLemma(word, upos="VERB")[0])


def _singular_words(name: str) -> list[str]:
    parts = list(words(name))
    if parts:
        parts[-1] = singular(parts[-1])
    return parts


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]


def pascal(name: str) -> str:
    """``appointment_slots`` → ``AppointmentSlot`` (singular: entity and class names)."""
    return "".join(_capital(part) for part in _singular_words(name))


def pascal_exact(name: str) -> str:
    """PascalCase without singularising: ``in_progress`` → ``InProgress``."""
    return "".join(_capital(part) for part in words(name))


def camel(name: str) -> str:
    """``client_id`` → ``clientId`` (field names; number kept as written)."""
    parts = list(words(name))
    if not parts:
        return name
    return parts[0] + "".join(_capital(part) for part in parts[1:])


def snake(name: str) -> str:
    """``clientId`` → ``client_id`` (column names)."""
    return "_".join(words(name))


def table(entity: str) -> str:
    """Table name of an entity: snake case, plural (``AppointmentSlot`` → ``appointment_slots``)."""
    parts = _singular_words(entity)
    if not parts:
        return entity
    parts[-1] = plural(parts[-1])
    return "_".join(parts)


def vocabulary(text: str) -> frozenset[str]:
    """A vocabulary written as one string of words (long word lists stay readable)."""
    return frozenset(text.split())


def route(entity: str) -> str:
    """Route segment of an entity: kebab case, plural (``AppointmentSlot`` → ``appointment-slots``)."""
    return table(entity).replace("_", "-")


def module(entity: str) -> str:
    """Module name of an entity: the plural in camel case (``AppointmentSlot`` → ``appointmentSlots``)."""
    return camel(table(entity))


def human(name: str) -> str:
    """``AppointmentSlot`` → ``appointment slot``."""
    return " ".join(_singular_words(name))


def human_plural(name: str) -> str:
    """``AppointmentSlot`` → ``appointment slots``."""
    parts = _singular_words(name)
    if parts:
        parts[-1] = plural(parts[-1])
    return " ".join(parts)


def whole(phrase: str) -> re.Pattern[str]:
    """A pattern for ``phrase`` as a whole word or phrase."""
    return re.compile(rf"\b{re.escape(phrase)}\b")


def key(name: str) -> str:
    """A spelling-independent key: every spelling of one entity gives the same key."""
    return "".join(_singular_words(name))


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
    """``1 relation``, ``2 state changes``."""
    if number == 1:
        return f"{number} {noun}"
    *first, last = noun.split(" ")
    return f"{number} {' '.join([*first, plural(last)])}"
