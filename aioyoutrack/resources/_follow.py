"""Following the activity stream: :class:`ActivityFollower`, what
``yt.activities.follow(...)`` returns.

It is a plain class, not an async generator, so leaving an ``async for`` with ``break``
leaves nothing suspended behind, and two tasks pulling from one follower get a clear
error instead of asyncio's "already running". Its cursor moves past a page only once
the consumer has taken every item of it and asked for more; ``on_cursor`` hears of it
then, before anything newer is fetched (see the class for what that guarantees).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import random
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

from .._closing import AsyncClosing
from .._constants import (
    DEFAULT_FOLLOW_BACKOFF_INITIAL,
    DEFAULT_FOLLOW_BACKOFF_MAX,
    DEFAULT_FOLLOW_POLL_INTERVAL,
    LOGGER_NAME,
)
from .._pager_base import RepeatGuard
from .._pagination import CursorPage
from .._values import shown
from ..errors import (
    APIConnectionError,
    ClientClosedError,
    InvalidRequestError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
    YouTrackError,
    client_closed,
)
from ._common import check_flag, check_text

__all__ = ["ActivityFollower", "CursorCallback"]

T = TypeVar("T")

#: Called with each new cursor; a plain function or a coroutine function (whatever a
#: plain function returns is ignored, so ``Path.write_text`` will do).
CursorCallback = Callable[[str], object]

#: Errors after which asking again later may succeed: the server was down, overloaded or
#: unreachable, or a proxy answered in its place. Anything else (a rejected token, a bad
#: category) would fail the same way forever, so it ends the iteration.
_TRANSIENT = (APIConnectionError, ServerError, RateLimitError, UnexpectedResponseError)

log = logging.getLogger(LOGGER_NAME)


def check_interval(name: str, value: object, *, zero: bool = False) -> float:
    """``value`` as seconds if it is a positive (or, with ``zero``, non-negative) finite
    number, else InvalidRequestError."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidRequestError(f"{name} must be a number of seconds, got {shown(value)}")
    try:
        seconds = float(value)
    except OverflowError:  # an int beyond float's range: no finite number of seconds
        seconds = float("inf")
    if not (seconds >= 0 if zero else seconds > 0) or seconds == float("inf"):
        low = "zero or more" if zero else "positive"
        raise InvalidRequestError(f"{name} must be {low} and finite, got {shown(value)}")
    return seconds


class ActivityFollower(AsyncClosing, Generic[T]):
    """New activity items as they happen, forever: ``async for item in follower``.

    Made by :meth:`ActivitiesResource.follow <aioyoutrack.resources.ActivitiesResource.follow>`.
    ``fetch(cursor)`` gets the cursor page at ``cursor`` (forwards, oldest first) and
    ``anchor()`` the cursor just past the newest item, used when no cursor is given;
    ``nap(seconds)`` sleeps between polls (the client's, which its ``aclose`` cuts short)
    and ``client_closed()`` tells whether the client is closed.

    - Caught up, it waits ``poll_interval`` seconds and asks again.
    - A transient failure (connection, 5xx, 429, a body that is not YouTrack's) is
      logged (WARNING) and tried again after a backoff that doubles from
      ``backoff_initial`` up to ``backoff_max`` (a 429's ``Retry-After`` is honoured up
      to ``backoff_max``), from the same cursor, so nothing is lost. Any other
      :class:`~aioyoutrack.YouTrackError` (a rejected token, a bad argument) is raised.
    - ``on_cursor(cursor)`` is called each time the cursor moves (after a page has been
      handed over, and once at the start when following from now), so the cursor can be
      persisted; pass it back as ``cursor=`` to resume: stopped between pages, the
      restart sees every item once; stopped in the middle of a page, it gets that page
      again (at least once, never lost).
    - ``max_failures`` failures in a row raise the last one (None: try forever).
    - ``from_start`` without a cursor starts at the oldest item instead of from now.
    - ``until_caught_up`` ends the iteration when nothing new is left instead of waiting
      (for a job run from cron); iterating again asks again.
    - It ends (``StopAsyncIteration``) after :meth:`aclose`, which also wakes a wait in
      progress and drops a page still on its way, and when the client is closed while
      it follows (a client closed before the first page raises ``ClientClosedError``).
    - A page of items with no new cursor past them, or no cursor to start from now, is
      :class:`~aioyoutrack.UnexpectedResponseError` (following on would repeat items,
      or replay the whole history). ``break`` and cancellation leave it
      consistent: iterating again goes on from the first item not yet handed over.
    """

    __slots__ = (
        "_anchor",
        "_backoff_initial",
        "_backoff_max",
        "_began",
        "_busy",
        "_client_closed",
        "_closed",
        "_cursor",
        "_fetch",
        "_guard",
        "_index",
        "_items",
        "_max_failures",
        "_nap",
        "_on_cursor",
        "_pending",
        "_poll_interval",
        "_started",
        "_until_caught_up",
        "_wait_first",
        "_wake",
    )

    def __init__(
        self,
        fetch: Callable[[str | None], Awaitable[CursorPage[T]]],
        anchor: Callable[[], Awaitable[str | None]],
        *,
        nap: Callable[[float], Awaitable[None]] = asyncio.sleep,
        client_closed: Callable[[], bool] = lambda: False,
        cursor: str | None = None,
        poll_interval: float = DEFAULT_FOLLOW_POLL_INTERVAL,
        on_cursor: CursorCallback | None = None,
        backoff_initial: float = DEFAULT_FOLLOW_BACKOFF_INITIAL,
        backoff_max: float = DEFAULT_FOLLOW_BACKOFF_MAX,
        max_failures: int | None = None,
        from_start: bool = False,
        until_caught_up: bool = False,
    ) -> None:
        if cursor is not None:
            check_text("cursor", cursor)
        if on_cursor is not None and not callable(on_cursor):
            raise InvalidRequestError(f"on_cursor must be callable, got {shown(on_cursor)}")
        if max_failures is not None and (
            isinstance(max_failures, bool) or not isinstance(max_failures, int) or max_failures < 1
        ):
            raise InvalidRequestError(
                f"max_failures must be a positive int, got {shown(max_failures)}"
            )
        check_flag("from_start", from_start)
        check_flag("until_caught_up", until_caught_up)
        self._poll_interval = check_interval("poll_interval", poll_interval)
        self._backoff_initial = check_interval("backoff_initial", backoff_initial, zero=True)
        self._backoff_max = max(
            self._backoff_initial, check_interval("backoff_max", backoff_max, zero=True)
        )
        self._max_failures = max_failures
        self._until_caught_up = until_caught_up
        self._fetch = fetch
        self._anchor = anchor
        self._nap = nap
        self._on_cursor = on_cursor
        self._cursor = cursor
        #: Whether a starting point is known (a cursor given, the start, or "now").
        self._started = cursor is not None or from_start
        self._items: list[T] = []
        self._index = 0
        #: Where the page being handed over ends: the cursor once it is all handed over.
        self._pending: str | None = None
        #: Caught up: wait a poll interval before the next fetch.
        self._wait_first = False
        self._closed = False
        #: Tells pages of items already handed over (see ``_take``).
        self._guard = RepeatGuard()
        self._busy = False
        #: Whether iterating began (a client closed before that is an error, after it
        #: the end of the stream).
        self._began = False
        self._client_closed = client_closed
        self._wake: asyncio.Event | None = None

    @property
    def cursor(self) -> str | None:
        """Where to resume: just past the last page handed over completely (None until
        a starting point is known)."""
        return self._cursor

    @property
    def closed(self) -> bool:
        """True once :meth:`aclose` was called or the client was found closed."""
        return self._closed

    def __repr__(self) -> str:
        state = ", closed" if self._closed else ""
        return (
            f"ActivityFollower(cursor={self._cursor!r}, "
            f"poll_interval={self._poll_interval:g}{state})"
        )

    def __aiter__(self) -> ActivityFollower[T]:
        return self

    async def __anext__(self) -> T:
        if self._closed:
            raise StopAsyncIteration
        if self._busy:
            raise InvalidRequestError(
                "this follower is already being iterated by another task; give each "
                "task its own yt.activities.follow(...)"
            )
        if not self._began:
            self._began = True
            if self._client_closed():
                raise client_closed()
        self._busy = True
        try:
            return await self._next()
        except ClientClosedError:
            self._closed = True
            raise StopAsyncIteration from None
        finally:
            self._busy = False

    async def aclose(self) -> None:
        """Stop following: the iteration ends, a wait in progress ends at once."""
        self._closed = True
        if self._wake is not None:
            self._wake.set()

    # --- the state machine -------------------------------------------------------------

    async def _next(self) -> T:
        while True:
            if self._index < len(self._items):
                item = self._items[self._index]
                self._index += 1
                return item
            # The consumer asked for more after the last item: the page is handed over.
            if self._pending is not None:
                await self._move(self._pending)
                self._pending = None
            self._items = []
            self._index = 0
            if not self._started:
                anchor = await self._retrying(self._anchor)
                if anchor is None:
                    # Without it "from now" would silently become "from the start".
                    raise UnexpectedResponseError(
                        "YouTrack gave no cursor to follow from now: pass cursor= (a saved "
                        "one) or from_start=True"
                    )
                self._started = True
                await self._move(anchor)
            if self._wait_first:
                self._wait_first = False
                if self._until_caught_up:
                    raise StopAsyncIteration  # iterating again polls again
                await self._pause(self._poll_interval)
            page = await self._retrying(lambda: self._fetch(self._cursor))
            if self._closed:  # aclose() while the page was on its way: nothing more
                raise ClientClosedError("this activity follower is closed")
            try:
                self._take(page)
            except UnexpectedResponseError:
                del page  # the server's: out of tracebacks' locals (as in _cursor)
                raise

    def _take(self, page: CursorPage[T]) -> None:
        after = page.after_cursor
        problem = None
        items = list(page.items)
        if items and (after is None or after == self._cursor):
            # Asking again from the same place would hand over the same items forever.
            problem = "without a new cursor past them"
        elif items and self._guard.repeated(items):
            # New cursors over old items (cursors that alternate, or are new each time).
            problem = "again, already handed over, at a new cursor"
        if problem is not None:
            del page, items, after  # the server's: out of tracebacks' locals
            raise UnexpectedResponseError(
                f"YouTrack sent activities {problem}: following on would hand them over "
                "again and again"
            )
        self._items = items
        self._index = 0
        self._pending = after if after is not None and after != self._cursor else None
        self._wait_first = not page.has_after or not page.items

    async def _move(self, cursor: str) -> None:
        self._cursor = cursor
        if self._on_cursor is not None:
            result = self._on_cursor(cursor)
            if inspect.isawaitable(result):
                await result

    async def _retrying(self, call: Callable[[], Awaitable[Any]]) -> Any:
        failures = 0
        while True:
            if self._closed:
                raise ClientClosedError("this activity follower is closed")
            try:
                return await call()
            except _TRANSIENT as error:
                failures += 1
                if self._max_failures is not None and failures >= self._max_failures:
                    raise
                delay = min(self._backoff_max, self._backoff_initial * 2 ** (failures - 1))
                delay *= 0.5 + random.random() / 2  # jitter: followers do not poll in step
                if isinstance(error, RateLimitError) and error.retry_after is not None:
                    # Honoured up to backoff_max: a Retry-After of years is not waited out.
                    delay = min(max(delay, error.retry_after), self._backoff_max)
                log.warning(
                    "following activities: %s; trying again in %.1f s (failure %d)",
                    _describe(error),
                    delay,
                    failures,
                )
                await self._pause(delay)

    async def _pause(self, seconds: float) -> None:
        """Sleep, ended early by :meth:`aclose`; a closed follower or client stops here."""
        if self._closed:
            raise ClientClosedError("this activity follower is closed")
        wake = self._wake = asyncio.Event()
        nap = asyncio.ensure_future(self._nap(seconds))
        waiters = (asyncio.ensure_future(wake.wait()), nap)
        try:
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
            self._wake = None
        if self._closed:
            raise ClientClosedError("this activity follower is closed")
        failure = nap.exception() if nap.done() and not nap.cancelled() else None
        if failure is not None:
            raise failure  # the client closed meanwhile: ClientClosedError


def _describe(error: YouTrackError) -> str:
    return f"{type(error).__name__}: {error}"
