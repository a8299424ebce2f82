"""``map_ordered``: the bounded, ordered fan-out behind every ``get_many``."""

from __future__ import annotations

import asyncio

import pytest

from aioyoutrack.resources._common import map_ordered


class Probe:
    """Records which items were called and how many calls ran at once."""

    def __init__(self) -> None:
        self.started: list[int] = []
        self.running = 0
        self.most = 0
        self.cancelled: list[int] = []
        self.gate = asyncio.Event()
        self.changed = asyncio.Event()

    async def wait_running(self, count: int) -> None:
        while self.running < count:
            self.changed.clear()
            await self.changed.wait()

    async def call(self, item: int) -> str:
        self.started.append(item)
        self.running += 1
        self.most = max(self.most, self.running)
        self.changed.set()
        try:
            if item % 3 == 0:
                await self.gate.wait()
            else:
                await asyncio.sleep(0)
            return f"<{item}>"
        except asyncio.CancelledError:
            self.cancelled.append(item)
            raise
        finally:
            self.running -= 1


async def test_results_in_order_with_at_most_limit_running() -> None:
    probe = Probe()
    task = asyncio.create_task(map_ordered(probe.call, list(range(50)), limit=4))
    await probe.wait_running(4)
    # Every worker waits at the gate or has moved on: never more than 4 at once.
    assert probe.most == 4
    probe.gate.set()
    assert await task == [f"<{i}>" for i in range(50)]
    assert probe.most == 4
    assert sorted(probe.started) == list(range(50))


@pytest.mark.parametrize("limit", [1, 8])
async def test_empty_single_and_sequential(limit: int) -> None:
    probe = Probe()
    probe.gate.set()
    assert await map_ordered(probe.call, [], limit=limit) == []
    assert await map_ordered(probe.call, [7], limit=limit) == ["<7>"]
    assert await map_ordered(probe.call, [1, 2, 3], limit=limit) == ["<1>", "<2>", "<3>"]


async def test_first_failure_cancels_running_and_skips_the_rest() -> None:
    probe = Probe()

    async def call(item: int) -> str:
        if item == 4:
            await asyncio.sleep(0)
            raise LookupError("no 4")
        return await probe.call(item)

    with pytest.raises(LookupError, match="no 4"):
        await map_ordered(call, list(range(100)), limit=3)
    # 0 and 3 were waiting at the gate when 4 failed: cancelled, and waited for.
    assert {0, 3} <= set(probe.cancelled)
    assert probe.running == 0
    assert max(probe.started) < 20  # far from every item


async def test_the_earliest_failing_item_is_raised() -> None:
    gate = asyncio.Event()
    waiting = 0

    async def call(item: int) -> int:
        nonlocal waiting
        waiting += 1
        if waiting == 2:
            gate.set()
        await gate.wait()
        raise ValueError(item)

    with pytest.raises(ValueError) as info:
        await map_ordered(call, [10, 11], limit=2)
    assert info.value.args == (10,)


async def test_cancelling_the_caller_cancels_every_call() -> None:
    probe = Probe()
    task = asyncio.create_task(map_ordered(probe.call, [0, 3, 6, 9], limit=4))
    await probe.wait_running(4)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert sorted(probe.cancelled) == [0, 3, 6, 9]
    assert probe.running == 0


async def test_a_call_ending_in_its_own_cancellation_fails_the_whole() -> None:
    # Not the caller's cancellation: an inner future was cancelled. No None may take
    # that call's place in the results.
    async def call(item: int) -> int:
        if item == 2:
            inner: asyncio.Future[int] = asyncio.get_running_loop().create_future()
            inner.cancel()
            return await inner
        return item

    with pytest.raises(asyncio.CancelledError):
        await map_ordered(call, [0, 1, 2, 3, 4], limit=2)
