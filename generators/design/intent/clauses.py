"""A story's wish cut into clauses, each a verb, its object and what qualifies it.

"mark a party as arrived, seat them at one or more tables, and free the table when they leave"
gives three clauses (mark→arrived "party", seat "them", free "table"); "accept, decline or
counter an offer" three clauses sharing "offer". Words are told apart by lemminflect's readings
and by where they stand, never by a list of the words a product uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from lemminflect import getAllLemmas

from generators.design.intent import words
from generators.design.intent.words import Token

WH = words.vocabulary("what which who whom whose how when where whether why that")
OPERATION_VERBS = (
    words.CREATE | words.READ | words.UPDATE | words.DELETE | words.EXPORT | words.IMPORT | words.INVITE
    | words.REORDER | words.COPY | words.ACCOUNT_OFF | words.MANAGE
)  # fmt: skip


@dataclass(frozen=True)
class Clause:
    """One thing a story asks for: ``verb`` (lemma, phrasal verbs joined: ``check-in``) on an object."""

    verb: str
    text: str
    nouns: tuple[str, ...] = ()
    """The object's words (singular lemmas), the head last; pronouns resolved to the previous object."""
    state: str = ""
    """What "mark X as Y" marks it as: ``arrived``, ``no-show``."""
    owner: str = ""
    """A possessive owner of the object: "a seller's profile" → ``seller``."""
    qualifiers: tuple[str, ...] = ()
    """The words after the object (prepositional phrases, relative clauses), lower case."""
    mine: bool = False
    """The object is the caller's own ("my bookings")."""
    plural: bool = False
    """The object is many records ("listings", "all offers")."""
    pronoun: bool = False
    """The object was a pronoun ("cancel it") resolved to the previous clause's."""
    particle: str = ""
    more: tuple[tuple[str, ...], ...] = field(default=())
    """Further objects coordinated with the first ("my loans, my holds and my fines")."""


def _readings(word: str) -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = getAllLemmas(words.base(word))
    return found


LIST_MARKERS = frozenset(("with", "including", "by", "like", "such"))
LEADING_PARTICLES = frozenset(("in", "out", "up", "off", "back", "down"))
MANNER = frozenset(("by", "via", "using", "with"))
"""Prepositions that open a phrase of manner right after a verb ("pay by card"), not its object."""
TRAILING_PARTICLES = frozenset(("up", "off", "back", "down", "out"))


def strong_verb(token: Token) -> bool:
    """A word that is a verb whatever follows: no noun reading, or an operation's verb."""
    readings = _readings(token.text)
    return "VERB" in readings and ("NOUN" not in readings or words.verb(token.text) in OPERATION_VERBS)


def could_be_verb(token: Token, following: Token | None, in_list: bool = False, bare: bool = False) -> bool:
    """Whether ``token`` can start a clause: a verb in its base form, by its readings and its
    neighbour. Inside a list of nouns ("with a rating, number of sales…") only a word that can
    only be a verb starts one; right after a bare verb ("approve or decline requests") any verb."""
    if words.function_word(token.text) or token.lower in WH or not token.lower.isalpha():
        return False
    if words.verb(token.text) != token.lower:
        return False  # "scrapped", "asking", "points": not a wish's verb
    nxt = following.lower if following is not None else ""
    if nxt in words.PRONOUNS:
        return True  # "text them", "seat them": a word followed by an object pronoun acts as a verb
    readings = _readings(token.text)
    if "VERB" not in readings:
        return False
    if bare or strong_verb(token) or nxt in words.DETERMINERS or nxt in ("my", "our", "their"):
        return True  # "close a term", "free the table": a verb before its object
    if in_list:
        return False
    return not nxt or words.function_word(nxt) or nxt in LEADING_PARTICLES or nxt in WH


def _boundaries(text: str, tokens: list[Token]) -> list[int]:
    """Indexes of tokens that start a new clause (after a comma, "and" or "or")."""
    starts = [0]
    for index in range(1, len(tokens)):
        token, before = tokens[index], tokens[index - 1]
        gap = text[before.end : token.start]
        if not (before.lower in ("and", "or") or "," in gap or ";" in gap) or token.lower in ("and", "or"):
            continue
        current = tokens[starts[-1] : index]
        words_so_far = [t for t in current if t.lower not in ("and", "or") and t.lower not in words.FILLERS]
        # a verb with no object yet ("approve or decline requests") or a clause its particle closed
        # ("check patients in and mark …"): whatever can be a verb starts the next clause
        closing = [t for t in current if t.lower not in ("and", "or")]
        bare = len(words_so_far) == 1 or (len(closing) > 2 and closing[-1].lower in LEADING_PARTICLES)
        in_list = any(t.lower in LIST_MARKERS for t in current)
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if could_be_verb(token, following, in_list, bare):
            starts.append(index)
    return starts


def _outside_brackets(text: str, tokens: list[Token], offset: int) -> list[Token]:
    """The tokens not inside parentheses: "materials (files, links, pages)" keeps "materials"."""
    depth, marks = 0, []
    for char in text:
        depth += char == "("
        depth -= char == ")" and depth > 0
        marks.append(depth)
    return [t for t in tokens if not marks[min(len(marks) - 1, max(0, t.start - offset))]]


def _clause(text: str, tokens: list[Token], offset: int = 0) -> Clause:
    """One clause from its tokens (the first is the verb)."""
    tokens = _outside_brackets(text, tokens, offset) or tokens
    position = 0
    while position < len(tokens) - 1 and tokens[position].lower in words.FILLERS:
        position += 1
    verb = words.verb(tokens[position].text)
    rest = tokens[position + 1 :]
    particle = ""
    if rest and rest[0].lower in LEADING_PARTICLES and verb not in ("take", "put"):
        particle, rest = rest[0].lower, rest[1:]
    state = ""
    if verb == "mark":
        as_at = next((i for i, t in enumerate(rest) if t.lower == "as"), None)
        if as_at is not None:
            marked = [t.lower for t in rest[as_at + 1 :] if t.lower not in words.DETERMINERS]
            state = marked[0] if marked else ""
            rest = rest[:as_at]
    if rest and rest[0].lower in MANNER:
        adjunct = tuple(words.base(t.text) for t in rest if not words.function_word(t.text))
        # "pay by card", "sort by date": a phrase of manner, no object of the verb's own
        joined = f"{verb}-{particle}" if particle else verb
        return Clause(verb=joined, text=text, nouns=(), qualifiers=adjunct, particle=particle)
    nouns, owner, mine, plural, used = _object(rest)
    if (
        particle == ""
        and used < len(rest)
        and (rest[used].lower in TRAILING_PARTICLES or (used == len(rest) - 1 and rest[used].lower == "in"))
    ):
        particle = rest[used].lower  # "pick one up", "take them off", "check patients in"
    qualifiers = tuple(words.base(t.text) for t in rest[used:] if not words.function_word(t.text))
    joined = f"{verb}-{particle}" if particle else verb
    return Clause(
        verb=joined, text=text, nouns=nouns, state=state, owner=owner, qualifiers=qualifiers, mine=mine,
        plural=plural, pronoun=bool(rest) and rest[0].lower in words.PRONOUNS, particle=particle,
        more=_coordinated(text, rest[used:]),
    )  # fmt: skip


def _coordinated(text: str, rest: list[Token]) -> tuple[tuple[str, ...], ...]:
    """Objects after a comma or "and" that open with a determiner: "…, my holds and my fines"."""
    groups: list[tuple[str, ...]] = []
    for index, token in enumerate(rest):
        if token.lower not in ("my", "our", "their", "its", "the", "all"):
            continue
        before = rest[index - 1] if index else None
        gap = text[before.end : token.start] if before is not None else ""
        if before is not None and (before.lower in ("and", "or") or "," in gap):
            nouns, *_ = _object(rest[index:])
            if nouns:
                groups.append(nouns)
    return tuple(groups)


def _object(rest: list[Token]) -> tuple[tuple[str, ...], str, bool, bool, int]:
    """(object words, possessive owner, mine, plural, tokens used) of the words after the verb."""
    nouns: list[str] = []
    owner, mine, plural = "", False, False
    index = 0
    while index < len(rest):
        token = rest[index]
        lowered = token.lower
        if lowered in ("my", "our"):
            mine = True
        elif lowered == "all" or lowered in ("these", "those"):
            plural = True
        elif lowered in words.PRONOUNS:
            index += 1
            break
        elif lowered in words.SUBJECTS:
            break  # "the offer I made": a relative clause starts
        elif lowered in ("and", "or") and nouns and index + 1 < len(rest):
            following = rest[index + 1]
            if words.function_word(following.text) and following.lower not in words.DETERMINERS:
                break
            if could_be_verb(following, rest[index + 2] if index + 2 < len(rest) else None):
                break  # "… and reorder them": the next clause
        elif words.function_word(lowered) or lowered in WH or lowered in words.PARTICLES:
            if nouns:
                break
        elif token.text.endswith(("'s", "’s", "s'")) and index + 1 < len(rest):
            owner = words.noun(token.text)
        else:
            singular = words.noun(token.text)
            plural = plural or (singular != words.base(token.text) and not lowered.endswith("ss"))
            nouns.append(singular)
        index += 1
    return tuple(nouns), owner, mine, plural, index


def clauses(action: str) -> list[Clause]:
    """The clauses of a story's wish, objects shared across verb lists and pronouns resolved."""
    tokens = words.tokens(action)
    if not tokens:
        return []
    starts = _boundaries(action, tokens)
    parts = [tokens[a:b] for a, b in zip(starts, [*starts[1:], len(tokens)], strict=True)]
    parsed = []
    for part in parts:
        if part and part[-1].lower in ("and", "or"):
            part = part[:-1]
        if part:
            parsed.append(_clause(action[part[0].start : part[-1].end], part, part[0].start))
    for index in range(len(parsed) - 2, -1, -1):  # "accept, decline or counter an offer"
        if not parsed[index].nouns and not parsed[index].pronoun and parsed[index + 1].nouns:
            following = parsed[index + 1]
            parsed[index] = replace(
                parsed[index], nouns=following.nouns, owner=following.owner, plural=following.plural
            )
    for index in range(1, len(parsed)):  # "cancel it", "seat them": the object before, of its number
        clause = parsed[index]
        if not (clause.pronoun and not clause.nouns):
            continue
        singular = re.search(r"\b(?:it|one)\b", clause.text.lower()) is not None
        earlier = [p for p in reversed(parsed[:index]) if p.nouns]
        previous = next((p for p in earlier if not (singular and p.plural)), earlier[0] if earlier else None)
        if previous is not None:
            parsed[index] = replace(clause, nouns=previous.nouns, owner=previous.owner, mine=previous.mine)
    return parsed
