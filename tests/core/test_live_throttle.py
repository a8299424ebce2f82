"""Concurrency limit and cancellation on a real loopback server."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from aioyoutrack import YouTrack

ClientFactory = Callable[..., YouTrack]


def _acquired(yt: YouTrack) -> int:
    session = yt._transport.session
    assert session is not None
    connector = session.connector
    assert connector is not None
    return len(connector._acquired)  # type: ignore[attr-defined]


class _Gate:
    """Holds handlers until ``limit`` of them run at once, then lets all through."""

    def __init__(self, server: Any, limit: int, clients: list[YouTrack]) -> None:
        self.server = server
        self.limit = limit
        self.clients = clients
        self.full = asyncio.Event()
        self.open = asyncio.Event()
        self.client_peak = 0

    async def handler(self, request: web.Request) -> web.Response:
        self.client_peak = max([self.client_peak, *(c.in_flight for c in self.clients)])
        if self.server.active >= self.limit:
            self.full.set()
        await self.open.wait()
        return web.json_response({"n": request.query["n"]})


async def _many_calls(server: Any, yt: YouTrack, limit: int, calls: int) -> tuple[_Gate, list[Any]]:
    gate = _Gate(server, limit, [yt])
    server.route("GET", "/api/item", gate.handler)
    tasks = [
        asyncio.create_task(yt.request("GET", "api/item", params={"n": i})) for i in range(calls)
    ]
    await gate.full.wait()
    # Give any request that slipped past the limit every chance to reach the server.
    for _ in range(200):
        await asyncio.sleep(0)
    assert server.active == limit
    gate.open.set()
    results = await asyncio.gather(*tasks)
    return gate, results


async def test_500_calls_never_exceed_max_concurrency_at_the_server(
    server: Any, client_factory: ClientFactory
) -> None:
    yt = client_factory(server.url, max_concurrency=8)
    gate, results = await _many_calls(server, yt, 8, 500)
    assert results == [{"n": str(i)} for i in range(500)]
    assert server.max_active == 8
    assert gate.client_peak == 8
    assert len(server.requests) == 500
    assert yt.in_flight == 0


async def test_the_semaphore_alone_limits_a_borrowed_unlimited_session(
    server: Any, client_factory: ClientFactory
) -> None:
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        yt = client_factory(server.url, max_concurrency=5, session=session)
        await _many_calls(server, yt, 5, 60)
        await yt.aclose()
        assert not session.closed
    assert server.max_active == 5


async def test_the_connector_limits_connections_per_host(
    server: Any, client_factory: ClientFactory
) -> None:
    server.json("GET", "/api/x", {})
    yt = client_factory(server.url, max_concurrency=3)
    await yt.request("GET", "api/x")
    session = yt._transport.session
    assert session is not None
    connector = session.connector
    assert isinstance(connector, aiohttp.TCPConnector)
    assert (connector.limit, connector.limit_per_host) == (3, 3)


async def test_cancelled_callers_release_slots_and_connections(
    server: Any, client_factory: ClientFactory
) -> None:
    reached = asyncio.Event()

    async def hang(request: web.Request) -> web.Response:
        if server.active >= 4:
            reached.set()
        return await server.hang(request)

    server.route("GET", "/api/hang", hang)
    server.json("GET", "/api/ok", {"ok": True})
    yt = client_factory(server.url, max_concurrency=4)
    tasks = [asyncio.create_task(yt.request("GET", "api/hang")) for _ in range(10)]
    await reached.wait()
    assert yt.in_flight == 4
    assert _acquired(yt) == 4
    for task in tasks:
        task.cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    assert all(isinstance(r, asyncio.CancelledError) for r in results)
    assert yt.in_flight == 0
    assert yt._throttle._semaphore is not None
    assert not yt._throttle._semaphore.locked()
    assert _acquired(yt) == 0
    assert (
        await asyncio.gather(*(yt.request("GET", "api/ok") for _ in range(4))) == [{"ok": True}] * 4
    )


async def test_a_retry_waiting_in_backoff_holds_no_slot(
    server: Any, client_factory: ClientFactory
) -> None:
    statuses = iter([503, 200])

    async def flaky(request: web.Request) -> web.Response:
        return web.json_response({}, status=next(statuses))

    server.route("GET", "/api/x", flaky)
    yt = client_factory(server.url, max_concurrency=1)
    slots_while_waiting: list[int] = []
    waiting = asyncio.Event()
    proceed = asyncio.Event()

    async def sleep(delay: float) -> None:
        slots_while_waiting.append(yt.in_flight)
        waiting.set()
        await proceed.wait()

    yt._retrier.sleep = sleep
    task = asyncio.create_task(yt.request("GET", "api/x"))
    await waiting.wait()
    # With its only slot free, another call goes through while the first one waits.
    server.json("GET", "/api/other", {"other": True})
    assert await yt.request("GET", "api/other") == {"other": True}
    proceed.set()
    assert await task == {}
    assert slots_while_waiting == [0]


@pytest.mark.parametrize("max_concurrency", [1, 3])
async def test_in_flight_counts_attempts_in_progress(
    server: Any, client_factory: ClientFactory, max_concurrency: int
) -> None:
    yt = client_factory(server.url, max_concurrency=max_concurrency)
    assert yt.in_flight == 0
    gate, _ = await _many_calls(server, yt, max_concurrency, max_concurrency * 3)
    assert gate.client_peak == max_concurrency
