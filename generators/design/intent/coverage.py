"""Each story read whole: the operations it needs, or why it needs none, or the question it raises.

A wish for a state of the world ("I want my address hidden", "an email when…") or anything done
"automatically" is a rule or a side effect of another operation, planned as a job, not an
endpoint; a pure interface wish ("large touch targets") is noted. A wish for a list or a report
("a queue of reported listings where I can remove…") is a read, and what "I can" do there is
read as more clauses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from generators.design.intent import words
from generators.design.intent.clauses import Clause, clauses
from generators.design.intent.nouns import NounIndex
from generators.design.intent.operations import COLLECTIONS, Context, Operation, Reader
from generators.design.schema import Schema
from generators.model import DomainModel, Story

Need = Literal["endpoint", "side effect", "interface", "question"]
_WHERE_I_CAN = re.compile(r"\b(?:where|in which|from which|so that)\s+I\s+can\s+", re.I)
_AUTOMATIC = re.compile(r"\bautomatic(?:ally)?\b|\bby itself\b|\bwithout (?:anyone|me) doing\b", re.I)


@dataclass(frozen=True)
class Coverage:
    """How one story is served."""

    story: Story
    need: Need
    operations: tuple[Operation, ...] = ()
    note: str = ""


def cover(domain: DomainModel, schema: Schema) -> list[Coverage]:
    """Every story of ``domain`` read against ``schema``."""
    reader = Reader(schema, NounIndex(schema, domain))
    return [_cover(story, reader) for story in domain.stories]


def _run(parsed: list[Clause], reader: Reader, story: Story) -> list[Operation]:
    found: list[Operation] = []
    context = Context(details=story.details)
    for clause in parsed:
        got = reader.operations(clause, context)
        found.extend(got)
        context.created |= {op.entity for op in got if op.kind == "create"}
        context.previous = next((op.entity for op in got if op.entity), context.previous)
    return list(dict.fromkeys(found))


def _cover(story: Story, reader: Reader) -> Coverage:
    action = story.action
    if _AUTOMATIC.search(action):
        return Coverage(
            story, "side effect", note="a rule the system applies by itself: a job or a check, no endpoint"
        )
    if not story.infinitive:
        return _wish(story, reader)
    parsed = clauses(action)
    said = {word for clause in parsed for word in (*clause.nouns, *clause.qualifiers)}
    if parsed and all(c.verb.split("-")[0] == "use" for c in parsed) and said & words.UI_NOUNS:
        return Coverage(
            story, "interface", note="a wish for the interface: no endpoint, noted for the frontend"
        )
    found = _run(parsed, reader, story)
    if found:
        return Coverage(story, "endpoint", tuple(found))
    if parsed and all(c.verb.split("-")[0] in ("get", "receive", "be") for c in parsed):
        return Coverage(
            story, "side effect", note="a message the system sends: a job triggered by another operation"
        )
    return Coverage(story, "question", note="no operation of the data model could be read from it")


def _wish(story: Story, reader: Reader) -> Coverage:
    """A wish without "to": a list or report to look at (a read), else a state the system keeps."""
    action = story.action
    split = _WHERE_I_CAN.search(action)
    head, rest = (action[: split.start()], action[split.end() :]) if split else (action, "")
    nouns = [words.noun(t.text) for t in words.tokens(head) if not words.function_word(t.text)]
    if set(nouns) & words.NOTICE_NOUNS or not set(nouns) & (COLLECTIONS | words.REPORT_NOUNS):
        return Coverage(
            story,
            "side effect",
            note="a state of the world or a message the system keeps or sends: no endpoint",
        )
    looking = Clause(verb="see", text=head, nouns=tuple(nouns))
    found = _run([looking, *clauses(rest)] if rest else [looking], reader, story)
    if found:
        return Coverage(story, "endpoint", tuple(found))
    return Coverage(story, "question", note="no list or report of the data model could be read from it")
