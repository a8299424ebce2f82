"""yt.stream() on a real loopback server: attachment-style downloads."""

from __future__ import annotations

import asyncio
import gzip
import sys
import zlib
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from aioyoutrack import (
    APIConnectionError,
    ClientClosedError,
    InvalidRequestError,
    NotFoundError,
    UnexpectedResponseError,
    YouTrack,
    YouTrackError,
)

ClientFactory = Callable[..., YouTrack]
RecordSleeps = Callable[[YouTrack], list[float]]
BLOB = bytes(range(256)) * 1024  # 256 KiB: past any 64 KiB buffer


async def _file(request: web.Request) -> web.Response:
    return web.Response(body=BLOB, content_type="image/png")


async def test_download_in_chunks_from_a_relative_path(
    server: Any, client_factory: ClientFactory, token: str
) -> None:
    server.route("GET", "/yt/api/files/7-2", _file)
    yt = client_factory(f"{server.url}yt")
    chunks = []
    async with yt.stream("GET", "api/files/7-2", params={"updated": 5}) as s:
        assert s.status == 200
        assert s.content_type == "image/png"
        assert s.headers["Content-Length"] == str(len(BLOB))
        assert yt.in_flight == 1
        chunks = [chunk async for chunk in s.iter_chunks(10_000)]
    assert yt.in_flight == 0
    assert b"".join(chunks) == BLOB
    assert all(len(c) <= 10_000 for c in chunks)
    sent = server.requests[0]
    assert sent.raw_path == "/yt/api/files/7-2?updated=5"
    assert sent.headers["Authorization"] == f"Bearer {token}"
    assert sent.headers["Accept"] == "*/*"


async def test_attachment_urls_absolute_from_the_origin_keep_their_query(
    server: Any, client_factory: ClientFactory
) -> None:
    server.route("GET", "/youtrack/api/files/7-2", _file)
    yt = client_factory(f"{server.url}youtrack/api")
    url = "/youtrack/api/files/7-2?sign=MTY4Nz%2Bk&updated=1687"
    async with yt.stream("GET", url) as s:
        assert await s.read() == BLOB
        assert "sign=***" in repr(s)
    assert server.requests[0].raw_path == url


async def test_absolute_urls_of_the_same_origin_are_allowed(
    server: Any, client_factory: ClientFactory
) -> None:
    server.route("GET", "/api/files/1", _file)
    yt = client_factory(server.url)
    async with yt.stream("GET", f"{server.origin}/api/files/1") as s:
        assert await s.read() == BLOB


async def test_other_origins_are_refused_before_sending(
    server_factory: Callable[[], Awaitable[Any]], client_factory: ClientFactory
) -> None:
    home = await server_factory()
    other = await server_factory()
    other.route("GET", "/api/files/1", _file)
    yt = client_factory(home.url)
    with pytest.raises(InvalidRequestError, match="refusing to send the token"):
        async with yt.stream("GET", f"{other.origin}/api/files/1"):
            pass
    assert other.requests == []
    assert home.requests == []


async def test_error_statuses_raise_like_request(
    server: Any, client_factory: ClientFactory
) -> None:
    yt = client_factory(server.url)
    with pytest.raises(NotFoundError) as info:
        async with yt.stream("GET", "api/files/404"):
            pass
    assert info.value.error == "Not Found"
    assert yt.in_flight == 0


async def test_retries_happen_before_the_body_is_handed_out(
    server: Any, client_factory: ClientFactory, record_sleeps: RecordSleeps
) -> None:
    statuses = iter([503, 200])

    async def flaky(request: web.Request) -> web.Response:
        if next(statuses) == 503:
            return web.json_response({"error": "busy"}, status=503, headers={"Retry-After": "1"})
        return await _file(request)

    server.route("GET", "/api/files/1", flaky)
    yt = client_factory(server.url)
    sleeps = record_sleeps(yt)
    async with yt.stream("GET", "api/files/1") as s:
        assert await s.read() == BLOB
    assert sleeps == [1.0]


async def test_leaving_early_releases_slot_and_connection(
    server: Any, client_factory: ClientFactory
) -> None:
    server.route("GET", "/api/files/1", _file)
    yt = client_factory(server.url, max_concurrency=1)
    async with yt.stream("GET", "api/files/1") as s:
        async for _ in s.iter_chunks(1024):
            break
    assert yt.in_flight == 0
    session = yt._transport.session
    assert session is not None
    assert session.connector is not None
    assert len(session.connector._acquired) == 0  # type: ignore[attr-defined]
    async with yt.stream("GET", "api/files/1") as s:
        assert await s.read() == BLOB
    with pytest.raises(ClientClosedError, match="stream is closed"):
        await s.read()


async def test_one_stream_context_is_entered_once_at_a_time(
    server: Any, client_factory: ClientFactory
) -> None:
    """Review: entering the same ``yt.stream(...)`` object twice at once replaced the
    first stream, whose connection and slot were then never released."""
    server.route("GET", "/api/files/1", _file)
    yt = client_factory(server.url, max_concurrency=2)
    context = yt.stream("GET", "api/files/1")
    async with context as first:
        with pytest.raises(InvalidRequestError, match="entered already"):
            await context.__aenter__()
        assert await first.read() == BLOB
    assert yt.in_flight == 0
    async with context as again:  # one after the other is fine
        assert await again.read() == BLOB
    assert yt.in_flight == 0


@pytest.mark.parametrize("compressed", [False, True])
async def test_a_stream_read_by_two_tasks_at_once_refuses_the_second(
    server: Any, client_factory: ClientFactory, compressed: bool
) -> None:
    more = asyncio.Event()
    body = gzip.compress(BLOB) if compressed else BLOB

    async def halves(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "image/png"})
        if compressed:
            response.headers["Content-Encoding"] = "gzip"
        await response.prepare(request)
        await response.write(body[:1000])
        await more.wait()
        await response.write(body[1000:])
        return response

    server.route("GET", "/api/files/7-2", halves)
    yt = client_factory(server.url)
    async with yt.stream("GET", "api/files/7-2") as s:
        first = asyncio.create_task(s.read())
        await asyncio.sleep(0)  # the first read is waiting for data
        with pytest.raises(InvalidRequestError, match="one task at a time"):
            await s.read()
        more.set()
        assert await first == BLOB
    assert not yt.closed
    assert yt.in_flight == 0


async def test_reading_a_stream_of_a_closed_client_is_client_closed_error(
    server: Any, client_factory: ClientFactory
) -> None:
    finish = asyncio.Event()

    async def slow(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Length": "2000"})
        await response.prepare(request)
        await response.write(b"x" * 1000)
        await finish.wait()
        return response

    server.route("GET", "/api/files/1", slow)
    yt = client_factory(server.url)
    try:
        async with yt.stream("GET", "api/files/1") as s:
            chunks = s.iter_chunks(1000)
            assert await chunks.__anext__() == b"x" * 1000
            await yt.aclose()
            with pytest.raises(ClientClosedError, match="closed"):
                await s.read()
    finally:
        finish.set()


async def test_a_body_cut_short_is_a_connection_error(
    server: Any, client_factory: ClientFactory
) -> None:
    async def cut(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Length": "1000000"})
        await response.prepare(request)
        await response.write(b"x" * 1000)
        assert request.transport is not None
        request.transport.close()
        return response

    server.route("GET", "/api/files/1", cut)
    yt = client_factory(server.url)
    async with yt.stream("GET", "api/files/1") as s:
        chunks = s.iter_chunks()
        with pytest.raises(APIConnectionError) as info:
            async for _ in chunks:
                pass
    assert info.value.method == "GET"
    assert yt.in_flight == 0


@pytest.mark.parametrize("size", [0, -1, 1.5, True])
async def test_chunk_size_must_be_positive(
    server: Any, client_factory: ClientFactory, size: Any
) -> None:
    server.route("GET", "/api/files/1", _file)
    yt = client_factory(server.url)
    async with yt.stream("GET", "api/files/1") as s:
        with pytest.raises(InvalidRequestError, match="chunk_size"):
            s.iter_chunks(size)


async def _ok(request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


async def test_streams_and_requests_get_their_own_default_timeouts(
    server: Any, client_factory: ClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.route("GET", "/api/files/1", _file)
    server.route("GET", "/api/x", _ok)
    yt = client_factory(server.url)
    seen: list[Any] = []
    original = aiohttp.ClientSession._request

    async def spy(self: aiohttp.ClientSession, *args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs["timeout"])
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(aiohttp.ClientSession, "_request", spy)
    assert await yt.request("GET", "api/x") == {"ok": True}
    async with yt.stream("GET", "api/files/1") as s:
        assert await s.read() == BLOB
    request_timeout, stream_timeout = seen
    # A request: bounded in all (60 s), no per-read timer.
    assert (request_timeout.total, request_timeout.connect) == (60.0, 10.0)
    assert request_timeout.sock_read is None
    # A download: a silence of 30 s ends it; its total is only the retry deadline.
    assert (stream_timeout.connect, stream_timeout.sock_read) == (10.0, 30.0)
    assert stream_timeout.total == pytest.approx(yt.retry.deadline, abs=5)


def _compressed(body: bytes, coding: str) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(
            body=body, headers={"Content-Encoding": coding, "Content-Type": "image/png"}
        )

    return handler


async def test_a_compressed_download_is_inflated_and_only_codings_it_reads_are_offered(
    server: Any, client_factory: ClientFactory
) -> None:
    server.route("GET", "/api/files/1", _compressed(gzip.compress(BLOB), "gzip"))
    server.route("GET", "/api/files/2", _compressed(zlib.compress(BLOB), "deflate"))
    yt = client_factory(server.url)
    for path in ("api/files/1", "api/files/2"):
        async with yt.stream("GET", path) as s:
            chunks = [chunk async for chunk in s.iter_chunks(10_000)]
        assert b"".join(chunks) == BLOB
        assert all(len(c) <= 10_000 for c in chunks)
        async with yt.stream("GET", path) as s:
            assert await s.read() == BLOB
    assert server.requests[0].headers["Accept-Encoding"] == "gzip, deflate"


async def test_an_unknown_coding_echoing_the_token_shows_none_of_it(
    server: Any, client_factory: ClientFactory, token: str
) -> None:
    # The coding is quoted cut at 80 characters: an echo cut there was left unmasked.
    async def echoing(request: web.Request) -> web.Response:
        coding = "x" * 40 + request.headers["Authorization"]
        return web.Response(body=b"z", headers={"Content-Encoding": coding})

    server.route("GET", "/api/files/1", echoing)
    yt = client_factory(server.url)
    with pytest.raises(UnexpectedResponseError, match="compressed as") as info:
        async with yt.stream("GET", "api/files/1"):
            pass
    assert token[:8] not in str(info.value)
    assert "Bearer ***" in str(info.value)


async def test_a_callers_accept_encoding_naming_a_coding_it_cannot_inflate_is_refused(
    server: Any, client_factory: ClientFactory
) -> None:
    # It was sent, and the answer in br then refused as unreadable: refused up front now.
    server.route("GET", "/api/files/1", _compressed(gzip.compress(BLOB), "gzip"))
    yt = client_factory(server.url)
    with pytest.raises(InvalidRequestError, match=r"cannot inflate br .*leave the header out"):
        async with yt.stream("GET", "api/files/1", headers={"Accept-Encoding": "br, gzip"}):
            pass
    assert server.requests == []
    for accepted in ("gzip", "identity, br;q=0"):
        async with yt.stream("GET", "api/files/1", headers={"accept-encoding": accepted}) as s:
            assert await s.read() == BLOB
    assert [r.headers["Accept-Encoding"] for r in server.requests] == ["gzip", "identity, br;q=0"]


async def test_a_gzip_download_cut_short_is_an_error_and_save_writes_nothing(
    server: Any, client_factory: ClientFactory, tmp_path: Any
) -> None:
    # The Content-Length fits the cut stream: only the stream itself tells it ended early.
    whole = gzip.compress(BLOB)
    server.route("GET", "/api/files/1", _compressed(whole[: len(whole) // 2], "gzip"))
    yt = client_factory(server.url)
    async with yt.stream("GET", "api/files/1") as s:
        with pytest.raises(APIConnectionError, match="cut short"):
            await s.read()
    target = tmp_path / "file.png"
    with pytest.raises(APIConnectionError, match="cut short"):
        await yt.issues.attachments.save("api/files/1", target)
    assert list(tmp_path.iterdir()) == []
    assert yt.in_flight == 0


async def test_a_coding_not_asked_for_is_an_error_and_an_error_body_is_inflated(
    server: Any, client_factory: ClientFactory
) -> None:
    server.route("GET", "/api/files/1", _compressed(b"\x0b\x02\x80hello\x03", "br"))

    async def refused(request: web.Request) -> web.Response:
        body = gzip.compress(b'{"error": "Not Found", "error_description": "no such file"}')
        return web.Response(
            status=404,
            body=body,
            headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
        )

    server.route("GET", "/api/files/2", refused)
    yt = client_factory(server.url)
    with pytest.raises(UnexpectedResponseError, match="'br', which this client does not"):
        async with yt.stream("GET", "api/files/1"):
            pass
    assert yt.in_flight == 0
    assert len(server.requests) == 1  # refused, not retried
    with pytest.raises(NotFoundError, match="no such file"):
        async with yt.stream("GET", "api/files/2"):
            pass


async def test_a_huge_chunk_size_on_a_compressed_download_is_not_an_overflow(
    server: Any, client_factory: ClientFactory
) -> None:
    server.route("GET", "/api/files/1", _compressed(gzip.compress(BLOB), "gzip"))
    yt = client_factory(server.url)
    async with yt.stream("GET", "api/files/1") as s:
        chunks = [chunk async for chunk in s.iter_chunks(sys.maxsize + 1)]
    assert b"".join(chunks) == BLOB


async def test_an_echo_in_a_compressed_error_body_cut_at_the_bound_is_masked(
    server: Any, client_factory: ClientFactory, token: str
) -> None:
    async def refused(request: web.Request) -> web.Response:
        text = "x" * 270 + " " + request.headers["Authorization"]
        return web.Response(
            status=403, body=gzip.compress(text.encode()), headers={"Content-Encoding": "gzip"}
        )

    server.route("GET", "/api/files/1", refused)
    yt = client_factory(server.url, max_response_bytes=300)
    with pytest.raises(YouTrackError) as info:
        async with yt.stream("GET", "api/files/1"):
            pass
    secret = token.rsplit(".", 1)[-1]
    assert secret[:8] not in repr(vars(info.value)) + str(info.value)
