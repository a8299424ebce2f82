"""A caller's body stream that raises while it is sent: the caller gets their exception.

aiohttp reports whatever a body raises while it writes it as a failed connection
(``ClientConnectionError``, an ``OSError`` as ``ClientOSError``), and the client used to
pass that on as ``APIConnectionError`` with the caller's exception only as
``__context__``. The exception is the caller's own (a file that cannot be read, a source
that broke): it must reach them unchanged, sent once, with no aiohttp frames (their
locals hold the request) in its traceback and the token nowhere in it.
"""

from __future__ import annotations

import asyncio
import contextlib
import traceback
from collections.abc import AsyncIterator, Callable
from types import SimpleNamespace
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from aioyoutrack import APIConnectionError, InvalidRequestError, YouTrack, YouTrackError

ClientFactory = Callable[..., YouTrack]


class SourceBroke(Exception):
    """The caller's own failure, of a type no library knows."""


class DiskGone(OSError):
    """An OSError, which aiohttp on its own reports as ClientOSError (a socket error)."""


async def _breaking(error: Exception, chunks: int) -> AsyncIterator[bytes]:
    for _ in range(chunks):
        yield b"x" * 65536
        await asyncio.sleep(0)
    raise error


def _counting() -> tuple[aiohttp.TraceConfig, list[str]]:
    started: list[str] = []

    async def on_start(session: Any, context: SimpleNamespace, params: Any) -> None:
        started.append(str(params.url))

    trace = aiohttp.TraceConfig()
    trace.on_request_start.append(on_start)
    return trace, started


@contextlib.asynccontextmanager
async def _own_server(method: str, path: str, handler: Any) -> AsyncIterator[str]:
    """A one-route loopback server that leaves the request's body to ``handler`` (the
    shared ``raw`` server reads every body first, to record it); yields its URL."""
    app = web.Application()
    app.router.add_route(method, path, handler)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        yield f"http://127.0.0.1:{runner.addresses[0][1]}/"
    finally:
        await runner.cleanup()


@pytest.mark.parametrize(
    "make", [lambda: SourceBroke("source broke"), lambda: DiskGone(5, "disk gone")]
)
@pytest.mark.parametrize("chunks", [0, 3])
async def test_what_the_stream_raised_reaches_the_caller_unchanged(
    raw: Any, client_factory: ClientFactory, token: str, make: Callable[[], Exception], chunks: int
) -> None:
    error = make()
    trace, started = _counting()
    yt = client_factory(raw.url, trace_configs=[trace])
    with pytest.raises(type(error)) as info:
        await yt.request("POST", "api/upload", data=_breaking(error, chunks))
    caught = info.value
    assert caught is error
    assert not isinstance(caught, YouTrackError)
    # Not chained to aiohttp's wrapper, and no frame of aiohttp's writer in the traceback.
    assert caught.__cause__ is None
    assert caught.__context__ is None
    files = [entry.filename for entry in traceback.extract_tb(caught.__traceback__)]
    assert not any("/aiohttp/" in name for name in files), files
    assert "_breaking" in {entry.name for entry in traceback.extract_tb(caught.__traceback__)}
    # As a crash reporter shows it, locals included: the token is in no frame below
    # this test's own (whose ``token`` argument holds it).
    below = caught.__traceback__.tb_next if caught.__traceback__ else None
    rendered = traceback.TracebackException(type(caught), caught, below, capture_locals=True)
    assert token.rsplit(".", 1)[-1] not in "".join(rendered.format())
    # Sent once (a stream cannot be sent again), the slot given back, the client usable.
    assert len(started) == 1
    assert yt.in_flight == 0
    assert await yt.request("GET", "api/ok") == {"ok": True}


async def test_a_stream_that_ends_normally_is_sent_whole(
    raw: Any, client_factory: ClientFactory
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for part in (b"one ", b"two ", b"three"):
            yield part

    yt = client_factory(raw.url)
    assert await yt.request("POST", "api/upload", data=chunks()) == {"ok": True}
    assert raw.requests[-1].body == b"one two three"


async def test_a_stream_yielding_what_is_not_bytes_is_the_callers_mistake(
    raw: Any, client_factory: ClientFactory
) -> None:
    async def chunks() -> AsyncIterator[Any]:
        yield bytearray(b"one ")
        yield memoryview(b"two ")
        yield "three"  # text: it was reported as a failed connection, maybe applied

    yt = client_factory(raw.url)
    with pytest.raises(InvalidRequestError, match="must yield bytes, got str") as info:
        await yt.request("POST", "api/upload", data=chunks())
    assert info.value.may_have_been_applied is False

    async def views() -> AsyncIterator[Any]:
        yield bytearray(b"one ")
        yield memoryview(b"two")

    assert await yt.request("POST", "api/upload", data=views()) == {"ok": True}
    assert raw.requests[-1].body == b"one two"


async def test_a_broken_connection_under_a_stream_stays_a_connection_error(
    client_factory: ClientFactory,
) -> None:
    async def drop(request: web.Request) -> web.StreamResponse:
        # Read a little of the body, then hang up while the client is still writing.
        await request.content.read(1024)
        assert request.transport is not None
        request.transport.abort()
        return web.Response()

    async def endless() -> AsyncIterator[bytes]:
        while True:
            yield b"y" * 65536
            await asyncio.sleep(0)

    async with _own_server("*", "/{tail:.*}", drop) as url:
        yt = client_factory(url)
        with pytest.raises(APIConnectionError):
            await yt.request("POST", "api/upload", data=endless())
        assert yt.in_flight == 0
        await yt.aclose()


async def test_a_relayed_response_is_sent_in_chunks_not_lines(
    raw: Any, client_factory: ClientFactory
) -> None:
    # An aiohttp StreamReader iterates lines: a binary download of 600 KB without a
    # newline is one "line" past aiohttp's limit (512 KiB; 128 KiB in older aiohttp),
    # and below the 1 MiB its servers take by default. Relayed, it goes as aiohttp
    # sends it.
    blob = (bytes(range(256)).replace(b"\n", b"") * 2400)[:600_000]

    async def download(request: web.Request) -> web.Response:
        return web.Response(body=blob, content_type="application/octet-stream")

    raw.route("GET", "/blob", download)
    yt = client_factory(raw.url)
    async with aiohttp.ClientSession() as session, session.get(f"{raw.url}blob") as source:
        assert await yt.request("POST", "api/upload", data=source.content) == {"ok": True}
    assert raw.requests[-1].body == blob


async def test_a_relayed_multipart_part_keeps_its_headers(
    raw: Any, client_factory: ClientFactory
) -> None:
    yt = client_factory(raw.url)
    relayed: dict[str, Any] = {}

    async def relay(request: web.Request) -> web.Response:
        # A web handler forwarding the part it received, as a proxy would.
        reader = await request.multipart()
        part = await reader.next()
        assert isinstance(part, aiohttp.BodyPartReader)
        relayed["answer"] = await yt.request("POST", "api/upload", data=part)
        return web.json_response({"relayed": True})

    form = aiohttp.FormData()
    form.add_field("f", b"PNG...", filename="a.png", content_type="image/png")
    async with (
        _own_server("POST", "/relay", relay) as url,
        aiohttp.ClientSession() as session,
        session.post(f"{url}relay", data=form) as answer,
    ):
        assert answer.status == 200
    assert relayed["answer"] == {"ok": True}
    sent = raw.requests[-1]
    assert sent.path == "/api/upload"
    assert sent.body == b"PNG..."
    assert 'filename="a.png"' in sent.headers.get("Content-Disposition", "")


async def test_a_source_whose_aiter_raises_gives_the_caller_their_exception(
    raw: Any, client_factory: ClientFactory
) -> None:
    broke = SourceBroke("no iterator")

    class Unreadable:
        def __aiter__(self) -> AsyncIterator[bytes]:
            raise broke

    yt = client_factory(raw.url)
    with pytest.raises(SourceBroke) as caught:
        await yt.request("POST", "api/upload", data=Unreadable())
    assert caught.value is broke
    assert yt.in_flight == 0
