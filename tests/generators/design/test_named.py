"""Endpoints the architecture names without a story: planned at its paths, for the back office."""

from __future__ import annotations

from generators.design import database, routes
from generators.generate import Generator
from generators.read import workspace

_ARCHITECTURE = """# Architecture

## Data model

```mermaid
erDiagram
    USER ||--o{ ORDER : places
    USER {
        uuid id PK
        string email
        string role "CUSTOMER | CLERK | ADMIN"
    }
    ORDER {
        uuid id PK
        uuid userId FK
        string status "OPEN | ISSUED | DENIED"
        string title
    }
```

## API

- `POST /orders/:orderId/issue` — the clerk issues the order
- `PUT /orders/:id` — replaces an order
- `PUT /orders/:id/title` — renames it
- `GET /stats/participation` — numbers for the board
"""
_PRD = "# PRD\n\n## Stories\n\n- As a customer, I want to place an order, so that I get my things.\n"


def _files() -> dict[str, bytes]:
    return {
        "config.json": b'{"name": "Shop", "slug": "shop"}',
        "product/prd/prd.md": _PRD.encode(),
        "code/architecture/architecture.md": _ARCHITECTURE.encode(),
    }


def test_a_named_endpoint_without_a_story_is_planned_for_the_back_office() -> None:
    domain = workspace.read("shop", _files())
    schema = database.build(domain)
    api = routes.build(domain, schema)
    by_route = {(e.method, e.path): e for e in api.endpoints}
    issue = by_route["POST", "/orders/:orderId/issue"]
    assert issue.roles == (api.admin_role,)
    assert issue.kind == "action"
    assert ("PUT", "/orders/:id") in by_route  # the architecture's method for an update
    assert ("PATCH", "/orders/:id") not in by_route
    assert by_route["PUT", "/orders/:id/title"].request == "UpdateOrderDto"
    assert not any("/stats" in path for _, path in by_route)  # names no records: a question


def test_the_plan_says_which_are_planned_and_asks_about_the_rest() -> None:
    plan = Generator(node_checks=False).generate("shop", _files()).artifacts["code/backend/backend-plan.md"]
    text = plan.decode()
    assert "Planned because the architecture names them, although no story asks for them: " in text
    assert "`POST /orders/:orderId/issue`" in text
    assert "`GET /stats/participation`" in text.split("## 9.")[1]
