"""Paging over YouTrack collections: :class:`Pager` ($skip/$top) and :class:`CursorPager`.

Both are I/O-free: a resource hands them an async callable that fetches one page, and
they decide which pages to ask for, in what order, and how many at once. Both are
re-iterable query objects (each iteration fetches again) with one API::

    async for item in pager: ...            # every item, streamed page by page
    items = await pager                     # every item, as a list
    item = await pager.first()              # the first item or None, one small request
    async for page in pager.pages(): ...    # page by page (lists)

YouTrack answers collections with bare JSON arrays, no total and no next link, and caps
a collection at 42 items (``SERVER_DEFAULT_TOP``) when ``$top`` is missing. So a
:class:`Pager` always passes ``top`` to its fetch function and treats a page shorter
than ``top`` as the last one.

Breaking out of ``async for`` cancels the page fetches still in flight: CPython drops
the iterator at once and asyncio closes it in a task of its own. Code that keeps the
iterator alive, or wants the cancellation awaited at a known point, closes it itself::

    async with contextlib.aclosing(aiter(pager)) as items:
        async for item in items: ...
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator, Sequence
from typing import Any, Generic, Literal, TypeVar

import attrs

from ._constants import DEFAULT_PAGE_SIZE, DEFAULT_PREFETCH, SERVER_DEFAULT_TOP
from ._logger import logger as _log
from .errors import InvalidRequestError, UnexpectedResponseError

__all__ = ["CursorPage", "CursorPager", "Pager", "UnbuiltPage"]

T = TypeVar("T")


@attrs.frozen
class UnbuiltPage(Generic[T]):
    """A page fetched but not yet turned into items: ``build()`` does that.

    A fetch function returns one instead of the items so that pages fetched ahead wait
    in the window as response bytes, and become objects only when the consumer reaches
    them: the garbage collector then never has a window full of objects to scan (GC
    time per streamed issue 10.2 -> 8.8 µs in benchmarks/RESULTS.md), and pages never
    reached are never built.
    """

    #: Parses and structures the page; awaited once, by the pager.
    build: Callable[[], Awaitable[Sequence[T]]]


#: Page fetch as resources provide it: ``fetch_page(skip, top)`` -> that page's items
#: (or an :class:`UnbuiltPage` of them).
FetchPage = Callable[[int, int], Awaitable[Sequence[T] | UnbuiltPage[T]]]


async def _items_of(page: Sequence[T] | UnbuiltPage[T]) -> list[T]:
    if isinstance(page, UnbuiltPage):
        return list(await page.build())
    return list(page)


#: How a Pager learns the number of items: a number, or an async call such as the count.
Total = int | Callable[[], Awaitable[int]]


def _check_count(name: str, value: object, minimum: int) -> None:
    # bool is an int subclass; page_size=True is a mistake, not 1.
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidRequestError(f"{name} must be an integer >= {minimum}, got {value!r}")


def _name_of(func: object) -> str:
    # Only the qualified name: a partial's or closure's repr could show bound arguments.
    return getattr(func, "__qualname__", None) or type(func).__name__


def _ids(items: Sequence[Any]) -> list[Any] | None:
    """The ``id`` of each item (an attrs model or a dict), or None when any has none."""
    ids = []
    for item in items:
        ident = item.get("id") if isinstance(item, dict) else getattr(item, "id", None)
        if ident is None:
            return None
        ids.append(ident)
    return ids


class _RepeatGuard:
    """Tells a server that sends the same items again and again (it ignores ``$skip``, or
    a cursor): a page whose ids are the page before it, or a page of 4 or more items of
    which more than half came in the last few pages, would make paging endless.

    A few ids repeating is normal (items inserted while paging shift the window), so
    only pages mostly made of recent items count. Items without ids are not compared.
    """

    __slots__ = ("_previous", "_recent")

    #: Full pages whose ids are remembered; alternating or rotating answers repeat within.
    WINDOW = 4

    def __init__(self) -> None:
        self._previous: list[Any] | None = None
        self._recent: deque[frozenset[Any]] = deque(maxlen=self.WINDOW)

    def repeated(self, items: Sequence[Any]) -> bool:
        """Record ``items`` (a page) and say whether it repeats what came before."""
        ids = _ids(items)
        if ids is None:
            return False
        if ids == self._previous:
            return True
        self._previous = ids
        seen = sum(1 for ident in ids if any(ident in page for page in self._recent))
        self._recent.append(frozenset(ids))
        return len(ids) >= 4 and seen * 2 > len(ids)


def _retrieve(task: asyncio.Task[Any]) -> None:
    # Marks a failure as retrieved even when the pager stops before reaching that page
    # (a short page came first), so asyncio never logs "exception was never retrieved".
    if not task.cancelled():
        task.exception()


class _PagerBase(Generic[T]):
    """What both pagers share: items, ``await`` and ``first()`` on top of ``pages()``."""

    __slots__ = ()

    def pages(self) -> AsyncGenerator[list[T], None]:
        """Iterate page by page (each a non-empty list)."""
        raise NotImplementedError

    async def first(self) -> T | None:
        """Return the first item, or None when there is none."""
        raise NotImplementedError

    def __aiter__(self) -> ItemIterator[T]:
        """Iterate every item, in order; each iteration fetches from the start."""
        return ItemIterator(self.pages())

    def __await__(self) -> Generator[Any, None, list[T]]:
        """``await pager`` returns every item as a list."""
        return self._collect().__await__()

    async def _collect(self) -> list[T]:
        items: list[T] = []
        async for page in self.pages():
            items.extend(page)
        return items


class ItemIterator(Generic[T]):
    """The items of a pager's pages, one by one (what ``aiter(pager)`` returns).

    A plain iterator over the ``pages()`` generator rather than a second async
    generator: asyncio closes every generator still open when its loop shuts down, all
    at once, and an outer generator closing the inner one in its ``finally`` would then
    meet it already being closed ("aclose(): asynchronous generator is already
    running"). :meth:`aclose` cancels and awaits the fetches in flight; an iterator
    dropped unclosed leaves that to asyncio's closing of the page generator.
    """

    __slots__ = ("_index", "_lock", "_page", "_pages")

    def __init__(self, pages: AsyncGenerator[list[T], None]) -> None:
        self._pages = pages
        self._page: list[T] = []
        self._index = 0
        # Made on the first page fetch (inside the running loop): tasks sharing this
        # iterator then wait their turn instead of entering the page generator twice.
        self._lock: asyncio.Lock | None = None

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
                # StopAsyncIteration from the page generator ends the items too.
                self._page = await self._pages.__anext__()
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
            return
        async with lock:
            await self._pages.aclose()


class _Window(Generic[T]):
    """Page fetches in flight, oldest first, each with the ``top`` it asked for."""

    __slots__ = ("_fetch", "_tasks")

    def __init__(self, fetch: FetchPage[T]) -> None:
        self._fetch = fetch
        self._tasks: deque[tuple[int, asyncio.Task[Sequence[T] | UnbuiltPage[T]]]] = deque()

    def __len__(self) -> int:
        return len(self._tasks)

    def start(self, skip: int, top: int) -> None:
        task = asyncio.create_task(self._call(skip, top), name=f"aioyoutrack page {skip}+{top}")
        task.add_done_callback(_retrieve)
        self._tasks.append((top, task))

    async def _call(self, skip: int, top: int) -> Sequence[T] | UnbuiltPage[T]:
        return await self._fetch(skip, top)

    def pop(self) -> tuple[int, asyncio.Task[Sequence[T] | UnbuiltPage[T]]]:
        return self._tasks.popleft()

    def cancel(self) -> None:
        for _, task in self._tasks:
            task.cancel()

    async def close(self) -> None:
        """Cancel every fetch still here and wait until each has finished."""
        tasks = [task for _, task in self._tasks]
        self._tasks.clear()
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)


class Pager(_PagerBase[T]):
    """A collection fetched with ``$skip``/``$top``, page by page.

    ``fetch_page(skip, top)`` fetches one page (``GET ...?$skip={skip}&$top={top}``)
    and returns its items, or an :class:`UnbuiltPage` that makes them once the consumer
    reaches that page; it is always given a ``top``, never larger than ``page_size``
    nor than what is still wanted under ``limit``. A page shorter than ``top`` (empty
    included) is the last one: no further request. A page longer than ``top`` (a server
    that ignores ``$top``) is cut to its first ``top`` items and counts as full: the next
    page starts at ``skip + top``, so with a server honouring ``$skip`` nothing is lost
    or doubled.

    Pages in flight at once (``prefetch``):

    - ``total`` unknown, ``prefetch=None``: one page at a time, fetched when the
      consumer asks for an item past the current page.
    - ``total`` unknown, ``prefetch=N``: up to N pages fetched ahead speculatively,
      results in order. Once a short page arrives, the fetches after it are cancelled
      and whatever they return is discarded.
    - ``total`` known (a number, or an async call such as the issue count, which runs
      alongside the first page): the pages covering ``total`` items are fetched
      ``prefetch`` (default ``DEFAULT_PREFETCH``) at a time, results in order. The count
      is never trusted to end the list: when it is an exact multiple of ``page_size``,
      the page after the last counted one is fetched in the same window (it comes back
      empty unless items were added), and when the last page fetched comes back full
      (the data grew since counting), paging goes on one page at a time until a short
      page, so nothing added after counting is lost. A negative total (YouTrack's count
      answers -1 while counting) counts as unknown. The first page is fetched even when
      the total is 0.

    Stopping early (``break``, closing the iterator, cancelling the consumer) cancels
    every fetch in flight; an error from a fetch reaches the consumer after the items of
    the pages before it, and cancels the others. Errors from ``total`` propagate.
    ``first()`` asks for one item (``top=1``) and never calls ``total``.

    A full page whose items repeat the pages before it (the very ids of the page before
    it, or, for pages of 4 or more, more than half of its ids from the last 4 pages)
    means the server ignores ``$skip`` (it would send those items forever): iteration
    ends there with :class:`~aioyoutrack.UnexpectedResponseError`, after the items of
    the pages before it.

    One iterator (``aiter(pager)``) may be shared by several tasks: each item goes to
    one of them.
    """

    __slots__ = ("_fetch_page", "_limit", "_page_size", "_prefetch", "_total")

    def __init__(
        self,
        fetch_page: FetchPage[T],
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
        prefetch: int | None = None,
        total: Total | None = None,
    ) -> None:
        _check_count("page_size", page_size, 1)
        if limit is not None:
            _check_count("limit", limit, 0)
        if prefetch is not None:
            _check_count("prefetch", prefetch, 1)
        if total is not None and not callable(total):
            _check_count("total", total, -1)
        self._fetch_page = fetch_page
        self._page_size = page_size
        self._limit = limit
        self._prefetch = prefetch
        self._total = total

    @property
    def page_size(self) -> int:
        """Items asked for per request (``$top``), at most."""
        return self._page_size

    @property
    def limit(self) -> int | None:
        """Most items this pager yields; None for all of them."""
        return self._limit

    @property
    def prefetch(self) -> int | None:
        """Most page fetches in flight at once, as given (None: see the class doc)."""
        return self._prefetch

    def __repr__(self) -> str:
        total = self._total
        shown = _name_of(total) if callable(total) else repr(total)
        return (
            f"Pager(fetch_page={_name_of(self._fetch_page)}, page_size={self._page_size}, "
            f"limit={self._limit!r}, prefetch={self._prefetch!r}, total={shown})"
        )

    async def first(self) -> T | None:
        """Return the first item (one request with ``top=1``), or None when empty."""
        if self._limit == 0:
            return None
        items = await _items_of(await self._fetch_page(0, 1))
        return items[0] if items else None

    def pages(self) -> AsyncGenerator[list[T], None]:
        """Iterate page by page, in order; each page is a non-empty list."""
        return _SkipTopRun(self).pages()


class _SkipTopRun(Generic[T]):
    """The state of one iteration of a :class:`Pager`."""

    __slots__ = ("eager", "horizon", "limit", "next_index", "page_size", "pager", "size", "window")

    def __init__(self, pager: Pager[T]) -> None:
        self.pager = pager
        self.page_size = pager._page_size
        self.limit = pager._limit
        self.window: _Window[T] = _Window(pager._fetch_page)
        self.next_index = 0  # the next page to start
        self.horizon: int | None = None  # pages below this index may start; None: any
        self.size = 1  # most fetches in flight
        self.eager = False  # refill the window before handing a page to the consumer

    def fill(self) -> None:
        while len(self.window) < self.size and (
            self.horizon is None or self.next_index < self.horizon
        ):
            skip = self.next_index * self.page_size
            top = self.page_size
            if self.limit is not None:
                if skip >= self.limit:
                    return
                top = min(top, self.limit - skip)
            self.window.start(skip, top)
            self.next_index += 1

    def plan(self, known: int | None) -> None:
        prefetch = self.pager._prefetch
        if known is None or known < 0:
            self.horizon = None
            self.size = prefetch or 1
            self.eager = prefetch is not None
        else:
            wanted = known if self.limit is None else min(known, self.limit)
            # Up to and including the page holding item number ``wanted``: when the count
            # is an exact multiple of the page size, the page after the last counted one
            # (empty unless items were added meanwhile) is asked for inside the window,
            # not one round trip after it. fill() stops at ``limit`` either way.
            self.horizon = wanted // self.page_size + 1
            self.size = prefetch or DEFAULT_PREFETCH
            self.eager = True

    async def count(self) -> int | None:
        total = self.pager._total
        if total is None or isinstance(total, int):
            return total
        # The first page is needed whatever the count says: fetch it while counting.
        self.horizon = 1
        self.fill()
        return await total()

    async def pages(self) -> AsyncGenerator[list[T], None]:
        if self.limit == 0:
            return
        try:
            known = await self.count()
            self.plan(known)
            received = 0
            head = 0  # index of the page being awaited
            guard = _RepeatGuard()  # full pages only: a short one ends paging anyway
            while True:
                self.fill()
                if not self.window:
                    return
                top, task = self.window.pop()
                items = await _items_of(await task)
                if len(items) > top:
                    _log.warning(
                        "page at $skip=%d had %d items for $top=%d; kept the first %d",
                        head * self.page_size,
                        len(items),
                        top,
                        top,
                    )
                    del items[top:]
                if len(items) == top and guard.repeated(items):
                    raise UnexpectedResponseError(
                        f"the page at $skip={head * self.page_size} repeats the items of the "
                        "pages before it: the server ignores $skip, so paging would never end"
                    )
                received += len(items)
                if len(items) < top:
                    if len(items) == SERVER_DEFAULT_TOP:
                        _log.debug(
                            "last page had %d items, YouTrack's default $top; "
                            "check that the request sends $top",
                            SERVER_DEFAULT_TOP,
                        )
                    if known is not None and received < known:
                        # Deleted meanwhile, or a server-side cap (YouTrack once capped
                        # /issues at 3500): either way the caller should hear of it.
                        _log.warning(
                            "paging ended after %d items, but the count said %d: items "
                            "were deleted meanwhile or the server capped the result",
                            received,
                            known,
                        )
                    self.window.cancel()
                    if items:
                        yield items
                    return
                if known is not None and 0 <= known <= received and head + 1 == self.horizon:
                    # A full last counted page: the data may have grown, go on until a short page.
                    self.horizon, self.size, self.eager = None, 1, False
                head += 1
                if self.eager:
                    self.fill()
                yield items
        finally:
            await self.window.close()


@attrs.frozen(kw_only=True)
class CursorPage(Generic[T]):
    """One page of a cursor-paged collection (YouTrack's ``ActivityCursorPage``).

    Resources map ``activities``, ``afterCursor``, ``beforeCursor``, ``hasAfter`` and
    ``hasBefore`` into it.
    """

    #: The page's items, in the order the server sent them.
    items: Sequence[T]
    #: Cursor of the page that follows (``afterCursor``).
    after_cursor: str | None = None
    #: Cursor of the page that precedes (``beforeCursor``).
    before_cursor: str | None = None
    #: Whether a page follows (``hasAfter``).
    has_after: bool = False
    #: Whether a page precedes (``hasBefore``).
    has_before: bool = False


Direction = Literal["forwards", "backwards"]


class CursorPager(_PagerBase[T]):
    """A collection paged with cursors (YouTrack's ``activitiesPage`` endpoints).

    ``fetch(cursor)`` fetches the page at ``cursor`` (None: the first page). Going
    ``"forwards"`` follows ``after_cursor`` while ``has_after``; ``"backwards"`` follows
    ``before_cursor`` while ``has_before``. Iteration stops at an empty page or when no
    page follows in that direction; each iteration starts again at ``cursor``.

    :attr:`cursor` is where to resume: it advances past a page only once every item of
    that page has been handed over and the consumer asked for more (or the iteration
    ended), so resuming from it (``CursorPager(fetch, cursor=pager.cursor)``) never
    skips an item; items of a page cut short by ``break`` or ``limit`` come again.
    It keeps its value when the last page carries no cursor. A page that claims a
    successor but gives no new cursor raises :class:`UnexpectedResponseError`.
    """

    __slots__ = ("_cursor", "_direction", "_fetch", "_limit", "_start")

    def __init__(
        self,
        fetch: Callable[[str | None], Awaitable[CursorPage[T]]],
        *,
        direction: Direction = "forwards",
        limit: int | None = None,
        cursor: str | None = None,
    ) -> None:
        if direction not in ("forwards", "backwards"):
            raise InvalidRequestError(
                f"direction must be 'forwards' or 'backwards', got {direction!r}"
            )
        if limit is not None:
            _check_count("limit", limit, 0)
        if cursor is not None and not isinstance(cursor, str):
            raise InvalidRequestError(f"cursor must be a string, got {type(cursor).__name__}")
        self._fetch = fetch
        self._direction: Direction = direction
        self._limit = limit
        self._start = cursor
        self._cursor = cursor

    @property
    def cursor(self) -> str | None:
        """The cursor to resume from: past the last page fully handed over."""
        return self._cursor

    @property
    def direction(self) -> Direction:
        """``"forwards"`` (after cursors) or ``"backwards"`` (before cursors)."""
        return self._direction

    @property
    def limit(self) -> int | None:
        """Most items this pager yields; None for all of them."""
        return self._limit

    def __repr__(self) -> str:
        return (
            f"CursorPager(fetch={_name_of(self._fetch)}, direction={self._direction!r}, "
            f"limit={self._limit!r}, cursor={self._cursor!r})"
        )

    def _next(self, page: CursorPage[T]) -> tuple[str | None, bool]:
        if self._direction == "forwards":
            return page.after_cursor, page.has_after
        return page.before_cursor, page.has_before

    async def first(self) -> T | None:
        """Return the first item of the page at the starting cursor, or None."""
        if self._limit == 0:
            return None
        page = await self._fetch(self._start)
        return page.items[0] if page.items else None

    async def pages(self) -> AsyncGenerator[list[T], None]:
        """Iterate page by page from the starting cursor; each page a non-empty list."""
        remaining = self._limit
        if remaining == 0:
            return
        cursor = self._start
        self._cursor = cursor
        guard = _RepeatGuard()
        while True:
            page = await self._fetch(cursor)
            items = list(page.items)
            following, more = self._next(page)
            if more and guard.repeated(items):
                raise UnexpectedResponseError(
                    "a cursor page repeats the items of the pages before it while saying "
                    "more follow: following its cursors would never end"
                )
            if not items:
                # Nothing handed over, so moving past this page loses nothing.
                if following is not None:
                    self._cursor = following
                return
            if remaining is not None and len(items) >= remaining:
                whole = len(items) == remaining
                yield items[:remaining]
                if whole and following is not None:
                    self._cursor = following
                return
            yield items
            if following is not None:
                self._cursor = following
            if not more:
                return
            if following is None or following == cursor:
                side = "after" if self._direction == "forwards" else "before"
                raise UnexpectedResponseError(
                    f"cursor page says more items follow ({side}) but gives no new cursor "
                    f"(got {following!r})"
                )
            cursor = following
            if remaining is not None:
                remaining -= len(items)
