"""CursorPager: forwards and backwards over activitiesPage-style cursors, resuming, limit."""

from __future__ import annotations

import traceback
from typing import Any

import pytest

from aioyoutrack import InvalidRequestError, UnexpectedResponseError
from aioyoutrack._pagination import CursorPage, CursorPager


async def drain(pager: CursorPager[int], into: list[int]) -> None:
    async for item in pager:
        into.append(item)


async def test_forwards_reads_every_page_in_order(fakes: Any) -> None:
    log = fakes.ActivityLog(10)
    pager = CursorPager(log.fetch)
    assert await pager == list(range(10))
    assert log.cursors == [None, "a4", "a8"]
    assert pager.cursor == "a10"


async def test_backwards_follows_before_cursors(fakes: Any) -> None:
    log = fakes.ActivityLog(10)
    pager = CursorPager(log.fetch, direction="backwards", cursor="b10")
    pages = [page async for page in pager.pages()]
    assert pages == [[6, 7, 8, 9], [2, 3, 4, 5], [0, 1]]
    assert log.cursors == ["b10", "b6", "b2"]
    assert pager.cursor == "b0"


async def test_async_for_yields_items(fakes: Any) -> None:
    log = fakes.ActivityLog(7, page=3)
    assert [item async for item in CursorPager(log.fetch)] == list(range(7))


async def test_resume_from_cursor_gets_only_new_items(fakes: Any) -> None:
    log = fakes.ActivityLog(6)
    pager = CursorPager(log.fetch)
    assert await pager == list(range(6))
    saved = pager.cursor
    assert saved == "a6"
    log.items.extend([6, 7, 8])  # new activities since
    assert await CursorPager(log.fetch, cursor=saved) == [6, 7, 8]


async def test_break_mid_page_leaves_cursor_before_that_page(fakes: Any) -> None:
    log = fakes.ActivityLog(12)
    pager = CursorPager(log.fetch)
    seen = []
    async for item in pager:
        seen.append(item)
        if item == 5:
            break
    # Items 6 and 7 of page [4..7] were never handed over: resuming must bring them.
    assert pager.cursor == "a4"
    resumed = await CursorPager(log.fetch, cursor=pager.cursor)
    assert resumed == list(range(4, 12))
    assert set(seen) | set(resumed) == set(range(12))


async def test_cursor_advances_once_the_consumer_asks_for_more(fakes: Any) -> None:
    log = fakes.ActivityLog(12)
    pager = CursorPager(log.fetch)
    items = aiter(pager)
    for expected in range(4):
        assert await anext(items) == expected
    before = pager.cursor  # page [0..3] handed over, but not yet past it
    assert await anext(items) == 4
    assert (before, pager.cursor) == (None, "a4")
    await items.aclose()


async def test_limit_stops_and_keeps_cut_page_for_resume(fakes: Any) -> None:
    log = fakes.ActivityLog(20)
    pager = CursorPager(log.fetch, limit=6)
    assert await pager == list(range(6))
    assert log.cursors == [None, "a4"]
    assert pager.cursor == "a4"  # page [4..7] was cut at 5


async def test_limit_on_a_page_boundary_advances_the_cursor(fakes: Any) -> None:
    log = fakes.ActivityLog(20)
    pager = CursorPager(log.fetch, limit=8)
    assert await pager == list(range(8))
    assert log.cursors == [None, "a4"]
    assert pager.cursor == "a8"


async def test_limit_zero_fetches_nothing(fakes: Any) -> None:
    log = fakes.ActivityLog(5)
    pager = CursorPager(log.fetch, limit=0)
    assert await pager == []
    assert await pager.first() is None
    assert log.cursors == []


async def test_empty_page_stops_and_keeps_its_cursor(fakes: Any) -> None:
    log = fakes.ActivityLog(0)
    pager = CursorPager(log.fetch, cursor="a0")
    assert await pager == []
    assert log.cursors == ["a0"]
    assert pager.cursor == "a0"


async def test_empty_page_stops_even_if_it_claims_more() -> None:
    calls = []

    async def fetch(cursor: str | None) -> CursorPage[int]:
        calls.append(cursor)
        return CursorPage(items=[], after_cursor="x", has_after=True)

    pager = CursorPager(fetch)
    assert await pager == []
    assert calls == [None]
    assert pager.cursor == "x"


async def test_has_after_false_stops_even_with_a_cursor() -> None:
    calls = []

    async def fetch(cursor: str | None) -> CursorPage[int]:
        calls.append(cursor)
        return CursorPage(items=[1, 2], after_cursor="next", has_after=False, has_before=True)

    pager = CursorPager(fetch)
    assert await pager == [1, 2]
    assert calls == [None]
    assert pager.cursor == "next"


async def test_last_page_without_cursor_keeps_the_previous_one() -> None:
    pages = {
        None: CursorPage(items=[1], after_cursor="c1", has_after=True),
        "c1": CursorPage(items=[2], after_cursor=None, has_after=False),
    }

    async def fetch(cursor: str | None) -> CursorPage[int]:
        return pages[cursor]

    pager = CursorPager(fetch)
    assert await pager == [1, 2]
    assert pager.cursor == "c1"


async def test_first_fetches_one_page_and_keeps_the_cursor(fakes: Any) -> None:
    log = fakes.ActivityLog(10)
    pager = CursorPager(log.fetch, cursor="a4")
    assert await pager.first() == 4
    assert log.cursors == ["a4"]
    assert pager.cursor == "a4"
    assert await CursorPager(fakes.ActivityLog(0).fetch).first() is None


async def test_each_iteration_starts_again_at_the_starting_cursor(fakes: Any) -> None:
    log = fakes.ActivityLog(6)
    pager = CursorPager(log.fetch, cursor="a2")
    assert await pager == [2, 3, 4, 5]
    assert await pager == [2, 3, 4, 5]
    assert log.cursors == ["a2", "a2"]
    assert pager.cursor == "a6"


@pytest.mark.parametrize("cursor", [None, "same"])
async def test_more_pages_without_a_new_cursor_is_an_error(cursor: str | None) -> None:
    calls: list[str | None] = []

    async def fetch(sent: str | None) -> CursorPage[int]:
        calls.append(sent)
        assert len(calls) <= 2, "the pager kept following a cursor that did not advance"
        after = "same" if cursor == "same" else None
        return CursorPage(items=[1], after_cursor=after, has_after=True)

    got: list[int] = []
    with pytest.raises(UnexpectedResponseError, match="no new cursor"):
        await drain(CursorPager(fetch, cursor=cursor), got)
    assert got == [1]


#: A module constant: the test's own frame is in the traceback it renders.
SERVERS_CURSOR = "cursor-from-the-server-0123"


@pytest.mark.parametrize("repeat", ["cursor", "items"])
async def test_a_refused_cursor_is_not_shown_nor_kept_in_the_raising_frame(repeat: str) -> None:
    """A cursor is the server's: it may echo what it should not (the token), so the
    errors say what is wrong with it without its text, and the frame that raises keeps
    neither it nor the page in its locals (tracebacks may render them). The pager
    itself shows where to resume (``cursor``): the activities resource refuses a
    cursor that holds the token before it gets there."""
    pages = 0

    async def fetch(sent: str | None) -> CursorPage[dict[str, str]]:
        nonlocal pages
        pages += 1
        assert pages <= 3, "the pager kept following"
        after = SERVERS_CURSOR if repeat == "cursor" else f"{SERVERS_CURSOR}{pages}"
        items = [{"id": SERVERS_CURSOR}]  # the same item again: a page that repeats
        return CursorPage(items=items, after_cursor=after, has_after=True)

    with pytest.raises(UnexpectedResponseError) as info:
        await CursorPager(fetch)
    assert SERVERS_CURSOR not in str(info.value)
    raising = traceback.TracebackException.from_exception(info.value, capture_locals=True)
    locals_ = raising.stack[-1].locals or {}
    assert raising.stack[-1].name == "_pages"
    assert {name for name, shown in locals_.items() if SERVERS_CURSOR in shown} <= {"self"}


async def test_backwards_ignores_after_flags() -> None:
    async def fetch(cursor: str | None) -> CursorPage[int]:
        return CursorPage(items=[1], after_cursor="a", has_after=True, has_before=False)

    assert await CursorPager(fetch, direction="backwards") == [1]


def test_repr_and_properties() -> None:
    async def activities_page(cursor: str | None) -> CursorPage[int]:
        return CursorPage(items=[])

    pager = CursorPager(activities_page, direction="backwards", limit=3, cursor="c9")
    text = repr(pager)
    assert "activities_page" in text
    assert "'backwards'" in text
    assert "limit=3" in text
    assert "'c9'" in text
    assert (pager.direction, pager.limit, pager.cursor) == ("backwards", 3, "c9")


@pytest.mark.parametrize(
    "kwargs",
    [{"direction": "up"}, {"limit": -1}, {"limit": True}, {"cursor": 5}],
)
def test_bad_arguments_are_refused(kwargs: dict[str, Any]) -> None:
    async def fetch(cursor: str | None) -> CursorPage[int]:
        return CursorPage(items=[])

    with pytest.raises(InvalidRequestError):
        CursorPager(fetch, **kwargs)


def test_cursor_page_defaults() -> None:
    page: CursorPage[str] = CursorPage(items=["x"])
    assert (page.after_cursor, page.before_cursor, page.has_after, page.has_before) == (
        None,
        None,
        False,
        False,
    )
