"""A server that hangs or trickles cannot hold a call longer than its timeouts allow.

Each test computes the time the configuration allows (per-attempt timeout times the
attempts, plus the backoff, or the overall deadline) and asserts the call ended with
``APITimeoutError`` well within a bound many times larger, on a monotonic clock. The
tests never depend on anything being fast, only on not exceeding that bound.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from aioyoutrack import APITimeoutError, RetryPolicy, ServerError, YouTrack

ClientFactory = Callable[..., YouTrack]
#: The bound asserted is MARGIN times what the configuration allows, plus SLACK seconds.
MARGIN = 10.0
SLACK = 2.0


def _bound(allowed: float) -> float:
    return allowed * MARGIN + SLACK


async def _timed(call: Awaitable[Any]) -> tuple[APITimeoutError, float]:
    started = time.monotonic()
    with pytest.raises(APITimeoutError) as info:
        await call
    return info.value, time.monotonic() - started


def _trickle(server: Any, *, first: bytes, then: bytes | None, every: float) -> Any:
    """A handler that sends headers and ``first``, then ``then`` every ``every`` s forever
    (or nothing more when ``then`` is None)."""

    async def handler(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        response.content_length = 10_000_000
        await response.prepare(request)
        await response.write(first)
        while not server.stop.is_set():
            if then is None:
                await server.stop.wait()
            else:
                await response.write(then)
                await asyncio.sleep(every)  # the trickle is the behaviour under test
        return response

    return handler


async def test_a_hung_server_times_out_within_the_retry_budget(
    server: Any, client_factory: ClientFactory
) -> None:
    server.handler = server.hang
    timeout, retries, backoff = 0.2, 2, 0.01
    yt = client_factory(
        server.url,
        timeout=timeout,
        retry=RetryPolicy(max_retries=retries, backoff_initial=backoff, backoff_max=backoff),
    )
    error, elapsed = await _timed(yt.request("GET", "api/issues/SP-1"))
    assert elapsed < _bound((retries + 1) * timeout + retries * backoff)
    assert len(server.requests) == retries + 1
    assert "timed out" in str(error)
    assert "(GET " in str(error)
    assert "api/issues/SP-1" in str(error)
    assert not error.may_have_been_applied


async def test_a_hung_write_times_out_once_and_may_have_been_applied(
    server: Any, client_factory: ClientFactory
) -> None:
    server.handler = server.hang
    yt = client_factory(server.url, timeout=0.2)
    error, elapsed = await _timed(yt.request("POST", "api/issues", json={"summary": "x"}))
    assert elapsed < _bound(0.2)
    assert len(server.requests) == 1  # sent: never resent
    assert error.may_have_been_applied
    assert error.request_sent


async def test_the_deadline_bounds_a_hung_server_whatever_the_attempt_timeout(
    server: Any, client_factory: ClientFactory
) -> None:
    server.handler = server.hang
    yt = client_factory(server.url, timeout=600, retry=RetryPolicy(max_retries=50, deadline=0.3))
    error, elapsed = await _timed(yt.request("GET", "api/users/me"))
    assert elapsed < _bound(0.3)
    assert "deadline of 0.3s" in str(error)


async def test_the_deadline_bounds_endless_503s(server: Any, client_factory: ClientFactory) -> None:
    async def busy(request: web.Request) -> web.Response:
        return web.json_response({"error": "busy"}, status=503, headers={"Retry-After": "0.05"})

    server.handler = busy
    yt = client_factory(server.url, retry=RetryPolicy(max_retries=10_000, deadline=0.3))
    started = time.monotonic()
    with pytest.raises(ServerError) as info:
        await yt.request("POST", "api/issues", json={})
    error = info.value
    assert time.monotonic() - started < _bound(0.3)
    # Once the wait asked for no longer fits the deadline, the server's answer is raised
    # (the errors guide), with the wait it asked for.
    assert error.retry_after == 0.05
    # 503 means refused before anything was done, every time.
    assert not error.may_have_been_applied


async def test_a_byte_then_silence_is_cut_by_sock_read(
    server: Any, client_factory: ClientFactory
) -> None:
    server.handler = _trickle(server, first=b'{"a', then=None, every=0)
    yt = client_factory(
        server.url,
        timeout=aiohttp.ClientTimeout(total=None, sock_read=0.2),
        retry=RetryPolicy(max_retries=0, deadline=None),
    )
    error, elapsed = await _timed(yt.request("GET", "api/users/me"))
    assert elapsed < _bound(0.2)
    assert "timed out" in str(error)


async def test_an_endless_trickle_is_cut_by_the_total_timeout(
    server: Any, client_factory: ClientFactory
) -> None:
    # A byte every 20 ms keeps sock_read (5 s) from ever firing; only total can stop it.
    server.handler = _trickle(server, first=b"[", then=b" ", every=0.02)
    yt = client_factory(
        server.url,
        timeout=aiohttp.ClientTimeout(total=0.3, sock_read=5),
        retry=RetryPolicy(max_retries=0, deadline=None),
    )
    _, elapsed = await _timed(yt.request("GET", "api/users/me"))
    assert elapsed < _bound(0.3)


async def test_an_endless_trickle_is_cut_by_the_deadline_without_any_timeout(
    server: Any, client_factory: ClientFactory
) -> None:
    server.handler = _trickle(server, first=b"[", then=b" ", every=0.02)
    yt = client_factory(
        server.url,
        timeout=aiohttp.ClientTimeout(total=None, connect=None, sock_read=None),
        retry=RetryPolicy(max_retries=3, deadline=0.3),
    )
    _, elapsed = await _timed(yt.request("GET", "api/users/me"))
    assert elapsed < _bound(0.3)


@pytest.fixture
async def slow_headers() -> AsyncIterator[str]:
    """A raw TCP server that sends its status line, then a header byte every 20 ms."""
    stop = asyncio.Event()

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            while not stop.is_set():
                writer.write(b"a")
                await writer.drain()
                await asyncio.sleep(0.02)  # the trickle is the behaviour under test
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    tcp = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = tcp.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}/"
    stop.set()
    tcp.close()
    await tcp.wait_closed()


async def test_headers_that_never_end_are_cut_by_the_total_timeout(
    slow_headers: str, client_factory: ClientFactory
) -> None:
    yt = client_factory(
        slow_headers,
        timeout=aiohttp.ClientTimeout(total=0.3, sock_read=5),
        retry=RetryPolicy(max_retries=1, backoff_initial=0.01, deadline=None),
    )
    _, elapsed = await _timed(yt.request("GET", "api/users/me"))
    assert elapsed < _bound(2 * 0.3 + 0.01)


async def test_a_per_call_timeout_bounds_one_slow_call(
    server: Any, client_factory: ClientFactory
) -> None:
    server.handler = server.hang
    yt = client_factory(server.url, timeout=600, retry=RetryPolicy(max_retries=0, deadline=None))
    _, elapsed = await _timed(yt.request("GET", "api/users/me", timeout=0.2))
    assert elapsed < _bound(0.2)
