"""Request statistics of a fake, and awaitable conditions on them for tests."""

from __future__ import annotations

import asyncio
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from .._deadlines import within

__all__ = ["RequestRecord", "Stats"]

#: Request records kept (oldest dropped first) so a long benchmark stays bounded.
LOG_SIZE: Final = 100_000


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One request as the fake saw it; never holds the token, only whether one came.

    ``query`` maps each query parameter name to its *first* value (like aiohttp's
    ``request.query[name]``), which suits the usual single-valued parameters. A name
    sent more than once (``customFields=Priority&customFields=State``) keeps every
    value in ``query_items`` (all ``(name, value)`` pairs in the order sent) and
    ``query_all(name)``.
    """

    method: str
    #: Path relative to the service root, e.g. ``api/issues/SP-1``.
    path: str
    #: The first value of each query parameter; see ``query_items`` for repeated names.
    query: dict[str, str]
    #: True when an ``Authorization`` header was sent.
    authorized: bool
    #: The response status; None when the connection was dropped (or not answered).
    status: int | None
    #: Login of the authenticated user (None for guest or a rejected token).
    user: str | None
    #: True when an injected fault affected the request.
    fault: bool
    #: The path as sent, still percent-encoded (``api/issues/a%2Fb``), relative to the
    #: service root; ``path`` is its decoded form.
    raw_path: str = ""
    #: Every query parameter as a ``(name, value)`` pair, in the order sent, repeated
    #: names included.
    query_items: tuple[tuple[str, str], ...] = ()

    def query_all(self, name: str) -> list[str]:
        """Every value sent for the query parameter ``name`` (``[]`` when absent)."""
        return [value for key, value in self.query_items if key == name]


class Stats:
    """Counters and the request log of one fake (``fake.stats``).

    Wait for a state instead of sleeping: ``await fake.stats.wait_in_flight(3)``,
    ``await fake.stats.wait_requests(10)`` or ``await fake.stats.wait_for(pred)``.
    """

    def __init__(self) -> None:
        self.requests = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.by_path: Counter[str] = Counter()
        self.by_status: Counter[int | None] = Counter()
        self.log: deque[RequestRecord] = deque(maxlen=LOG_SIZE)
        self._waiters: list[tuple[Callable[[Stats], bool], asyncio.Future[None]]] = []

    def reset(self) -> None:
        """Zero the counters and clear the log (requests in flight stay counted)."""
        self.requests = 0
        self.max_in_flight = self.in_flight
        self.by_path.clear()
        self.by_status.clear()
        self.log.clear()

    @property
    def completed(self) -> int:
        """Requests that finished (answered or dropped) since the last reset."""
        return sum(self.by_status.values())

    def begin(self, path: str) -> None:
        """Count a request entering the fake."""
        self.requests += 1
        self.in_flight += 1
        if self.in_flight > self.max_in_flight:
            self.max_in_flight = self.in_flight
        self.by_path[path] += 1
        if self._waiters:
            self._notify()

    def end(self, record: RequestRecord) -> None:
        """Count a request leaving the fake."""
        self.in_flight -= 1
        self.by_status[record.status] += 1
        self.log.append(record)
        if self._waiters:
            self._notify()

    def _notify(self) -> None:
        still = []
        for predicate, future in self._waiters:
            if future.done():
                continue
            if predicate(self):
                future.set_result(None)
            else:
                still.append((predicate, future))
        self._waiters = still

    async def wait_for(
        self, predicate: Callable[[Stats], bool], timeout: float | None = None
    ) -> None:
        """Return once ``predicate(stats)`` holds (checked on every request start/end).

        ``timeout`` (seconds) raises :class:`asyncio.TimeoutError` instead of waiting
        forever.
        """
        if predicate(self):
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append((predicate, future))
        try:
            await within(future, timeout)
        finally:
            if not future.done():
                future.cancel()

    async def wait_in_flight(self, count: int, timeout: float | None = None) -> None:
        """Return once at least ``count`` requests are being handled at the same time."""
        await self.wait_for(lambda s: s.in_flight >= count, timeout)

    async def wait_requests(self, count: int, timeout: float | None = None) -> None:
        """Return once at least ``count`` requests have arrived since the last reset."""
        await self.wait_for(lambda s: s.requests >= count, timeout)

    async def wait_completed(self, count: int, timeout: float | None = None) -> None:
        """Return once at least ``count`` requests have finished since the last reset."""
        await self.wait_for(lambda s: s.completed >= count, timeout)
