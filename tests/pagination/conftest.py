"""Fake page sources for the pager tests: in memory, completion order under test control.

No sleeps: a gated source holds every fetch on its own event until the test releases
it, and tests wait on the source's state (fetches started, fetches cancelled) through a
condition.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

import pytest

from aioyoutrack._pagination import CursorPage

#: Guard against a hang when a behaviour under test is broken; never reached otherwise.
GUARD = 5.0


class Source:
    """A collection of ``n`` ints served with $skip/$top, fetches recorded.

    ``gated=True`` holds each fetch until :meth:`release`; ``pages`` overrides what a
    given skip returns (a list, or an exception to raise).
    """

    def __init__(
        self,
        n: int,
        *,
        gated: bool = False,
        pages: dict[int, Sequence[int] | BaseException] | None = None,
        ignore_top: int = 0,
    ) -> None:
        self.items = list(range(n))
        self.gated = gated
        self.pages = dict(pages or {})
        self.ignore_top = ignore_top  # extra items returned beyond top
        self.calls: list[tuple[int, int]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.cancelled: list[int] = []
        self.finished: list[int] = []
        self.waiting: dict[int, asyncio.Event] = {}  # started, not released yet
        self.changed = asyncio.Condition()

    async def _notify(self) -> None:
        async with self.changed:
            self.changed.notify_all()

    async def fetch(self, skip: int, top: int) -> list[int]:
        self.calls.append((skip, top))
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.gated:
                event = self.waiting[skip] = asyncio.Event()
                await self._notify()
                await event.wait()
            result = self.pages.get(skip)
            if isinstance(result, BaseException):
                raise result
            if result is not None:
                return list(result)
            return self.items[skip : skip + top + self.ignore_top]
        except asyncio.CancelledError:
            self.cancelled.append(skip)
            raise
        finally:
            self.in_flight -= 1
            self.finished.append(skip)
            # Awaiting the condition's lock is fine while cancelling: the task was
            # cancelled once and is not cancelled again.
            await self._notify()

    def release(self, skip: int) -> None:
        self.waiting.pop(skip).set()

    async def wait_for(self, predicate: Callable[[], bool]) -> None:
        async def wait() -> None:
            async with self.changed:
                await self.changed.wait_for(predicate)

        await asyncio.wait_for(wait(), GUARD)

    async def wait_waiting(self, count: int) -> list[int]:
        """Wait until at least ``count`` fetches are held; return their skips, oldest first."""
        await self.wait_for(lambda: len(self.waiting) >= count)
        return list(self.waiting)


class Counter:
    """An async total (like the issue count), gated or not, its calls counted."""

    def __init__(self, value: int, *, gated: bool = False) -> None:
        self.value = value
        self.calls = 0
        self.event = asyncio.Event()
        if not gated:
            self.event.set()

    async def __call__(self) -> int:
        self.calls += 1
        await self.event.wait()
        return self.value


class ActivityLog:
    """A cursor-paged log of ints, ``page`` items per page, like ``activitiesPage``.

    Cursor ``"a<pos>"`` starts a page at ``pos`` (going forwards), ``"b<pos>"`` ends a
    page at ``pos`` (going backwards); None is the oldest page.
    """

    def __init__(self, n: int, *, page: int = 4) -> None:
        self.items = list(range(n))
        self.page = page
        self.cursors: list[str | None] = []

    async def fetch(self, cursor: str | None) -> CursorPage[int]:
        self.cursors.append(cursor)
        if cursor is None or cursor.startswith("a"):
            start = 0 if cursor is None else int(cursor[1:])
            end = min(start + self.page, len(self.items))
        else:
            end = int(cursor[1:])
            start = max(0, end - self.page)
        return CursorPage(
            items=self.items[start:end],
            after_cursor=f"a{end}",
            before_cursor=f"b{start}",
            has_after=end < len(self.items),
            has_before=start > 0,
        )


async def settle(before: set[asyncio.Task[Any]]) -> set[asyncio.Task[Any]]:
    """Wait (guarded) for tasks started since ``before`` to end; return any still pending."""
    current = asyncio.current_task()
    extra = asyncio.all_tasks() - before - {current}
    if extra:
        await asyncio.wait(extra, timeout=GUARD)
    return {t for t in asyncio.all_tasks() - before - {current} if not t.done()}


@pytest.fixture(autouse=True)
async def loop_errors() -> AsyncIterator[list[dict[str, Any]]]:
    """Fail a test that leaves asyncio complaining: a task destroyed while pending, an
    exception never retrieved (both go through the loop's exception handler)."""
    loop = asyncio.get_running_loop()
    errors: list[dict[str, Any]] = []
    previous = loop.get_exception_handler()
    loop.set_exception_handler(lambda _loop, context: errors.append(context))
    try:
        yield errors
        # The young generations hold what the test made; a full collection costs ~0.1 s
        # per test on this interpreter because of everything pytest has loaded.
        gc.collect(1)
    finally:
        loop.set_exception_handler(previous)
    assert errors == []


class Fakes:
    """The fakes above, as one fixture: test modules cannot import this conftest."""

    Source = Source
    Counter = Counter
    ActivityLog = ActivityLog
    settle = staticmethod(settle)
    GUARD = GUARD


@pytest.fixture
def fakes() -> type[Fakes]:
    """The fake page sources and helpers."""
    return Fakes
