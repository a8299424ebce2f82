"""Paging against servers that ignore ``$skip``, and one iterator shared by tasks.

A server that ignores ``$skip`` answers every page with the first one: ``async for``
over a Pager used to run forever (351 400 items of 100 distinct in 5 s). A full page
with the very ids of the page before it ends the iteration with
UnexpectedResponseError, after the items of the pages before it.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

import attrs
import pytest
from aiohttp import web

from aioyoutrack import (
    BadRequestError,
    ClientClosedError,
    RetryPolicy,
    UnexpectedResponseError,
    YouTrack,
)
from aioyoutrack._pagination import Pager

#: Guard against a hang when a behaviour under test is broken; never reached otherwise.
GUARD = 10.0
TOKEN = "perm:cGFnZXM=.c2tpcA==.PagingToken"


async def _drain(pager: Any, into: list[Any]) -> None:
    async for item in pager:
        into.append(item)


class IgnoresSkip:
    """Serves the first ``top`` of ``n`` items with ids, whatever ``skip`` says."""

    def __init__(self, n: int) -> None:
        self.items = [{"id": f"0-{i}", "name": f"item {i}"} for i in range(n)]
        self.calls: list[tuple[int, int]] = []

    async def fetch(self, skip: int, top: int) -> Sequence[dict[str, Any]]:
        self.calls.append((skip, top))
        await asyncio.sleep(0)  # a real fetch yields: the guard below can then fire
        return self.items[:top]


async def test_a_pager_over_a_server_ignoring_skip_ends_with_a_typed_error() -> None:
    source = IgnoresSkip(1000)
    got: list[dict[str, Any]] = []
    with pytest.raises(UnexpectedResponseError, match=r"ignores \$skip"):
        await asyncio.wait_for(_drain(Pager(source.fetch, page_size=10), got), GUARD)
    assert got == source.items[:10]  # the first page, once
    assert source.calls[:2] == [(0, 10), (10, 10)]
    assert len(source.calls) <= 3


@pytest.mark.parametrize("prefetch", [None, 4])
async def test_with_a_known_total_the_window_is_cancelled_on_the_repeat(
    prefetch: int | None,
) -> None:
    source = IgnoresSkip(1000)
    pager = Pager(source.fetch, page_size=10, total=351_400, prefetch=prefetch)
    with pytest.raises(UnexpectedResponseError):
        await asyncio.wait_for(pager._collect(), GUARD)
    assert len(source.calls) < 40


async def test_pages_that_only_overlap_are_not_a_repeat() -> None:
    # Items added at the front while paging shift the next page by a few: some ids
    # come again, which is data changing, not a server ignoring $skip.
    pages = {
        0: [{"id": i} for i in range(10)],
        10: [{"id": i} for i in range(7, 17)],
        20: [{"id": i} for i in range(17, 20)],
    }

    async def fetch(skip: int, top: int) -> Sequence[dict[str, Any]]:
        return pages[skip]

    got = await Pager(fetch, page_size=10)
    assert len(got) == 23


async def test_items_without_ids_are_not_judged() -> None:
    calls = 0

    async def fetch(skip: int, top: int) -> Sequence[int]:
        nonlocal calls
        calls += 1
        return list(range(top)) if calls < 5 else []

    assert len(await Pager(fetch, page_size=10)) == 40


@contextlib.asynccontextmanager
async def _loopback(routes: list[web.RouteDef]) -> AsyncIterator[str]:
    """A loopback server of ``routes``; yields its URL."""
    app = web.Application()
    app.add_routes(routes)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}/"
    finally:
        await runner.cleanup()


@pytest.fixture
async def skip_ignoring_server() -> AsyncIterator[tuple[str, list[str]]]:
    """A loopback YouTrack whose collections ignore $skip (and count 351 400 issues)."""
    seen: list[str] = []

    async def collection(request: web.Request) -> web.Response:
        seen.append(request.path_qs)
        top = int(request.query.get("$top", "42"))
        kind = "Issue" if request.path.endswith("issues") else "Project"
        items = [{"$type": kind, "id": f"2-{i}", "idReadable": f"SP-{i}"} for i in range(top)]
        return web.json_response(items)

    async def count(request: web.Request) -> web.Response:
        seen.append(request.path_qs)
        return web.json_response({"$type": "IssueCountResponse", "count": 351_400})

    routes = [
        web.get("/api/admin/projects", collection),
        web.get("/api/issues", collection),
        web.post("/api/issuesGetter/count", count),
    ]
    async with _loopback(routes) as url:
        yield url, seen


async def test_the_client_stops_paging_a_server_that_ignores_skip(
    skip_ignoring_server: tuple[str, list[str]],
) -> None:
    url, seen = skip_ignoring_server
    async with YouTrack(url, TOKEN, retry=RetryPolicy(max_retries=0)) as yt:
        streamed: list[Any] = []
        with pytest.raises(UnexpectedResponseError):
            await asyncio.wait_for(_drain(yt.projects.list(page_size=20), streamed), GUARD)
        assert len(streamed) == 20
        with pytest.raises(UnexpectedResponseError):
            await asyncio.wait_for(yt.issues.search("project: SP", page_size=50), GUARD)
    assert len(seen) < 60


async def test_one_iterator_shared_by_tasks_hands_each_item_to_one_of_them() -> None:
    release = asyncio.Event()

    async def fetch(skip: int, top: int) -> Sequence[int]:
        await release.wait()  # both tasks reach the page fetch before it answers
        return list(range(skip, min(skip + top, 95)))

    items = aiter(Pager(fetch, page_size=10))

    async def pull() -> list[int]:
        return [item async for item in items]

    first, second = asyncio.create_task(pull()), asyncio.create_task(pull())
    for _ in range(3):
        await asyncio.sleep(0)  # let both tasks block on the first page
    release.set()
    a, b = await asyncio.wait_for(asyncio.gather(first, second), GUARD)
    assert sorted(a + b) == list(range(95))


async def test_a_shared_iterator_never_ends_silently_for_the_others() -> None:
    """Review: one sharer cancelled while it fetched a page, or a page fetch failing,
    ended the iteration for the other tasks as if every item had come."""
    fetching = asyncio.Event()
    release = asyncio.Event()

    async def fetch(skip: int, top: int) -> Sequence[int]:
        if skip:
            fetching.set()
            await release.wait()
        return list(range(skip, skip + top))

    items = aiter(Pager(fetch, page_size=2))
    assert [await anext(items), await anext(items)] == [0, 1]
    waiting = asyncio.create_task(anext(items))  # fetches page 2
    await asyncio.wait_for(fetching.wait(), GUARD)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    for _ in range(2):  # every later call, from any task, is told
        with pytest.raises(ClientClosedError, match="cancelled while it fetched a page"):
            await asyncio.wait_for(anext(items), GUARD)

    async def failing(skip: int, top: int) -> Sequence[int]:
        if skip:
            raise BadRequestError("no more", status=400)
        return [0, 1]

    shared = aiter(Pager(failing, page_size=2))
    assert [await anext(shared), await anext(shared)] == [0, 1]
    for _ in range(2):
        with pytest.raises(BadRequestError, match="no more"):
            await anext(shared)


class Rotates:
    """Ignores ``skip`` in subtler ways: two nodes answering alternately, or the same
    page with one new item each time (``drift``)."""

    def __init__(self, *, drift: bool) -> None:
        self.drift = drift
        self.calls = 0

    async def fetch(self, skip: int, top: int) -> Sequence[dict[str, Any]]:
        self.calls += 1
        await asyncio.sleep(0)
        # Drifting: the same items shifted by one new id per call; else node A's first
        # page, node B's, A's, ...
        start = self.calls if self.drift else (self.calls % 2) * top
        return [{"id": f"1-{i}"} for i in range(start, start + top)]


@pytest.mark.parametrize("drift", [False, True], ids=["alternating", "drifting"])
async def test_pages_mostly_repeating_recent_ones_end_with_a_typed_error(drift: bool) -> None:
    source = Rotates(drift=drift)
    got: list[dict[str, Any]] = []
    with pytest.raises(UnexpectedResponseError, match="repeats the items"):
        await asyncio.wait_for(_drain(Pager(source.fetch, page_size=10), got), GUARD)
    assert source.calls <= 6


@attrs.define
class Item:
    """An item whose projection asks for its id (the server may leave it out)."""

    id: str | None = None
    n: str | None = None


async def _pages_until_refused(tag_of_page: Callable[[int], str], *, with_ids: bool) -> int:
    """Page a server whose page number ``n`` (from 1, read off ``$skip``) holds the
    items tagged ``tag_of_page(n)``, until the pager refuses it; the pages fetched."""
    calls = 0

    async def fetch(skip: int, top: int) -> Sequence[Item]:
        nonlocal calls
        calls += 1
        tag = tag_of_page(skip // top + 1)
        return [Item(id=f"{tag}-{j}" if with_ids else None, n=f"{tag}-{j}") for j in range(top)]

    with pytest.raises(UnexpectedResponseError, match="repeats the items"):
        await asyncio.wait_for(Pager(fetch, page_size=10), GUARD)
    return calls


@pytest.mark.parametrize("cycle", [5, 7, 13])
@pytest.mark.parametrize("with_ids", [True, False], ids=["ids", "ids-dropped"])
async def test_a_rotation_through_many_pages_ends_with_a_typed_error(
    cycle: int, with_ids: bool
) -> None:
    # Node after node of a cluster, each ignoring $skip: `cycle` distinct full pages in
    # turn, more than the guard's window of recent pages holds.
    calls = await _pages_until_refused(lambda n: f"c{n % cycle}", with_ids=with_ids)
    # The checkpoint: once its gap reaches the cycle (by page 4 cycles + 1 at the
    # latest), the rotation brings its page back within one more cycle.
    assert calls <= 5 * cycle + 1


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("with_ids", [True, False], ids=["ids", "ids-dropped"])
async def test_a_rotation_steering_clear_of_the_checkpoints_ends_with_a_typed_error(
    seed: int, with_ids: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Review: with checkpoints on pages 1, 2, 4, 8, ... a server sending fresh items on
    # exactly those pages (it reads $skip) and a rotation of 5 pages otherwise was paged
    # forever. Where the checkpoints fall is now drawn at random.
    import aioyoutrack._pager_base as pager_base

    monkeypatch.setattr(pager_base, "_random", random.Random(seed))

    def steering(n: int) -> str:
        return f"fresh{n}" if n & (n - 1) == 0 else f"c{n % 5}"

    assert await _pages_until_refused(steering, with_ids=with_ids) <= 200


async def test_cursor_pages_rotating_through_many_pages_end_with_a_typed_error() -> None:
    from aioyoutrack._pagination import CursorPage, CursorPager

    calls = 0

    async def fetch(cursor: str | None) -> CursorPage[dict[str, Any]]:
        nonlocal calls
        calls += 1
        first = (calls % 9) * 5
        items = [{"id": f"5-{i}"} for i in range(first, first + 5)]
        return CursorPage(items=items, after_cursor=f"C{calls}", has_after=True)

    with pytest.raises(UnexpectedResponseError, match="repeats the items"):
        await asyncio.wait_for(CursorPager(fetch), GUARD)
    assert calls <= 5 * 9 + 1


async def test_a_long_honest_collection_is_read_whole() -> None:
    # 1 000 pages of distinct ids, one inserted item shifting the window now and then:
    # the checkpoint never takes it for a rotation.
    items = [{"id": f"6-{i}"} for i in range(10_000)]
    collection = list(items)
    calls = 0

    async def fetch(skip: int, top: int) -> Sequence[dict[str, Any]]:
        nonlocal calls
        calls += 1
        if calls % 7 == 0:
            collection.insert(0, {"id": f"7-{calls}"})
        return collection[skip : skip + top]

    got = await Pager(fetch, page_size=10)
    assert {i["id"] for i in items} <= {i["id"] for i in got}
    assert calls > 1_000


async def test_a_few_repeated_ids_from_inserts_are_normal() -> None:
    # An item inserted at the front while paging shifts the window: the next page starts
    # with the last item of the page before. That is not a hostile server.
    items = [{"id": f"2-{i}"} for i in range(35)]

    async def fetch(skip: int, top: int) -> Sequence[dict[str, Any]]:
        start = skip - 1 if skip else 0
        return items[start : start + top]

    got = await Pager(fetch, page_size=10)
    assert {i["id"] for i in got} == {i["id"] for i in items}  # every page read
    assert len(got) > len(items)  # with the repeats


async def test_cursor_pages_repeating_their_items_end_with_a_typed_error() -> None:
    from aioyoutrack._pagination import CursorPage, CursorPager

    calls = 0

    async def fetch(cursor: str | None) -> CursorPage[dict[str, Any]]:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0)
        same = [{"id": f"3-{i}"} for i in range(5)]  # a fresh cursor, the same items
        return CursorPage(items=same, after_cursor=f"C{calls}", has_after=True)

    got: list[dict[str, Any]] = []
    with pytest.raises(UnexpectedResponseError, match="repeats the items"):
        await asyncio.wait_for(_drain(CursorPager(fetch), got), GUARD)
    assert calls == 2


@pytest.fixture
async def idless_alternating_server() -> AsyncIterator[tuple[str, list[str]]]:
    """A loopback YouTrack that ignores $skip, alternates two full pages and leaves out
    the ids it is asked for."""
    seen: list[str] = []

    async def collection(request: web.Request) -> web.Response:
        seen.append(request.path_qs)
        top = int(request.query.get("$top", "42"))
        first = (len(seen) % 2) * top
        kind = "Agile" if request.path.endswith("agiles") else "Project"
        return web.json_response(
            [
                {"$type": kind, "name": f"N{i}", "shortName": f"P{i}"}
                for i in range(first, first + top)
            ]
        )

    routes = [web.get("/api/admin/projects", collection), web.get("/api/agiles", collection)]
    async with _loopback(routes) as url:
        yield url, seen


async def test_pages_without_the_ids_asked_for_that_repeat_end_with_a_typed_error(
    idless_alternating_server: tuple[str, list[str]],
) -> None:
    url, seen = idless_alternating_server
    async with YouTrack(url, TOKEN, retry=RetryPolicy(max_retries=0)) as yt:
        with pytest.raises(UnexpectedResponseError, match="repeats the items"):
            await asyncio.wait_for(yt.projects.list(page_size=20), GUARD)
        assert len(seen) <= 4
        # Looking a name up reads every page of id,name: the same guard ends it.
        seen.clear()
        with pytest.raises(UnexpectedResponseError, match=r"ignores \$skip"):
            await asyncio.wait_for(yt.agiles.get("Board"), GUARD)
        assert len(seen) <= 4


async def test_identical_pages_of_models_without_an_id_are_not_judged() -> None:
    @attrs.define
    class Flag:
        resolved: bool | None = None

    @attrs.define
    class WithId:
        id: str | None = None
        resolved: bool | None = None

    async def fetch(skip: int, top: int) -> Sequence[Any]:
        # 40 items whose projection has no id: every full page alike, and real.
        return [Flag(resolved=True)] * min(top, max(40 - skip, 0))

    assert len(await Pager(fetch, page_size=10)) == 40

    async def fetch_idless(skip: int, top: int) -> Sequence[Any]:
        return [WithId(resolved=True)] * top  # asked for ids, sent none, ignores $skip

    with pytest.raises(UnexpectedResponseError, match="repeats the items"):
        await asyncio.wait_for(Pager(fetch_idless, page_size=10), GUARD)


def test_a_hostile_unhashable_id_counts_as_no_id() -> None:
    from aioyoutrack._pager_base import RepeatGuard

    page = [{"id": {"not": "a string"}}] * 5
    plain = RepeatGuard()  # it raised TypeError: such ids were put in a frozenset
    assert not plain.repeated(page)
    assert not plain.repeated(page)  # dicts never asked for ids are not judged
    asked = RepeatGuard(expect_ids=True)
    assert not asked.repeated(page)
    assert asked.repeated(page)
