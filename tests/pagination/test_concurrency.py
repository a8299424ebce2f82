"""Pager: pages fetched ahead (prefetch, known total), order kept, cancellation, errors.

Every fetch is held by the fake source until the test releases it, so the completion
order is chosen by the test, never by timing.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from aioyoutrack._constants import DEFAULT_PREFETCH
from aioyoutrack._pagination import Pager
from aioyoutrack.errors import InvalidRequestError


async def drive_in_batches(
    src: Any, consumer: asyncio.Task[Any], batch: int, *, calls: int | None = None
) -> None:
    """Each time ``batch`` fetches are held, release them newest first, until the
    consumer is done. Pages must come in whole batches, or this waits out the guard;
    when the number of ``calls`` is known, the last batch may be smaller."""
    released = 0

    def ready() -> bool:
        wanted = batch if calls is None else min(batch, calls - released)
        return len(src.waiting) >= max(wanted, 1)

    while True:
        held = asyncio.ensure_future(src.wait_for(ready))
        done, _ = await asyncio.wait({consumer, held}, return_when=asyncio.FIRST_COMPLETED)
        if consumer in done:
            held.cancel()
            await asyncio.gather(held, return_exceptions=True)
            return
        await held
        for skip in reversed(list(src.waiting)):
            src.release(skip)
            released += 1


async def test_known_total_fetches_pages_concurrently_and_yields_in_order(fakes: Any) -> None:
    n = 10 * DEFAULT_PREFETCH * 2
    src = fakes.Source(n, gated=True)
    consumer = asyncio.create_task(collect(Pager(src.fetch, page_size=10, total=n)))
    # One page past the counted ones: the count is not trusted to end the list.
    await drive_in_batches(src, consumer, DEFAULT_PREFETCH, calls=n // 10 + 1)
    assert await consumer == list(range(n))
    assert src.max_in_flight == DEFAULT_PREFETCH
    # The count is an exact multiple of the page size, so one page past the counted ones
    # is asked for too (it comes back empty): the count is not trusted to end the list.
    assert sorted(skip for skip, _ in src.calls) == list(range(0, n + 10, 10))


async def collect(pager: Pager[int]) -> list[int]:
    return await pager


async def test_prefetch_window_never_exceeds_n(fakes: Any) -> None:
    src = fakes.Source(90, gated=True)
    consumer = asyncio.create_task(collect(Pager(src.fetch, page_size=10, total=90, prefetch=3)))
    await drive_in_batches(src, consumer, 3, calls=10)
    assert await consumer == list(range(90))
    assert src.max_in_flight == 3


async def test_out_of_order_completion_keeps_order(fakes: Any) -> None:
    src = fakes.Source(40, gated=True)
    consumer = asyncio.create_task(collect(Pager(src.fetch, page_size=10, total=40)))
    # The count (40) is an exact multiple of the page size: the page after the last
    # counted one is asked for in the same window, to be sure nothing was added.
    held = await src.wait_waiting(5)
    assert held == [0, 10, 20, 30, 40]
    for skip in (30, 40, 10, 20, 0):
        src.release(skip)
    assert await consumer == list(range(40))
    assert len(src.calls) == 5


async def test_exact_multiple_count_checks_the_next_page_in_the_same_window(
    fakes: Any,
) -> None:
    # Counted 20, but 35 by the time the pages are read: the page after the counted ones
    # is in the first window, comes back full, and paging goes on until a short page.
    src = fakes.Source(35, gated=True)
    consumer = asyncio.create_task(collect(Pager(src.fetch, page_size=10, total=20)))
    assert await src.wait_waiting(3) == [0, 10, 20]
    for skip in (20, 10, 0):
        src.release(skip)
    assert await src.wait_waiting(1) == [30]
    src.release(30)
    assert await consumer == list(range(35))
    assert [skip for skip, _ in src.calls] == [0, 10, 20, 30]


async def test_count_not_a_multiple_asks_for_no_extra_page(fakes: Any) -> None:
    src = fakes.Source(25, gated=True)
    consumer = asyncio.create_task(collect(Pager(src.fetch, page_size=10, total=25)))
    assert await src.wait_waiting(3) == [0, 10, 20]
    for skip in (0, 10, 20):
        src.release(skip)
    assert await consumer == list(range(25))
    assert len(src.calls) == 3


async def test_speculative_prefetch_without_total(fakes: Any) -> None:
    src = fakes.Source(45, gated=True)
    consumer = asyncio.create_task(collect(Pager(src.fetch, page_size=10, prefetch=3)))
    await drive_in_batches(src, consumer, 3)
    assert await consumer == list(range(45))
    assert src.max_in_flight == 3
    # Pages after the short one (skip 40) were started ahead, then cancelled/discarded.
    assert sorted(skip for skip, _ in src.calls)[:5] == [0, 10, 20, 30, 40]


async def test_no_prefetch_without_total_is_one_page_at_a_time(fakes: Any) -> None:
    src = fakes.Source(25, gated=True)
    pager = Pager(src.fetch, page_size=10)
    items = aiter(pager)
    first = asyncio.create_task(anext(items))
    assert await src.wait_waiting(1) == [0]
    src.release(0)
    assert await first == 0
    # The consumer holds page 0: nothing is fetched ahead of it.
    for expected in range(1, 10):
        assert await anext(items) == expected
    assert src.calls == [(0, 10)]
    nxt = asyncio.create_task(anext(items))
    assert await src.wait_waiting(1) == [10]
    src.release(10)
    assert await nxt == 10
    await items.aclose()
    assert src.max_in_flight == 1


async def test_short_page_cancels_later_speculative_pages(fakes: Any) -> None:
    # The data shrank: page 10 is short, pages after it would still return items.
    src = fakes.Source(100, gated=True, pages={10: [10, 11, 12]})
    consumer = asyncio.create_task(collect(Pager(src.fetch, page_size=10, prefetch=3)))
    assert await src.wait_waiting(3) == [0, 10, 20]
    src.release(0)
    await src.wait_waiting(3)  # page 30 joined the window once page 0 was taken
    src.release(10)
    assert await consumer == [*range(10), 10, 11, 12]
    assert sorted(src.cancelled) == [20, 30]


async def test_short_page_cancels_the_rest_before_it_is_handed_over(fakes: Any) -> None:
    src = fakes.Source(15, gated=True)
    pages = Pager(src.fetch, page_size=10, prefetch=3).pages()
    first = asyncio.create_task(anext(pages))
    assert await src.wait_waiting(3) == [0, 10, 20]
    src.release(0)
    assert await first == list(range(10))
    second = asyncio.create_task(anext(pages))
    await src.wait_waiting(3)
    src.release(10)
    assert await second == list(range(10, 15))
    # The consumer still holds the last page: the fetches after it stop now, not later.
    await src.wait_for(lambda: src.in_flight == 0)
    assert sorted(src.cancelled) == [20, 30]
    with pytest.raises(StopAsyncIteration):
        await anext(pages)


async def test_results_of_pages_after_a_short_page_are_discarded(fakes: Any) -> None:
    src = fakes.Source(100, gated=True, pages={10: [10, 11, 12]})
    consumer = asyncio.create_task(collect(Pager(src.fetch, page_size=10, prefetch=3)))
    assert await src.wait_waiting(3) == [0, 10, 20]
    src.release(20)  # completes with ten items nobody must see
    await src.wait_for(lambda: 20 in src.finished)
    src.release(0)
    await src.wait_waiting(2)
    src.release(10)
    assert await consumer == [*range(10), 10, 11, 12]
    assert 20 not in src.cancelled


async def test_count_runs_alongside_the_first_page(fakes: Any) -> None:
    src = fakes.Source(35, gated=True)
    counter = fakes.Counter(35, gated=True)
    consumer = asyncio.create_task(collect(Pager(src.fetch, page_size=10, total=counter)))
    assert await src.wait_waiting(1) == [0]
    assert counter.calls == 1  # both in flight at once
    counter.event.set()
    assert await src.wait_waiting(4) == [0, 10, 20, 30]
    for skip in (30, 20, 10, 0):
        src.release(skip)
    assert await consumer == list(range(35))
    assert len(src.calls) == 4


async def test_total_exact_multiple_checks_one_page_more(fakes: Any) -> None:
    src = fakes.Source(200)
    assert await Pager(src.fetch, total=fakes.Counter(200)) == list(range(200))
    assert sorted(src.calls) == [(0, 100), (100, 100), (200, 100)]


async def test_items_added_after_an_exact_multiple_count_are_not_lost(fakes: Any) -> None:
    src = fakes.Source(230)  # counted at 200, then 30 more were created
    assert await Pager(src.fetch, total=200) == list(range(230))


async def test_total_zero_still_looks_at_the_first_page(fakes: Any) -> None:
    src = fakes.Source(0)
    assert await Pager(src.fetch, total=0) == []
    assert src.calls == [(0, 100)]


async def test_total_with_limit_asks_only_for_what_is_wanted(fakes: Any) -> None:
    src = fakes.Source(1000)
    assert await Pager(src.fetch, page_size=10, total=1000, limit=25) == list(range(25))
    assert sorted(src.calls) == [(0, 10), (10, 10), (20, 5)]


async def test_items_beyond_total_still_come_through(fakes: Any) -> None:
    # Counted 25, but 47 are there by the time the pages are read.
    src = fakes.Source(47)
    assert await Pager(src.fetch, page_size=10, total=25) == list(range(47))
    assert sorted(src.calls) == [(0, 10), (10, 10), (20, 10), (30, 10), (40, 10)]


async def test_growth_past_total_is_read_one_page_at_a_time(fakes: Any) -> None:
    src = fakes.Source(47, gated=True)
    consumer = asyncio.create_task(collect(Pager(src.fetch, page_size=10, total=25)))
    assert await src.wait_waiting(3) == [0, 10, 20]
    for skip in (20, 10, 0):
        src.release(skip)
    for skip in (30, 40):
        assert await src.wait_waiting(1) == [skip]
        assert len(src.waiting) == 1
        src.release(skip)
    assert await consumer == list(range(47))
    assert src.max_in_flight == 3


async def test_shrunk_data_stops_at_the_short_page(fakes: Any) -> None:
    src = fakes.Source(15, gated=True)
    consumer = asyncio.create_task(collect(Pager(src.fetch, page_size=10, total=40)))
    assert await src.wait_waiting(5) == [0, 10, 20, 30, 40]
    src.release(0)
    src.release(10)
    assert await consumer == list(range(15))
    assert sorted(src.cancelled) == [20, 30, 40]


async def test_break_cancels_fetches_in_flight(fakes: Any) -> None:
    src = fakes.Source(1000, gated=True)
    before = asyncio.all_tasks()

    async def release_first() -> None:
        await src.wait_waiting(3)
        src.release(0)

    driver = asyncio.create_task(release_first())
    got = []
    async for item in Pager(src.fetch, page_size=10, prefetch=3):
        got.append(item)
        break
    await driver
    assert got == [0]
    # asyncio closes the dropped iterator in a task of its own; wait for the effect.
    await src.wait_for(lambda: src.in_flight == 0)
    started = {skip for skip, _ in src.calls}
    assert {0, 10, 20} <= started
    assert set(src.cancelled) == started - {0}
    assert await fakes.settle(before) == set()


async def test_aclose_cancels_and_awaits_fetches_in_flight(fakes: Any) -> None:
    src = fakes.Source(1000, gated=True)
    before = asyncio.all_tasks()
    items = aiter(Pager(src.fetch, page_size=10, total=1000))
    first = asyncio.create_task(anext(items))
    await src.wait_waiting(DEFAULT_PREFETCH)
    src.release(0)
    assert await first == 0
    await items.aclose()
    # No waiting: aclose returns once every fetch has finished cancelling.
    # Page 0 was handed over; the next DEFAULT_PREFETCH pages were in flight.
    assert sorted(src.cancelled) == [10 * n for n in range(1, DEFAULT_PREFETCH + 1)]
    assert src.in_flight == 0
    assert asyncio.all_tasks() - before == set()


async def test_a_shared_iterator_closed_while_another_task_fetches_gives_nothing_more(
    fakes: Any,
) -> None:
    src = fakes.Source(1000, gated=True)
    items = aiter(Pager(src.fetch, page_size=10, prefetch=1))
    fetching = asyncio.create_task(anext(items))
    await src.wait_waiting(1)
    closing = asyncio.create_task(items.aclose())
    await asyncio.sleep(0)  # the close waits for the fetch, which holds the lock
    src.release(0)
    assert await fetching == 0  # the fetch in flight finishes for its task
    await closing
    # Review: the rest of that page was still handed out after aclose() returned.
    with pytest.raises(StopAsyncIteration):
        await anext(items)
    with pytest.raises(StopAsyncIteration):
        await anext(items)


async def test_pages_read_by_two_tasks_at_once_refuse_the_second(fakes: Any) -> None:
    src = fakes.Source(100, gated=True)
    pages = Pager(src.fetch, page_size=10, prefetch=1).pages()
    first = asyncio.create_task(anext(pages))
    await src.wait_waiting(1)
    # Python's own refusal is a bare RuntimeError ("already running").
    with pytest.raises(InvalidRequestError, match="one task at a time"):
        await anext(pages)
    with pytest.raises(InvalidRequestError, match="one task at a time"):
        await pages.aclose()
    src.release(0)
    assert await first == list(range(10))
    await pages.aclose()


async def test_pages_aclose_cancels_fetches_in_flight(fakes: Any) -> None:
    src = fakes.Source(1000, gated=True)
    before = asyncio.all_tasks()
    pages = Pager(src.fetch, page_size=10, prefetch=2).pages()
    first = asyncio.create_task(anext(pages))
    await src.wait_waiting(2)
    src.release(0)
    assert await first == list(range(10))
    await pages.aclose()
    assert sorted(src.cancelled) == [10, 20]
    assert asyncio.all_tasks() - before == set()


async def test_cancelling_the_consumer_cancels_fetches(fakes: Any) -> None:
    src = fakes.Source(1000, gated=True)
    before = asyncio.all_tasks()
    consumer = asyncio.create_task(collect(Pager(src.fetch, page_size=10, prefetch=4)))
    await src.wait_waiting(4)
    consumer.cancel()
    with pytest.raises(asyncio.CancelledError):
        await consumer
    assert sorted(src.cancelled) == [0, 10, 20, 30]
    assert asyncio.all_tasks() - before == set()


async def test_cancelling_the_consumer_while_counting(fakes: Any) -> None:
    src = fakes.Source(1000, gated=True)
    counter = fakes.Counter(1000, gated=True)
    before = asyncio.all_tasks()
    consumer = asyncio.create_task(collect(Pager(src.fetch, page_size=10, total=counter)))
    await src.wait_waiting(1)
    consumer.cancel()
    with pytest.raises(asyncio.CancelledError):
        await consumer
    assert src.cancelled == [0]
    assert asyncio.all_tasks() - before == set()


async def test_error_propagates_in_order_and_cancels_the_rest(fakes: Any) -> None:
    boom = RuntimeError("page 20 failed")
    src = fakes.Source(1000, gated=True, pages={20: boom})
    before = asyncio.all_tasks()
    got: list[int] = []

    async def consume() -> None:
        async for item in Pager(src.fetch, page_size=10, prefetch=4):
            got.append(item)

    consumer = asyncio.create_task(consume())
    assert await src.wait_waiting(4) == [0, 10, 20, 30]
    src.release(20)  # fails first, but is only reported after pages 0 and 10
    await src.wait_for(lambda: 20 in src.finished)
    assert got == []
    src.release(0)
    await src.wait_waiting(3)  # page 40 joined the window
    src.release(10)
    with pytest.raises(RuntimeError) as info:
        await consumer
    assert info.value is boom
    assert got == list(range(20))
    # Every page after the failed one that got to run was cancelled, none completed.
    started_after = {skip for skip, _ in src.calls} - {0, 10, 20}
    assert {30, 40} <= started_after
    assert set(src.cancelled) == started_after
    assert asyncio.all_tasks() - before == set()


async def test_error_after_a_short_page_is_never_raised(fakes: Any) -> None:
    src = fakes.Source(15, gated=True, pages={20: RuntimeError("never seen")})
    consumer = asyncio.create_task(collect(Pager(src.fetch, page_size=10, prefetch=3)))
    assert await src.wait_waiting(3) == [0, 10, 20]
    src.release(20)
    await src.wait_for(lambda: 20 in src.finished)
    src.release(0)
    await src.wait_waiting(2)
    src.release(10)
    # The failed page is discarded; the autouse fixture fails the test if asyncio
    # reports its exception as never retrieved.
    assert await consumer == list(range(15))
