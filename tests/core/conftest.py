"""Fixtures of the core tests: an aioresponses shim and a real loopback server.

aioresponses 0.7.9 builds ``aiohttp.ClientResponse`` without the ``stream_writer``
argument that aiohttp 3.14 made required (``ClientResponse.__init__() missing ...
'stream_writer'``). :class:`CompatResponse` supplies a writer stub when the installed
aiohttp wants one, and the ``mocked`` fixture passes it as ``response_class`` to every
mocked response, so the same tests run on aiohttp 3.14 and on the 3.10.11 floor.
A mocked body over 64 KiB trips 3.14's flow control (the mock protocol has no
transport), so large bodies are tested on the loopback server instead.

The loopback server (``server`` / ``server_factory``) is a tiny aiohttp app on
127.0.0.1, port 0: each test routes ``(method, path)`` to a handler; every request is
recorded, and ``active``/``max_active`` count handlers running at once.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import attrs
import pytest
from aiohttp import web
from aioresponses import aioresponses

from aioyoutrack import RetryPolicy, YouTrack

#: A token that is easy to search for in logs, reprs and tracebacks.
TOKEN = "perm:dGVzdA==.Q29yZQ==.SuperSecretTokenValue42"
MOCK_URL = "https://yt.example.com"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

_NEEDS_STREAM_WRITER = (
    "stream_writer" in inspect.signature(aiohttp.ClientResponse.__init__).parameters
)


class _NoStreamWriter:
    """Stands in for the request's stream writer, which a mocked response never has."""

    output_size = 0


class CompatResponse(aiohttp.ClientResponse):
    """``ClientResponse`` that accepts aioresponses' constructor call on every aiohttp."""

    def __init__(self, method: str, url: Any, **kwargs: Any) -> None:
        if _NEEDS_STREAM_WRITER:
            kwargs.setdefault("stream_writer", _NoStreamWriter())
        super().__init__(method, url, **kwargs)


class CompatAioresponses(aioresponses):  # type: ignore[misc]
    """aioresponses whose mocked responses are :class:`CompatResponse`."""

    def add(self, url: Any, method: str = "GET", **kwargs: Any) -> None:
        kwargs.setdefault("response_class", CompatResponse)
        super().add(url, method, **kwargs)

    def calls(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Every request as (method, url, kwargs), in order of arrival."""
        found = []
        for (method, url), requests in self.requests.items():
            found.extend((method, str(url), call.kwargs) for call in requests)
        return found


@pytest.fixture
def token() -> str:
    """The token every client of these tests uses."""
    return TOKEN


@pytest.fixture
def mocked() -> Any:
    """aioresponses (with the aiohttp 3.14 shim) patching every ClientSession."""
    with CompatAioresponses() as mock:
        yield mock


@attrs.define
class Recorded:
    """One request as the loopback server saw it."""

    method: str
    raw_path: str
    headers: dict[str, str]
    body: bytes


class Server:
    """A loopback aiohttp server whose routes each test sets."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], Handler] = {}
        self.requests: list[Recorded] = []
        self.active = 0
        self.max_active = 0
        #: Set at teardown; handlers that hang wait on it so the server can stop.
        self.stop = asyncio.Event()
        self.runner: web.AppRunner | None = None
        self.port = 0

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.origin}/"

    def route(self, method: str, path: str, handler: Handler) -> None:
        self.routes[(method, path)] = handler

    def json(self, method: str, path: str, payload: Any, status: int = 200) -> None:
        """Route ``path`` to a fixed JSON answer."""

        async def answer(request: web.Request) -> web.Response:
            return web.json_response(payload, status=status)

        self.route(method, path, answer)

    async def hang(self, request: web.Request) -> web.Response:
        """A handler that answers only when the server stops."""
        await self.stop.wait()
        return web.json_response({})

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        self.requests.append(
            Recorded(request.method, request.raw_path, dict(request.headers), body)
        )
        handler = self.routes.get((request.method, request.path))
        if handler is None:
            return web.json_response(
                {"error": "Not Found", "error_description": "HTTP 404 Not Found"}, status=404
            )
        self.active += 1
        self.max_active = max(self.max_active, self.active)
        try:
            return await handler(request)
        finally:
            self.active -= 1

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.port = self.runner.addresses[0][1]

    async def close(self) -> None:
        self.stop.set()
        if self.runner is not None:
            await self.runner.cleanup()


@pytest.fixture
async def server_factory() -> AsyncIterator[Callable[[], Awaitable[Server]]]:
    """Start loopback servers on demand; all are stopped at teardown."""
    servers: list[Server] = []

    async def start() -> Server:
        server = Server()
        await server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        await server.close()


@pytest.fixture
async def server(server_factory: Callable[[], Awaitable[Server]]) -> Server:
    """One loopback server."""
    return await server_factory()


@pytest.fixture
async def client_factory(
    server_factory: Callable[[], Awaitable[Server]],
) -> AsyncIterator[Callable[..., YouTrack]]:
    """Make clients (fast retries by default); all are closed before the servers stop."""
    clients: list[YouTrack] = []

    def make(url: str, **kwargs: Any) -> YouTrack:
        kwargs.setdefault("token", TOKEN)
        kwargs.setdefault("retry", RetryPolicy(backoff_initial=0.001, backoff_max=0.002))
        client = YouTrack(url, **kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


@pytest.fixture
def record_sleeps() -> Callable[[YouTrack], list[float]]:
    """Make a client's retry waits instant; returns the list of waits it asked for."""

    def install(client: YouTrack) -> list[float]:
        delays: list[float] = []

        async def sleep(delay: float) -> None:
            delays.append(delay)

        client._retrier.sleep = sleep
        return delays

    return install
