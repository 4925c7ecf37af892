"""Entities inferred from stories and feature lists when no document states a data model.

The things people create, book, log, track…: "As a cook, I want to add a recipe" → Recipe;
a feature "**Habit Reminders** (customizable)" → Reminder when the document keeps talking about
reminders. Everything found here is marked inferred and listed as an open question.
"""

from __future__ import annotations

import re
from collections import Counter

from generators import naming
from generators.model import Story
from generators.naming import vocabulary
from generators.read.datamodel.collect import Collected
from generators.read.datamodel.structure import field_attribute
from generators.read.markdown import BulletList, Section, Table, iter_texts

_MAKING = vocabulary(
    "create add book register submit post write upload schedule make place log record invite open request "
    "leave send publish reserve enroll save define plan track manage set build assign rate review comment "
    "order buy pay import attach organize store keep edit update delete remove"
)
_DETERMINERS = vocabulary(
    "a an the my our their your his her new multiple several some all any each every own personal custom "
    "daily weekly"
)
_STOPS = vocabulary(
    "with for to from in on by and or so that which at into using via when if as without before after "
    "across per through within between about over under around during until than like"
)
_NOT_ENTITIES = vocabulary(
    "account dashboard app application data page screen information details detail status list history "
    "progress it them this that everything something way ui ux api web mobile security authentication "
    "login sign signin password time thing things feature features version support phone email view views "
    "chart charts insight insights goal visualization experience interface mode button design layout "
    "theme performance access control controls flow tone hierarchy audio sound haptic lockscreen music "
    "integration export sharing search filter filtering sorting overview summary summaries report reports "
    "statistic statistics metric metrics trend trends analytics log usage indicator keyboard date desktop "
    "emoji icon animation confetti modal color colour font tooltip shortcut gesture handling navigation "
    "input browser device state option options error message response request field output outputs"
)
_PROCESS_WORDS = vocabulary(
    "tracking logging management system dashboard builder creation editor support features feature "
    "settings page pages screen screens export sharing search filtering view views charts rings graphs "
    "heatmaps integration integrations visualizations insights database entry entries list lists history "
    "timer announcements control controls library"
)
_ADJECTIVES = vocabulary(
    "manual basic internal smart advanced customizable automatic auto simple intelligent full visual "
    "persistent historical secure optional rich core primary quick ai ai-based real-time one-button "
    "background pre-built community user-generated predefined three-tier achievement full-text "
    "prior previous past recent latest final existing current next last upcoming organized generated"
)
_STATES = vocabulary("draft drafts")
"""A state a record is in, written after its name."""
_FEATURE_SECTIONS = re.compile(
    r"\bfeatures?\b|\bscope\b|\bmvp\b|fitur|funcionalidad|capabilit|기능|핵심", re.I
)
_NOT_NOW = re.compile(
    r"non-?functional|future|roadmap|later|phase\s*[2-9]|v[2-9]\b|out of scope|excluded|technical|"
    r"limitation|risk|challenge|metric|success|design principle",
    re.IGNORECASE,
)
_READING = vocabulary("read list view see browse search filter sort find show display get")
_LOG_WORDS = {"logging": "log", "logs": "log"}


# Hyphenated words that describe a noun rather than name one: "student-linked", "AI-based".
_DESCRIBING = ("-linked", "-based", "-generated", "-driven", "-powered", "-specific", "-related", "-friendly")


def _tokens(text: str) -> list[str]:
    """The lower-case words of ``text``; a possessive ends its owner's phrase ("a student's notes":
    the notes are the thing, so only what follows the possessive is kept)."""
    after = re.split(r"\w[’']s\b", text)[-1]
    return [
        w
        for w in (w.lower() for w in re.findall(r"[A-Za-z][A-Za-z-]*", after))
        if not w.endswith(_DESCRIBING)
    ]


def _noun_phrase(words: list[str]) -> str | None:
    phrase: list[str] = []
    for word in words:
        if word in _STOPS or not re.match(r"^[a-z][a-z-]*$", word):
            break
        if word in _DETERMINERS and not phrase:
            continue
        phrase.append(word)
        if len(phrase) == 3:
            break
    phrase = [w for w in phrase if w not in _ADJECTIVES]
    if len(phrase) > 1 and phrase[-1] in _STATES:
        phrase.pop()  # "a summary draft" is a summary in its draft state
    if not phrase:
        return None
    head = naming.singular(phrase[-1])
    result = " ".join([*phrase[-2:-1], head]) if len(phrase) > 1 else head
    if len(head) < 3 or not _concrete(result):
        return None
    return result


def _feature_phrase(text: str) -> str | None:
    words = _tokens(text)
    if not words or len(words) > 5:
        return None
    if words[0] in _MAKING or words[0] in _READING:
        return _noun_phrase(words[1:])
    words = [_LOG_WORDS.get(w, w) for w in words if w not in _ADJECTIVES]
    while words and words[-1] in _PROCESS_WORDS:
        words.pop()
    return _noun_phrase(words[-2:]) if words else None


def _fields_in_parentheses(text: str) -> list[str]:
    inside = re.search(r"\(([^)]*,[^)]*)\)", text)
    if not inside:
        return []
    parts = [p.strip().lower() for p in inside.group(1).split(",")]
    if not all(re.match(r"^[a-z][a-z ]{1,25}$", p) and len(p.split()) <= 2 for p in parts):
        return []
    if any(word.endswith(("ed", "ing", "ly")) for p in parts for word in p.split()):
        return []
    return [naming.snake(p.replace(" ", "_")) for p in parts]


def _items(section: Section) -> list[tuple[str, str]]:
    """(text, leading bold phrase) of top-level list items and first table cells of a section."""
    texts: list[tuple[str, str]] = []
    for block in section.blocks:
        if isinstance(block, BulletList):
            texts.extend((item.text, item.lead) for item in block.items)
        elif isinstance(block, Table):
            for row in block.rows:
                if row:
                    texts.append((row[1] if len(row) > 1 and row[0].strip("# ").isdigit() else row[0], ""))
    return texts


def _sections(section: Section, inside: bool) -> list[tuple[Section, bool]]:
    """Every section, and whether it is about the product's features now (not later, not quality)."""
    if _NOT_NOW.search(section.title):
        return [(section, False)] + [pair for child in section.children for pair in _sections(child, False)]
    here = inside or bool(_FEATURE_SECTIONS.search(section.title))
    result = [(section, here)]
    for child in section.children:
        result.extend(_sections(child, here))
    return result


_ABSTRACT = ("ing", "ion", "ity", "ness", "ment", "ance", "ence", "ency", "acy", "ism", "ics", "ship")


_RECORD_HEADS = vocabulary("log entry record item event request")


def _concrete(phrase: str) -> bool:
    head = phrase.split()[-1]
    if head.endswith(_ABSTRACT) or phrase in _NOT_ENTITIES:
        return False
    return head not in _NOT_ENTITIES or (" " in phrase and head in _RECORD_HEADS)


def infer(stories: list[Story], documents: list[tuple[str, Section]], found: Collected) -> list[str]:
    """Add inferred entities to ``found``; the names added."""
    whole = " ".join(" ".join(iter_texts(root)) for _, root in documents).lower()
    mentions = Counter(re.findall(r"[a-z]+", whole))

    def mentioned(phrase: str) -> int:
        head = phrase.split()[-1]
        return mentions[head] + mentions[naming.plural(head)]

    candidates: dict[str, tuple[str, list[str]]] = {}

    def consider(phrase: str | None, source: str, text: str, needed: int) -> None:
        if phrase and _concrete(phrase) and mentioned(phrase) >= needed:
            _, fields = candidates.setdefault(phrase, (source, []))
            fields.extend(f for f in _fields_in_parentheses(text) if f not in fields)

    for story in stories:
        words = _tokens(story.action)
        if words and words[0] in _MAKING:
            consider(_noun_phrase(words[1:]), story.source, story.action, 1)
    for source, root in documents:
        for section, inside in _sections(root, False):
            if not inside:
                continue
            named = [
                (child.title, child.title) for child in section.children if not _NOT_NOW.search(child.title)
            ]
            for text, lead in [*_items(section), *named]:
                first = lead or (text.splitlines()[0] if text else "")
                first = re.split(r"\s*(?:—|–| - |:|\(|,|=)\s*", re.sub(r"^[\W\d.]+", "", first), maxsplit=1)[
                    0
                ]
                for part in re.split(r"\s*(?:&|\band\b|/)\s*", first):
                    words = _tokens(part)
                    needed = (
                        1
                        if words and words[0] in _MAKING
                        else (2 if lead or words[:1] in ([w] for w in _READING) else 4)
                    )
                    consider(_feature_phrase(part), source, text, needed)
    fields_of = {field for _, fields in candidates.values() for field in fields}
    added: list[str] = []
    for phrase, (source, fields) in candidates.items():
        if found.has(phrase) or naming.snake(phrase) in fields_of:
            continue
        name = found.entity(phrase, source, inferred=True).name
        added.append(name)
        for index, field in enumerate(fields):
            words = field.split("_")
            child = naming.singular(words[-1])
            if (
                index == 0
                and len(words) == 1
                and child != field
                and mentioned(child) >= 2
                and _concrete(child)
            ):
                found.relate(name, child, "one", "many", field, source, inferred=True)
                added.append(found.entity(child, source, inferred=True).name)
                continue
            found.attribute(name, field_attribute(field, "", ""), source, inferred=True)
    return added
