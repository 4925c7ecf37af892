"""The architecture's authorization table made the API's grants.

Each capability, cut into items by ``capabilities`` (verbs on an object), finds the endpoints it
names: by its object's entity (the data model's names and the documents' synonyms) and its verb's
kind of operation (a read, a creation, a change, a state change of that name). An endpoint the
table names is granted to exactly the roles whose cell allows it, with the cell's condition as the
grant's scope (``owner`` is the caller's own records; ``course teachers`` is written as is); a
"read" cell grants reads only. Endpoints the table does not name keep the grants the stories
give; a story the table refuses is quoted under open questions, and the plan follows the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from generators.design.api import Endpoint, Grant, Module, role_label
from generators.design.capabilities import BRACKETS, Item, items, kind_of
from generators.design.intent import words
from generators.design.intent.nouns import NounIndex
from generators.design.schema import Schema, role_for
from generators.model import DomainModel

_READ_ONLY = words.vocabulary("read view read-only readonly r ro see")
_OWNER = words.vocabulary("owner own self mine own-only")
AREA, KIND, NAMED = 0, 1, 2
"""How closely a capability names an endpoint: by its records, its kind of operation, its action."""
_OWN_AREA = frozenset(("list", "get", "update"))
_BROWSING = frozenset(("list", "get", "mine"))


def action_of(endpoint: Endpoint) -> str:
    """The action an endpoint's last path word names (``approve``, ``check-in``), "" for CRUD."""
    if endpoint.kind in ("list", "get", "create", "update", "delete", "auth", "register", "mine"):
        return ""
    last = endpoint.path.rstrip("/").split("/")[-1]
    return "" if last.startswith(":") else last


_KINDS: dict[str, frozenset[str]] = {
    "read": frozenset(("list", "get", "mine", "availability", "report")),
    "create": frozenset(("create", "batch")),
    "update": frozenset(("update", "reorder")),
    "delete": frozenset(("delete", "unlink")),
    "export": frozenset(("export",)),
    "import": frozenset(("import",)),
    "invite": frozenset(("invite",)),
}


def _names_action(word: str, action: str) -> bool:
    """Whether ``word`` (a verb or its noun: "arrivals", "no-shows", "seating") names ``action``."""
    if not action:
        return False
    word, head = words.base(word), action.split("-")[0]
    lemma = words.verb(word)
    if action in (word, lemma, words.noun(word)) or head == lemma:
        return True
    if "-" in action and lemma in {words.verb(part) for part in action.split("-")[1:]}:
        return True  # "repair" names mark-repaired
    if lemma in words.STATE_SYNONYMS and action in words.STATE_SYNONYMS[lemma]:
        return True
    return words.nominal_of(head, word) or (word.endswith("ing") and words.verb(word[:-3]) == head)


class _Matcher:
    """Finds the endpoints an item names."""

    def __init__(self, modules: list[Module], nouns: NounIndex) -> None:
        self.nouns = nouns
        self.endpoints = [
            (module.entity, endpoint)
            for module in modules
            for endpoint in module.endpoints
            if not endpoint.public and endpoint.kind not in ("auth", "register", "webhook")
        ]
        self.actions = {action_of(endpoint) for _, endpoint in self.endpoints} - {""}

    def exact(self, obj: Sequence[str]) -> bool:
        phrase = " ".join(words.noun(word) for word in obj)
        return phrase in self.nouns.phrases or phrase in self.nouns.heads

    def acts(self, word: str) -> bool:
        return any(_names_action(word, action) for action in self.actions)

    def match(self, item: Item) -> list[tuple[Endpoint, int]]:
        """The endpoints ``item`` names, each with how closely: ``NAMED`` (the endpoint's own
        action), ``KIND`` (a kind of operation on its records), ``AREA`` (its records alone). For
        each endpoint only the closest rows of the table decide."""
        if not item.verbs:
            return self._area(item)
        if not item.words:
            found = [
                (e, NAMED)
                for _, e in self.endpoints
                if any(_names_action(v, action_of(e)) for v in item.verbs)
            ]
            acts = {self.nouns.named_act(verb) for verb in item.verbs} - {None}
            found += [(e, KIND) for owner, e in self.endpoints if owner in acts and e.kind == "create"]
            return found or self._acts(item.verbs, item.then)
        found = self._acts(item.verbs, item.words)
        if found or not item.shared:
            return found
        return self._area(item)

    def _acts(self, verbs: Sequence[str], obj: Sequence[str]) -> list[tuple[Endpoint, int]]:
        entity = self.nouns.entity(obj) if obj else None
        if entity is None:
            return []
        found: list[tuple[Endpoint, int]] = []
        for verb in verbs:
            kind = kind_of(verb)
            act = self.nouns.named_act(verb, obj) if not kind else None
            named = len(found)
            for owner, endpoint in self.endpoints:
                mine = entity in (owner, endpoint.entity)
                if mine and _names_action(verb, action_of(endpoint)):
                    found.append((endpoint, NAMED))
                elif mine and kind == "manage" and endpoint.kind not in _BROWSING:
                    found.append((endpoint, KIND))  # managing one's records; browsing them is another grant
                elif mine and kind in _KINDS and endpoint.kind in _KINDS[kind]:
                    found.append((endpoint, KIND))
                elif act is not None and act == owner and endpoint.kind == "create":
                    found.append((endpoint, KIND))  # "buy" creates an order, "review" a review
            if not kind and len(found) == named:  # "decide requests", "respond to offers": its state changes
                found += [
                    (e, KIND)
                    for owner, e in self.endpoints
                    if entity in (owner, e.entity) and e.kind in ("transition", "action")
                ]
        return found

    def _area(self, item: Item) -> list[tuple[Endpoint, int]]:
        """The endpoints of a capability named by a noun: an action's ("no-shows", "seating"),
        the reports', or every endpoint of the records it names (the caller's own: reading and
        changing them)."""
        obj = item.words
        if not obj:
            return []
        plural = words.noun(obj[0]) != words.base(obj[0])
        if len(obj) == 1 and self.acts(obj[0]) and not (plural and self.exact(obj)):
            return [(e, NAMED) for _, e in self.endpoints if _names_action(obj[0], action_of(e))]
        if words.noun(obj[-1]) in words.REPORT_NOUNS or words.base(obj[-1]) in words.REPORT_NOUNS:
            return [(e, NAMED) for _, e in self.endpoints if e.kind == "report"]
        entity = self.nouns.entity(obj)
        if entity is None:
            return []
        return [
            (e, AREA)
            for owner, e in self.endpoints
            if entity in (owner, e.entity) and e.kind != "mine" and (not item.own or e.kind in _OWN_AREA)
        ]


def _role_of(schema: Schema, heading: str) -> str | None:
    """The stored role a table's column heading names: ``Member (buyer/seller)`` → ``member``."""
    said = BRACKETS.sub(" ", heading).strip()
    return role_for(schema.roles, said) or role_for(schema.roles, heading)


def _scope(qualifier: str, own: bool) -> str:
    """The scope a cell's condition gives a grant: "own" for the owner's, the condition as written
    otherwise, "" for none."""
    said = [t.text.lower() for t in words.tokens(qualifier)]
    if said and said[0] in _READ_ONLY:  # "read / notes": the mark's reading is the grant
        said = []
    if (said and said[0] in _OWNER) or (not said and own):
        return "own"
    return " ".join(said)


def _reads_only(qualifier: str) -> bool:
    said = [t.text.lower() for t in words.tokens(qualifier)]
    return bool(said) and said[0] in _READ_ONLY


@dataclass(frozen=True)
class Applied:
    """What the table did to the API, for the plan's notes."""

    notes: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()


def apply(modules: list[Module], domain: DomainModel, schema: Schema, back_office: str) -> Applied:
    """Grant the endpoints of ``modules`` the table names as it says (in place)."""
    rows = domain.stack.access
    if not rows:
        return Applied()
    questions: list[str] = []
    heading = domain.stack.access_heading or "its authorization table"
    columns = {cell.role for row in rows for cell in row.cells}
    roles = {column: _role_of(schema, column) for column in columns}
    unknown = [column for column, role in roles.items() if role is None]
    if unknown:
        questions.append(
            "The architecture's authorization table (" + heading + ") has columns for "
            + ", ".join(f"“{c}”" for c in sorted(unknown))
            + (", which is" if len(unknown) == 1 else ", which are")
            + " no role of the plan's accounts: its rows are planned for the other roles; is that right?"
        )  # fmt: skip
    matcher = _Matcher(modules, NounIndex(schema, domain))
    grants: dict[int, dict[str, str]] = {}
    closeness: dict[int, int] = {}
    named: dict[int, list[str]] = {}
    by_id = {id(e): e for _, e in matcher.endpoints}
    for row in rows:
        reached = False
        for item in items(row.capability, matcher):
            for endpoint, close in matcher.match(item):
                reached = True
                if close < closeness.get(id(endpoint), close):
                    continue  # a row naming it more closely decides
                if close > closeness.get(id(endpoint), close):
                    grants.pop(id(endpoint), None)
                    named.pop(id(endpoint), None)
                closeness[id(endpoint)] = close
                deciding = named.setdefault(id(endpoint), [])
                if row.capability not in deciding:
                    deciding.append(row.capability)
                cell_grants = grants.setdefault(id(endpoint), {})
                for cell in row.cells:
                    role = roles.get(cell.role)
                    if role is None or not cell.allowed:
                        continue
                    if _reads_only(cell.qualifier) and endpoint.method != "GET":
                        continue
                    scope = _scope(cell.qualifier, item.own and role != back_office)
                    if role not in cell_grants or (cell_grants[role] and not scope):
                        cell_grants[role] = scope
        if not reached:
            questions.append(
                f"The architecture's authorization table ({heading}) grants “{row.capability}”, "
                "which names no endpoint of this plan: which routes does it mean?"
            )
    governed = 0
    refused: list[str] = []
    for module in modules:
        endpoints = []
        for endpoint in module.endpoints:
            given = grants.get(id(endpoint))
            if id(endpoint) not in by_id or not given:
                endpoints.append(endpoint)
                continue
            governed += 1
            kept = tuple(r for r in schema.roles if r in given)
            lost = [
                r for r in endpoint.roles if r not in given and r in _story_roles(endpoint, domain, schema)
            ]
            if lost:
                refused.append(
                    f"`{endpoint.method} {endpoint.path}`: "
                    + ", ".join(role_label(r) for r in lost)
                    + f" (stories {', '.join(endpoint.stories)})"
                )
            endpoints.append(
                replace(
                    endpoint,
                    roles=kept,
                    grants=tuple(Grant(role=r, scope=given[r]) for r in kept if given[r]),
                    ruled=tuple(named[id(endpoint)]),
                )
            )
        module.endpoints = endpoints
    if refused:
        questions.append(
            f"The stories ask for these grants the architecture's authorization table ({heading}) does "
            "not give; the plan follows the architecture: " + "; ".join(refused) + "."
        )
    notes = [
        f"The role × endpoint matrix follows the architecture's authorization table ({heading}) for the "
        f"{governed} endpoints its {len(rows)} capabilities name, each condition written beside a mark "
        "kept as the grant's scope; the other endpoints are granted to the roles of their stories and "
        "to the back office."
    ]
    return Applied(tuple(notes), tuple(questions))


def _story_roles(endpoint: Endpoint, domain: DomainModel, schema: Schema) -> set[str]:
    said = {story.role for story in domain.stories if story.id in endpoint.stories}
    return {role for role in (schema.role_of(s) for s in said) if role is not None}
