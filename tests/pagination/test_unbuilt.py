"""Pager: pages returned as UnbuiltPage are built only when the consumer reaches them."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from typing import Any

import pytest

from aioyoutrack import Pager, UnbuiltPage


class Deferring:
    """Wraps a source: each fetch returns an UnbuiltPage; builds are recorded."""

    def __init__(self, src: Any, *, failing: int | None = None) -> None:
        self.src = src
        self.built: list[int] = []
        self.failing = failing

    async def fetch(self, skip: int, top: int) -> UnbuiltPage[int]:
        items = await self.src.fetch(skip, top)

        async def build() -> Sequence[int]:
            self.built.append(skip)
            if skip == self.failing:
                raise ValueError(f"page {skip} does not fit")
            return items

        return UnbuiltPage(build)


async def test_pages_fetched_ahead_are_built_only_when_reached(fakes: Any) -> None:
    src = fakes.Source(50, gated=True)
    pages = Deferring(src)
    items = aiter(Pager(pages.fetch, page_size=10, total=50, prefetch=5))
    first = asyncio.create_task(anext(items))
    assert await src.wait_waiting(5) == [0, 10, 20, 30, 40]
    for skip in (40, 30, 20, 10, 0):
        src.release(skip)
    assert await first == 0
    # Every page has arrived; only the one being consumed was built.
    await src.wait_for(lambda: len(src.finished) == 5)
    assert pages.built == [0]
    for expected in range(1, 11):
        assert await anext(items) == expected
    assert pages.built == [0, 10]
    # The rest ungated, including the page after the counted ones (skip 50, empty).
    src.gated = False
    for skip in list(src.waiting):
        src.release(skip)
    assert [item async for item in items] == list(range(11, 50))
    assert pages.built == [0, 10, 20, 30, 40, 50]


async def test_pages_never_reached_are_never_built(fakes: Any) -> None:
    src = fakes.Source(50)
    pages = Deferring(src)
    async with contextlib.aclosing(
        aiter(Pager(pages.fetch, page_size=10, total=50, prefetch=5))
    ) as items:
        async for item in items:
            if item == 3:
                break
    assert pages.built == [0]
    assert len(src.calls) >= 2  # others were fetched ahead, then dropped unbuilt


async def test_a_build_error_comes_after_the_items_before_it(fakes: Any) -> None:
    src = fakes.Source(40)
    pages = Deferring(src, failing=20)
    got: list[int] = []

    async def consume() -> None:
        async for item in Pager(pages.fetch, page_size=10, total=40):
            got.append(item)

    with pytest.raises(ValueError, match="page 20 does not fit"):
        await consume()
    assert got == list(range(20))
    assert pages.built == [0, 10, 20]


async def test_await_and_first_build_unbuilt_pages(fakes: Any) -> None:
    src = fakes.Source(25)
    pages = Deferring(src)
    assert await Pager(pages.fetch, page_size=10) == list(range(25))
    assert pages.built == [0, 10, 20]
    assert await Pager(pages.fetch, page_size=10).first() == 0
    assert src.calls[-1] == (0, 1)
