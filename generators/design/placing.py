"""Each story's operations placed as endpoints in the module of the entity they act on.

An operation that is a table's own route (list, get, create, update) adds its story to that
endpoint; any other becomes an endpoint of its own, with its body, its errors and the service
method behind it. Reports and availability without an entity get modules of their own.
"""

from __future__ import annotations

from dataclasses import replace

from generators import naming
from generators.design import shapes
from generators.design.api import Endpoint, Module, Transition
from generators.design.dtos import Dto
from generators.design.intent.coverage import Coverage
from generators.design.intent.operations import Operation
from generators.design.schema import Schema
from generators.model import Platform

_ERRORS: dict[str, tuple[int, ...]] = {
    "create": (400, 401, 403, 404), "list": (400, 401, 403, 404), "mine": (400, 401), "get": (401, 403, 404),
    "update": (400, 401, 403, 404), "delete": (401, 403, 404), "transition": (401, 403, 404, 409),
    "action": (401, 403, 404, 409), "batch": (401, 403, 404, 409), "report": (400, 401, 403),
    "export": (401, 403), "import": (400, 401, 403), "invite": (400, 401, 403, 409),
    "reorder": (400, 401, 403, 404), "copy": (400, 401, 403, 404), "availability": (400, 401, 404),
}  # fmt: skip
_STATUS = {"create": 201, "copy": 201, "delete": 204, "reorder": 204, "invite": 202}


class _Placer:
    def __init__(self, schema: Schema, modules: dict[str, Module], auth: Module, platform: Platform) -> None:
        self.schema = schema
        self.platform = platform
        self.modules = modules
        self.auth = auth
        self.extra: dict[str, Module] = {}
        self.ids = {e.operation_id for m in (*modules.values(), auth) for e in m.endpoints}
        self.dtos = {d.name for m in modules.values() for d in m.dtos}

    def module_of(self, op: Operation) -> Module:
        if op.kind == "register":
            return self.auth
        if op.entity in self.modules:
            return self.modules[op.entity]
        name = "reports" if op.kind == "report" else "availability"
        purpose = (
            "Aggregates the stories ask for, computed from the tables."
            if name == "reports"
            else ("Computes free slots from what is booked; stores nothing.")
        )
        return self.extra.setdefault(name, Module(name=name, purpose=purpose))

    def add(self, coverage: Coverage) -> None:
        for op in coverage.operations:
            module = self.module_of(op)
            path = op.path
            existing = next((e for e in module.endpoints if e.method == op.method and e.path == path), None)
            if existing is None:
                existing = self._new(op, module)
                module.endpoints.append(existing)
            index = module.endpoints.index(existing)
            stories = tuple(dict.fromkeys((*existing.stories, coverage.story.id)))
            filters = tuple(dict.fromkeys((*existing.filters, *op.filters)))
            module.endpoints[index] = replace(existing, stories=stories, filters=filters)
            if coverage.story not in module.stories:
                module.stories.append(coverage.story)
            if op.state is not None and not any(t.path == path for t in module.transitions):
                module.transitions.append(Transition(op.action, op.state.column, op.state.value, path))

    def _operation_id(self, op: Operation) -> str:
        """``cancelAppointment``, ``createPetAppointment``, ``listUserServices``, ``listMyPets``."""
        parts = [part for part in op.path.split("/") if part]
        nouns: list[str] = []
        for index, part in enumerate(parts):
            if part.startswith(":") or part == "me":
                continue
            one = index + 1 < len(parts) and parts[index + 1].startswith(":")
            last = index == len(parts) - 1
            nouns.append(
                naming.pascal(part) if one or (last and op.kind == "create") else naming.pascal_exact(part)
            )
        verb = {"list": "list", "mine": "listMy", "create": "create", "availability": "get"}.get(op.kind)
        if verb is None and len(nouns) > 1:
            verb, nouns = naming.camel(parts[-1]), nouns[:-1]
        base = (verb or op.kind) + "".join(nouns)
        candidate, number = base, 2
        while candidate in self.ids:
            candidate, number = f"{base}{number}", number + 1
        self.ids.add(candidate)
        return candidate

    def _dto(self, module: Module, dto: Dto) -> str:
        if dto.name not in self.dtos:
            self.dtos.add(dto.name)
            module.dtos.append(dto)
        return dto.name

    def _new(self, op: Operation, module: Module) -> Endpoint:
        """An endpoint for an operation the table's own routes do not give."""
        response, request, many, paginated, content, upload = "", "", False, False, "application/json", False
        entity = op.entity
        if entity:
            response = f"{entity}ResponseDto"
        if op.kind in ("list", "mine"):
            paginated = True
        elif op.kind == "create":
            request = f"Create{entity}Dto"
        elif op.kind == "update":
            request = f"Update{entity}Dto"
        elif op.kind in ("batch", "copy"):
            many = True
            request = self._dto(module, shapes.COPY) if op.kind == "copy" else ""
        elif op.kind == "report":
            response = self._dto(module, shapes.REPORT)
        elif op.kind == "export":
            response, content = "", "text/csv"
        elif op.kind == "import":
            request, upload = self._dto(module, shapes.import_file(self.platform)), True
            response = self._dto(module, shapes.IMPORT_RESULT)
        elif op.kind == "invite":
            request, response = self._dto(module, shapes.invite(self.schema.roles)), ""
        elif op.kind == "reorder":
            request, response = self._dto(module, shapes.REORDER), ""
        elif op.kind == "availability":
            response, many = self._dto(module, shapes.AVAILABILITY), True
        if op.kind == "delete":
            response = ""
        operation_id = self._operation_id(op)
        module.services.append((f"{operation_id}({_arguments(op)})", _service_text(op)))
        return Endpoint(
            method=op.method,
            path=op.path,
            summary=_summary(op),
            operation_id=operation_id,
            kind=op.kind,
            module=module.name,
            service_method=operation_id,
            status=_STATUS.get(op.kind, 200),
            errors=_ERRORS.get(op.kind, (401, 403)),
            roles=(),
            request=request,
            response=response,
            paginated=paginated,
            note=_note(op),
            path_params=tuple(p[1:] for p in op.path.split("/") if p.startswith(":")),
            entity=entity,
            many=many,
            content=content,
            upload=upload,
        )


def _arguments(op: Operation) -> str:
    if op.kind in ("list", "mine", "report", "availability", "export"):
        return "query, user" if ":id" not in op.path else "id, query, user"
    if op.kind in ("create", "update", "copy", "reorder", "invite", "import"):
        return "dto, user" if ":id" not in op.path else "id, dto, user"
    return "id, user"


def _noun(op: Operation) -> tuple[str, str]:
    entity = op.entity or "record"
    return naming.human(entity), naming.human_plural(entity)


def _summary(op: Operation) -> str:
    noun, nouns = _noun(op)
    parent = naming.human(op.parent) if op.parent else ""
    of_parent = f" of {naming.article(parent)} {parent}" if parent else ""
    action = op.action.replace("-", " ")
    texts = {
        "transition": f"{action.capitalize()} {naming.article(noun)} {noun}",
        "action": f"{action.capitalize()} {naming.article(noun)} {noun}",
        "batch": f"{action.capitalize()} of {naming.article(parent)} {parent}",
        "create": f"Create {naming.article(noun)} {noun}" + of_parent.replace(" of ", " for ", 1),
        "list": f"List the {nouns}{of_parent}",
        "mine": f"List the caller's own {nouns}",
        "get": f"Get one {noun}",
        "update": f"Update {naming.article(noun)} {noun}",
        "delete": f"Delete {naming.article(noun)} {noun}",
        "report": f"Report: {action}",
        "export": f"Export {nouns} as CSV",
        "import": f"Import {nouns} from a CSV file",
        "invite": "Invite someone by e-mail to create an account",
        "reorder": f"Reorder the {nouns}{of_parent}",
        "copy": f"Copy {nouns} from another " + (parent or noun),
        "availability": "Available slots" + (f" of {naming.article(noun)} {noun}" if op.entity else ""),
    }  # fmt: skip
    return texts.get(op.kind, action.capitalize())


def _note(op: Operation) -> str:
    if op.state is not None:
        if op.state.flag:
            return f"sets `{op.state.column}`; 409 when it is already set"
        column = op.state.column
        return f"sets `{column}` to `{op.state.value}`; 409 when the current {column} does not allow it"
    if op.kind == "import":
        return (
            "rows are validated and saved in one transaction; a file over 1,000 rows runs as a background job"
        )
    if op.kind == "invite":
        return "e-mails a single-use link valid for 72 hours; accepted at `POST /auth/invitations/accept`"
    if op.kind == "mine":
        return "only the caller's own records"
    return ""


def _service_text(op: Operation) -> str:
    note = _note(op)
    return note or _summary(op).lower()


def place(
    coverage: list[Coverage], schema: Schema, modules: dict[str, Module], auth: Module, platform: Platform
) -> list[Module]:
    """The feature modules with every story's operations placed, then the modules only stories need."""
    placer = _Placer(schema, modules, auth, platform)
    for story in coverage:
        placer.add(story)
    if any(e.kind == "invite" for m in modules.values() for e in m.endpoints):
        auth.endpoints.append(
            Endpoint(
                method="POST",
                path="/auth/invitations/accept",
                summary="Accept an invitation: set a password, sign in",
                operation_id="acceptInvitation",
                kind="auth",
                module="auth",
                service_method="acceptInvitation",
                status=200,
                errors=(400, 401, 410),
                public=True,
                request=shapes.ACCEPT_INVITATION.name,
                response="AuthTokensDto",
            )
        )
    return [*modules.values(), *placer.extra.values()]
