"""Tasks are estimated from what they build, the stories' stated complexity and the architecture's
risks; none is larger than a sprint."""

from __future__ import annotations

import itertools
import json

from generators.design import plan as plan_mod
from generators.design import tasks as tasks_mod
from generators.read import workspace

ARCHITECTURE = """# Architecture

```mermaid
erDiagram
  USER ||--o{ BOOKING : makes
  BOOKING { uuid id PK
    string status "requested | confirmed | cancelled"
    datetime startsAt
    string note }
  USER { uuid id PK
    string email }
```

## Technical Risks

| Riesgo | Impacto | Mitigación |
|---|---|---|
| Double booking under concurrency | Alto | Advisory lock per slot |
| Slow exports | Medium | Stream CSV |
| Typos in emails | Low | Review |
"""


def _plan(stories: str) -> plan_mod.Plan:
    files = {
        "config.json": json.dumps({"name": "Bookly"}).encode(),
        "product/prd/prd.md": f"# Bookly\n\n## User stories\n{stories}".encode(),
        "code/architecture/architecture.md": ARCHITECTURE.encode(),
    }
    domain = workspace.read("bookly", files)
    return plan_mod.build(domain, "prisma")


def test_the_architectures_risks_are_read_with_their_impact() -> None:
    risks = _plan("- As a member, I want to create a booking (M)\n").domain.stack.risks
    assert [(r.risk, r.impact, r.mitigation) for r in risks] == [
        ("Double booking under concurrency", "high", "Advisory lock per slot"),
        ("Slow exports", "medium", "Stream CSV"),
        ("Typos in emails", "low", "Review"),
    ]


def test_high_and_medium_risks_get_a_task_low_ones_do_not() -> None:
    tasks = _plan("- As a member, I want to create a booking (M)\n").tasks
    risky = [task for task in tasks if task.module == "risk"]
    assert [(task.days, task.title.split(":")[1].strip()) for task in risky] == [
        (2.0, "Double booking under concurrency"),
        (1.0, "Slow exports"),
    ]
    e2e = next(task for task in tasks if task.title.startswith("E2E"))
    assert all(task.id in e2e.depends for task in risky)


def test_stated_complexity_adds_to_its_modules_estimate() -> None:
    small = _plan("- As a member, I want to create a booking (S)\n")
    large = _plan("- As a member, I want to create a booking (XL)\n")

    def booking(plan: plan_mod.Plan) -> tasks_mod.Task:
        return next(task for task in plan.tasks if task.module == "bookings")

    assert booking(large).days - booking(small).days >= 1.5
    assert "stories 1 XL" in booking(large).basis


def test_no_task_is_larger_than_a_sprint() -> None:
    stories = "".join(f"- As a member, I want to cancel booking rule {n} (XL)\n" for n in range(6))
    plan = _plan("- As a member, I want to create a booking (XL)\n" + stories)
    parts = [task for task in plan.tasks if task.module == "bookings"]
    assert len(parts) >= 2
    assert all(later.depends == (earlier.id,) for earlier, later in itertools.pairwise(parts))
    assert all(task.days <= tasks_mod.SPRINT_DAYS for task in plan.tasks)
