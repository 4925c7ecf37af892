"""The corpus lives beside the project (../shared/corpus); without it these tests are not collected."""

from __future__ import annotations

from tests.samples import CORPUS

collect_ignore = [] if (CORPUS / "score.py").is_file() else ["test_corpus.py", "test_corpus_score.py"]
