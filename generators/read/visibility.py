"""Who may see what, as the documents restrict it: "Draft assignments are invisible to students",
"Grades are *Draft* (visible to teachers only)", "guest data visible only to staff", "guardians can
only see linked children", "only coordinators may see a child's date of birth".

Each statement is kept as written (its subject, its state, the roles it names); the design resolves
the words against the data model. Only the sentence around a word that can restrict visibility
("invisible", "visible", "only"…) is read, cut to a bounded window, and at most a few hundred of
them, so the reader runs in time linear in the text.
"""

from __future__ import annotations

import re

from generators.model import Visibility, VisibilityKind
from generators.read.markdown import Section, iter_texts

_WORDS = r"[^\W\d_][\w'’*-]*(?:\s+[^\W\d_][\w'’*-]*){0,5}?"
_ROLES = r"[^\W\d_][\w'’-]*(?:(?:\s+|\s*,\s*|\s*/\s*)(?:and\s+|or\s+)?[^\W\d_][\w'’-]*){0,5}?"
_HIDDEN = re.compile(
    rf"(?P<subject>{_WORDS})\s+(?:(?:are|is)\s+)?(?:(?:never|not)\s+)?"
    r"(?P<hidden>invisible|not\s+(?:shown|visible|displayed)|hidden|never\s+shown)\s+(?:to|from)\s+"
    rf"(?:the\s+)?(?P<roles>{_ROLES})(?=\s*(?:[,)]|$|\s+until\b|\s+unless\b|\s+but\b))",
    re.IGNORECASE,
)
_ONLY_TO = re.compile(
    rf"(?P<subject>{_WORDS})\s+(?:(?:are|is)\s+(?:\*?(?P<state>[^\W\d_][\w-]*)\*?\s+)?)?\(?\s*"
    r"(?:only\s+)?(?:visible|shown|readable|accessible|available)\s+(?:only\s+)?to\s+(?:the\s+)?"
    rf"(?P<roles>{_ROLES})(?:\s+only)?(?=\s*(?:[,)]|$|\s+until\b|\s+of\b|\s+but\b))",
    re.IGNORECASE,
)
_ONLY_SEE = re.compile(
    rf"\b(?P<roles>{_ROLES})\s+(?:can\s+|may\s+)?only\s+(?:see|view|read|access)\s+(?P<subject>{_WORDS})"
    r"(?=\s*(?:[,)]|$))",
    re.IGNORECASE,
)
_ONLY_ROLE = re.compile(
    rf"\bonly\s+(?:the\s+)?(?P<roles>{_ROLES})\s+(?:can|may|should\s+be\s+able\s+to)\s+"
    rf"(?:see|view|read|access)\s+(?P<subject>{_WORDS})(?=\s*(?:[,)]|$))",
    re.IGNORECASE,
)
_PATTERNS: tuple[tuple[VisibilityKind, re.Pattern[str]], ...] = (
    ("hidden", _HIDDEN),
    ("only", _ONLY_TO),
    ("limited", _ONLY_SEE),
    ("only", _ONLY_ROLE),
)
_MAX = 60
_TRIGGER = re.compile(
    r"\b(?:invisible|hidden|visible|shown|displayed|readable|accessible|available|only)\b", re.IGNORECASE
)
_BEFORE, _AFTER = 160, 100
"""Characters of a sentence read before and after the word that may restrict visibility."""
_MAX_TRIGGERS = 400
"""Sentences read in all: a document states who may see what in a handful of them."""
_ENDS = ".;!?\n"


def _clean(text: str) -> str:
    return " ".join(text.replace("*", " ").replace("_", " ").split())


def read(documents: list[tuple[str, Section]]) -> tuple[Visibility, ...]:
    """The visibility statements of the documents, in document order, each once."""
    found: dict[tuple[str, str, str, str], Visibility] = {}
    budget = _MAX_TRIGGERS
    for source, root in documents:
        for text in iter_texts(root):
            if budget <= 0:
                break
            sentences = _sentences(text, budget)
            budget -= len(sentences)
            for said in sentences:
                for kind, pattern in _PATTERNS:
                    match = pattern.search(said)
                    if match is None:
                        continue
                    state = match.groupdict().get("state") or ""
                    rule = Visibility(
                        kind=kind,
                        subject=_clean(match["subject"]),
                        state=_clean(state),
                        roles=_clean(match["roles"]),
                        sentence=" ".join(said.split())[:300],
                        source=source,
                    )
                    found.setdefault((kind, rule.subject, rule.state, rule.roles), rule)
                    break
                if len(found) >= _MAX:
                    return tuple(found.values())
    return tuple(found.values())


def _sentences(text: str, budget: int) -> list[str]:
    """The sentences of ``text`` around a word that may restrict visibility, each cut to a bounded
    window, at most ``budget`` of them."""
    found: list[str] = []
    last_end = -1
    for match in _TRIGGER.finditer(text):
        if len(found) >= budget:
            break
        if match.start() < last_end:
            continue  # in the sentence already read
        low = max(0, match.start() - _BEFORE)
        high = min(len(text), match.end() + _AFTER)
        start = max((text.rfind(end, low, match.start()) for end in _ENDS), default=-1)
        start = low if start < 0 else start + 1
        stops = [i for i in (text.find(end, match.end(), high) for end in _ENDS) if i >= 0]
        last_end = min(stops) if stops else high
        found.append(text[start:last_end].strip(" -*"))
    return found
