"""A capability of an architecture's authorization table cut into items: verbs on an object.

"Create/publish/archive own courses, materials, assignments" is create, publish, archive × "own
courses", and the same verbs on "materials" and "assignments"; "grade" alone names an action;
"Work orders: start, hold" are actions on the label's records; "Import, invite, archive users"
lends "users" to the verbs before it. Words are told apart by lemminflect's readings and by what
the data model and the API name, never by a list of a product's words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from lemminflect import getAllLemmas

from generators.design.intent import words

BRACKETS = re.compile(r"\([^()]{0,80}\)")
_PARTS = re.compile(r"[,;]|\band\b|&|\+")
_OWN = words.vocabulary("own my their your")
_MAX_ITEMS = 40
_CREATING = words.vocabulary("create add make open raise post write take log record submit file upload")
"""Verbs that create the records they name ("take payments", "open disputes")."""


@dataclass(frozen=True)
class Item:
    """One thing a capability names: verbs (maybe none) on an object (maybe none)."""

    verbs: tuple[str, ...]
    words: tuple[str, ...]
    own: bool = False
    shared: bool = False
    """The verbs are those of the item before ("create courses, materials")."""
    then: tuple[str, ...] = ()
    """For verbs without an object: the object of the next item ("import, invite, archive users")."""


class Vocabulary(Protocol):
    """What the items are read against: the data model's names and the API's actions."""

    def exact(self, obj: Sequence[str]) -> bool:
        """Whether ``obj`` is, word for word, the name of some records ("work orders")."""

    def acts(self, word: str) -> bool:
        """Whether ``word`` names an action of some endpoint ("grade", "no-shows")."""


def items(capability: str, vocabulary: Vocabulary) -> list[Item]:
    """The items of a capability, verbs shared forwards over objects without one."""
    text = BRACKETS.sub(" ", capability)
    label: list[str] = []
    if ":" in text:  # "Work orders: start, hold, complete": the object of what follows
        head, _, text = text.partition(":")
        label = [t.text for t in words.tokens(head)]
    found: list[Item] = []
    for separator, part in _parts(text):
        verbs, obj, own = _split(part, vocabulary)
        if not verbs and not obj:
            continue
        shared = False
        if not verbs and separator == "," and found and found[-1].own:
            own = True  # "own vehicle, checks, defects": all the caller's own
        if not verbs and separator == "," and found and found[-1].verbs and not _acting(obj, vocabulary):
            verbs, shared = list(found[-1].verbs), True  # "create courses, materials"
        if label and not verbs and _acting(obj, vocabulary):
            verbs, obj = obj, []  # "Work orders: start, hold": actions on the label's records
        if not obj and label and verbs:
            obj = list(label)
        found.append(Item(verbs=tuple(dict.fromkeys(verbs)), words=tuple(obj), own=own, shared=shared))
    for index, item in enumerate(found):
        if item.verbs and not item.words and all(kind_of(verb) for verb in item.verbs):
            following = next((later.words for later in found[index + 1 :] if later.words), ())
            found[index] = replace(item, then=following)
    return found


def _parts(text: str) -> list[tuple[str, str]]:
    """The parts of a capability with the separator before each (",", ";" or "")."""
    found: list[tuple[str, str]] = []
    separator = ""
    position = 0
    for match in _PARTS.finditer(text):
        found.append((separator, text[position : match.start()]))
        separator = ";" if match.group(0) == ";" else ","
        position = match.end()
        if len(found) >= _MAX_ITEMS:
            return found
    found.append((separator, text[position:]))
    return found


def _acting(obj: Sequence[str], vocabulary: Vocabulary) -> bool:
    return len(obj) == 1 and vocabulary.acts(obj[0])


def _split(part: str, vocabulary: Vocabulary) -> tuple[list[str], list[str], bool]:
    """(leading verbs, object words, whether the object is the caller's own) of one part; verbs
    joined by "/" ("browse/join/drop courses", "suspend / reinstate accounts") all lead."""
    verbs: list[str] = []
    obj: list[str] = []
    own = False
    segments = part.split("/")
    for index, segment in enumerate(segments):
        said = [t.text for t in words.tokens(segment)]
        own = own or any(words.base(t) in _OWN for t in said)
        rest = [t for t in said if words.base(t) not in _OWN and not words.function_word(t)]
        if not rest:
            continue
        if obj:  # "open disputes / reply": a second verb on the same object
            if _verb_reading(rest[0]):
                verbs.append(words.verb(rest[0]))
            continue
        if len(rest) == 1:  # a lone word: a verb of a list ("approve/decline …") unless it names records
            listed = index < len(segments) - 1
            named = vocabulary.exact(rest) or vocabulary.acts(rest[0])
            if _verb_reading(rest[0]) and (listed or (kind_of(words.verb(rest[0])) and not named)):
                verbs.append(words.verb(rest[0]))
            else:
                obj.extend(rest)
            continue
        if _verb_reading(rest[0]) and not vocabulary.exact(rest[:1]) and not vocabulary.exact(rest[:2]):
            verbs.append(words.verb(rest[0]))
            rest = rest[1:]
        obj.extend(rest)
    return verbs, obj, own


def _verb_reading(word: str) -> bool:
    """A verb's base form ("grade", "archive", "decline"), not a plural, a participle or a gerund."""
    lowered = words.base(word)
    if words.verb(lowered) != lowered or lowered.endswith(("ing", "ed")):
        return False
    return "VERB" in getAllLemmas(lowered)


def kind_of(verb: str) -> str:
    """The kind of operation a verb asks for, "" for one named by the verb itself (approve)."""
    for kind, vocabulary in (
        ("read", words.READ),
        ("manage", words.MANAGE),
        ("update", words.UPDATE),
        ("delete", words.DELETE),
        ("export", words.EXPORT),
        ("import", words.IMPORT),
        ("invite", words.INVITE),
    ):
        if verb in vocabulary:
            return kind
    return "create" if verb in _CREATING else ""
