"""The operation an engineer writes for one clause of a story.

A verb that moves the entity's status (cancel → CANCELLED, "mark as no-show" → NO_SHOW, or what the
story's acceptance criteria say it sets) is a transition, ``POST /reservations/:id/cancel``;
creating, reading, changing and removing are the resource's own routes, nested under the parent
the clause names; inviting, importing, exporting, copying, reordering, batch changes, reports and
availability have routes of their own. A clause no rule maps gives no operation: the story is
then an open question, never an endpoint named after a word of the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

from generators import naming
from generators.design.api import Method
from generators.design.intent import words
from generators.design.intent.clauses import OPERATION_VERBS, Clause, strong_verb
from generators.design.intent.nouns import GENERIC, NounIndex, State, forms
from generators.design.schema import Model, Schema

OperationKind = Literal[
    "list", "get", "create", "update", "delete", "transition", "action", "report", "export", "import",
    "invite", "mine", "reorder", "copy", "availability", "register", "batch",
]  # fmt: skip
PHRASAL = {
    "take-off": "remove", "take-down": "withdraw", "put-back": "restore", "hand-in": "submit",
    "pick-up": "assign", "sign-up": "register", "set-up": "create", "check-out": "checkout",
    "write-off": "write-off", "log-in": "login", "give-back": "return",
}  # fmt: skip
"""Phrasal verbs whose meaning is another verb's: English grammar, not a product's words."""
NOTIFY = words.vocabulary("text email e-mail sms notify message remind page alert")
COLLECTIONS = words.vocabulary(
    "list queue overview view history calendar feed inbox board catalogue catalog shelf"
)
TIME_WORDS = words.vocabulary("today date day week month year range period time tonight tomorrow")
JOINING = words.vocabulary("join enrol enroll apply attend subscribe")
MOVERS = words.vocabulary("put send take bring place move")
SOFT_DELETE = re.compile(
    r"(deleted|archived|anonymi[sz]ed|erased|removed|redacted|purged)(At|On|Date)?$", re.I
)


@dataclass(frozen=True)
class Operation:
    """One operation a story needs."""

    kind: OperationKind
    entity: str
    method: Method
    path: str
    action: str = ""
    state: State | None = None
    filters: tuple[str, ...] = ()
    parent: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """Method and path: two stories needing the same route share one endpoint."""
        return self.method, self.path


@dataclass
class Context:
    """What the clauses before said: the entity acted on, the story's acceptance criteria."""

    previous: str | None = None
    details: str = ""
    created: set[str] = field(default_factory=set)
    """Entities an earlier clause of the story creates ("buy … and pay": the payment is part of it)."""


@dataclass
class Reader:
    """Maps clauses to operations over one schema."""

    schema: Schema
    nouns: NounIndex

    def model(self, name: str) -> Model:
        """The model called ``name``."""
        return self.schema.model(name)

    def route(self, entity: str) -> str:
        """The collection route of ``entity``."""
        return "/" + naming.route(entity)

    def _belongs(self, child: str, parent: str | None) -> bool:
        return bool(parent) and child != parent and any(fk.target == parent for fk in self.model(child).fks)

    def parent_of(self, entity: str, clause: Clause, context: Context) -> str:
        """An entity the clause (or the one before) names that ``entity`` belongs to."""
        named = self.nouns.entity(clause.qualifiers)
        for candidate in (named, context.previous if clause.owner or clause.pronoun or not named else None):
            if candidate and self._belongs(entity, candidate):
                return candidate
        return ""

    def _under(self, parent: str, entity: str) -> str:
        return f"{self.route(parent)}/:id{self.route(entity)}" if parent else self.route(entity)

    def filters(self, entity: str, clause: Clause) -> tuple[str, ...]:
        """Query filters the clause's qualifiers name among the entity's columns."""
        said = {words.noun(word) for word in (*clause.qualifiers, *clause.nouns)}
        found: list[str] = []
        for column in self.model(entity).columns:
            if column.internal or column.pk:
                continue
            parts = [p for p in naming.words(column.name) if p not in ("id", "at")]
            if parts and naming.singular(parts[-1]) in said and column.name not in found:
                found.append(column.name)
        if said & TIME_WORDS:
            found += ["from", "to"]
        if said & {"keyword", "search", "name", "text"}:
            found.append("q")
        return tuple(dict.fromkeys(found))

    def transition(self, clause: Clause, verb: str, entity: str | None, context: Context) -> Operation | None:
        """A status change: the verb, "mark as …" or the acceptance criteria name a status value."""
        head = verb.split("-")[0]
        if clause.state:
            states = self.nouns.moves([*forms(clause.state), clause.state])
        else:
            synonyms = [form for synonym in words.STATE_SYNONYMS.get(verb, ()) for form in forms(synonym)]
            states = self.nouns.moves(forms(verb), synonyms)
        if not states and head not in OPERATION_VERBS and head not in words.LIGHT:
            states = self._criteria(head, context.details)
        chosen = self._choose(states, clause, entity)
        if chosen is None or (chosen.initial and head in words.CREATE):
            return None  # "open a dispute", "book a table": a record starts in that state
        if chosen.entity in context.created and (chosen.initial or not (clause.nouns or clause.pronoun)):
            return None  # "buy an item and pay by card": how the record is made, not a later step
        slug = _state_slug(clause.state) if clause.state else verb
        return Operation("transition", chosen.entity, "POST", f"{self.route(chosen.entity)}/:id/{slug}",
                         action=slug, state=chosen)  # fmt: skip

    def _criteria(self, verb: str, details: str) -> list[State]:
        """States the acceptance criteria tie to the verb: "freeing → *Finished*"."""
        if not details:
            return []
        spoken = {verb, verb + "ing", verb[:-1] + "ing", *naming.past_participle(verb)}
        found: list[State] = []
        for line in re.split(r"[;\n]", details):
            lowered = line.lower()
            if not any(re.search(rf"\b{re.escape(form)}\b", lowered) for form in spoken if len(form) > 2):
                continue
            found += [
                s
                for s in self.nouns.states
                if not s.flag and re.search(rf"\b{re.escape(s.value.lower())}\b", lowered)
            ]
        return found

    def _choose(self, states: list[State], clause: Clause, entity: str | None) -> State | None:
        if not states:
            return None
        said = [words.noun(word) for word in clause.nouns]
        for state in states:  # "suspend a member" moves a Membership
            if any(naming.key(state.entity).startswith(word) and word for word in said):
                return state
        for state in states:
            if state.entity == entity:
                return state
        hint = self.nouns.entity(clause.qualifiers)  # "seat a party from the waitlist"
        for state in states:
            if state.entity == hint:
                return state
        if entity is not None:
            related = {fk.target for fk in self.model(entity).fks}
            related |= {m.name for m in self.schema.models for fk in m.fks if fk.target == entity}
            chosen = next((s for s in states if s.entity in related), None)
            if chosen is not None:
                return chosen
        return states[0] if len({s.entity for s in states}) == 1 else None

    def operations(self, clause: Clause, context: Context) -> list[Operation]:
        """The operations one clause needs."""
        verb = PHRASAL.get(clause.verb, clause.verb)
        head = verb.split("-")[0]
        said = set(clause.nouns) | set(clause.qualifiers)
        if head in ("get", "receive", "send") and said & words.NOTICE_NOUNS:
            return []  # a message the system sends: a side effect of another operation
        if head == "be" or (head == "use" and said & words.UI_NOUNS):
            return []
        if head in MOVERS:  # "put it on hold", "send an item for repair": the noun is the change
            moved = next((q for q in clause.qualifiers if self.nouns.moves(forms(words.verb(q)))), None)
            if moved is not None:
                verb = head = words.verb(moved)
        entity = self.nouns.entity(clause.nouns, [clause.owner] if clause.owner else [])
        if entity is None and (clause.pronoun or not clause.nouns):
            entity = context.previous
        special = self._special(clause, verb, entity, context)
        if special is not None:
            return special
        batch = self._batch(clause, verb, entity, context) if entity else None
        if batch is not None:
            return [batch]
        moved_state = self.transition(clause, verb, entity, context)
        if moved_state is not None:
            return [moved_state]
        if entity is None:
            entity = self.nouns.named_act(head, clause.nouns) or self.nouns.entity(clause.qualifiers)
        if entity is None:
            return []
        found = self._crud(clause, verb, entity, context)
        for group in clause.more if found and found[0].kind in ("create", "list", "mine") else ():
            other = self.nouns.entity(group)
            if other and other != entity:
                found += self._crud(replace(clause, nouns=group), verb, other, context)
        return found

    def _special(
        self, clause: Clause, verb: str, entity: str | None, context: Context
    ) -> list[Operation] | None:
        head = verb.split("-")[0]
        user = self.schema.user_model
        said = set(clause.nouns) | set(clause.qualifiers)
        if head in words.INVITE:
            return [Operation("invite", user, "POST", f"{self.route(user)}/invite", action="invite")]
        if verb == "register" and entity in (None, user):
            return [Operation("register", user, "POST", "/auth/register")]
        if head in words.IMPORT and (entity or self.nouns.is_role(clause.nouns)):
            target = entity or user
            return [Operation("import", target, "POST", f"{self.route(target)}/import", action="import")]
        if head in words.EXPORT or ("csv" in said and head in words.READ):
            return self._export(clause, entity, context)
        if head == "report" and (entity or clause.nouns):
            return self._reported(clause, entity, context)
        if (said & words.REPORT_NOUNS) and (head in words.READ or head in ("see", "want")):
            return [self._report(clause)]
        if head in words.COPY and entity:
            parent = self.parent_of(entity, clause, context)
            return [
                Operation(
                    "copy",
                    entity,
                    "POST",
                    self._under(parent, entity) + "/copy",
                    action="copy",
                    parent=parent,
                )
            ]
        if head in words.REORDER and entity:
            parent = self.parent_of(entity, clause, context)
            path = self._under(parent, entity) + "/order"
            return [Operation("reorder", entity, "PUT", path, action="reorder", parent=parent)]
        if head in words.READ and said & words.AVAILABILITY:
            if entity and entity != user:
                path, found = f"{self.route(entity)}/:id/availability", self.filters(entity, clause)
                return [Operation("availability", entity, "GET", path, action="availability", filters=found)]
            return [Operation("availability", "", "GET", "/availability", action="availability")]
        if head in NOTIFY and entity:
            return [Operation("action", entity, "POST", f"{self.route(entity)}/:id/notify", action="notify")]
        if head in words.ACCOUNT_OFF and entity == user:
            return [Operation("transition", user, "POST", f"{self.route(user)}/:id/{head}", action=head)]
        if head in JOINING and entity and entity != user:
            return self._join(clause, head, entity)
        return None

    def _join(self, clause: Clause, head: str, entity: str) -> list[Operation] | None:
        """ "join a course", "request a place on a course": the record linking the caller to it."""
        user = self.schema.user_model
        linking = [
            model
            for model in self.schema.models
            if model.name != entity
            and not model.is_join
            and {entity, user} <= {fk.target for fk in model.fks}
        ]
        if not linking:
            return None
        # the record named for the act ("join" makes an enrolment or a membership) before any other
        # table linking the two ("course teachers" also link a user to a course)
        acts = words.ACT_NOUNS.get(head, ())
        named = [m for m in linking if any(naming.key(m.name).endswith(naming.key(act)) for act in acts)]
        model = (named or linking)[0]
        path = f"{self.route(entity)}/:id{self.route(model.name)}"
        return [Operation("create", model.name, "POST", path, parent=entity)]

    def _export(self, clause: Clause, entity: str | None, context: Context) -> list[Operation]:
        if entity is None:
            entity = self.nouns.entity(clause.qualifiers)
            if entity and clause.nouns and clause.nouns[-1] not in GENERIC:  # "the gradebook for my course"
                noun = naming.snake(clause.nouns[-1]).replace("_", "-")
                return [
                    Operation(
                        "export", entity, "GET", f"{self.route(entity)}/:id/{noun}/export", action="export"
                    )
                ]
        if entity is None:
            return []
        base = "/me" + self.route(entity) if clause.mine else self.route(entity)
        return [Operation("export", entity, "GET", f"{base}/export", action="export")]

    def _reported(self, clause: Clause, entity: str | None, context: Context) -> list[Operation]:
        """ "report a listing" files a ListingReport; "report a defect" files a Defect."""
        filed = self.nouns.named_act("report", clause.nouns)
        if filed and entity and filed != entity and self._belongs(filed, entity):
            return [
                Operation(
                    "create", filed, "POST", f"{self.route(entity)}/:id{self.route(filed)}", parent=entity
                )
            ]
        target = filed or entity
        return [Operation("create", target, "POST", self.route(target))] if target else []

    def _report(self, clause: Clause) -> Operation:
        """``GET /reports/<name>``, named by the words before "report" and the subject after it."""
        nouns = [n for n in clause.nouns if not n.isdigit()]
        at = next((i for i, n in enumerate(nouns) if n in words.REPORT_NOUNS), len(nouns))
        before = [n for n in nouns[:at] if n not in words.REPORT_NOUNS][-1:]
        after = [
            n for n in (*nouns[at + 1 :], *clause.qualifiers) if n not in words.REPORT_NOUNS and n.isalpha()
        ][:1]
        name = "-".join([*before, *(naming.plural(a) for a in after)]) or "summary"
        slug = naming.snake(name).replace("_", "-")
        return Operation("report", "", "GET", f"/reports/{slug}", action=slug)

    def _crud(self, clause: Clause, verb: str, entity: str, context: Context) -> list[Operation]:
        head = verb.split("-")[0]
        route = self.route(entity)
        if head in words.CREATE or head in (
            "keep",
            "make",
            "give",
            "take",
            "place",
            "checkout",
            "submit",
            "log",
        ):
            return self._create(clause, entity, context)
        if head in words.UPDATE or head == "move":
            return [Operation("update", entity, "PATCH", f"{route}/:id")]
        if head in words.DELETE:
            if keeps_history(self.model(entity)):
                return [Operation("transition", entity, "POST", f"{route}/:id/{head}", action=head)]
            return [Operation("delete", entity, "DELETE", f"{route}/:id")]
        if (head in words.READ and not verb.endswith(("-in", "-out", "-off"))) or head == "want":
            return self._read(clause, entity, context)  # "check a list" reads, "check a guest in" does not
        if head in words.MANAGE:  # "manage labels": list, create, change and remove them
            removal = self._crud(clause, "delete", entity, context)
            listed = self._crud(clause, "see", entity, context)
            return [
                *listed,
                *self._create(clause, entity, context),
                Operation("update", entity, "PATCH", f"{route}/:id"),
                *removal,
            ]
        if head in words.LIGHT:
            return []
        act = self.nouns.named_act(head, clause.nouns)
        if act and act != entity:  # "assign a driver to a vehicle" makes a VehicleAssignment
            parent = entity if self._belongs(act, entity) else self.parent_of(act, clause, context)
            return [Operation("create", act, "POST", self._under(parent, act), parent=parent)]
        if head in OPERATION_VERBS:
            return []
        if (
            strong_verb(words.Token(head, 0, len(head)))
            or self._names_column(entity, head)
            or _acts_on(clause)
        ):
            return [Operation("action", entity, "POST", f"{route}/:id/{verb}", action=verb)]
        return []

    def _create(self, clause: Clause, entity: str, context: Context) -> list[Operation]:
        act = self.nouns.named_act(clause.verb.split("-")[0], clause.nouns)
        if act and act != entity and act != self.schema.user_model:
            # "book a table" makes a reservation, "pay a fine" a payment of that fine
            parent = entity if self._belongs(act, entity) else self.parent_of(act, clause, context)
            return [Operation("create", act, "POST", self._under(parent, act), parent=parent)]
        parent = self.parent_of(entity, clause, context)
        made = [Operation("create", entity, "POST", self._under(parent, entity), parent=parent)]
        linked = self._linking(entity, context.previous)
        if linked:  # "log the parts I used" on a work order: the line linking both
            owner = context.previous or ""
            made = [
                Operation(
                    "create", linked, "POST", f"{self.route(owner)}/:id{self.route(entity)}", parent=owner
                )
            ]
        for word in clause.qualifiers:  # "a listing with up to 8 photos": its children too
            child = self.nouns.entity([word])
            if child and self._belongs(child, entity) and child != entity:
                made.append(
                    Operation(
                        "create", child, "POST", f"{self.route(entity)}/:id{self.route(child)}", parent=entity
                    )
                )
        return made

    def _linking(self, entity: str, previous: str | None) -> str | None:
        """An entity that links ``entity`` to the one the story acted on before (WorkOrderPart)."""
        if not previous or previous == entity:
            return None
        for model in self.schema.models:
            targets = {fk.target for fk in model.fks}
            if {entity, previous} <= targets and model.name not in (entity, previous):
                return model.name
        return None

    def _read(self, clause: Clause, entity: str, context: Context) -> list[Operation]:
        route = self.route(entity)
        found = self.filters(entity, clause)
        user = self.schema.user_model
        owner = self.nouns.entity([clause.owner]) if clause.owner else None
        if clause.owner and owner in (None, user) and entity != user:
            # "my child's grades", "a member's loans": another person's records, under that person
            users = self.route(user)
            return [Operation("list", entity, "GET", f"{users}/:id{route}", filters=found, parent=user)]
        if clause.mine and entity != user:
            return [Operation("mine", entity, "GET", f"/me{route}", filters=found)]
        if clause.owner and self.nouns.entity([clause.owner]) == entity:
            read = [Operation("get", entity, "GET", f"{route}/:id")]
            for word in clause.qualifiers:  # "a seller's profile with … recent reviews"
                child = self.nouns.entity([word])
                if child and child != entity and self._belongs(child, entity):
                    read.append(
                        Operation("list", child, "GET", f"{route}/:id{self.route(child)}", parent=entity)
                    )
            return read
        parent = self.parent_of(entity, clause, context)
        if parent:
            return [
                Operation(
                    "list", entity, "GET", f"{self.route(parent)}/:id{route}", filters=found, parent=parent
                )
            ]
        return [Operation("list", entity, "GET", route, filters=found)]

    def _ancestor(self, entity: str, other: str | None) -> bool:
        """Whether ``entity`` belongs to ``other`` directly or through one record between them."""
        if not other or other == entity:
            return False
        parents = {fk.target for fk in self.model(entity).fks}
        return other in parents or any(other in {fk.target for fk in self.model(p).fks} for p in parents)

    def _batch(self, clause: Clause, verb: str, entity: str, context: Context) -> Operation | None:
        """ "release all grades for an assignment": one change to every child of a parent."""
        head = verb.split("-")[0]
        if not (clause.plural and "all" in clause.text.lower().split()) or head in OPERATION_VERBS:
            return None
        parent = self.nouns.entity(clause.qualifiers)
        if parent is None or not self._ancestor(entity, parent):
            return None
        slug = f"{verb}-{naming.route(entity)}"
        return Operation(
            "batch", entity, "POST", f"{self.route(parent)}/:id/{slug}", action=slug, parent=parent
        )

    def _names_column(self, entity: str, verb: str) -> bool:
        """Whether a column is named for the act ("end" sets ``endDate``, "renew" ``renewedAt``)."""
        stems = {verb, *naming.past_participle(verb)}
        return any(
            naming.words(c.name)[0] in stems for c in self.model(entity).columns if naming.words(c.name)
        )


def _acts_on(clause: Clause) -> bool:
    """Whether the clause's verb stands right before its object ("mute a user", "pin the post")."""
    said = words.tokens(clause.text)
    return len(said) > 2 and said[1].lower in words.DETERMINERS and "-" not in clause.verb


def keeps_history(model: Model) -> bool:
    """A record kept in a status, a flag or a soft-delete stamp is not deleted: removing it is a change."""
    return any(
        (c.enum and c.name in ("status", "state")) or (c.name.startswith("is") and c.type.value == "boolean")
        or SOFT_DELETE.search(c.name)
        for c in model.columns
    )  # fmt: skip


def _state_slug(state: str) -> str:
    """The route segment of "mark as <state>": ``no-show``; a participle is ``mark-shipped``."""
    slug = naming.snake(state).replace("_", "-")
    lemma = words.verb(state)
    return f"mark-{slug}" if lemma != state and state.endswith(("ed", "en", "ld", "lt")) else slug
