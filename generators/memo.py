"""Pure functions of one string, remembered across runs, bounded in count and in size.

A re-run after an edit reads mostly the same stories, lines and titles as the run before, so
their answers are remembered. A long-running worker reads many workspaces, so the memory is
bounded: by how many strings it keeps, and by leaving longer strings (a whole section used as
a story's context) to be computed each time.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def of_text(maxsize: int = 4096, longest: int = 1024) -> Callable[[Callable[[str], T]], Callable[[str], T]]:
    """Remember ``function(text)`` for the last ``maxsize`` texts of at most ``longest`` characters."""

    def decorate(function: Callable[[str], T]) -> Callable[[str], T]:
        remembered = functools.lru_cache(maxsize=maxsize)(function)

        @functools.wraps(function)
        def call(text: str) -> T:
            return remembered(text) if len(text) <= longest else function(text)

        return call

    return decorate
