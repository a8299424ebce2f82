"""Close, deadlines and event loops: every pending call ends, in time, with the
library's error.

- The retry deadline bounds the whole call, time queued for a concurrency slot
  included: a call that never got a slot ends with APITimeoutError, nothing sent.
- ``aclose()`` ends an ``issues.count()`` waiting between polls at once, and a call or
  stream waiting for the rest of a body (closing the session alone wakes neither).
- ``aclose()`` awaited in another event loop closes what it can and says so; two
  threads making the first call on one client bind it to one loop only.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from aiohttp import web

from aioyoutrack import (
    APIConnectionError,
    APITimeoutError,
    ClientClosedError,
    ConfigurationError,
    RetryPolicy,
    YouTrack,
)

ClientFactory = Callable[..., YouTrack]
#: Guard against a hang when a behaviour under test is broken; never reached otherwise.
GUARD = 10.0
TOKEN = "perm:bGlmZQ==.Y3ljbGU=.LifecycleToken"


async def test_a_call_queued_past_its_deadline_ends_without_sending(
    server: Any, client_factory: ClientFactory
) -> None:
    async def download(request: web.Request) -> web.StreamResponse:
        return web.Response(body=b"file", content_type="application/octet-stream")

    server.handler = download
    yt = client_factory(server.url, max_concurrency=1, retry=RetryPolicy(deadline=0.05))
    async with yt.stream("GET", "api/files/1"):  # holds the only slot until the block ends
        with pytest.raises(APITimeoutError, match="concurrency slot") as info:
            await asyncio.wait_for(yt.request("GET", "api/users/me"), GUARD)
    assert info.value.request_sent is False
    assert [seen.raw_path for seen in server.requests] == ["/api/files/1"]
    assert yt.in_flight == 0


async def test_aclose_ends_a_count_waiting_between_polls_at_once(
    server: Any, client_factory: ClientFactory
) -> None:
    polled = asyncio.Event()

    async def still_counting(request: web.Request) -> web.Response:
        polled.set()
        return web.json_response({"count": -1, "$type": "IssueCountResponse"})

    server.handler = still_counting
    yt = client_factory(server.url)
    waiting = asyncio.Event()

    async def sleep(delay: float) -> None:
        waiting.set()
        await asyncio.sleep(delay)

    yt._retrier.sleep = sleep  # the client's waits between polls and retries
    count = asyncio.create_task(yt.issues.count("project: SP", poll_interval=60, deadline=120))
    await polled.wait()
    await asyncio.wait_for(waiting.wait(), GUARD)
    await yt.aclose()
    with pytest.raises(ClientClosedError):
        await asyncio.wait_for(count, GUARD)
    assert len(server.requests) == 1


@pytest.mark.parametrize("kind", ["request", "stream"])
async def test_aclose_ends_a_call_waiting_for_the_rest_of_a_body_at_once(
    server: Any, client_factory: ClientFactory, kind: str
) -> None:
    async def half_a_body(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        response.content_length = 100
        await response.prepare(request)
        await response.write(b'{"id": ')
        await server.stop.wait()
        return response

    server.handler = half_a_body
    # Without aclose() ending it, the read would wait out this timeout, far past GUARD.
    yt = client_factory(server.url, timeout=600)

    async def call() -> Any:
        if kind == "stream":
            async with yt.stream("GET", "api/files/1") as stream:
                return await stream.read()
        return await yt.request("GET", "api/users/me")

    task = asyncio.create_task(call())
    for _ in range(100_000):  # until the client reads the body: yields, no timed waits
        if yt._transport.reading or task.done():
            break
        await asyncio.sleep(0)
    assert yt._transport.reading
    await yt.aclose()
    with pytest.raises(ClientClosedError):
        await asyncio.wait_for(task, GUARD)
    assert yt.in_flight == 0


def _serve_in(loop: asyncio.AbstractEventLoop) -> tuple[web.AppRunner, str]:
    async def start() -> tuple[web.AppRunner, str]:
        async def answer(request: web.Request) -> web.Response:
            return web.json_response({"id": "1"})

        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", answer)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        return runner, f"http://127.0.0.1:{runner.addresses[0][1]}/"

    if loop.is_running():
        return asyncio.run_coroutine_threadsafe(start(), loop).result(GUARD)
    return loop.run_until_complete(start())


def test_aclose_in_another_loop_while_the_first_is_idle_closes_and_says_so() -> None:
    first = asyncio.new_event_loop()
    try:
        runner, url = _serve_in(first)
        yt = YouTrack(url, TOKEN)
        assert first.run_until_complete(yt.request("GET", "api/x")) == {"id": "1"}
        session = yt._transport.session
        assert session is not None
        with pytest.raises(ConfigurationError, match="another event loop"):
            asyncio.run(yt.aclose())
        assert yt.closed
        with pytest.raises(ClientClosedError):
            first.run_until_complete(yt.request("GET", "api/x"))
        # The session closes in its own loop as soon as that loop runs again.
        first.run_until_complete(asyncio.sleep(0))
        assert session.closed
        first.run_until_complete(runner.cleanup())
    finally:
        first.close()


@pytest.fixture
def loop_in_thread() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    yield loop
    loop.call_soon_threadsafe(loop.stop)
    thread.join(GUARD)
    loop.close()


def test_aclose_in_another_loop_while_the_first_runs_in_a_thread_closes_it_there(
    loop_in_thread: asyncio.AbstractEventLoop,
) -> None:
    runner, url = _serve_in(loop_in_thread)
    yt = YouTrack(url, TOKEN)

    def run(coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, loop_in_thread).result(GUARD)

    assert run(yt.request("GET", "api/x")) == {"id": "1"}
    session = yt._transport.session
    assert session is not None
    asyncio.run(yt.aclose())  # from this thread's own loop
    assert yt.closed
    assert session.closed
    run(runner.cleanup())


def test_two_threads_making_the_first_call_bind_the_client_once() -> None:
    # Connection refused on a port nothing listens on: the call fails fast once bound.
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # interleave the threads as much as possible
    try:
        for _ in range(100):
            yt = YouTrack("http://127.0.0.1:9/", TOKEN, retry=RetryPolicy(max_retries=0))
            outcomes: list[BaseException] = []
            start = threading.Barrier(2)

            def first_call(
                client: YouTrack = yt,
                found: list[BaseException] = outcomes,
                start: threading.Barrier = start,
            ) -> None:
                start.wait(GUARD)
                try:
                    asyncio.run(client.request("GET", "api/x"))
                except BaseException as error:
                    found.append(error)

            threads = [threading.Thread(target=first_call) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(GUARD)
            kinds = sorted(type(e).__name__ for e in outcomes)
            assert kinds == ["APIConnectionError", "ConfigurationError"], outcomes
            assert any(isinstance(e, APIConnectionError) for e in outcomes)
            session = yt._transport.session
            assert session is not None
            # Only one session was made; close it in a loop of its own (its loop ended).
            asyncio.run(yt.aclose())
    finally:
        sys.setswitchinterval(switch)


async def test_a_count_past_its_deadline_chains_nothing_from_aiohttp(
    server: Any, client_factory: ClientFactory
) -> None:
    server.handler = server.hang  # the count request is still on the wire at the deadline
    yt = client_factory(server.url)
    with pytest.raises(APITimeoutError, match="still counting") as info:
        await asyncio.wait_for(yt.issues.count(deadline=0.05), GUARD)
    assert info.value.__cause__ is None
    assert info.value.__context__ is None
