"""A fixed recursion limit for tests about depth: Hypothesis raises the limit while it
runs and an earlier test may leave it raised, so "too deep" is only deterministic under
a limit the test sets itself."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["recursion_limit"]


@contextmanager
def recursion_limit(limit: int | None) -> Iterator[None]:
    """Run the block under ``sys.setrecursionlimit(limit)`` (None: as it is), and put the
    previous limit back after it."""
    previous = sys.getrecursionlimit()
    if limit is not None:
        sys.setrecursionlimit(limit)
    try:
        yield
    finally:
        sys.setrecursionlimit(previous)
