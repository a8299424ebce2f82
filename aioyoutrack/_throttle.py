"""The concurrency limit of one client: a semaphore held around each attempt.

The semaphore is created on first use, inside the running loop. The retry loop
(``_retry.Retrier``) takes a slot for each attempt and gives it back when the attempt
ends, however it ends: a caller cancelled while waiting for a slot takes none, and one
cancelled while holding a slot gives it back.
"""

from __future__ import annotations

import asyncio

from ._deadlines import within
from .errors import client_closed

__all__ = ["Throttle"]


class Throttle:
    """At most ``limit`` attempts in flight at once; ``in_flight`` counts them.

    :meth:`close` ends every wait for a slot, now and later, with ``ClientClosedError``.
    """

    __slots__ = ("_closed", "_semaphore", "_waiting", "in_flight", "limit")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.in_flight = 0
        self._waiting = 0
        self._closed = False
        self._semaphore: asyncio.Semaphore | None = None

    async def acquire(self) -> None:
        """Wait for a free slot and take it."""
        semaphore = self._semaphore
        if semaphore is None:
            semaphore = self._semaphore = asyncio.Semaphore(self.limit)
        if self._closed:
            raise client_closed()
        self._waiting += 1
        try:
            await semaphore.acquire()
        finally:
            self._waiting -= 1
        if self._closed:
            # Woken by close(): the slot it got is one close() added, not a real one.
            raise client_closed()
        self.in_flight += 1

    async def acquire_within(self, seconds: float) -> bool:
        """Like :meth:`acquire`, but give up after ``seconds``: True when a slot was
        taken, False when the time ran out first."""
        semaphore = self._semaphore
        if semaphore is None or (not self._closed and not semaphore.locked()):
            # A free slot: taken at once, without a timer.
            await self.acquire()
            return True
        if seconds <= 0:
            return False
        try:
            # A slot granted just as the caller is cancelled goes back (Python 3.10).
            await within(self.acquire(), seconds, undo=lambda _: self.release())
        except asyncio.TimeoutError:
            return False
        return True

    def close(self) -> None:
        """Wake every caller waiting for a slot; they, and all later ones, fail."""
        self._closed = True
        if self._semaphore is not None:
            for _ in range(self._waiting):
                self._semaphore.release()

    def release(self) -> None:
        """Give back a slot taken by :meth:`acquire`."""
        assert self._semaphore is not None, "release() without acquire()"
        self.in_flight -= 1
        self._semaphore.release()

    def __repr__(self) -> str:
        return f"Throttle(limit={self.limit}, in_flight={self.in_flight})"
