"""The corpus of real-world documents: every case generates valid plans naming its own entities."""

from __future__ import annotations

import pytest

from tests import nodecheck
from tests.corpus.evaluate import score
from tests.corpus.expectations import CASES, Case


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_recall_of_the_entities_a_competent_engineer_would_model(case: Case) -> None:
    """At least 90% of the expected entities are read from the documents."""
    scored = score(case)
    assert scored.recall >= 0.9, f"missing {scored.missing}; found {scored.found}"


@pytest.mark.node
def test_every_case_gives_valid_plans_with_both_orms() -> None:
    """OpenAPI, SQL, Prisma and Mermaid of every case and both ORMs pass their own parsers."""
    items: list[nodecheck.Block] = []
    for case in CASES:
        for orm in ("prisma", "typeorm"):
            items.extend(nodecheck.blocks(f"{case.name}/{orm}", score(case, orm).result.artifacts))
    verdicts = nodecheck.check(items)
    assert [v for v in verdicts if not v.ok] == []


def test_inferred_models_are_marked_and_questioned() -> None:
    """A PRD with no data model: entities marked inferred, with an open question to confirm them."""
    nutrily = next(case for case in CASES if case.name == "nutrily PRD")
    scored = score(nutrily)
    assert all(entity.origin == "inferred" for entity in scored.result.domain.entities)
    plan = scored.result.artifacts["code/backend/backend-plan.md"].decode()
    assert "are inferred from the stories and features" in plan
    assert "Confirm the inferred entities" in plan
