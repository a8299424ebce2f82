"""Fixtures of the reliability and security tests.

- ``fake``: a FakeYouTrack with the demo seed; ``client_factory``: clients (closed at
  teardown, before the servers stop) with a searchable token and fast retries.
- ``server_factory``: bare loopback aiohttp servers whose single handler each test sets
  (hung, trickling or hostile servers); ``https=True`` serves TLS with the test
  certificate in ``certs/`` (see below). Every request is recorded with its raw path.
- ``loop_problems``: what the event loop's exception handler received (aiohttp reports
  an unclosed session or connection there, from ``__del__``).
- ``soak``: the soak harness module (``soak_harness.py``, loaded by path because tests
  cannot import each other; ``benchmarks/soak.py`` loads the same file).

``certs/``: a test CA (``ca.pem``; its key was discarded) and a server certificate
signed by it for ``127.0.0.1`` and ``localhost`` (``server.pem``, ``server.key``), valid
for 100 years. Only loopback servers of these tests use them. Made with::

    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 36500 \
      -subj "/CN=aioyoutrack test CA" -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign"
    openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=localhost
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
      -out server.pem -days 36500 -extfile ext.cnf   # CA:FALSE, serverAuth, SAN IP+DNS
"""

from __future__ import annotations

import asyncio
import gc
import importlib.util
import ssl
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from aioyoutrack import RetryPolicy, YouTrack
from aioyoutrack.testing import FakeYouTrack

#: Easy to search for in logs, reprs, tracebacks and request logs. A module constant,
#: not a local, so tracebacks rendered with locals do not show it from the tests' frames.
TOKEN = "perm:cmVs.UmVsaWFiaWxpdHk=.TopSecretReliabilityToken77"
#: The part of TOKEN that is unique enough to find anywhere.
TOKEN_TAIL = "TopSecretReliabilityToken77"
#: Guard against a hang when a behaviour under test is broken; never reached otherwise.
GUARD = 30.0
CERTS = Path(__file__).with_name("certs")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Seen:
    """One request as a loopback server saw it."""

    method: str
    raw_path: str
    headers: dict[str, str]


class Server:
    """A loopback aiohttp server answering every request with ``handler``."""

    def __init__(self, *, https: bool = False) -> None:
        self.https = https
        self.handler: Handler = self._not_found
        self.requests: list[Seen] = []
        #: Set at teardown; handlers that hang wait on it so the server can stop.
        self.stop = asyncio.Event()
        #: Set when a request arrives (tests wait on it instead of sleeping).
        self.arrived = asyncio.Event()
        self.runner: web.AppRunner | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"{'https' if self.https else 'http'}://127.0.0.1:{self.port}/"

    @staticmethod
    async def _not_found(request: web.Request) -> web.StreamResponse:
        return web.json_response({"error": "Not Found"}, status=404)

    async def hang(self, request: web.Request) -> web.StreamResponse:
        """Never answer (until the server stops)."""
        await self.stop.wait()
        return web.json_response({})

    @web.middleware
    async def _dispatch(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        # A middleware sees every request, even paths no route pattern would match;
        # ``handler`` (what routing found) is ignored.
        self.requests.append(Seen(request.method, request.raw_path, dict(request.headers)))
        self.arrived.set()
        return await self.handler(request)

    async def start(self) -> None:
        app = web.Application(middlewares=[self._dispatch])
        self.runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await self.runner.setup()
        context = None
        if self.https:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(CERTS / "server.pem", CERTS / "server.key")
        site = web.TCPSite(self.runner, "127.0.0.1", 0, ssl_context=context)
        await site.start()
        self.port = self.runner.addresses[0][1]

    async def close(self) -> None:
        self.stop.set()
        if self.runner is not None:
            await self.runner.cleanup()


def client_ssl_context() -> ssl.SSLContext:
    """A client context trusting only the test CA."""
    return ssl.create_default_context(cafile=str(CERTS / "ca.pem"))


@pytest.fixture
async def server_factory() -> AsyncIterator[Callable[..., Awaitable[Server]]]:
    """Start loopback servers on demand (``https=True`` for TLS); stopped at teardown."""
    servers: list[Server] = []

    async def start(*, https: bool = False) -> Server:
        server = Server(https=https)
        await server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        await server.close()


@pytest.fixture
async def server(server_factory: Callable[..., Awaitable[Server]]) -> Server:
    """One plain-http loopback server."""
    return await server_factory()


@pytest.fixture
async def fake() -> AsyncIterator[FakeYouTrack]:
    """A FakeYouTrack with the demo seed."""
    async with FakeYouTrack(seed="demo") as running:
        yield running


@pytest.fixture
async def client_factory(
    server_factory: Callable[..., Awaitable[Server]],
) -> AsyncIterator[Callable[..., YouTrack]]:
    """Make clients (TOKEN and fast retries unless given); closed before servers stop."""
    clients: list[YouTrack] = []

    def make(url: str, **kwargs: Any) -> YouTrack:
        kwargs.setdefault("token", TOKEN)
        kwargs.setdefault(
            "retry", RetryPolicy(backoff_initial=0.001, backoff_max=0.005, max_retry_after=1.0)
        )
        client = YouTrack(url, **kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


@pytest.fixture
def token() -> str:
    """The token clients of ``client_factory`` use unless given another."""
    return TOKEN


@pytest.fixture
async def tls_session() -> AsyncIterator[aiohttp.ClientSession]:
    """An aiohttp session trusting only the test CA (to borrow as ``session=``)."""
    connector = aiohttp.TCPConnector(ssl=client_ssl_context())
    async with aiohttp.ClientSession(connector=connector) as session:
        yield session


@pytest.fixture
async def loop_problems() -> AsyncIterator[list[dict[str, Any]]]:
    """Contexts the running loop's exception handler receives during the test."""
    found: list[dict[str, Any]] = []
    loop = asyncio.get_running_loop()
    previous = loop.get_exception_handler()
    loop.set_exception_handler(lambda _loop, context: found.append(context))
    yield found
    gc.collect()
    loop.set_exception_handler(previous)


def _load_soak() -> ModuleType:
    name = "aioyoutrack_soak_harness"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("soak_harness.py"))
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def soak() -> ModuleType:
    """The soak harness (see soak_harness.py)."""
    return _load_soak()
