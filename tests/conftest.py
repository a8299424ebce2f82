"""The fixtures of the whole suite, each defined once.

Built on the shipped pytest plugin (:mod:`aioyoutrack.testing.pytest_plugin`), so the
suite uses the fixtures users get:

- ``fake``: the plugin's ``youtrack_fake`` (a demo FakeYouTrack), failing the test if a
  bug inside the fake was tripped. A module that needs another fake says so with
  ``pytestmark = pytest.mark.fake(issues=24)`` (keyword arguments of FakeYouTrack).
- ``yt``: the plugin's ``youtrack`` (a root client of ``fake``), failing the test if a
  request is still in flight or a task of the library outlives the client.
- ``sent``: a client of ``fake`` whose request bodies are recorded; ``log``: what the fake
  saw, as (method, path).
- ``bare``/``bare_yt``: a fake with no seed (quick to start) and a client of it.
- ``client_factory``: the one way to make any other client (``TOKEN`` and fast retries
  unless given; closed at teardown, before the servers stop); ``token`` is ``TOKEN``.
- ``server_factory``/``server``/``raw``: loopback aiohttp servers whose answers each test
  scripts (see :class:`Server`); ``raw_client``: a client of ``raw``.
- ``acc``: helpers for the black-box tests (test modules cannot import a conftest).

The test folders mirror the package (``core/``, ``models/``, ``pagination/``,
``resources/``, ``testing/``, ``cli/``, ``docs/``, ``reliability/``); a folder's own
conftest adds only what that folder alone needs. Test folders are not packages: pytest
imports them with ``--import-mode=importlib`` (``pyproject.toml``), which names each
module after its path, so two folders may hold the same basename (``core/test_errors.py``,
``cli/test_errors.py``). Shared helpers are imported by module name (``shared_data``,
``subprocess_env``: ``tests/`` is on ``pythonpath``).

The ground truth (JetBrains' OpenAPI document and documentation samples) is never in the
repository: tests find it through :mod:`shared_data` (``../shared/youtrack`` beside the
checkout, or ``$AIOYOUTRACK_GROUND_TRUTH``) and are skipped, with one reason naming the
folder, where it is absent.
"""

from __future__ import annotations

import asyncio
import json
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import aiohttp
import attrs
import pytest
import pytest_asyncio
from aiohttp import web
from hypothesis import settings
from shared_data import ground_truth

from aioyoutrack import RetryPolicy, YouTrack
from aioyoutrack.testing import FakeYouTrack

# Property tests draw the same examples on every run, so a run passes or fails on the
# code alone (CI, the README's test command); ``--hypothesis-profile=explore`` draws new
# ones, many more, to look for bugs (CONTRIBUTING.md).
settings.register_profile("default", derandomize=True)
settings.register_profile("explore", max_examples=2000)
settings.load_profile("default")

#: Easy to search for in logs, reprs, tracebacks and request logs. A module constant,
#: not a local, so tracebacks rendered with locals do not show it from the tests' frames.
TOKEN = "perm:cmVs.UmVsaWFiaWxpdHk=.TopSecretReliabilityToken77"
#: The part of TOKEN that is unique enough to find anywhere.
TOKEN_TAIL = "TopSecretReliabilityToken77"
#: The test CA and server certificate of the TLS servers (see reliability/conftest.py).
CERTS = Path(__file__).with_name("reliability") / "certs"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "fake(**options): the FakeYouTrack options of the module's ``fake``"
    )
    config.addinivalue_line("markers", "yt(**options): the client options of the module's ``yt``")


# --- FakeYouTrack and its clients ----------------------------------------------------


@pytest_asyncio.fixture
async def fake(
    request: pytest.FixtureRequest, youtrack_fake: FakeYouTrack
) -> AsyncIterator[FakeYouTrack]:
    """The plugin's demo fake (or one made with the ``fake`` marker's options); no test
    may trip a bug inside it."""
    marker = request.node.get_closest_marker("fake")
    if marker is None:
        yield youtrack_fake
        assert youtrack_fake.internal_errors == []
        return
    async with FakeYouTrack(**{"seed": "demo", **marker.kwargs}) as running:
        yield running
        assert running.internal_errors == []


@pytest_asyncio.fixture
async def _no_library_tasks_left() -> AsyncIterator[None]:
    # Requested before ``youtrack``, so this teardown runs after the client has closed.
    yield
    leftovers = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    assert not [t for t in leftovers if "aioyoutrack" in t.get_name()], leftovers


@pytest_asyncio.fixture
async def yt(
    request: pytest.FixtureRequest,
    _no_library_tasks_left: None,
    youtrack: YouTrack,
    fake: FakeYouTrack,
    client_factory: Callable[..., YouTrack],
) -> AsyncIterator[YouTrack]:
    """The plugin's client of ``fake`` as root; nothing may be left running after it.

    A module that needs other client options says so with
    ``pytestmark = pytest.mark.yt(retry=...)``: ``yt`` is then a root client of ``fake``
    made by ``client_factory`` with those options.
    """
    marker = request.node.get_closest_marker("yt")
    client = youtrack
    if marker is not None:
        client = client_factory(fake.url, **{"token": fake.token, **marker.kwargs})
    elif request.node.get_closest_marker("fake") is not None:
        raise pytest.UsageError("yt is the plugin's client: add pytest.mark.yt() to a fake()")
    yield client
    assert client.in_flight == 0


class Sent:
    """The JSON bodies a client sent, in order (from aiohttp's request tracing)."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.trace = aiohttp.TraceConfig()
        self.trace.on_request_chunk_sent.append(self._on_chunk)

    async def _on_chunk(
        self,
        session: aiohttp.ClientSession,
        context: SimpleNamespace,
        params: aiohttp.TraceRequestChunkSentParams,
    ) -> None:
        self.chunks.append(params.chunk)

    @property
    def last(self) -> Any:
        """The last body, decoded."""
        return json.loads(self.chunks[-1])


@pytest_asyncio.fixture
async def sent(fake: FakeYouTrack) -> AsyncIterator[tuple[YouTrack, Sent]]:
    """A client of ``fake`` whose request bodies are recorded."""
    recorder = Sent()
    async with YouTrack(fake.url, token=fake.token, trace_configs=[recorder.trace]) as client:
        yield client, recorder


Log = Callable[..., list[tuple[str, str]]]


@pytest.fixture
def log(fake: FakeYouTrack) -> Log:
    """``log(method=None)``: (method, decoded path) of each request the fake saw."""

    def entries(method: str | None = None) -> list[tuple[str, str]]:
        return [(r.method, r.path) for r in fake.stats.log if method in (None, r.method)]

    return entries


def fast_retry(**overrides: Any) -> RetryPolicy:
    """A retry policy whose waits are a few milliseconds (no test waits on the clock)."""
    values: dict[str, Any] = {
        "max_retries": 3,
        "backoff_initial": 0.001,
        "backoff_max": 0.005,
        "jitter": 0.0,
        "max_retry_after": 5.0,
        "deadline": 30.0,
    }
    values.update(overrides)
    return RetryPolicy(**values)


@pytest_asyncio.fixture
async def bare() -> AsyncIterator[FakeYouTrack]:
    """A running fake with no seed (only ``root``): quick to start."""
    async with FakeYouTrack(seed=None) as running:
        yield running


@pytest_asyncio.fixture
async def bare_yt(bare: FakeYouTrack) -> AsyncIterator[YouTrack]:
    """A root client of ``bare`` with fast retries."""
    async with YouTrack(bare.url, token=bare.token, retry=fast_retry()) as client:
        yield client


# --- scripted loopback servers -------------------------------------------------------

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@attrs.define
class Recorded:
    """One request as a loopback server saw it."""

    method: str
    path: str
    raw_path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes


class Server:
    """A loopback aiohttp server: ``route(method, path, handler)`` answers one path,
    ``route(handler)`` (or ``handler = ...``) every other; unrouted paths get a 404.

    ``requests`` records every request (even paths no route pattern would match), body
    included; ``active``/``max_active`` count handlers running at once; ``arrived`` is
    set when a request arrives and ``stop`` at teardown (handlers that hang wait on it).
    """

    def __init__(self, *, https: bool = False) -> None:
        self.https = https
        self.handler: Handler = self._not_found
        self.routes: dict[tuple[str, str], Handler] = {}
        self.requests: list[Recorded] = []
        self.active = 0
        self.max_active = 0
        self.stop = asyncio.Event()
        self.arrived = asyncio.Event()
        self.runner: web.AppRunner | None = None
        self.port = 0

    @property
    def origin(self) -> str:
        return f"{'https' if self.https else 'http'}://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.origin}/"

    def route(self, *args: Any) -> None:
        """``route(handler)`` for every request, or ``route(method, path, handler)``."""
        if len(args) == 1:
            self.handler = args[0]
        else:
            method, path, handler = args
            self.routes[(method, path)] = handler

    def json(self, method: str, path: str, payload: Any, status: int = 200) -> None:
        """Route ``path`` to a fixed JSON answer."""

        async def answer(request: web.Request) -> web.Response:
            return web.json_response(payload, status=status)

        self.route(method, path, answer)

    @staticmethod
    async def _not_found(request: web.Request) -> web.StreamResponse:
        return web.json_response(
            {"error": "Not Found", "error_description": "HTTP 404 Not Found"}, status=404
        )

    async def hang(self, request: web.Request) -> web.StreamResponse:
        """Never answer (until the server stops)."""
        await self.stop.wait()
        return web.json_response({})

    @web.middleware
    async def _dispatch(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        # A middleware sees every request, even paths no route pattern would match;
        # ``handler`` (what aiohttp's routing found) is ignored.
        body = await request.read()
        self.requests.append(
            Recorded(
                request.method,
                request.path,
                request.raw_path,
                dict(request.query),
                dict(request.headers),
                body,
            )
        )
        self.arrived.set()
        chosen = self.routes.get((request.method, request.path), self.handler)
        self.active += 1
        self.max_active = max(self.max_active, self.active)
        try:
            return await chosen(request)
        finally:
            self.active -= 1

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


ServerFactory = Callable[..., Awaitable[Server]]


@pytest.fixture
async def server_factory() -> AsyncIterator[ServerFactory]:
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
async def server(server_factory: ServerFactory) -> Server:
    """One plain-http loopback server (404 until a test routes something)."""
    return await server_factory()


async def _ok(request: web.Request) -> web.StreamResponse:
    return web.json_response({"ok": True})


@pytest.fixture
async def raw(server_factory: ServerFactory) -> Server:
    """A loopback server answering ``{"ok": true}`` until a test routes something."""
    started = await server_factory()
    started.route(_ok)
    return started


@pytest.fixture
def token() -> str:
    """The token clients of ``client_factory`` use unless given another."""
    return TOKEN


@pytest.fixture
async def client_factory(
    server_factory: ServerFactory,
) -> AsyncIterator[Callable[..., YouTrack]]:
    """``client_factory(url, **kwargs)``: a client (``TOKEN`` and fast retries unless
    given); all are closed at teardown, before the servers stop."""
    clients: list[YouTrack] = []

    def make(url: str, **kwargs: Any) -> YouTrack:
        kwargs.setdefault("token", TOKEN)
        kwargs.setdefault("retry", RetryPolicy(backoff_initial=0.001, backoff_max=0.005))
        client = YouTrack(url, **kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


@pytest.fixture
def raw_client(raw: Server, client_factory: Callable[..., YouTrack]) -> YouTrack:
    """A client of ``raw`` with the black-box tests' fast retries."""
    return client_factory(raw.url, retry=fast_retry())


# --- helpers of the black-box tests --------------------------------------------------


def load_samples() -> list[tuple[str, dict[str, Any]]]:
    """Every JetBrains sample, as (file name, decoded JSON); skips the calling test
    without the ground truth."""
    found = []
    for path in sorted((ground_truth() / "samples").glob("*.json")):
        found.append((path.name, json.loads(path.read_text(encoding="utf-8"))))
    return found


def load_spec() -> dict[str, Any]:
    """The OpenAPI document; skips the calling test without the ground truth."""
    data: dict[str, Any] = json.loads((ground_truth() / "openapi.json").read_text("utf-8"))
    return data


@pytest.fixture
def acc() -> SimpleNamespace:
    """Helpers of the black-box tests, which use the public API only."""
    return SimpleNamespace(
        SECRET=TOKEN,
        SECRET_TAIL=TOKEN_TAIL,
        fast_retry=fast_retry,
        load_samples=load_samples,
        load_spec=load_spec,
        RawServer=Server,
        BodySpy=Sent,
    )
