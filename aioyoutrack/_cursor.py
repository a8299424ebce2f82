"""Paging with cursors (YouTrack's ``activitiesPage`` endpoints): :class:`CursorPager`.

I/O-free like :class:`~aioyoutrack.Pager`: a resource hands it an async callable that
fetches the page at a cursor, and it follows the cursors in one direction.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from typing import Generic, Literal, TypeVar, get_args

import attrs

from ._pager_base import PagerBase, RepeatGuard, check_count, name_of
from ._values import shown
from .errors import InvalidRequestError, UnexpectedResponseError

__all__ = ["CursorDirection", "CursorPage", "CursorPager"]

T = TypeVar("T")


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


#: Which way a cursor pager walks the feed: ``"forwards"`` (oldest first) or
#: ``"backwards"`` (newest first).
CursorDirection = Literal["forwards", "backwards"]
#: The directions, as values (one list: the ``Literal``'s).
CURSOR_DIRECTIONS: tuple[str, ...] = get_args(CursorDirection)


class CursorPager(PagerBase[T]):
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
        direction: CursorDirection = "forwards",
        limit: int | None = None,
        cursor: str | None = None,
    ) -> None:
        if direction not in CURSOR_DIRECTIONS:
            raise InvalidRequestError(
                f"direction must be 'forwards' or 'backwards', got {shown(direction)}"
            )
        if limit is not None:
            check_count("limit", limit, 0)
        if cursor is not None and not isinstance(cursor, str):
            raise InvalidRequestError(f"cursor must be a string, got {type(cursor).__name__}")
        self._fetch = fetch
        self._direction: CursorDirection = direction
        self._limit = limit
        self._start = cursor
        self._cursor = cursor

    @property
    def cursor(self) -> str | None:
        """The cursor to resume from: past the last page fully handed over."""
        return self._cursor

    @property
    def direction(self) -> CursorDirection:
        """``"forwards"`` (after cursors) or ``"backwards"`` (before cursors)."""
        return self._direction

    @property
    def limit(self) -> int | None:
        """Most items this pager yields; None for all of them."""
        return self._limit

    def __repr__(self) -> str:
        return (
            f"CursorPager(fetch={name_of(self._fetch)}, direction={self._direction!r}, "
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

    async def _pages(self) -> AsyncGenerator[list[T], None]:
        """Page by page from the starting cursor; each page a non-empty list."""
        remaining = self._limit
        if remaining == 0:
            return
        cursor = self._start
        self._cursor = cursor
        guard = RepeatGuard()
        while True:
            page = await self._fetch(cursor)
            items = list(page.items)
            following, more = self._next(page)
            if more and guard.repeated(items):
                del page, items, following, cursor  # the server's: out of tracebacks' locals
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
                # The cursor is the server's, shown by what it is, not by its text (an
                # echo of the token would be shown), and kept out of this frame's locals.
                got = "none" if following is None else "the same cursor again"
                del page, items, following, cursor
                raise UnexpectedResponseError(
                    f"cursor page says more items follow ({side}) but gives no new cursor "
                    f"(got {got})"
                )
            cursor = following
            if remaining is not None:
                remaining -= len(items)
