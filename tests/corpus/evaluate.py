"""Run the readers and the generator over the corpus: recall per case, every validator.

Used by the corpus test and by ``bench/corpus_eval.py`` (which prints the table for docs/).
"""

from __future__ import annotations

from dataclasses import dataclass

from generators import naming
from generators.generate import GenerationResult, Options, generate
from tests.corpus.expectations import CASES, Case
from tests.samples import CORPUS


@dataclass(frozen=True)
class Score:
    """What the readers found for one case."""

    case: Case
    found: tuple[str, ...]
    missing: tuple[str, ...]
    extra: tuple[str, ...]
    result: GenerationResult

    @property
    def recall(self) -> float:
        """Share of the expected entities found."""
        expected = len(self.case.entities)
        return (expected - len(self.missing)) / expected if expected else 1.0


def files(case: Case) -> dict[str, bytes]:
    """A workspace holding the case's documents."""
    workspace = {"config.json": f'{{"name": "{case.name}"}}'.encode()}
    if case.prd:
        workspace["product/prd/prd.md"] = (CORPUS / case.prd).read_bytes()
    if case.architecture:
        workspace["code/architecture/architecture.md"] = (CORPUS / case.architecture).read_bytes()
    return workspace


def score(case: Case, orm: str = "prisma") -> Score:
    """Generate the case's plan and compare the entities read with the expectations."""
    result = generate("corpus", files(case), Options(orm=orm))  # type: ignore[arg-type]
    names = tuple(entity.name for entity in result.domain.entities)
    keys = {naming.key(name) for name in names}
    missing = tuple(
        alternatives[0] for alternatives in case.entities if not keys & {naming.key(a) for a in alternatives}
    )
    wanted = {naming.key(a) for alternatives in case.entities for a in alternatives}
    extra = tuple(name for name in names if naming.key(name) not in wanted)
    return Score(case=case, found=names, missing=missing, extra=extra, result=result)


def all_scores() -> list[Score]:
    """Every case scored."""
    return [score(case) for case in CASES]
