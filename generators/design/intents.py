"""What a story asks the backend to do: a verb applied to an entity.

"As a pet owner, I want to cancel an appointment" → (pet owner, action ``cancel``, Appointment).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from generators import naming
from generators.model import Story

Kind = Literal["create", "read", "update", "delete", "manage", "action"]

_CREATE = {
    "create", "add", "book", "register", "submit", "post", "write", "upload", "schedule",
    "make", "place", "log", "record", "invite", "open", "request", "leave", "send", "publish",
    "set up", "reserve", "enroll", "join", "start", "import", "attach", "save", "define", "plan",
}  # fmt: skip
_READ = {
    "view", "see", "browse", "list", "search", "find", "filter", "check", "track", "read",
    "get", "look", "explore", "access", "download", "export", "sort", "compare", "receive",
    "monitor", "know",
}  # fmt: skip
_UPDATE = {"edit", "update", "change", "modify", "rename", "adjust", "reschedule", "set", "move"}
_DELETE = {"delete", "remove", "discard"}
_MANAGE = {"manage", "maintain", "administer", "organize", "organise", "curate"}
_NOT_ACTIONS = {"be", "have", "get", "use", "do", "go", "pick", "choose", "select", "let"}
_PARTICLES = {"in", "out", "up", "off", "back"}
_LEAD = re.compile(r"^(?:easily|quickly|also|then|always|securely|be able to|able to)\s+", re.I)


@dataclass(frozen=True)
class Intent:
    """A story read as an operation on an entity."""

    story: Story
    kind: Kind
    verb: str
    entity: str


_TRANSLATED = {
    "crear": "create",
    "añadir": "add",
    "agregar": "add",
    "reservar": "book",
    "cancelar": "cancel",
    "ver": "view",
    "consultar": "view",
    "editar": "edit",
    "modificar": "edit",
    "eliminar": "delete",
    "borrar": "delete",
    "aprobar": "approve",
    "rechazar": "reject",
    "asignar": "assign",
    "pagar": "pay",
    "registrar": "register",
    "subir": "upload",
    "buscar": "search",
    "membuat": "create",
    "menambah": "add",
    "menambahkan": "add",
    "memesan": "book",
    "membatalkan": "cancel",
    "melihat": "view",
    "mengubah": "edit",
    "mengedit": "edit",
    "menghapus": "delete",
    "menyetujui": "approve",
    "menolak": "reject",
    "menugaskan": "assign",
    "membayar": "pay",
    "mendaftar": "register",
    "mengunggah": "upload",
    "mencari": "search",
}


def _verb(action: str) -> tuple[str, str]:
    text = _LEAD.sub("", action.strip()).lower()
    words = [_TRANSLATED.get(word, word) for word in re.findall(r"[a-zñáéíóú][a-zñáéíóú'-]*", text)]
    if not words:
        return "", ""
    verb = words[0]
    if len(words) > 1 and words[1] in _PARTICLES and f"{verb} {words[1]}" not in ("set up",):
        return f"{verb}-{words[1]}", " ".join(words[2:])
    if len(words) > 1 and f"{verb} {words[1]}" == "set up":
        return "set up", " ".join(words[2:])
    if verb == "mark":
        state = re.search(r"\bas\s+([a-z]+)", text)
        if state:
            return f"mark-{state.group(1)}", " ".join(words[1:])
    return verb, " ".join(words[1:])


def _mentions(text: str, entity: str, aliases: tuple[str, ...] = ()) -> int | None:
    spellings = {naming.human(entity), naming.human_plural(entity)}
    for alias in aliases:
        spellings |= {alias, naming.human_plural(alias)}
    best: int | None = None
    for spelling in spellings:
        match = naming.whole(spelling).search(text)
        if match and (best is None or match.start() < best):
            best = match.start()
    return best


def entity_of(
    text: str, entities: list[str], aliases: dict[str, tuple[str, ...]] | None = None
) -> str | None:
    """The entity a phrase is about: the earliest mention, longer names first on a tie.

    ``aliases`` gives other words for an entity (the roles are users, say).
    """
    found: list[tuple[int, int, str]] = []
    for entity in entities:
        position = _mentions(text, entity, (aliases or {}).get(entity, ()))
        if position is not None:
            found.append((position, -len(naming.human(entity)), entity))
    return min(found)[2] if found else None


def read(
    story: Story, entities: list[str], aliases: dict[str, tuple[str, ...]] | None = None
) -> Intent | None:
    """The intent of ``story`` over ``entities``, or ``None`` when it names none of them."""
    verb, rest = _verb(story.action)
    if not verb:
        return None
    named = entity_of(verb, entities)
    if named is not None:
        return Intent(story=story, kind="create", verb=verb, entity=named)
    entity = entity_of(rest, entities, aliases)
    if entity is None:
        return None
    kind: Kind
    if verb in _CREATE:
        kind = "create"
    elif verb in _READ:
        kind = "read"
    elif verb in _UPDATE:
        kind = "update"
    elif verb in _DELETE:
        kind = "delete"
    elif verb in _MANAGE:
        kind = "manage"
    elif verb in _NOT_ACTIONS:
        kind = "read"
    else:
        kind = "action"
    return Intent(story=story, kind=kind, verb=verb.replace(" ", "-"), entity=entity)


_PAST = {
    "hide": "hidden", "ban": "banned", "pin": "pinned", "ship": "shipped", "stop": "stopped",
    "submit": "submitted", "flag": "flagged", "plan": "planned", "drop": "dropped", "pay": "paid",
    "send": "sent", "begin": "begun", "cancel": "cancelled", "label": "labelled", "write": "written",
}  # fmt: skip


def past_tense(verb: str) -> str:
    """``cancel`` → ``cancelled``, ``approve`` → ``approved`` (to match status enum values)."""
    if verb in _PAST:
        return _PAST[verb]
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb[:-1] + "ied"
    return verb + "ed"


_STATE_SYNONYMS = {
    "complete": ("done", "finished", "closed"),
    "finish": ("done", "completed"),
    "close": ("done", "closed", "completed"),
    "approve": ("accepted",),
    "accept": ("approved",),
    "decline": ("rejected",),
    "reject": ("declined",),
    "start": ("in_progress", "started", "active"),
    "resolve": ("resolved", "done"),
    "cancel": ("canceled",),
}


def states(verb: str) -> tuple[str, ...]:
    """The status values a verb may move a record to: ``complete`` → completed, done, …"""
    base = verb.split("-")[-1] if verb.startswith("mark-") else verb.split("-")[0]
    if verb.startswith("mark-"):
        return (base, past_tense(base))
    return (past_tense(base), *_STATE_SYNONYMS.get(base, ()))
