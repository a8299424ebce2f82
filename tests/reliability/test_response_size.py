"""A response body is read up to ``max_response_bytes``, never further.

A hostile or broken server cannot push the client past the bound, whatever the framing:
a declared Content-Length over it, a chunked body without end, or a small gzip body that
inflates to far more (a 1 MiB gzip bomb took the process to 2.1 GB). Downloads through
``stream()`` are not bounded.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from aioyoutrack import (
    ConfigurationError,
    ResponseTooLargeError,
    RetryPolicy,
    ServerError,
    UnexpectedResponseError,
    YouTrack,
    YouTrackError,
)
from aioyoutrack.testing import FakeYouTrack

ClientFactory = Callable[..., YouTrack]
LIMIT = 64 * 1024
#: 8 MiB of JSON whitespace inside an array: about 8 KiB once gzipped.
BOMB = gzip.compress(b"[" + b" " * (8 * 1024 * 1024) + b"1]", compresslevel=9)


async def _declared(request: web.Request) -> web.Response:
    return web.Response(body=b"[" + b"1," * LIMIT + b"1]", content_type="application/json")


async def _chunked(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": "application/json"})
    response.enable_chunked_encoding()
    await response.prepare(request)
    await response.write(b"[")
    for _ in range(64):  # 64 x 4 KiB: four times the limit
        await response.write(b"1," * 2048)
    await response.write(b"1]")
    return response


async def _gzip_bomb(request: web.Request) -> web.Response:
    return web.Response(
        body=BOMB, headers={"Content-Type": "application/json", "Content-Encoding": "gzip"}
    )


@pytest.mark.parametrize("handler", [_declared, _chunked, _gzip_bomb])
@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_a_body_past_the_bound_is_a_typed_error(
    server: Any, client_factory: ClientFactory, handler: Any, method: str
) -> None:
    server.handler = handler
    yt = client_factory(server.url, max_response_bytes=LIMIT)
    with pytest.raises(ResponseTooLargeError) as info:
        await yt.request(method, "api/issues", json={} if method == "POST" else None)
    error = info.value
    assert isinstance(error, UnexpectedResponseError)
    assert error.limit == LIMIT
    assert error.status == 200
    assert str(LIMIT) in str(error)
    # A write answered 2xx was applied; only its answer could not be read.
    assert error.may_have_been_applied is (method == "POST")
    assert len(server.requests) == 1  # not retried
    assert yt.in_flight == 0


async def test_the_bound_is_generous_by_default(server: Any, client_factory: ClientFactory) -> None:
    server.handler = _gzip_bomb  # 8 MiB inflated: well within the default
    yt = client_factory(server.url)
    assert await yt.request("GET", "api/issues") == [1]


async def test_an_error_status_past_the_bound_keeps_its_status_and_an_excerpt(
    server: Any, client_factory: ClientFactory
) -> None:
    # A proxy's HTML error page for a 5xx keeps its status error (an HTML 404 says the
    # URL is not YouTrack's instead); a POST is not retried, so one answer is enough.
    async def huge_500(request: web.Request) -> web.Response:
        return web.Response(
            status=500, body=b"<html>" + b"x" * (4 * LIMIT), content_type="text/html"
        )

    server.handler = huge_500
    yt = client_factory(server.url, max_response_bytes=LIMIT)
    with pytest.raises(ServerError) as info:
        await yt.request("POST", "api/issues/X-1", json={})
    assert isinstance(info.value.body, str)
    assert info.value.body.startswith("<html>xxx")


async def test_downloads_are_not_bounded(server: Any, client_factory: ClientFactory) -> None:
    payload = b"\x89PNG" + b"\0" * (4 * LIMIT)

    async def file(request: web.Request) -> web.Response:
        return web.Response(body=payload, content_type="image/png")

    server.handler = file
    yt = client_factory(server.url, max_response_bytes=LIMIT)
    async with yt.stream("GET", "api/files/1") as stream:
        assert await stream.read() == payload


@pytest.mark.parametrize("value", [0, -1, 1.5, True, "64MiB"])
def test_max_response_bytes_must_be_a_positive_int_or_none(value: Any) -> None:
    with pytest.raises(ConfigurationError, match="max_response_bytes"):
        YouTrack("https://yt.example.com", token="perm:YQ==.Yg==.c", max_response_bytes=value)
    assert YouTrack("https://yt.example.com", "perm:a", max_response_bytes=None)


def test_the_error_is_part_of_the_hierarchy() -> None:
    assert issubclass(ResponseTooLargeError, YouTrackError)


@pytest.mark.parametrize("status", [200, 500])
async def test_the_error_keeps_no_body_alive(
    server: Any, client_factory: ClientFactory, status: int
) -> None:
    # The error's traceback keeps its frames alive (until the caller drops it, and their
    # reference cycle until the cyclic GC runs): none may hold the body read, or a run of
    # hostile answers would add up to many times max_response_bytes.
    async def huge(request: web.Request) -> web.Response:
        return web.Response(status=status, body=b"[" + b" " * (4 * LIMIT) + b"]")

    server.handler = huge
    yt = client_factory(server.url, max_response_bytes=LIMIT, retry=RetryPolicy(max_retries=0))
    with pytest.raises(YouTrackError) as info:
        await yt.request("POST", "api/issues", json={})
    frames = []
    tb = info.value.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    held = [
        (frame.f_code.co_name, name)
        for frame in frames
        for name, value in frame.f_locals.items()
        if isinstance(value, (bytes, bytearray)) and len(value) >= LIMIT // 2
    ]
    assert held == []


async def test_the_bound_counts_what_a_gzipped_answer_of_the_fake_inflates_to(
    fake: FakeYouTrack, client_factory: ClientFactory
) -> None:
    # FakeYouTrack gzips a large JSON answer, as a real server does: the bound is on the
    # JSON read, not on the bytes sent.
    params = {"query": "project: SP", "$top": "100", "fields": "id,summary,description"}
    sizes = {}
    for accepted in ("gzip", "identity"):
        headers = {"Authorization": f"Bearer {fake.token}", "Accept-Encoding": accepted}
        async with (
            aiohttp.ClientSession(auto_decompress=False) as session,
            session.get(fake.url + "api/issues", params=params, headers=headers) as response,
        ):
            sizes[response.headers.get("Content-Encoding")] = len(await response.read())
    assert sizes["gzip"] * 4 < sizes[None]
    small = client_factory(fake.url, token=fake.token, max_response_bytes=sizes[None] - 1)
    with pytest.raises(ResponseTooLargeError):
        await small.request("GET", "api/issues", params=params)
    enough = client_factory(fake.url, token=fake.token, max_response_bytes=sizes[None])
    issues = await enough.request("GET", "api/issues", params=params)
    assert len(issues) == 100
