"""User stories as people write them: sentences in prose, lists and tables, in several languages.

"As a guest, I want to cancel my booking, so I can …" in a paragraph, a list item, one table cell
or spread over columns (| As a… | I want to… | So I can… |), with its id and size wherever they
are written (a cell of the row, the story's heading, a bracket). Every search here runs in time
linear in the text: fixed patterns, bounded windows, abbreviations that never end a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from generators.model import Complexity
from generators.read.markdown import BulletList, ListItem, Paragraph, Section, Table, iter_texts

ROLE_WINDOW = 120  # characters between "As a" and "I want": a role is a few words
ACTION_WINDOW = 800  # characters of one story sentence
_ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "vs",
        "etc",
        "approx",
        "incl",
        "min",
        "max",
        "no",
        "nr",
        "mr",
        "mrs",
        "dr",
        "fig",
        "cf",
        "resp",
        "p.m",
        "a.m",
        "ca",
    ]
)


@dataclass(frozen=True)
class Language:
    """How one language writes a story: its opening, its wish and what introduces the benefit."""

    intro: re.Pattern[str]
    want: re.Pattern[str]
    benefit: re.Pattern[str]


def _language(intro: str, want: str, benefit: str) -> Language:
    return Language(re.compile(intro, re.I), re.compile(want, re.I), re.compile(benefit, re.I))


_ENGLISH_WANT = (
    r"\bI\s+(?:would\s+like|'d\s+like|want|need|wish|can|should\s+be\s+able|am\s+able)\b"
    r"(?P<to>\s+(?:to\s+be\s+able\s+to|be\s+able\s+to|to))?"
)
LANGUAGES = (
    _language(r"\bas\s+(?:an?|the)\s", _ENGLISH_WANT, r",?\s+so\s+(?:that\s+)?|\s+in\s+order\s+to\s"),
    _language(
        r"\bcomo\s+(?:(?:un|una|el|la|um|uma|o|a)\s+)?",
        r"\b(?:yo\s+|eu\s+)?(?:quiero|necesito|deseo|puedo|quero|preciso|desejo|posso|gostaria\s+de)\b(?P<to>)",
        r",\s*(?:para|de\s+modo\s+que)\s|\s+para\s+que\s",
    ),
    _language(
        r"\ben\s+tant\s+qu[e']\s*(?:(?:un|une|le|la)\s+|l')?",
        r"\bje\s+(?:veux|souhaite|voudrais|dois\s+pouvoir|peux|aimerais)\b(?P<to>)",
        r",?\s+afin\s+(?:de|d'|que)\s*|,\s*pour\s",
    ),
    _language(
        r"\bals\s+(?:(?:ein|eine|einen|der|die)\s+)?",
        r"\b(?:möchte|will|muss|kann|würde)\s+ich\b(?:\s+gerne)?(?P<to>)",
        r",?\s+(?:damit|um|sodass)\s",
    ),
    _language(
        r"\bcome\s+(?:(?:un|uno|una|il|lo|la|l')\s*)?",
        r"\b(?:voglio|vorrei|posso|devo\s+poter|desidero)\b(?P<to>)",
        r",?\s+(?:per|in\s+modo\s+(?:che|da)|così\s+che)\s",
    ),
    _language(
        r"\bsebagai\s+(?:seorang\s+)?",
        r"\bsaya\s+(?:ingin|bisa|mau|dapat|perlu)\b(?P<to>)",
        r",?\s+(?:agar|supaya|sehingga)\s",
    ),
)
_KOREAN = re.compile(r"([^\s,.]{1,20}(?:\s[^\s,.]{1,20})?)(?:으로서|로서)\s*,?\s*(?:나는\s+)?")
_KOREAN_WANT = re.compile(r"(?:고\s*싶다|고\s*싶습니다|할\s*수\s*있다|할\s*수\s*있어야\s*한다)")
_REQUIREMENT = re.compile(
    r"^\W{0,5}(?P<id>FR-?\d{1,4}(?:\.\d{1,3}){0,2})\W{0,5}\s*(?:The\s+system\s+(?:shall|must|should|will)\s+"
    r"(?:allow|let|enable)\s+(?P<role1>\w+(?:\s\w+){0,3}?)\s+to\s+|(?P<role2>[A-Za-z]\w*(?:\s\w+){0,3}?)\s+"
    r"(?:can|shall\s+be\s+able\s+to|must\s+be\s+able\s+to|should\s+be\s+able\s+to|is\s+able\s+to)\s+)",
    re.IGNORECASE,
)
STORY_ID = re.compile(r"\b(?:US|S|STORY|FR|UC|REQ)-?\d{1,4}(?:\.\d{1,3}){0,2}\b", re.IGNORECASE)
_SIZE = re.compile(
    r"(?:complexity|size|estimate|effort|t-shirt)\s*[:=]?\s*[*_`]{0,2}\s*\(?(?P<c>XL|XS|S|M|L)\b"
    r"|(?-i:[\[(`](?P<b>XL|S|M|L)[\])`])",
    re.IGNORECASE,
)
_PRIORITY = re.compile(
    r"\b(P[0-3])\b|\b(must[ -]have|should[ -]have|could[ -]have|won'?t[ -]have|must|should|could)\b", re.I
)
_ID_AT_END = re.compile(STORY_ID.pattern + r"\W{0,3}$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?;](?=\s|$)|\n\s*\n")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Found:
    """A story sentence as found, before it gets its id."""

    role: str
    action: str
    benefit: str
    infinitive: bool
    """Whether the wish is an action of the user's ("I want to cancel") rather than a state of the
    world ("I want my address hidden", "I want an email when…")."""


def _end_of_sentence(text: str, start: int, stop: int) -> int:
    """The index where the sentence starting at ``start`` ends (abbreviations do not end it)."""
    for match in _SENTENCE_END.finditer(text, start, stop):
        if match.group().startswith("."):
            before = text[max(start, match.start() - 6) : match.start()].split()
            word = before[-1].lower().lstrip("(") if before else ""
            if word in _ABBREVIATIONS or (
                word[-1:].isdigit() and text[match.end() : match.end() + 1].isdigit()
            ):
                continue
        return match.start()
    return stop


def _opens_sentence(text: str, index: int) -> bool:
    """Whether ``index`` starts a sentence: nothing but markup or punctuation before it."""
    markup = " \t*_\"'“‘(>`[]"
    before = text[max(0, index - 40) : index].rstrip(markup)
    story_id = _ID_AT_END.search(before)  # "- **US-1** As a shopper…"
    if story_id:
        before = before[: story_id.start()].rstrip(markup)
    return not before or before[-1] in ".!?:;|\n-—–•"


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip(" ,;:*_")


def _names_someone(role: str) -> bool:
    return bool(role) and len(role.split()) <= 6 and "|" not in role and any(c.isalpha() for c in role)


def sentences(text: str) -> Iterator[Found]:
    """Every story sentence in ``text``, in order (any of the known languages)."""
    for language in LANGUAGES:
        for intro in language.intro.finditer(text):
            if not _opens_sentence(text, intro.start()):
                continue  # "export it as a CSV, so I can…" is not a story
            want = language.want.search(text, intro.end(), min(len(text), intro.end() + ROLE_WINDOW))
            if want is None:
                continue
            role = _clean(text[intro.end() : want.start()])
            if not _names_someone(role):
                continue  # "| As a | I want to |": a header, not a story
            stop = _end_of_sentence(text, want.end(), min(len(text), want.end() + ACTION_WINDOW))
            benefit = language.benefit.search(text, want.end(), stop)
            action_end = benefit.start() if benefit else stop
            yield Found(
                role=role,
                action=_clean(text[want.end() : action_end]),
                benefit=_clean(text[benefit.end() : stop]) if benefit else "",
                infinitive=bool(want.group("to")) or language is not LANGUAGES[0],
            )
    for intro in _KOREAN.finditer(text):
        want = _KOREAN_WANT.search(text, intro.end(), min(len(text), intro.end() + ACTION_WINDOW))
        if want is not None:
            yield Found(_clean(intro.group(1)), _clean(text[intro.end() : want.start()]), "", True)


def requirement(text: str) -> tuple[str, str, str] | None:
    """(id, role, action) of a functional requirement line: "FR-3: Members can book a class"."""
    first = text.split("\n", 1)[0][:ACTION_WINDOW]
    match = _REQUIREMENT.match(first)
    if match is None:
        return None
    action = first[match.end() : _end_of_sentence(first, match.end(), len(first))]
    return match["id"].upper(), (match["role1"] or match["role2"] or "user").strip(), _clean(action)


def size(text: str) -> Complexity:
    """The stated complexity in ``text``: "Size: M", "(S)", "`L`"."""
    match = _SIZE.search(text)
    if match is None:
        return ""
    value = (match["c"] or match["b"]).upper()
    return value if value in ("S", "M", "L", "XL") else ""  # type: ignore[return-value]


def priority(text: str) -> str:
    """The stated priority: P0–P3 or MoSCoW."""
    match = _PRIORITY.search(text)
    if match is None:
        return ""
    word = (match.group(1) or match.group(2)).lower().replace(" ", "-")
    if word.startswith("p"):
        return word.upper()
    return {"must": "Must have", "should": "Should have", "could": "Could have"}.get(word, word.capitalize())


@dataclass(frozen=True)
class Passage:
    """A text that may hold a story, with what around it may state its id and size."""

    text: str
    context: str
    cells: tuple[tuple[str, str], ...] = ()
    """(column header, cell) of a table row, when the passage is one."""


def _columns(table: Table) -> dict[str, int]:
    """Which columns of a story table hold what: id, role, action, benefit, size, priority."""
    found: dict[str, int] = {}
    for index, cell in enumerate(table.header):
        head = cell.strip(" *_`").lower()
        kinds = (
            ("role", ("as a", "as an", "role", "persona", "user", "actor", "como", "sebagai", "en tant")),
            ("action", ("i want", "want", "action", "goal", "i can", "quiero", "saya ingin", "je ")),
            ("benefit", ("so ", "so that", "so i", "benefit", "value", "reason", "para", "agar", "afin")),
            ("size", ("size", "complexity", "estimate", "effort", "points", "sp")),
            ("priority", ("priority", "moscow", "prio")),
            ("id", ("id", "#", "story", "ref", "no")),
        )
        for kind, starts in kinds:
            if kind not in found and head.startswith(starts):
                found[kind] = index
                break
    return found


def _row_story(row: tuple[str, ...], columns: dict[str, int]) -> str:
    """A story sentence rebuilt from split columns (| guest | see available times | plan |)."""

    def cell(kind: str) -> str:
        index = columns.get(kind)
        return row[index].strip() if index is not None and index < len(row) else ""

    role, action, benefit = cell("role"), cell("action"), cell("benefit")
    role = re.sub(r"^(?:as\s+(?:an?|the)\s+)", "", role, flags=re.I)
    action = re.sub(r"^(?:I\s+want\s+(?:to\s+)?)", "", action, flags=re.I)
    benefit = re.sub(r"^(?:so\s+(?:that\s+)?(?:I\s+can\s+)?)", "", benefit, flags=re.I)
    if not role or not action:
        return ""
    article = "an" if role[:1].lower() in "aeiou" else "a"
    return f"As {article} {role}, I want to {action}" + (f", so I can {benefit}" if benefit else "") + "."


def passages(section: Section) -> Iterator[Passage]:
    """The texts of a section that may hold stories, each with its neighbourhood."""
    heading = section.title

    def items(list_items: tuple[ListItem, ...]) -> Iterator[Passage]:
        for item in list_items:
            children = "\n".join(child.text for child in item.children)
            yield Passage(item.text, f"{heading}\n{item.text}\n{children}")
            yield from items(item.children)

    for block in section.blocks:
        if isinstance(block, Paragraph):
            yield Passage(block.text, f"{heading}\n{block.text}")
        elif isinstance(block, BulletList):
            yield from items(block.items)
        elif isinstance(block, Table):
            yield from _table_passages(block, heading)


def _table_passages(table: Table, heading: str) -> Iterator[Passage]:
    columns = _columns(table)
    split = "role" in columns and "action" in columns
    for row in table.rows:
        cells = tuple((table.header[i] if i < len(table.header) else "", cell) for i, cell in enumerate(row))
        context = heading + "\n" + " ".join(f"{head}: {cell}" for head, cell in cells)
        if split:
            text = _row_story(row, columns)
            if text:
                yield Passage(text, context, cells)
            continue
        for _, cell in cells:
            yield Passage(cell, context, cells)


def details(section: Section) -> str:
    """The text under a story's heading (its acceptance criteria), one paragraph per line."""
    return "\n".join(iter_texts(Section("", 0, section.blocks)))[:4000]
