"""The PRD and its epic files: epics, user stories (with complexity) and roles."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from generators.model import Epic, Story
from generators.read import markdown, stories
from generators.read.markdown import BulletList, Paragraph, Section, Table

_EPIC_TITLE = re.compile(r"^\s*(?:\W+\s*)?epic\s*(?P<num>[\w.]*)\s*[:\-–—.]\s*(?P<name>.+)$", re.IGNORECASE)
# Headings and labels that introduce the product's roles, in the languages documents are written in.
_ROLE_WORDS_ANY_LANGUAGE = (
    r"\broles?\b|역할|\bperan\b|permissions?|권한|user types?|actors?|\brôles?\b|\brollen\b|\broller\b|"
    r"\bpapéis\b|perfis de acesso|perfiles de usuario|\batores\b|\bactores\b|\bacteurs\b|\bakteure\b|"
    r"vai trò|phân quyền|kullanıcı rolleri|\bроли\b|角色|役割|ロール"
)
_ROLE_SECTIONS = re.compile(_ROLE_WORDS_ANY_LANGUAGE, re.I)
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
_ROLE_LIST = re.compile(
    rf"^\s*\**(?:user\s+)?(?:{_ROLE_WORDS_ANY_LANGUAGE})\**\s*[:：]\s*(?P<list>.+)$", re.IGNORECASE
)
# "and" between the last two roles of a list, in those languages
_AND = re.compile(r"[,、，]|\s(?:and|y|e|et|und|ve|và|dan|и|и|和|및)\s", re.IGNORECASE)
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


_QUALIFIED = re.compile(
    r"\s+(?=(?:who|whom|whose|that|which|with|without|across|from|at|in|on|during|when|while|whom)\b"
    r"|[a-z]{3,}ing\b(?!\s+(?:manager|lead|staff|agent|officer|coordinator|team)\b))"
)


def role_name(text: str) -> str:
    """A role as written in a story or a roles list, normalised: ``a Pet Owner`` → ``pet owner``."""
    cleaned = re.sub(r"[*_`]", "", unicodedata.normalize("NFKC", text)).strip()
    cleaned = _ARTICLE.sub("", cleaned)
    cleaned = re.split(r"\s*(?::|—|–|\(| - )", cleaned, maxsplit=1)[0]
    cleaned = cleaned.split("/", 1)[0]  # "Guest/Resident": two names of one role, the first is its own
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .,;").lower()
    # "coach working across regions", "guest who booked online": the role is the words before
    cleaned = _QUALIFIED.split(cleaned, maxsplit=1)[0].strip()
    if cleaned in _ROLE_WORDS:
        return _ROLE_WORDS[cleaned]
    if cleaned.endswith("s") and not cleaned.endswith("ss") and len(cleaned) > 3 and cleaned.isascii():
        cleaned = cleaned[:-1]
    if cleaned.isascii() and cleaned in ("administrator", "administrador"):
        return "admin"
    return cleaned


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
    found = _Stories()
    # Line by line is the same search (no alternative spans a line break), and lines recur.
    mentions_roles = any(_mentions_roles(line) for line in prd_text.splitlines())

    for path, root in documents:
        if path == source:
            facts.title = markdown.first_heading(root) or ""
        file_epic = _epic_from_file(path, root) if path != source else None
        if file_epic is not None:
            epics.setdefault(file_epic.name.lower(), file_epic)
        _walk(root, path, file_epic, epics, found)
        for section in root.walk():
            if _about_roles(section.title):
                # "Scope and roles" over a "Roles" heading: the roles are in that one, not its siblings
                if not any(_about_roles(child.title) for child in section.children):
                    facts.roles.extend(_roles_from_section(section))
            elif _AUDIENCE_SECTIONS.search(section.title) and section.level and mentions_roles:
                facts.roles.extend(role for role in _roles_from_section(section) if len(role.split()) <= 3)
            for text in markdown.iter_texts(Section("", 0, section.blocks)):
                lines = text.splitlines()
                for line in lines:
                    listed = _ROLE_LIST.match(line)
                    if listed:
                        facts.roles.extend(role_name(part) for part in _AND.split(listed["list"]))
                facts.roles.extend(_tabbed_roles(lines))
            facts.roles.extend(_actors(section))
    facts.epics = list(epics.values())
    facts.stories = found.result()
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


_ACTORS = re.compile(
    r"^(?:primary\s+|secondary\s+)?(?:actors?|atore?s?|actores?|acteurs?|akteure?|attori|attore|"
    r"aktör(?:ler)?|tác nhân|aktor|アクター|参与者|执行者|액터|행위자)$",
    re.IGNORECASE,
)
_NOT_PEOPLE = re.compile(
    r"^(?:the\s+)?(?:system|sistema|système|systeme|sistem|hệ thống|システム|系统|시스템|"
    r"api|scheduler|cron)$",
    re.IGNORECASE,
)


def _actors(section: Section) -> Iterator[str]:
    """The actors a use-case table names in its "Actors" row (any of the corpus's languages): the
    people a use case serves, the system itself left out."""
    for block in section.blocks:
        if not isinstance(block, Table):
            continue
        for row in (block.header, *block.rows):
            if len(row) < 2 or not _ACTORS.match(re.sub(r"[*_`:]", "", row[0]).strip()):
                continue
            for part in _AND.split(row[1][:200]):
                for name in part.split(","):
                    role = role_name(name)
                    if role and not _NOT_PEOPLE.match(role):
                        yield role


def _tabbed_roles(lines: list[str]) -> Iterator[str]:
    """Roles of a tab-separated table in plain text, under a short line that introduces roles
    ("📌 Roller (Roles)", then "Rol Adı<TAB>Açıklama", then one role per row): each row's first cell."""
    armed = header = False
    for line in lines:
        if "\t" not in line:
            armed, header = len(line) <= 60 and _about_roles(line), False
            continue
        if not armed:
            continue
        if not header:  # the table's header row
            header = True
            continue
        yield role_name(line.split("\t", 1)[0])


def _about_roles(title: str) -> bool:
    """Whether a heading introduces roles ("Roles", "User roles"), not names one that has the word
    in it ("Dual-role users")."""
    found = _ROLE_SECTIONS.search(title)
    return found is not None and not (found.start() > 0 and title[found.start() - 1] == "-")


def _mentions_roles(line: str) -> bool:
    return _MENTIONS_ROLES.search(line) is not None


@dataclass
class _Stories:
    """Stories found so far in the PRD and its epics: one per stated id (the first statement wins,
    later ones add their details), one per role and action otherwise."""

    found: list[Story] = field(default_factory=list)
    by_id: dict[str, int] = field(default_factory=dict)
    by_text: set[tuple[str, str]] = field(default_factory=set)
    details: dict[str, list[str]] = field(default_factory=dict)

    def add(self, story: Story) -> None:
        if story.id in self.by_id:
            index = self.by_id[story.id]
            known = self.found[index]
            update = {
                "complexity": known.complexity or story.complexity,
                "priority": known.priority or story.priority,
            }
            self.found[index] = known.model_copy(update=update)
            return
        key = (story.role, story.action.lower())
        if key in self.by_text:
            return
        self.by_text.add(key)
        self.by_id[story.id] = len(self.found)
        self.found.append(story)

    def detail(self, ids: list[str], text: str) -> None:
        for story_id in ids:
            self.details.setdefault(story_id.upper(), []).append(text)

    def result(self) -> list[Story]:
        return [
            story.model_copy(update={"details": "\n".join(self.details.get(story.id, []))[:4000]})
            for story in self.found
        ]


def _story_id(passage: stories.Passage, auto: int) -> str:
    """The id the passage states, in its text, its row or its heading; a numbered one otherwise."""
    for text in (passage.text, " ".join(cell for _, cell in passage.cells), passage.context):
        stated = stories.STORY_ID.search(text)
        if stated is not None:
            return stated.group().upper()
    return f"US-{auto}"


def _walk(
    section: Section,
    path: str,
    epic: Epic | None,
    epics: dict[str, Epic],
    found: _Stories,
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
    own_ids = [match.group().upper() for match in stories.STORY_ID.finditer(section.title)]
    if own_ids:
        found.detail(own_ids, stories.details(section))
    _criteria(section, found)
    for passage in stories.passages(section):
        for story in _stories_in(passage, path, epic, len(found.found) + 1):
            found.add(story)
    for child in section.children:
        _walk(child, path, epic, epics, found)


def _stories_in(passage: stories.Passage, path: str, epic: Epic | None, auto: int) -> Iterator[Story]:
    """The stories of one passage: story sentences, else a functional requirement."""
    common = {
        "complexity": stories.size(passage.context),
        "priority": stories.priority(passage.context),
        "epic": epic.name if epic else "",
        "source": path,
    }
    sentences = list(stories.sentences(passage.text))
    for index, found in enumerate(sentences):
        role = role_name(found.role)
        if not role or not found.action:
            continue
        story_id = _story_id(passage, auto + index) if len(sentences) == 1 else f"US-{auto + index}"
        yield Story(id=story_id, role=role, action=found.action, benefit=found.benefit.rstrip("."),
                    infinitive=found.infinitive, **common)  # fmt: skip
    if sentences:
        return
    stated = stories.requirement(passage.text)
    if stated is not None:
        story_id, role, action = stated
        role = role if role.lower() not in ("the system", "system", "users") else "user"
        yield Story(id=story_id, role=role_name(role) or "user", action=action, **common)


_RANGE_DASH = re.compile(r"^\s*(?:–|—|-|to|\.\.)\s*$")
_LAST_NUMBER = re.compile(r"^(?P<stem>.*?)(?P<n>\d{1,4})$")


def _named_ids(line: str) -> list[str]:
    """The story ids a criteria heading names; "US-3.6 – US-3.8" names US-3.6, US-3.7 and US-3.8."""
    found = list(stories.STORY_ID.finditer(line))
    ids = [m.group().upper() for m in found]
    if len(found) == 2 and _RANGE_DASH.match(line[found[0].end() : found[1].start()]):
        first, last = _LAST_NUMBER.match(ids[0]), _LAST_NUMBER.match(ids[1])
        if first and last and first["stem"] == last["stem"] and 0 < int(last["n"]) - int(first["n"]) <= 50:
            return [f"{first['stem']}{n}" for n in range(int(first["n"]), int(last["n"]) + 1)]
    return ids


def _criteria(section: Section, found: _Stories) -> None:
    """Acceptance criteria written under a line that names stories ("**US-2.3 / US-2.4 Floor**")."""
    ids: list[str] = []
    for block in section.blocks:
        if isinstance(block, Paragraph):
            first = block.text.split("\n", 1)[0]
            ids = _named_ids(first) if len(first) < 160 else []
            if ids and "\n" in block.text:
                found.detail(ids, block.text.split("\n", 1)[1])
        elif isinstance(block, BulletList) and ids:
            found.detail(ids, "\n".join(item.text for item in block.items))


def _roles_from_section(section: Section) -> Iterator[str]:
    if section.children:
        for child in section.children:
            yield role_name(re.sub(r"^[\W\d.]+", "", child.title))
        return
    for block in section.blocks:
        if isinstance(block, BulletList):
            for item in block.items:
                yield role_name(item.lead or (item.text.splitlines()[0] if item.text else ""))
        elif isinstance(block, Table) and block.rows:
            for row in block.rows:
                if row:
                    yield role_name(row[0])


def _plausible_role(role: str) -> bool:
    return (
        0 < len(role) <= 40
        and "role" not in role.replace("-", " ").lower().split()  # "dual-role user" holds two
        and len(role.split()) <= 4
        and not role[0].isdigit()
        and role not in _GENERIC_LABELS
    )
