"""What both pagers share: items, ``await`` and ``first()`` on top of ``pages()``, the
iterator several tasks may share, the guard against servers repeating pages, and the
argument checks.

:class:`~aioyoutrack.Pager` (``_pagination``) and :class:`~aioyoutrack.CursorPager`
(``_cursor``) build on it.
"""

from __future__ import annotations

import asyncio
import random
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import AsyncGenerator, Generator, Sequence
from typing import Any, Generic, TypeVar

import attrs

from ._values import shown
from .errors import ClientClosedError, InvalidRequestError

__all__ = ["ItemIterator", "PagerBase", "RepeatGuard", "check_count", "name_of"]

T = TypeVar("T")


#: Where :class:`RepeatGuard` moves its checkpoints (not a secret: a server only must
#: not know it in advance).
_random = random.Random()

#: The largest ``$top``/``$skip`` YouTrack reads: they are 32-bit ints on the server.
MAX_COUNT = 2**31 - 1


def check_count(name: str, value: object, minimum: int) -> None:
    # bool is an int subclass; page_size=True is a mistake, not 1.
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= MAX_COUNT:
        raise InvalidRequestError(
            f"{name} must be an integer from {minimum} to {MAX_COUNT}, got {shown(value)}"
        )


def name_of(func: object) -> str:
    # Only the qualified name: a partial's or closure's repr could show bound arguments.
    return getattr(func, "__qualname__", None) or type(func).__name__


def _ids(items: Sequence[Any]) -> list[Any] | None:
    """The ``id`` of each item (an attrs model or a dict), or None when any has none (or
    one that is not a string or number, as a hostile server's dict may)."""
    ids = []
    for item in items:
        ident = item.get("id") if isinstance(item, dict) else getattr(item, "id", None)
        if not isinstance(ident, (str, int)):
            return None
        ids.append(ident)
    return ids


class RepeatGuard:
    """Tells a server that sends the same items again and again (it ignores ``$skip``, or
    a cursor): a page whose ids are the page before it, a page of 4 or more items of
    which more than half came in the last few pages, or a smaller page all of whose
    items did, would make paging endless.

    Beyond the last few pages, one earlier page is kept as a checkpoint, moved to the
    current page after gaps that double (Brent's cycle finding), each lengthened by a
    random part of itself: a server rotating through any number of pages meets the
    checkpoint again within about five times its cycle, while the guard keeps a bounded
    number of pages however long paging runs. The random part keeps a server from
    learning where the checkpoint sits (and sending fresh items just there).

    A few ids repeating is normal (items inserted while paging shift the window), so
    only pages mostly made of recent items count. A page whose items were asked for
    their ids but came without them (a model with an ``id`` attribute, or
    ``expect_ids``) is compared whole with the last few such pages instead: a server
    that drops ids and ignores ``$skip`` would otherwise be paged forever. Items never
    asked for ids are not compared: identical pages of them can be real.
    """

    __slots__ = (
        "_checkpoint",
        "_checkpoint_page",
        "_expect_ids",
        "_gap",
        "_next_move",
        "_pages",
        "_previous",
        "_recent",
        "_recent_pages",
    )

    #: Full pages whose ids are remembered; alternating or rotating answers repeat within.
    WINDOW = 4

    def __init__(self, *, expect_ids: bool = False) -> None:
        self._expect_ids = expect_ids
        self._previous: list[Any] | None = None
        self._recent: deque[frozenset[Any]] = deque(maxlen=self.WINDOW)
        self._recent_pages: deque[list[Any]] = deque(maxlen=self.WINDOW)
        self._pages = 0  # judged so far
        self._next_move = 1  # the judged page that becomes the next checkpoint
        self._gap = 1  # pages from one checkpoint to the next, before the random part
        self._checkpoint: frozenset[Any] = frozenset()
        self._checkpoint_page: list[Any] | None = None

    def _moves_checkpoint(self) -> bool:
        """Count a judged page; say whether it becomes the checkpoint."""
        self._pages += 1
        if self._pages != self._next_move:
            return False
        self._next_move += self._gap + _random.randrange(self._gap)
        self._gap *= 2
        return True

    def repeated(self, items: Sequence[Any]) -> bool:
        """Record ``items`` (a page) and say whether it repeats what came before."""
        ids = _ids(items)
        if ids is None:
            return self._same_page(items)
        if not ids:
            return False  # an empty page ends paging by itself
        if ids == self._previous:
            return True
        self._previous = ids
        page = frozenset(ids)
        earlier = [*self._recent, self._checkpoint]
        seen = sum(1 for ident in ids if any(ident in other for other in earlier))
        self._recent.append(page)
        if self._moves_checkpoint():
            self._checkpoint = page
        # A small page (under 4) counts only when every id of it came recently: with
        # so few, "more than half" would be one inserted item shifting the window.
        return seen == len(ids) if len(ids) < 4 else seen * 2 > len(ids)

    def _same_page(self, items: Sequence[Any]) -> bool:
        """Whether a page lacking ids it was asked for equals one of the last few, or
        the checkpoint."""
        if not items or not (self._expect_ids or all(_has_id_slot(i) for i in items)):
            return False
        page = list(items)
        earlier = [*self._recent_pages, self._checkpoint_page]
        try:
            same = any(page == other for other in earlier)
        except RecursionError:
            same = False  # too deep to compare: let it pass rather than fail the read
        self._recent_pages.append(page)
        if self._moves_checkpoint():
            self._checkpoint_page = page
        return same


def _has_id_slot(item: Any) -> bool:
    """Whether ``item`` is a model with an ``id`` attribute (its projection asks for it)."""
    cls = type(item)
    return attrs.has(cls) and "id" in attrs.fields_dict(cls)


class PagerBase(ABC, Generic[T]):
    """What both pagers share: items, ``await`` and ``first()`` on top of ``pages()``."""

    __slots__ = ()

    def pages(self) -> AsyncGenerator[list[T], None]:
        """Iterate page by page (each a non-empty list), from one task at a time."""
        return PageIterator(self._pages())

    @abstractmethod
    def _pages(self) -> AsyncGenerator[list[T], None]:
        """The page generator :meth:`pages` hands out."""

    @abstractmethod
    async def first(self) -> T | None:
        """Return the first item, or None when there is none."""

    def __aiter__(self) -> ItemIterator[T]:
        """Iterate every item, in order; each iteration fetches from the start."""
        return ItemIterator(self.pages())

    def __await__(self) -> Generator[Any, None, list[T]]:
        """``await pager`` returns every item as a list."""
        return self._collect().__await__()

    async def _collect(self) -> list[T]:
        items: list[T] = []
        page: list[T] = []
        try:
            async for page in self.pages():
                items.extend(page)
        except BaseException:
            # What was collected is lost with the error; tracebacks that render locals
            # show none of the server's data (which may echo the token).
            items, page = [], []
            raise
        return items


class PageIterator(AsyncGenerator[list[T], None]):
    """A pager's pages, one by one (what ``pager.pages()`` returns): its page generator,
    which refuses a second task while one reads it with :class:`InvalidRequestError`,
    where Python's own refusal is a bare ``RuntimeError``. (Tasks that share items
    share ``aiter(pager)``, which hands each item to one of them.)"""

    __slots__ = ("_busy", "_pages")

    def __init__(self, pages: AsyncGenerator[list[T], None]) -> None:
        self._pages = pages
        self._busy = False

    def _enter(self) -> None:
        if self._busy:
            raise InvalidRequestError(
                "this pager's pages are being read by another task: read pages() from "
                "one task at a time (to share the items, share aiter(pager))"
            )
        self._busy = True

    async def asend(self, value: None) -> list[T]:
        self._enter()
        try:
            return await self._pages.asend(value)
        finally:
            self._busy = False

    async def athrow(self, *args: Any) -> list[T]:
        self._enter()
        try:
            return await self._pages.athrow(*args)
        finally:
            self._busy = False

    async def aclose(self) -> None:
        self._enter()
        try:
            await self._pages.aclose()
        finally:
            self._busy = False


class ItemIterator(Generic[T]):
    """The items of a pager's pages, one by one (what ``aiter(pager)`` returns).

    A plain iterator over the ``pages()`` generator rather than a second async
    generator: asyncio closes every generator still open when its loop shuts down, all
    at once, and an outer generator closing the inner one in its ``finally`` would then
    meet it already being closed ("aclose(): asynchronous generator is already
    running"). :meth:`aclose` cancels and awaits the fetches in flight; an iterator
    dropped unclosed leaves that to asyncio's closing of the page generator.
    """

    __slots__ = ("_ended", "_index", "_lock", "_page", "_pages")

    def __init__(self, pages: AsyncGenerator[list[T], None]) -> None:
        self._pages = pages
        self._page: list[T] = []
        self._index = 0
        # Made on the first page fetch (inside the running loop): tasks sharing this
        # iterator then wait their turn instead of entering the page generator twice.
        self._lock: asyncio.Lock | None = None
        # Why the page generator stopped, when it did not simply run out: every later
        # call is told so, rather than ending as if all items had come.
        self._ended: BaseException | None = None

    def __aiter__(self) -> ItemIterator[T]:
        return self

    async def __anext__(self) -> T:
        index = self._index
        page = self._page
        if index < len(page):
            self._index = index + 1
            return page[index]
        lock = self._lock
        if lock is None:
            lock = self._lock = asyncio.Lock()
        async with lock:
            # Another task may have fetched the next page while this one waited.
            while self._index >= len(self._page):
                if self._ended is not None:
                    raise self._ended
                # StopAsyncIteration from the page generator ends the items too.
                try:
                    self._page = await self._pages.__anext__()
                except Exception as exc:
                    if not isinstance(exc, StopAsyncIteration):
                        self._ended = exc  # the same error for every task sharing it
                    raise
                except BaseException:
                    # Cancelled (or interrupted) while fetching: the page generator is
                    # done for, so the items after it will never come.
                    self._ended = ClientClosedError(
                        "this item iterator stopped: a task using it was cancelled while "
                        "it fetched a page, so the items after it were not fetched; "
                        "iterate the pager again to start over"
                    )
                    raise
                self._index = 0
            index = self._index
            self._index = index + 1
            return self._page[index]

    async def aclose(self) -> None:
        """Stop: cancel the page fetches in flight and wait for them (after a page
        fetch another task sharing this iterator awaits)."""
        self._page = []
        self._index = 0
        lock = self._lock
        if lock is None:
            await self._pages.aclose()
        else:
            async with lock:
                await self._pages.aclose()
                # A fetch that held the lock meanwhile has put its page here.
                self._page = []
                self._index = 0
        if self._ended is None:
            self._ended = StopAsyncIteration()  # closed: no item after it, for any task
