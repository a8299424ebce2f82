"""Pager: which pages it asks for ($skip/$top), when it stops, and its API surface."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
from typing import Any

import pytest
from subprocess_env import plain_env

from aioyoutrack import InvalidRequestError
from aioyoutrack._constants import DEFAULT_PAGE_SIZE
from aioyoutrack._pagination import Pager


async def drain(pager: Pager[int], into: list[int]) -> None:
    async for item in pager:
        into.append(item)


async def test_more_than_42_items_come_back_in_order(fakes: Any) -> None:
    src = fakes.Source(250)
    assert await Pager(src.fetch) == list(range(250))
    assert src.calls == [(0, DEFAULT_PAGE_SIZE), (100, 100), (200, 100)]


async def test_async_for_yields_every_item_in_order(fakes: Any) -> None:
    src = fakes.Source(95)
    got = [item async for item in Pager(src.fetch, page_size=10)]
    assert got == list(range(95))
    assert [skip for skip, _ in src.calls] == list(range(0, 100, 10))


async def test_top_is_always_sent_and_never_above_page_size(fakes: Any) -> None:
    src = fakes.Source(60)
    await Pager(src.fetch, page_size=7)
    assert src.calls
    assert all(top == 7 for _, top in src.calls)


async def test_short_page_ends_without_another_request(fakes: Any) -> None:
    src = fakes.Source(150)
    assert await Pager(src.fetch) == list(range(150))
    assert src.calls == [(0, 100), (100, 100)]


async def test_exact_multiple_needs_one_empty_request_without_total(fakes: Any) -> None:
    src = fakes.Source(200)
    assert await Pager(src.fetch) == list(range(200))
    assert src.calls == [(0, 100), (100, 100), (200, 100)]


async def test_empty_collection_is_one_request(fakes: Any) -> None:
    src = fakes.Source(0)
    assert await Pager(src.fetch) == []
    assert src.calls == [(0, 100)]


async def test_limit_caps_top_to_what_is_still_wanted(fakes: Any) -> None:
    src = fakes.Source(1000)
    assert await Pager(src.fetch, limit=5) == [0, 1, 2, 3, 4]
    assert src.calls == [(0, 5)]


async def test_limit_over_several_pages(fakes: Any) -> None:
    src = fakes.Source(1000)
    assert await Pager(src.fetch, limit=250) == list(range(250))
    assert src.calls == [(0, 100), (100, 100), (200, 50)]


async def test_limit_larger_than_collection(fakes: Any) -> None:
    src = fakes.Source(30)
    assert await Pager(src.fetch, page_size=20, limit=100) == list(range(30))
    assert src.calls == [(0, 20), (20, 20)]


async def test_limit_zero_sends_nothing(fakes: Any) -> None:
    src = fakes.Source(10)
    pager = Pager(src.fetch, limit=0)
    assert await pager == []
    assert [p async for p in pager.pages()] == []
    assert await pager.first() is None
    assert src.calls == []


async def test_first_fetches_one_item_only(fakes: Any) -> None:
    src = fakes.Source(500)
    counter = fakes.Counter(500)
    assert await Pager(src.fetch, page_size=50, total=counter).first() == 0
    assert src.calls == [(0, 1)]
    assert counter.calls == 0


async def test_first_of_empty_is_none(fakes: Any) -> None:
    src = fakes.Source(0)
    assert await Pager(src.fetch).first() is None
    assert src.calls == [(0, 1)]


async def test_first_when_the_server_ignores_top(fakes: Any) -> None:
    src = fakes.Source(10, ignore_top=5)
    assert await Pager(src.fetch).first() == 0


async def test_pages_yields_lists_per_page(fakes: Any) -> None:
    src = fakes.Source(25)
    pages = [page async for page in Pager(src.fetch, page_size=10).pages()]
    assert pages == [list(range(10)), list(range(10, 20)), list(range(20, 25))]


async def test_pages_respects_limit(fakes: Any) -> None:
    src = fakes.Source(25)
    pages = [page async for page in Pager(src.fetch, page_size=10, limit=15).pages()]
    assert pages == [list(range(10)), list(range(10, 15))]
    assert src.calls == [(0, 10), (10, 5)]


async def test_pages_never_yields_an_empty_list(fakes: Any) -> None:
    src = fakes.Source(20)
    pages = [page async for page in Pager(src.fetch, page_size=10).pages()]
    assert pages == [list(range(10)), list(range(10, 20))]
    assert len(src.calls) == 3


async def test_page_longer_than_top_is_cut_without_loss_or_duplicates(
    fakes: Any, caplog: pytest.LogCaptureFixture
) -> None:
    src = fakes.Source(53, ignore_top=7)  # returns top + 7 items from skip
    with caplog.at_level(logging.WARNING, logger="aioyoutrack"):
        assert await Pager(src.fetch, page_size=10) == list(range(53))
    assert [skip for skip, _ in src.calls] == [0, 10, 20, 30, 40, 50]
    assert "kept the first 10" in caplog.text


async def test_pager_is_reiterable_and_refetches(fakes: Any) -> None:
    src = fakes.Source(15)
    pager = Pager(src.fetch, page_size=10)
    assert await pager == list(range(15))
    assert [item async for item in pager] == list(range(15))
    assert await pager == list(range(15))
    assert len(src.calls) == 6


async def test_negative_total_means_unknown(fakes: Any) -> None:
    src = fakes.Source(20)
    assert await Pager(src.fetch, page_size=10, total=fakes.Counter(-1)) == list(range(20))
    assert src.calls == [(0, 10), (10, 10), (20, 10)]
    src2 = fakes.Source(20)
    assert await Pager(src2.fetch, page_size=10, total=-1) == list(range(20))
    assert len(src2.calls) == 3


async def test_error_from_a_page_propagates_after_earlier_items(fakes: Any) -> None:
    boom = RuntimeError("page 20 failed")
    src = fakes.Source(100, pages={20: boom})
    got: list[int] = []
    with pytest.raises(RuntimeError) as info:
        await drain(Pager(src.fetch, page_size=10), got)
    assert info.value is boom
    assert got == list(range(20))
    assert [skip for skip, _ in src.calls] == [0, 10, 20]


async def test_error_from_total_propagates(fakes: Any) -> None:
    src = fakes.Source(100, gated=True)

    async def failing_count() -> int:
        await src.wait_waiting(1)  # the first page is in flight while counting
        raise LookupError("count failed")

    with pytest.raises(LookupError):
        await Pager(src.fetch, page_size=10, total=failing_count)
    assert src.cancelled == [0]


def test_repr_names_the_fetch_function_and_settings() -> None:
    async def search_page(skip: int, top: int) -> list[int]:
        return []

    async def count() -> int:
        return 0

    text = repr(Pager(search_page, page_size=50, limit=7, prefetch=3, total=count))
    assert "search_page" in text
    assert "page_size=50" in text
    assert "limit=7" in text
    assert "prefetch=3" in text
    assert "total=" in text
    assert "count" in text
    assert repr(Pager(search_page, total=12)).endswith("total=12)")


def test_properties_reflect_the_arguments() -> None:
    async def fetch(skip: int, top: int) -> list[int]:
        return []

    pager = Pager(fetch, page_size=30, limit=9, prefetch=2)
    assert (pager.page_size, pager.limit, pager.prefetch) == (30, 9, 2)
    default = Pager(fetch)
    assert (default.page_size, default.limit, default.prefetch) == (DEFAULT_PAGE_SIZE, None, None)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"page_size": 0},
        {"page_size": -1},
        {"page_size": True},
        {"page_size": 2.5},
        {"page_size": "10"},
        {"limit": -1},
        {"limit": 1.0},
        {"prefetch": 0},
        {"prefetch": False},
        {"total": -2},
        {"total": "12"},
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, Any]) -> None:
    async def fetch(skip: int, top: int) -> list[int]:
        return []

    with pytest.raises(InvalidRequestError):
        Pager(fetch, **kwargs)


def test_arguments_after_fetch_are_keyword_only() -> None:
    async def fetch(skip: int, top: int) -> list[int]:
        return []

    with pytest.raises(TypeError):
        Pager(fetch, 10)  # type: ignore[call-arg]


async def test_a_result_shorter_than_its_count_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A server that stops early (a cap, deletions) must not truncate a search silently."""
    items = list(range(150))

    async def fetch(skip: int, top: int) -> list[int]:
        return items[skip : skip + top]

    with caplog.at_level(logging.WARNING, logger="aioyoutrack"):
        got = await Pager(fetch, page_size=100, total=300)
    assert got == items
    assert "count said 300" in caplog.text


async def test_a_result_matching_its_count_logs_nothing(
    caplog: pytest.LogCaptureFixture,
) -> None:
    items = list(range(150))

    async def fetch(skip: int, top: int) -> list[int]:
        return items[skip : skip + top]

    with caplog.at_level(logging.WARNING, logger="aioyoutrack"):
        assert await Pager(fetch, page_size=100, total=150) == items
    assert "count said" not in caplog.text


_OUTLIVES_ITS_LOOP = """
import asyncio
from aioyoutrack._pagination import Pager

KEPT = []

async def fetch(skip, top):
    await asyncio.sleep(0)
    return list(range(skip, skip + top))

async def main():
    items = aiter(Pager(fetch, page_size=5, prefetch=3))
    assert await anext(items) == 0
    KEPT.append(items)  # half consumed, and alive after asyncio.run ends

asyncio.run(main())
print("done")
"""


def test_a_half_consumed_iterator_outliving_its_loop_closes_cleanly() -> None:
    # asyncio.run closes every async generator still open, all at once; an items
    # generator closing the pages generator itself met it already being closed.
    ran = subprocess.run(
        [sys.executable, "-X", "dev", "-c", _OUTLIVES_ITS_LOOP],
        env=plain_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (ran.returncode, ran.stdout.strip()) == (0, "done"), ran.stderr
    assert ran.stderr == ""


async def test_closing_the_item_iterator_cancels_the_fetches_in_flight() -> None:
    started: list[int] = []
    cancelled: list[int] = []

    async def fetch(skip: int, top: int) -> list[int]:
        started.append(skip)
        if skip:
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                cancelled.append(skip)
                raise
        return list(range(skip, skip + top))

    items = aiter(Pager(fetch, page_size=2, prefetch=3, total=10))
    assert [await anext(items), await anext(items)] == [0, 1]
    await items.aclose()
    ahead = [skip for skip in started if skip]
    assert ahead  # pages were being fetched ahead when the iterator closed
    assert sorted(cancelled) == sorted(ahead)
    with pytest.raises(StopAsyncIteration):
        await anext(items)
