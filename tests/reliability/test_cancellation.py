"""Cancelling calls in flight leaves nothing behind: no slot, no connection, no warning.

Calls are cancelled in every state a call can be in: waiting for a concurrency slot,
waiting for the response (a held request), sleeping in a retry backoff (a 503 with a
long ``Retry-After``) and reading a body that arrives slowly.
"""

from __future__ import annotations

import asyncio
import gc
import time
import warnings
from collections.abc import Callable
from typing import Any

import aiohttp
from aiohttp import web

from aioyoutrack import Issue, Me, RetryPolicy, YouTrack, YouTrackError
from aioyoutrack.testing import FakeYouTrack

ClientFactory = Callable[..., YouTrack]
LIMIT = 32
#: Far longer than any test may take: a call sleeping this long was never woken.
LONG_RETRY_AFTER = 600
#: Bound on "the next call succeeds at once": many times what it takes, far below the
#: backoff the cancelled calls were sleeping in.
AT_ONCE = 20.0


def _connector(yt: YouTrack) -> aiohttp.BaseConnector:
    session = yt._transport.session
    assert session is not None
    assert session.connector is not None
    return session.connector


def _acquired(yt: YouTrack) -> int:
    # aiohttp has no public statistics; ``_acquired`` holds connections lent to requests.
    return len(_connector(yt)._acquired)


def _slots_free(yt: YouTrack) -> int:
    semaphore = yt._throttle._semaphore
    assert semaphore is not None
    return semaphore._value


async def _cancel_all(tasks: list[asyncio.Task[Any]]) -> None:
    for task in tasks:
        task.cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    assert all(isinstance(r, asyncio.CancelledError) for r in results)


def _unclosed_warnings() -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gc.collect()
    return [str(w.message) for w in caught if "Unclosed" in str(w.message)]


async def test_cancelling_1000_calls_leaves_no_slot_connection_or_warning(
    fake: FakeYouTrack, client_factory: ClientFactory, loop_problems: list[dict[str, Any]]
) -> None:
    hold = asyncio.Event()
    fake.faults.add("api/issues/SP-1", hold=hold)
    fake.faults.add("api/issues/SP-2", status=503, retry_after=LONG_RETRY_AFTER)
    yt = client_factory(
        fake.url,
        token=fake.token,
        max_concurrency=LIMIT,
        retry=RetryPolicy(max_retry_after=LONG_RETRY_AFTER, deadline=None),
    )
    backoff = [asyncio.create_task(yt.request("GET", "api/issues/SP-2")) for _ in range(200)]
    # Every one of them got its 503 and went to sleep, leaving its slot.
    await fake.stats.wait_for(lambda s: s.by_status[503] == 200, timeout=30)
    held = [asyncio.create_task(yt.request("GET", "api/issues/SP-1")) for _ in range(800)]
    # 32 held at the server (all slots), 768 waiting for a slot, 200 in backoff.
    await fake.stats.wait_in_flight(LIMIT, timeout=30)
    assert yt.in_flight == LIMIT
    assert _acquired(yt) == LIMIT
    assert not any(t.done() for t in backoff + held)

    await _cancel_all(backoff + held)

    assert yt.in_flight == 0
    assert _slots_free(yt) == LIMIT
    assert _acquired(yt) == 0
    # The server's handlers finish into closed connections; wait for them to drain.
    hold.set()
    await fake.stats.wait_for(lambda s: s.in_flight == 0, timeout=30)
    before = fake.stats.requests
    started = time.monotonic()
    me = await yt.request("GET", "api/users/me", model=Me)
    assert time.monotonic() - started < AT_ONCE
    assert me.login == "root"
    assert fake.stats.requests == before + 1  # one attempt: no leftover backoff or queue
    # Every slot is usable again: LIMIT calls are in flight at the server at once.
    again = asyncio.Event()
    fake.faults.add("api/issues/SP-3", hold=again)
    calls = [
        asyncio.create_task(yt.request("GET", "api/issues/SP-3", model=Issue)) for _ in range(LIMIT)
    ]
    await fake.stats.wait_in_flight(LIMIT, timeout=30)
    again.set()
    assert all(r.id_readable == "SP-3" for r in await asyncio.gather(*calls))
    await yt.aclose()
    assert _unclosed_warnings() == []
    assert [c.get("message") for c in loop_problems] == []


async def test_cancelling_calls_reading_a_slow_body_closes_their_connections(
    server: Any, client_factory: ClientFactory, loop_problems: list[dict[str, Any]]
) -> None:
    limit = 8
    reading = 0
    all_reading = asyncio.Event()

    async def trickle(request: web.Request) -> web.StreamResponse:
        nonlocal reading
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        response.content_length = 100
        await response.prepare(request)
        await response.write(b'{"login": "')
        reading += 1
        if reading == limit:
            all_reading.set()
        await server.stop.wait()
        return response

    server.handler = trickle
    yt = client_factory(server.url, max_concurrency=limit)
    tasks = [asyncio.create_task(yt.request("GET", "api/users/me")) for _ in range(3 * limit)]
    await asyncio.wait_for(all_reading.wait(), 30)
    assert yt.in_flight == limit
    assert _acquired(yt) == limit

    await _cancel_all(tasks)

    assert yt.in_flight == 0
    assert _slots_free(yt) == limit
    assert _acquired(yt) == 0

    async def answer(request: web.Request) -> web.Response:
        return web.json_response({"login": "root"})

    server.handler = answer
    assert await yt.request("GET", "api/users/me") == {"login": "root"}
    await yt.aclose()
    assert _unclosed_warnings() == []
    assert [c.get("message") for c in loop_problems] == []


async def test_a_cancelled_stream_gives_back_its_slot_and_connection(
    server: Any, client_factory: ClientFactory
) -> None:
    async def download(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/octet-stream"})
        response.content_length = 1000
        await response.prepare(request)
        await response.write(b"x" * 10)
        await server.stop.wait()
        return response

    server.handler = download
    yt = client_factory(server.url, max_concurrency=2)
    got_first = asyncio.Event()

    async def read_all() -> None:
        async with yt.stream("GET", "api/files/1") as stream:
            async for _ in stream.iter_chunks(5):
                got_first.set()

    task = asyncio.create_task(read_all())
    await asyncio.wait_for(got_first.wait(), 30)
    assert yt.in_flight == 1
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert yt.in_flight == 0
    assert _slots_free(yt) == 2
    assert _acquired(yt) == 0


async def test_closing_the_client_ends_every_call_with_a_typed_error(
    fake: FakeYouTrack, client_factory: ClientFactory, loop_problems: list[dict[str, Any]]
) -> None:
    hold = asyncio.Event()
    fake.faults.add("api/issues/SP-1", hold=hold)
    fake.faults.add("api/issues/SP-2", status=503, retry_after=LONG_RETRY_AFTER)
    yt = client_factory(
        fake.url,
        token=fake.token,
        max_concurrency=4,
        retry=RetryPolicy(max_retry_after=LONG_RETRY_AFTER, deadline=None),
        # Nothing may wait out a timeout either: the calls must end because of the close.
        timeout=aiohttp.ClientTimeout(total=LONG_RETRY_AFTER, connect=LONG_RETRY_AFTER),
    )
    sleeping = [asyncio.create_task(yt.request("GET", "api/issues/SP-2")) for _ in range(3)]
    await fake.stats.wait_for(lambda s: s.by_status[503] == 3, timeout=30)
    held = [
        asyncio.create_task(yt.request("POST", "api/issues/SP-1", json={"summary": "x"})),
        *(asyncio.create_task(yt.request("GET", "api/issues/SP-1")) for _ in range(6)),
    ]
    await fake.stats.wait_in_flight(4, timeout=30)

    await yt.aclose()
    # The guard is far below the waits and timeouts above, far above what closing takes.
    results = await asyncio.wait_for(
        asyncio.gather(*sleeping, *held, return_exceptions=True), AT_ONCE
    )

    assert all(isinstance(r, YouTrackError) for r in results), results
    # The write was on the wire when the connection went: it may have been applied.
    assert held[0].exception().may_have_been_applied  # type: ignore[union-attr]
    assert yt.in_flight == 0
    hold.set()
    assert _unclosed_warnings() == []
    assert [c.get("message") for c in loop_problems] == []
