"""``within``: a bounded wait that never loses the caller's cancellation."""

from __future__ import annotations

import asyncio

import pytest

from aioyoutrack._deadlines import within
from aioyoutrack._throttle import Throttle


async def _value(result: int, gate: asyncio.Event | None = None) -> int:
    if gate is not None:
        await gate.wait()
    return result


async def test_the_result_passes_through_with_and_without_a_limit() -> None:
    assert await within(_value(7), 5) == 7
    assert await within(_value(8), None) == 8


async def test_running_out_of_time_raises_timeout_error_after_the_work_cleaned_up() -> None:
    cleaned: list[bool] = []

    async def work() -> int:
        try:
            await asyncio.Event().wait()
        finally:
            cleaned.append(True)
        return 1

    with pytest.raises(asyncio.TimeoutError):
        await within(work(), 0.001)
    assert cleaned == [True]


async def test_a_caller_cancelled_as_the_work_finishes_stays_cancelled_and_undoes_it() -> None:
    """bpo-42130: Python 3.10's wait_for returned the result here and lost the cancel."""
    gate = asyncio.Event()
    finished = asyncio.Event()
    undone: list[int] = []

    async def work() -> int:
        await gate.wait()
        finished.set()
        return 1

    async def caller() -> str:
        await within(work(), 60, undo=undone.append)
        await asyncio.sleep(0)
        return "went on"

    task = asyncio.create_task(caller())
    await asyncio.sleep(0)
    gate.set()
    await finished.wait()  # the work has its result; the caller has not resumed yet
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    # 3.11+ runs the work in the caller's task: its result is the caller's to keep and
    # the cancellation lands on its next await. 3.10 runs it apart: the result is undone
    # (by a callback queued before the caller's task ended).
    assert undone == ([] if hasattr(asyncio, "timeout") else [1])


async def test_a_caller_cancelled_as_its_slot_is_granted_sends_nothing_and_frees_it() -> None:
    throttle = Throttle(1)
    await throttle.acquire()  # another call holds the only slot
    went_on: list[bool] = []

    async def caller() -> None:
        if not await throttle.acquire_within(60):
            return
        try:
            await asyncio.sleep(0)  # where a request would be sent
            went_on.append(True)
        finally:
            throttle.release()

    task = asyncio.create_task(caller())
    # The throttle has no event to wait on: its counters are polled, one step at a time.
    while throttle._waiting == 0:  # noqa: ASYNC110
        await asyncio.sleep(0)
    throttle.release()
    while throttle.in_flight == 0:  # noqa: ASYNC110 (the slot is granted to the caller)
        await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert went_on == []
    assert throttle.in_flight == 0
    assert await throttle.acquire_within(0)  # the slot is free again


async def test_what_the_work_ends_with_after_the_timeouts_cancel_is_the_outcome() -> None:
    # As asyncio.timeout has it on 3.11+: an error its clean-up raised propagates, a
    # result it returned anyway is returned (3.10's path turned both into a timeout).
    async def breaks() -> int:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            raise ValueError("clean-up failed") from None
        return 0

    async def insists() -> int:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            return 5
        return 0

    with pytest.raises(ValueError, match="clean-up failed"):
        await within(breaks(), 0.001)
    assert await within(insists(), 0.001) == 5
