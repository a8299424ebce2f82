"""Cancelling calls in flight leaves nothing behind: no slot, no connection, no warning.

Calls are cancelled in every state a call can be in: waiting for a concurrency slot,
waiting for the response (a held request), sleeping in a retry backoff (a 503 with a
long ``Retry-After``) and reading a body that arrives slowly.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import socket
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from aioyoutrack import (
    ClientClosedError,
    ConfigurationError,
    Issue,
    Me,
    RetryPolicy,
    YouTrack,
    YouTrackError,
)
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


@pytest.mark.parametrize("call", ["get", "search"])
async def test_closing_while_the_schema_types_dates_ends_the_call(
    fake: FakeYouTrack, client_factory: ClientFactory, call: str
) -> None:
    # The issue is read; the project's schema, read to type its date fields, is held.
    hold = asyncio.Event()
    fake.faults.add("api/admin/projects/*", hold=hold)
    yt = client_factory(fake.url, token=fake.token)

    async def read() -> object:
        if call == "get":
            return await yt.issues.get("DEMO-1")
        return await yt.issues.search("project: DEMO", limit=1)

    pending = asyncio.create_task(read())
    await fake.stats.wait_for(
        lambda s: s.in_flight == 1 and any(p.startswith("api/admin/projects") for p in s.by_path),
        timeout=30,
    )
    await yt.aclose()
    with pytest.raises(ClientClosedError):
        await asyncio.wait_for(pending, AT_ONCE)  # not an issue with its dates left as ints
    hold.set()


async def _stalled_server(
    seen: asyncio.Event, release: asyncio.Event
) -> tuple[asyncio.AbstractServer, str]:
    """A server that reads a request's head, then nothing more until ``release``."""

    async def stall(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        seen.set()
        await release.wait()
        writer.close()

    server = await asyncio.start_server(stall, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    return server, f"http://127.0.0.1:{port}/"


async def test_closing_ends_an_upload_the_server_stopped_reading_and_flags_it(
    client_factory: ClientFactory, loop_problems: list[dict[str, Any]]
) -> None:
    # aiohttp closes a connection gracefully, which waits for unsent bytes: with a server
    # that reads nothing more, aclose() waited as long as the server held on.
    seen, release = asyncio.Event(), asyncio.Event()
    server, url = await _stalled_server(seen, release)
    yt = client_factory(
        url, timeout=aiohttp.ClientTimeout(total=LONG_RETRY_AFTER, connect=LONG_RETRY_AFTER)
    )
    # Far more than the socket buffers hold: the client is still sending when it closes.
    call = asyncio.create_task(yt.request("POST", "api/issues/SP-1/attachments", data=b"x" * 2**25))
    await asyncio.wait_for(seen.wait(), AT_ONCE)
    try:
        await asyncio.wait_for(yt.aclose(), AT_ONCE)
        error = await asyncio.wait_for(asyncio.gather(call, return_exceptions=True), AT_ONCE)
    finally:
        release.set()
        server.close()
    assert isinstance(error[0], ClientClosedError), error
    assert error[0].may_have_been_applied  # part of the write was on the wire
    assert [c.get("message") for c in loop_problems] == []


async def test_a_second_aclose_returns_once_the_first_has_closed(
    client_factory: ClientFactory,
) -> None:
    seen, release = asyncio.Event(), asyncio.Event()
    server, url = await _stalled_server(seen, release)
    yt = client_factory(url)
    call = asyncio.create_task(yt.request("POST", "api/x", json={}))
    await asyncio.wait_for(seen.wait(), AT_ONCE)
    first = asyncio.create_task(yt.aclose())
    await asyncio.sleep(0)  # the first aclose() has begun: the client is marked closed
    try:
        await asyncio.wait_for(yt.aclose(), AT_ONCE)
        assert first.done()
        assert yt._transport.session is None
    finally:
        release.set()
        server.close()
        await asyncio.gather(first, call, return_exceptions=True)


_COUNTS_CANCELS = sys.version_info >= (3, 11)
_needs_counted_cancels = pytest.mark.skipif(
    not _COUNTS_CANCELS,
    reason="Python 3.10 cannot tell a close's cancellation from the caller's, so a close "
    "leaves a call still connecting to its connect timeout there (errors guide)",
)


@contextlib.contextmanager
def _unreachable() -> Iterator[str]:
    """A URL whose listener's accept queue is full: the kernel drops further handshakes,
    so a call sits in connect() until its connect timeout."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(4):
        filler = socket.socket()
        filler.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            filler.connect(("127.0.0.1", port))
        fillers.append(filler)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        for filler in fillers:
            filler.close()
        listener.close()


@contextlib.contextmanager
def _client_never_connecting(
    client_factory: ClientFactory, connect: float = LONG_RETRY_AFTER
) -> Iterator[tuple[YouTrack, asyncio.Event]]:
    """A client of :func:`_unreachable`, and an event set once a call starts connecting."""
    connecting = asyncio.Event()

    async def on_connecting(*_: Any) -> None:
        connecting.set()

    tracing = aiohttp.TraceConfig()
    tracing.on_connection_create_start.append(on_connecting)
    with _unreachable() as url:
        timeout = aiohttp.ClientTimeout(total=LONG_RETRY_AFTER, connect=connect)
        yield client_factory(url, timeout=timeout, trace_configs=[tracing]), connecting


@_needs_counted_cancels
async def test_closing_ends_a_clean_up_call_of_a_cancelled_task(
    client_factory: ClientFactory,
) -> None:
    # A task being cancelled makes one more call (in except CancelledError: or finally:):
    # its pending cancellation is not the close's doing, and the close still ends it.
    with _client_never_connecting(client_factory) as (yt, connecting):
        gate = asyncio.Event()

        async def cleaning_up() -> BaseException | None:
            try:
                await gate.wait()
            except asyncio.CancelledError:
                try:
                    await yt.request("GET", "api/users/me")
                except YouTrackError as exc:
                    return exc
            return None

        task = asyncio.create_task(cleaning_up())
        await asyncio.sleep(0)
        task.cancel()
        await asyncio.wait_for(connecting.wait(), AT_ONCE)
        await asyncio.wait_for(yt.aclose(), AT_ONCE)
        error = await asyncio.wait_for(task, AT_ONCE)
    assert isinstance(error, ClientClosedError), error
    assert not yt._transport.sending


@pytest.mark.skipif(_COUNTS_CANCELS, reason="the limit of Python 3.10 only (errors guide)")
async def test_on_python_3_10_a_call_still_connecting_ends_at_its_connect_timeout(
    client_factory: ClientFactory,
) -> None:
    with _client_never_connecting(client_factory, connect=0.5) as (yt, connecting):
        call = asyncio.create_task(yt.request("GET", "api/users/me"))
        await asyncio.wait_for(connecting.wait(), AT_ONCE)
        await asyncio.wait_for(yt.aclose(), AT_ONCE)
        error = await asyncio.wait_for(asyncio.gather(call, return_exceptions=True), AT_ONCE)
    assert isinstance(error[0], ClientClosedError), error


@_needs_counted_cancels
async def test_closing_ends_a_call_still_connecting(client_factory: ClientFactory) -> None:
    # The call sits in connect() until its connect timeout (here far away) unless
    # aclose() ends it.
    with _client_never_connecting(client_factory) as (yt, connecting):
        call = asyncio.create_task(yt.request("GET", "api/users/me"))
        await asyncio.wait_for(connecting.wait(), AT_ONCE)
        await asyncio.wait_for(yt.aclose(), AT_ONCE)
        error = await asyncio.wait_for(asyncio.gather(call, return_exceptions=True), AT_ONCE)
    assert isinstance(error[0], ClientClosedError), error
    assert not yt._transport.sending


def _bound_to_a_loop_of_its_own(token: str) -> tuple[YouTrack, asyncio.AbstractEventLoop]:
    """A client bound to a new event loop (not running: the test runs it as it needs)."""
    yt = YouTrack("https://host.invalid", token=token)
    owner = asyncio.new_event_loop()

    async def bind() -> None:
        yt._ready()

    owner.run_until_complete(bind())
    return yt, owner


def test_aclose_from_another_thread_ends_when_the_clients_loop_stops_first(token: str) -> None:
    # The client's loop runs (in a thread of its own) but stops before it runs the close
    # that aclose() scheduled there, as asyncio.run ends: aclose() waited forever.
    yt, owner = _bound_to_a_loop_of_its_own(token)
    busy, release = threading.Event(), threading.Event()

    def block_then_stop() -> None:
        busy.set()
        release.wait(AT_ONCE)
        owner.stop()  # the close, scheduled meanwhile, is in the next batch: never run

    owner.call_soon(block_then_stop)
    runner = threading.Thread(target=owner.run_forever, daemon=True)
    runner.start()
    busy.wait(AT_ONCE)
    outcome: list[BaseException | None] = []

    def close_elsewhere() -> None:
        try:
            asyncio.run(yt.aclose())
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    closer = threading.Thread(target=close_elsewhere, daemon=True)
    closer.start()
    while not owner._ready:  # type: ignore[attr-defined]  # aclose() has scheduled the close
        time.sleep(0)
    release.set()
    closer.join(AT_ONCE)
    runner.join(AT_ONCE)
    try:
        assert not closer.is_alive(), "aclose() is still waiting for a loop that stopped"
        assert len(outcome) == 1
        assert isinstance(outcome[0], ConfigurationError), outcome
    finally:

        async def finish_the_close() -> None:
            await asyncio.sleep(0)  # the close scheduled in this loop starts ...
            others = asyncio.all_tasks() - {asyncio.current_task()}
            await asyncio.gather(*others)  # ... and ends

        owner.run_until_complete(finish_the_close())
        owner.close()


async def test_a_callers_cancellation_wins_over_the_close(client_factory: ClientFactory) -> None:
    # The usual shutdown: cancel the workers, then close the client. A worker that
    # catches YouTrackError must still see its cancellation, not a ClientClosedError.
    seen, release = asyncio.Event(), asyncio.Event()
    server, url = await _stalled_server(seen, release)
    yt = client_factory(url)
    calls = 0

    async def worker() -> None:
        nonlocal calls
        while True:
            calls += 1
            with contextlib.suppress(YouTrackError):
                await yt.request("GET", "api/users/me")

    task = asyncio.create_task(worker())
    try:
        await asyncio.wait_for(seen.wait(), AT_ONCE)
        task.cancel()
        await yt.aclose()
        done, _ = await asyncio.wait({task}, timeout=AT_ONCE)
        assert done, "the worker never ended"
        assert task.cancelled()
        assert calls == 1
    finally:
        release.set()
        server.close()


def test_aclose_from_another_thread_when_the_clients_loop_cancels_the_close(token: str) -> None:
    # The client's loop ends (asyncio.run cancelling its tasks) just as the close it was
    # handed starts: the closing thread got a CancelledError nobody had asked for.
    yt, owner = _bound_to_a_loop_of_its_own(token)
    session = yt._transport.session

    def cancel_the_close(loop: asyncio.AbstractEventLoop, coro: Any) -> asyncio.Task[Any]:
        task = asyncio.Task(coro, loop=loop)
        if coro.__name__ == "_shut":
            task.cancel()
        return task

    owner.set_task_factory(cancel_the_close)  # type: ignore[arg-type]
    runner = threading.Thread(target=owner.run_forever, daemon=True)
    runner.start()
    try:
        with pytest.raises(ConfigurationError):
            asyncio.run(yt.aclose())
    finally:
        owner.call_soon_threadsafe(owner.stop)
        runner.join(AT_ONCE)
        owner.set_task_factory(None)
        if session is not None:
            owner.run_until_complete(session.close())
        owner.close()
