"""The PRD and its epic files: epics, user stories (with complexity) and roles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from generators.model import Complexity, Epic, Story
from generators.read import markdown
from generators.read.markdown import BulletList, ListItem, Paragraph, Section, Table

_STORY = re.compile(
    r"\bAs\s+(?:an?|the)\s+(?P<role>[^,.;]+?)\s*,?\s+I\s+(?:want|would like|need|wish|can|should be able)"
    r"(?:\s+to|\s+be able to)?\s+(?P<action>.+?)"
    r"(?:\s*,?\s+so\s+(?:that\s+)?(?P<benefit>.+?))?"
    r"(?=[.!](?:\s|$)|\s*$)",
    re.IGNORECASE | re.DOTALL,
)
_STORIES_ELSEWHERE = [
    re.compile(
        r"\bComo\s+(?:un|una|el|la)?\s*(?P<role>[^,.;]+?)\s*,\s*(?:yo\s+)?(?:quiero|necesito|deseo|puedo)\s+"
        r"(?P<action>.+?)(?:\s*,?\s+(?:para(?: que)?|de modo que)\s+(?P<benefit>.+?))?(?=[.!](?:\s|$)|\s*$)",
        re.IGNORECASE | re.DOTALL,
    ),
    re.compile(
        r"\bSebagai\s+(?:seorang\s+)?(?P<role>[^,.;]+?)\s*,\s*saya\s+(?:ingin|bisa|mau|dapat|perlu)\s+"
        r"(?P<action>.+?)(?:\s*,?\s+(?:agar|supaya|sehingga)\s+(?P<benefit>.+?))?(?=[.!](?:\s|$)|\s*$)",
        re.IGNORECASE | re.DOTALL,
    ),
    re.compile(
        r"(?P<role>[^\s,.]+(?:\s[^\s,.]+)?)(?:으로서|로서)\s*,?\s*(?:나는\s+)?(?P<action>.+?)"
        r"(?:고\s*싶다|고\s*싶습니다|할\s*수\s*있다|할\s*수\s*있어야\s*한다)(?:\s*[.,]?\s*(?P<benefit>.+))?$",
        re.DOTALL,
    ),
]
_REQUIREMENT = re.compile(
    r"^\W*(?P<id>FR-?\d+(?:\.\d+)*)\W*\s*(?:The system (?:shall|must|should|will) (?:allow|let|enable) "
    r"(?P<role1>[\w ]+?) to |(?P<role2>[A-Za-z][\w ]{0,30}?) "
    r"(?:can|shall be able to|must be able to|should be able to|is able to) )(?P<action>[^.!]+)",
    re.IGNORECASE,
)
_PRIORITY = re.compile(r"\b(P[0-3])\b|\b(must have|should have|could have|won'?t have)\b", re.IGNORECASE)
_COMPLEXITY = re.compile(
    r"(?:complexity|size|estimate|effort)\s*[:=]?\s*\**\s*\(?(?P<c>XL|S|M|L)\b"
    r"|[\[(](?P<b>XL|S|M|L)[\])]",
    re.IGNORECASE,
)
_STORY_ID = re.compile(r"\b(?P<id>(?:US|S|STORY|FR)-?\d+(?:\.\d+)*)\b", re.IGNORECASE)
_EPIC_TITLE = re.compile(r"^\s*(?:\W+\s*)?epic\s*(?P<num>[\w.]*)\s*[:\-–—.]\s*(?P<name>.+)$", re.IGNORECASE)
_ROLE_SECTIONS = re.compile(
    r"\broles?\b|역할|\broles?\b|\bperan\b|permissions?|권한|user types?|actors?", re.I
)
_AUDIENCE_SECTIONS = re.compile(
    r"target (?:users?|audience)|personas?|audience|usuarios objetivo|pengguna target|대상\s*사용자",
    re.IGNORECASE,
)
_MENTIONS_ROLES = re.compile(r"\brole|rbac|permission|역할|권한|\brol\b|\broles\b|\bperan\b", re.IGNORECASE)
_GENERIC_LABELS = {
    "primary",
    "secondary",
    "age",
    "behavior",
    "behaviour",
    "pain",
    "pain point",
    "value",
    "goal",
    "need",
    "demographic",
    "location",
    "income",
    "motivation",
    "frustration",
    "occupation",
    "tech",
    "platform",
}
_ROLE_LIST = re.compile(r"^\s*\**(?:user\s+)?roles?\**\s*:\s*(?P<list>.+)$", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:an?|the)\s+", re.IGNORECASE)


@dataclass
class PrdFacts:
    """What the PRD and epic files state."""

    title: str = ""
    epics: list[Epic] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)


_ROLE_WORDS = {
    "관리자": "admin",
    "운영자": "operator",
    "일반 사용자": "user",
    "사용자": "user",
    "팀 리더": "team leader",
    "팀장": "team leader",
    "매니저": "manager",
    "고객": "customer",
    "판매자": "seller",
    "구매자": "buyer",
    "administrador": "admin",
    "usuario": "user",
    "cliente": "customer",
    "profesor": "professor",
    "alumno": "student",
    "estudiante": "student",
    "vendedor": "seller",
    "comprador": "buyer",
    "pengguna": "user",
    "pelanggan": "customer",
    "penjual": "seller",
    "pembeli": "buyer",
    "guru": "teacher",
    "siswa": "student",
    "mahasiswa": "student",
    "dosen": "lecturer",
}


def role_name(text: str) -> str:
    """A role as written in a story or a roles list, normalised: ``a Pet Owner`` → ``pet owner``."""
    cleaned = re.sub(r"[*_`]", "", text).strip()
    cleaned = _ARTICLE.sub("", cleaned)
    cleaned = re.split(r"\s*(?::|—|–|\(| - )", cleaned, maxsplit=1)[0]
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .,;").lower()
    if cleaned in _ROLE_WORDS:
        return _ROLE_WORDS[cleaned]
    if cleaned.endswith("s") and not cleaned.endswith("ss") and len(cleaned) > 3 and cleaned.isascii():
        cleaned = cleaned[:-1]
    if cleaned.isascii() and cleaned in ("administrator", "administrador"):
        return "admin"
    return cleaned


def _complexity(text: str) -> Complexity:
    match = _COMPLEXITY.search(text)
    if not match:
        return ""
    value = (match["c"] or match["b"]).upper()
    return value if value in ("S", "M", "L", "XL") else ""  # type: ignore[return-value]


def _texts_with_context(section: Section) -> Iterator[tuple[str, str]]:
    """(text, its neighbourhood) for stories: the neighbourhood carries the id and complexity."""
    whole = "\n".join(markdown.iter_texts(Section(section.title, 0, section.blocks)))

    def items(list_items: tuple[ListItem, ...]) -> Iterator[tuple[str, str]]:
        for item in list_items:
            children = "\n".join(child.text for child in item.children)
            yield item.text, item.text + "\n" + children
            yield from items(item.children)

    for block in section.blocks:
        if isinstance(block, Paragraph):
            yield block.text, block.text + "\n" + whole
        elif isinstance(block, BulletList):
            yield from items(block.items)
        elif isinstance(block, Table):
            header = [cell.lower() for cell in block.header]
            for row in block.rows:
                labelled = " ".join(
                    f"{header[i] if i < len(header) else ''}: {cell}" for i, cell in enumerate(row)
                )
                for cell in row:
                    yield cell, labelled


def _priority(text: str) -> str:
    match = _PRIORITY.search(text)
    if not match:
        return ""
    return (match.group(1) or match.group(2)).replace("wont", "won't").title().replace("P", "P", 1)


def _requirement_story(match: re.Match[str], role: str, context: str, epic: Epic | None, path: str) -> Story:
    role = role if role not in ("the system", "system", "users") else "user"
    return Story(
        id=match["id"].upper(),
        role=role_name(role) or "user",
        action=match["action"].strip(),
        complexity=_complexity(context),
        priority=_priority(context),
        epic=epic.name if epic else "",
        source=path,
    )


def _epic_of(title: str) -> tuple[str, str] | None:
    match = _EPIC_TITLE.match(title)
    if not match:
        return None
    return match["num"].strip(".") or "", match["name"].strip()


def read(
    prd_text: str,
    epic_files: dict[str, str],
    source: str = "product/prd/prd.md",
    parsed: dict[str, Section] | None = None,
) -> PrdFacts:
    """Read the PRD and the epic files (path → text) into epics, stories and roles.

    ``parsed`` holds section trees already parsed by the caller, by path (each document is
    parsed once per run).
    """
    trees = parsed or {}

    def tree(path: str, text: str) -> Section:
        return trees[path] if path in trees else markdown.parse(text)

    facts = PrdFacts()
    documents = [(source, tree(source, prd_text))] if prd_text else []
    documents += [(path, tree(path, text)) for path, text in sorted(epic_files.items())]
    epics: dict[str, Epic] = {}
    seen_actions: set[tuple[str, str]] = set()
    # Line by line is the same search (no alternative spans a line break), and lines recur.
    mentions_roles = any(_mentions_roles(line) for line in prd_text.splitlines())

    for path, root in documents:
        if path == source:
            facts.title = markdown.first_heading(root) or ""
        file_epic = _epic_from_file(path, root) if path != source else None
        if file_epic is not None:
            epics.setdefault(file_epic.name.lower(), file_epic)
        _walk(root, path, file_epic, epics, facts, seen_actions)
        for section in root.walk():
            if _ROLE_SECTIONS.search(section.title):
                facts.roles.extend(_roles_from_section(section))
            elif _AUDIENCE_SECTIONS.search(section.title) and section.level and mentions_roles:
                facts.roles.extend(role for role in _roles_from_section(section) if len(role.split()) <= 3)
            for text in markdown.iter_texts(Section("", 0, section.blocks)):
                for line in text.splitlines():
                    listed = _ROLE_LIST.match(line)
                    if listed:
                        facts.roles.extend(role_name(part) for part in re.split(r",|\band\b", listed["list"]))
    facts.epics = list(epics.values())
    for story in facts.stories:
        facts.roles.append(story.role)
    facts.roles = list(dict.fromkeys(role for role in facts.roles if _plausible_role(role)))
    return facts


def _epic_from_file(path: str, root: Section) -> Epic | None:
    title = markdown.first_heading(root) or ""
    parsed = _epic_of(title)
    number = re.search(r"epic-(\d+)", path)
    num = (parsed[0] if parsed else "") or (number.group(1) if number else "")
    name = parsed[1] if parsed else (title or path.rsplit("/", 1)[-1].removesuffix(".md"))
    description = next((b.text for s in root.walk() for b in s.blocks if isinstance(b, Paragraph)), "")
    return Epic(id=f"E{num}" if num else "", name=name, description=description, source=path)


def _recognised(text: str) -> tuple[re.Match[str] | None, re.Match[str] | None]:
    """A story sentence in ``text``, else a requirement line (the same texts recur run to run)."""
    match = _STORY.search(text) or next((m for p in _STORIES_ELSEWHERE if (m := p.search(text))), None)
    requirement = None if match else _REQUIREMENT.match(text.splitlines()[0] if text else "")
    return match, requirement


def _mentions_roles(line: str) -> bool:
    return _MENTIONS_ROLES.search(line) is not None


def _stated_id(text: str) -> re.Match[str] | None:
    return _STORY_ID.search(text)


def _walk(
    section: Section,
    path: str,
    epic: Epic | None,
    epics: dict[str, Epic],
    facts: PrdFacts,
    seen: set[tuple[str, str]],
) -> None:
    parsed = _epic_of(section.title) if section.level else None
    if parsed is not None:
        num, name = parsed
        description = next((b.text for b in section.blocks if isinstance(b, Paragraph)), "")
        known = epics.get(name.lower())
        if known is None:
            known = Epic(id=f"E{num}" if num else "", name=name, description=description, source=path)
            epics[name.lower()] = known
        epic = known
    for text, context in _texts_with_context(section):
        match, requirement = _recognised(text)
        if requirement:
            role = role_name(requirement["role1"] or requirement["role2"] or "user")
            facts.stories.append(_requirement_story(requirement, role, context, epic, path))
            continue
        if not match:
            continue
        role = role_name(match["role"])
        action = re.sub(r"\s+", " ", match["action"]).strip()
        if not role or (role, action.lower()) in seen:
            continue
        seen.add((role, action.lower()))
        stated_id = _stated_id(text) or _stated_id(context)
        story_id = stated_id["id"].upper() if stated_id else f"US-{len(facts.stories) + 1}"
        facts.stories.append(
            Story(
                id=story_id,
                role=role,
                action=action,
                benefit=(match["benefit"] or "").strip().rstrip("."),
                complexity=_complexity(context),
                priority=_priority(context),
                epic=epic.name if epic else "",
                source=path,
            )
        )
    for child in section.children:
        _walk(child, path, epic, epics, facts, seen)


def _roles_from_section(section: Section) -> Iterator[str]:
    if section.children:
        for child in section.children:
            yield role_name(re.sub(r"^[\W\d.]+", "", child.title))
        return
    for block in section.blocks:
        if isinstance(block, BulletList):
            for item in block.items:
                yield role_name(item.text.splitlines()[0] if item.text else "")
        elif isinstance(block, Table) and block.rows:
            for row in block.rows:
                if row:
                    yield role_name(row[0])


def _plausible_role(role: str) -> bool:
    return (
        0 < len(role) <= 40
        and len(role.split()) <= 4
        and not role[0].isdigit()
        and role not in _GENERIC_LABELS
    )
