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
from collections.abc import AsyncGenerator, Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

import attrs

from ._constants import DEFAULT_PAGE_SIZE, DEFAULT_PREFETCH, SERVER_DEFAULT_TOP
from ._cursor import CursorDirection, CursorPage, CursorPager
from ._logger import logger as _log
from ._pager_base import ItemIterator, PagerBase, RepeatGuard, check_count, name_of
from ._urls import check_params
from ._values import shown
from .errors import InvalidRequestError, UnexpectedResponseError

if TYPE_CHECKING:
    from ._urls import ParamValue

__all__ = [
    "CursorDirection",
    "CursorPage",
    "CursorPager",
    "Exchange",
    "ItemIterator",
    "Pager",
    "Total",
    "Unbuilt",
    "UnbuiltPage",
    "list_pager",
]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Unbuilt(Protocol[T_co]):
    """The second phase of an exchange: a response read as bytes, made into objects by
    :meth:`build` (``_requests.PendingResponse``, :class:`UnbuiltPage`)."""

    def build(self) -> Awaitable[T_co]:
        """Parse and structure the response."""
        ...


class Exchange(Protocol):
    """The first phase: send a request and read its body, leaving the objects to the
    :class:`Unbuilt` returned (``YouTrack._exchange``)."""

    def __call__(
        self, method: str, path: str, *, params: Mapping[str, ParamValue] | None = ..., model: Any
    ) -> Awaitable[Unbuilt[Any]]:
        """Send ``method path`` with ``params``; the result is built into ``model``."""
        ...


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
#: (or an :class:`Unbuilt` of them, such as an :class:`UnbuiltPage`).
FetchPage = Callable[[int, int], Awaitable[Sequence[T] | Unbuilt[Sequence[T]]]]


async def _items_of(page: Sequence[T] | Unbuilt[Sequence[T]]) -> list[T]:
    if isinstance(page, Sequence):
        return list(page)
    return list(await page.build())


#: How a Pager learns the number of items: a number, or an async call such as the count.
Total = int | Callable[[], Awaitable[int]]


def _retrieve(task: asyncio.Task[Any]) -> None:
    # Marks a failure as retrieved even when the pager stops before reaching that page
    # (a short page came first), so asyncio never logs "exception was never retrieved".
    if not task.cancelled():
        task.exception()


class _Window(Generic[T]):
    """Page fetches in flight, oldest first, each with the ``top`` it asked for."""

    __slots__ = ("_fetch", "_tasks")

    def __init__(self, fetch: FetchPage[T]) -> None:
        self._fetch = fetch
        self._tasks: deque[tuple[int, asyncio.Task[Sequence[T] | Unbuilt[Sequence[T]]]]] = deque()

    def __len__(self) -> int:
        return len(self._tasks)

    def start(self, skip: int, top: int) -> None:
        # The name first: were it to fail, no coroutine would be left never awaited.
        name = f"aioyoutrack page {skip}+{top}"
        task = asyncio.create_task(self._call(skip, top), name=name)
        task.add_done_callback(_retrieve)
        self._tasks.append((top, task))

    async def _call(self, skip: int, top: int) -> Sequence[T] | Unbuilt[Sequence[T]]:
        return await self._fetch(skip, top)

    def pop(self) -> tuple[int, asyncio.Task[Sequence[T] | Unbuilt[Sequence[T]]]]:
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


class Pager(PagerBase[T]):
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
    it, or more than half of its ids from the last 4 pages; all of them, for a page of
    fewer than 4) means the server ignores ``$skip`` (it would send those items forever): iteration
    ends there with :class:`~aioyoutrack.UnexpectedResponseError`, after the items of
    the pages before it. Items of a model with an ``id`` that came without one are
    compared whole with the last 4 such pages instead; items of a model without ``id``
    are not compared (identical pages of them can be real).

    One iterator (``aiter(pager)``) may be shared by several tasks: each item goes to
    one of them. An error from a page fetch reaches every task that asks for an item
    after it; a task cancelled while it fetches a page stops the iterator, and the
    others then get :class:`~aioyoutrack.ClientClosedError` (never a silent end).
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
        check_count("page_size", page_size, 1)
        if limit is not None:
            check_count("limit", limit, 0)
        if prefetch is not None:
            check_count("prefetch", prefetch, 1)
        if total is not None and not callable(total):
            check_count("total", total, -1)
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
        described = name_of(total) if callable(total) else repr(total)
        return (
            f"Pager(fetch_page={name_of(self._fetch_page)}, page_size={self._page_size}, "
            f"limit={self._limit!r}, prefetch={self._prefetch!r}, total={described})"
        )

    async def first(self) -> T | None:
        """Return the first item (one request with ``top=1``), or None when empty."""
        if self._limit == 0:
            return None
        items = await _items_of(await self._fetch_page(0, 1))
        return items[0] if items else None

    def _pages(self) -> AsyncGenerator[list[T], None]:
        """Page by page, in order; each page is a non-empty list."""
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
            guard = RepeatGuard()  # full pages only: a short one ends paging anyway
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
                    del items, task  # the server's data: out of tracebacks' locals
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


class _Then(Generic[T]):
    """A page's second phase followed by a step of the resource's own on its items."""

    __slots__ = ("_page", "_step")

    def __init__(
        self, page: Unbuilt[Sequence[T]], step: Callable[[list[T]], Awaitable[None]]
    ) -> None:
        self._page = page
        self._step = step

    async def build(self) -> list[T]:
        items = list(await self._page.build())
        await self._step(items)
        return items


def list_pager(
    exchange: Exchange,
    path: str | Callable[[], Awaitable[str]],
    model: type[T],
    *,
    params: Mapping[str, ParamValue] | None = None,
    page_size: int = DEFAULT_PAGE_SIZE,
    limit: int | None = None,
    prefetch: int | None = None,
    total: Total | None = None,
    then: Callable[[list[T]], Awaitable[None]] | None = None,
    late_params: Callable[[], Awaitable[Mapping[str, ParamValue]]] | None = None,
) -> Pager[T]:
    """A :class:`Pager` over ``GET path`` with ``$skip``/``$top``, structured into ``model``.

    ``exchange`` is the client's (``yt._exchange``); the ``fields`` projection comes from
    ``model``; ``params`` are sent with every page. ``path`` may be an async function
    giving it, called once, when the first page is fetched (a path that needs a name
    looked up, while the Pager is returned at once). ``late_params``, likewise called
    once with the first page, adds parameters known only after a lookup (a saved
    query's text). ``then`` runs on each page's items once built (the issues resource
    types date fields there).
    """
    if not (isinstance(model, type) and attrs.has(model)):
        raise InvalidRequestError(
            f"model must be an attrs class (the fields= projection is derived from it), "
            f"got {shown(model)}"
        )
    check_params(params)
    base = dict(params or {})
    many: Any = list[model]  # type: ignore[valid-type]
    resolved: list[str] = []

    async def fetch_page(skip: int, top: int) -> Unbuilt[Sequence[T]]:
        if not resolved:
            if late_params is not None:
                base.update(await late_params())
            resolved.append(path if isinstance(path, str) else await path())
        page_params = {**base, "$skip": skip, "$top": top}
        # Bytes now, objects when the consumer reaches the page (see UnbuiltPage).
        page = await exchange("GET", resolved[0], params=page_params, model=many)
        return page if then is None else _Then(page, then)

    fetch_page.__qualname__ = f"GET {path if isinstance(path, str) else path.__qualname__}"
    return Pager(fetch_page, page_size=page_size, limit=limit, prefetch=prefetch, total=total)
