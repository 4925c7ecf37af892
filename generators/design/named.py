"""The endpoints the architecture names that no story asks for, planned at its paths.

``PATCH /sessions/:id/close``, ``POST /orders/:id/issue``, ``GET /products/:id/stock``: each goes
to the module of the records its path names, as the kind of operation its method and path shape
say (a read, a creation, a change, an action on one record). An update the architecture writes as
``PUT`` is the plan's update at that method. Nobody's story asks for them, so only the back office
may call them until one does (the architecture's authorization table, applied after, may say
more); each is said under assumptions. A path that names no records of the data model (``/health``,
``/stats/participation``) stays an open question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from generators import naming
from generators.design.api import Endpoint, EndpointKind, Method, Module
from generators.design.schema import Model, Schema
from generators.model import NamedEndpoint

_METHOD: dict[str, Method] = {
    "GET": "GET",
    "POST": "POST",
    "PATCH": "PATCH",
    "PUT": "PUT",
    "DELETE": "DELETE",
}
_ON_COLLECTION: dict[Method, EndpointKind] = {"GET": "list", "POST": "create"}
_ON_ONE: dict[Method, EndpointKind] = {"GET": "get", "PATCH": "update", "PUT": "update", "DELETE": "delete"}
_ERRORS: dict[str, tuple[int, ...]] = {
    "list": (400, 401, 403),
    "get": (401, 403, 404),
    "create": (400, 401, 403, 404),
    "update": (400, 401, 403, 404),
    "delete": (401, 403, 404),
    "action": (401, 403, 404, 409),
}


def shape(path: str) -> str:
    """A path with its parameters unnamed: ``/orders/:orderId`` and ``/orders/:id`` are one."""
    return re.sub(r":\w+", ":", path.rstrip("/"))


def _resource(part: str, schema: Schema) -> Model | None:
    """The model a path segment names (``work-orders``, ``order``, ``sessions`` for NetSession when
    no other model ends so), None for any other word."""
    said = naming.route(naming.pascal(part.replace("-", " ").replace("_", " ")))
    models = [model for model in schema.models if not model.is_join]
    exact = [m for m in models if naming.route(m.name).replace("-", "") == said.replace("-", "")]
    if exact:  # "checkins" is CheckIn's check-ins
        return exact[0]
    ending = [model for model in models if naming.route(model.name).endswith("-" + said)]
    return ending[0] if len(ending) == 1 else None


def planned_as(said: NamedEndpoint, schema: Schema) -> str:
    """The shape of the path the plan gives what ``said`` names (its resources by the plan's routes)."""
    parts = []
    for part in (p for p in said.path.split("/") if p):
        model = None if part.startswith(":") else _resource(part, schema)
        parts.append(":" if part.startswith(":") else (naming.route(model.name) if model else part))
    return "/" + "/".join(parts)


def add(modules: list[Module], named: Sequence[NamedEndpoint], schema: Schema, back_office: str) -> list[str]:
    """Plan (in place) each endpoint of ``named`` the modules lack; the assumptions to state."""
    planned = {(e.method, shape(e.path)) for module in modules for e in module.endpoints}
    ids = {e.operation_id for module in modules for e in module.endpoints}
    added: list[str] = []
    replaced: list[str] = []
    for endpoint in named:
        if endpoint.method not in _METHOD or (endpoint.method, shape(endpoint.path)) in planned:
            continue
        if (endpoint.method, planned_as(endpoint, schema)) in planned:
            continue  # planned, at the plan's route for those records
        if endpoint.method == "PUT" and ("PATCH", shape(endpoint.path)) in planned:
            for module in modules:
                module.endpoints = [
                    replace(e, method="PUT")
                    if e.method == "PATCH" and shape(e.path) == shape(endpoint.path)
                    else e
                    for e in module.endpoints
                ]
            planned.add(("PUT", shape(endpoint.path)))
            replaced.append(f"`PUT {endpoint.path}`")
            continue
        made = _endpoint(endpoint, schema, back_office)
        if made is not None and (made.method, planned_as(endpoint, schema)) in planned:
            continue
        if made is None or made.module not in {m.name for m in modules}:
            continue
        module = next(m for m in modules if m.name == made.module)
        operation_id, number = made.operation_id, 2
        while operation_id in ids:
            operation_id, number = f"{made.operation_id}{number}", number + 1
        ids.add(operation_id)
        made = replace(made, operation_id=operation_id, service_method=operation_id)
        module.endpoints.append(made)
        module.services.append(
            (f"{operation_id}({_arguments(made)})", made.summary[:1].lower() + made.summary[1:])
        )
        planned.add((made.method, shape(made.path)))
        added.append(f"`{made.method} {made.path}`")
    notes: list[str] = []
    if added:
        notes.append(
            "Planned because the architecture names them, although no story asks for them: "
            + ", ".join(added)
            + f"; only {back_office.replace('_', ' ').lower()} may call them until a story says who else may."
        )
    if replaced:
        notes.append("Updates the architecture writes with PUT keep its method: " + ", ".join(replaced) + ".")
    return notes


def _arguments(endpoint: Endpoint) -> str:
    params = ", ".join(endpoint.path_params)
    body = "dto" if endpoint.request else ""
    return ", ".join(p for p in (params, body, "user") if p)


def _endpoint(named: NamedEndpoint, schema: Schema, back_office: str) -> Endpoint | None:
    """The endpoint a named path asks for, in the module of the records it names."""
    parts = [part for part in named.path.split("/") if part]
    resources = [
        (index, _resource(part, schema)) for index, part in enumerate(parts) if not part.startswith(":")
    ]
    found = [(index, model) for index, model in resources if model is not None]
    if not found:
        return None
    index, model = found[-1]
    parent = found[-2][1].name if len(found) > 1 else ""
    tail = parts[index + 1 :]
    method = _METHOD[named.method]
    word = ""
    kind: EndpointKind | None
    if not tail:
        kind = _ON_COLLECTION.get(method)
    elif len(tail) == 1 and tail[0].startswith(":"):
        kind = _ON_ONE.get(method)
    elif len(tail) == 2 and tail[0].startswith(":") and not tail[1].startswith(":"):
        word = tail[1]
        kind = "get" if method == "GET" else "action"
    else:
        return None
    if kind is None:
        return None
    noun = naming.human(model.name)
    article = naming.article(noun)
    label = word.replace("-", " ").replace("_", " ")
    column = (
        next((c.name for c in model.columns if naming.key(c.name) == naming.key(word)), "") if word else ""
    )
    of_parent = f"{naming.article(naming.human(parent))} {naming.human(parent)}" if parent else ""
    summary = {
        "list": f"List the {naming.human_plural(model.name)}" + (f" of {of_parent}" if parent else ""),
        "create": f"Create {article} {noun}" + (f" for {of_parent}" if parent else ""),
        "get": f"The {label} of {article} {noun}" if word else f"Get one {noun}",
        "update": f"Update {article} {noun}",
        "delete": f"Delete {article} {noun}",
        "action": f"Change the {label} of {article} {noun}"
        if column
        else f"{label.capitalize()} {article} {noun}",
    }[kind]
    path_params = tuple(part[1:] for part in parts if part.startswith(":"))
    request = {"create": f"Create{model.name}Dto", "update": f"Update{model.name}Dto"}.get(kind, "")
    if kind == "action" and column:
        request = f"Update{model.name}Dto"
    return Endpoint(
        method=method,
        path=named.path,
        summary=summary,
        operation_id=naming.camel(f"{kind if kind != 'action' else label} {model.name}"),
        kind=kind,
        module=naming.module(model.name),
        service_method="",
        status={"create": 201, "delete": 204}.get(kind, 200),
        errors=_ERRORS[kind],
        roles=(back_office,),
        request=request,
        response="" if kind == "delete" else f"{model.name}ResponseDto",
        paginated=kind == "list",
        path_params=path_params,
        entity=model.name,
        note="named by the architecture; no story asks for it",
    )
