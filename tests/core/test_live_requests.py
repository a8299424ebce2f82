"""yt.request() on a real loopback server: retries, timeouts, bodies, wire format."""

from __future__ import annotations

import asyncio
import email.utils
import json
import socket
import time
from collections.abc import Callable, Iterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from aioyoutrack import (
    APIConnectionError,
    APITimeoutError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    UnexpectedResponseError,
    YouTrack,
)

ClientFactory = Callable[..., YouTrack]
RecordSleeps = Callable[[YouTrack], list[float]]


def _statuses(
    *statuses: int, headers: dict[str, str] | None = None
) -> Callable[[web.Request], Any]:
    queue = iter(statuses)

    async def handler(request: web.Request) -> web.Response:
        status = next(queue)
        body = {"ok": True} if status == 200 else {"error": "busy"}
        return web.json_response(body, status=status, headers=headers if status != 200 else None)

    return handler


async def test_paths_and_params_reach_the_server_verbatim(
    server: Any, client_factory: ClientFactory
) -> None:
    server.json("GET", "/yt/api/issues/SP 1/x", {})
    yt = client_factory(f"{server.url}yt/api/")
    await yt.request(
        "GET",
        "api/issues/SP%201/x",
        params={"fields": "id,summary(name)", "query": "a b#c+d", "flag": True, "f": ["A", "B"]},
    )
    assert server.requests[0].raw_path == (
        "/yt/api/issues/SP%201/x?fields=id,summary(name)&query=a%20b%23c%2Bd&flag=true&f=A&f=B"
    )


async def test_encoded_slashes_and_dots_are_not_normalised(
    server: Any, client_factory: ClientFactory
) -> None:
    yt = client_factory(server.url)
    with pytest.raises(Exception, match="404"):
        await yt.request("GET", "api/tags/a%2Fb/%2E%2E/x")
    assert server.requests[0].raw_path == "/api/tags/a%2Fb/%2E%2E/x"


async def test_503_with_retry_after_is_retried_for_post(
    server: Any, client_factory: ClientFactory, record_sleeps: RecordSleeps
) -> None:
    server.route("POST", "/api/commands", _statuses(503, 503, 200, headers={"Retry-After": "2"}))
    yt = client_factory(server.url)
    sleeps = record_sleeps(yt)
    assert await yt.request("POST", "api/commands", json={"query": "tag x"}) == {"ok": True}
    assert sleeps == [2.0, 2.0]
    assert [r.body for r in server.requests] == [b'{"query":"tag x"}'] * 3


async def test_429_with_an_http_date_retry_after_is_retried(
    server: Any, client_factory: ClientFactory, record_sleeps: RecordSleeps
) -> None:
    date = email.utils.formatdate(time.time() + 3600, usegmt=True)
    server.route("GET", "/api/x", _statuses(429, 200, headers={"Retry-After": date}))
    yt = client_factory(server.url, retry=RetryPolicy(max_retry_after=7200, deadline=None))
    sleeps = record_sleeps(yt)
    assert await yt.request("GET", "api/x") == {"ok": True}
    assert len(sleeps) == 1
    assert 3500 < sleeps[0] <= 3600


async def test_a_retry_after_past_the_cap_raises_at_once(
    server: Any, client_factory: ClientFactory, record_sleeps: RecordSleeps
) -> None:
    server.route("GET", "/api/x", _statuses(429, 200, headers={"Retry-After": "120"}))
    yt = client_factory(server.url)
    sleeps = record_sleeps(yt)
    with pytest.raises(RateLimitError) as info:
        await yt.request("GET", "api/x")
    assert info.value.retry_after == 120.0
    assert sleeps == []
    assert len(server.requests) == 1


async def test_post_is_not_retried_on_500(
    server: Any, client_factory: ClientFactory, record_sleeps: RecordSleeps
) -> None:
    server.route("POST", "/api/issues", _statuses(500, 200))
    yt = client_factory(server.url)
    sleeps = record_sleeps(yt)
    with pytest.raises(ServerError) as info:
        await yt.request("POST", "api/issues", json={"summary": "x"})
    assert info.value.may_have_been_applied is True
    assert len(server.requests) == 1
    assert sleeps == []


async def test_get_is_retried_on_500_502_504(
    server: Any, client_factory: ClientFactory, record_sleeps: RecordSleeps
) -> None:
    server.route("GET", "/api/x", _statuses(500, 502, 504, 200))
    yt = client_factory(server.url)
    record_sleeps(yt)
    assert await yt.request("GET", "api/x") == {"ok": True}
    assert len(server.requests) == 4


async def test_idempotent_flag_overrides_the_method(
    server: Any, client_factory: ClientFactory, record_sleeps: RecordSleeps
) -> None:
    server.route("POST", "/api/count", _statuses(502, 200))
    server.route("GET", "/api/x", _statuses(502, 200))
    yt = client_factory(server.url)
    record_sleeps(yt)
    assert await yt.request("POST", "api/count", json={}, idempotent=True) == {"ok": True}
    with pytest.raises(ServerError) as info:
        await yt.request("GET", "api/x", idempotent=False)
    assert info.value.may_have_been_applied is True
    assert len(server.requests) == 3


async def test_retries_stop_after_max_retries(
    server: Any, client_factory: ClientFactory, record_sleeps: RecordSleeps
) -> None:
    server.route("GET", "/api/x", _statuses(503, 503, 503, 503, 503))
    yt = client_factory(server.url, retry=RetryPolicy(max_retries=2))
    assert len(record_sleeps(yt)) == 0
    with pytest.raises(ServerError):
        await yt.request("GET", "api/x")
    assert len(server.requests) == 3


async def test_max_retries_zero_disables_retries(
    server: Any, client_factory: ClientFactory
) -> None:
    server.route("GET", "/api/x", _statuses(503, 200))
    yt = client_factory(server.url, retry=RetryPolicy(max_retries=0))
    with pytest.raises(ServerError):
        await yt.request("GET", "api/x")
    assert len(server.requests) == 1


async def test_a_one_shot_body_is_never_retried(
    server: Any, client_factory: ClientFactory, record_sleeps: RecordSleeps
) -> None:
    server.route("POST", "/api/up", _statuses(503, 200))

    async def chunks() -> Any:
        yield b"part"

    yt = client_factory(server.url)
    sleeps = record_sleeps(yt)
    with pytest.raises(ServerError):
        await yt.request("POST", "api/up", data=chunks())
    assert sleeps == []


def _drop(request: web.Request) -> Any:
    assert request.transport is not None
    request.transport.close()
    raise ConnectionResetError


async def test_a_dropped_connection_is_retried_for_get_only(
    server: Any, client_factory: ClientFactory, record_sleeps: RecordSleeps
) -> None:
    calls = iter([True, False])

    async def flaky(request: web.Request) -> web.Response:
        if next(calls):
            _drop(request)
        return web.json_response({"ok": True})

    async def always_drop(request: web.Request) -> web.Response:
        _drop(request)
        raise AssertionError

    server.route("GET", "/api/x", flaky)
    server.route("POST", "/api/issues", always_drop)
    yt = client_factory(server.url)
    record_sleeps(yt)
    assert await yt.request("GET", "api/x") == {"ok": True}
    with pytest.raises(APIConnectionError) as info:
        await yt.request("POST", "api/issues", json={})
    assert info.value.request_sent is True
    assert info.value.may_have_been_applied is True
    assert isinstance(info.value.__cause__, aiohttp.ClientError)
    assert [r.method for r in server.requests] == ["GET", "GET", "POST"]


@pytest.fixture
def unlistened_socket() -> Iterator[socket.socket]:
    """A bound socket that is not listening yet: connecting to it is refused."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    yield sock
    sock.close()


async def test_connect_errors_are_retried_even_for_post(
    unlistened_socket: socket.socket, client_factory: ClientFactory
) -> None:
    port = unlistened_socket.getsockname()[1]
    received: list[bytes] = []

    async def create(request: web.Request) -> web.Response:
        received.append(await request.read())
        return web.json_response({"id": "2-1"})

    app = web.Application()
    app.router.add_post("/api/issues", create)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    yt = client_factory(f"http://127.0.0.1:{port}")
    waits: list[float] = []

    async def sleep(delay: float) -> None:
        # The server comes up during the second backoff wait.
        waits.append(delay)
        if len(waits) == 2:
            await web.SockSite(runner, unlistened_socket).start()

    yt._retrier.sleep = sleep
    try:
        assert await yt.request("POST", "api/issues", json={"summary": "x"}) == {"id": "2-1"}
    finally:
        await runner.cleanup()
    assert len(waits) == 2
    assert received == [b'{"summary":"x"}']


async def test_connect_errors_say_nothing_was_sent(
    unlistened_socket: socket.socket, client_factory: ClientFactory, record_sleeps: RecordSleeps
) -> None:
    port = unlistened_socket.getsockname()[1]
    yt = client_factory(f"http://127.0.0.1:{port}")
    sleeps = record_sleeps(yt)
    with pytest.raises(APIConnectionError, match="cannot connect") as info:
        await yt.request("POST", "api/issues", json={})
    assert info.value.request_sent is False
    assert info.value.may_have_been_applied is False
    assert isinstance(info.value.__cause__, aiohttp.ClientConnectorError)
    assert len(sleeps) == 3


async def test_a_hung_server_times_out(server: Any, client_factory: ClientFactory) -> None:
    server.route("GET", "/api/hang", server.hang)
    yt = client_factory(server.url, timeout=0.2, retry=RetryPolicy(max_retries=0))
    with pytest.raises(APITimeoutError, match="timed out") as info:
        await yt.request("GET", "api/hang")
    assert isinstance(info.value.__cause__, asyncio.TimeoutError)
    assert yt.in_flight == 0


async def test_sock_read_timeout_applies(server: Any, client_factory: ClientFactory) -> None:
    server.route("GET", "/api/hang", server.hang)
    yt = client_factory(
        server.url,
        timeout=aiohttp.ClientTimeout(total=None, sock_read=0.2),
        retry=RetryPolicy(max_retries=0),
    )
    with pytest.raises(APITimeoutError):
        await yt.request("GET", "api/hang")


async def test_a_per_call_timeout_overrides_the_client(
    server: Any, client_factory: ClientFactory
) -> None:
    server.route("POST", "/api/hang", server.hang)
    yt = client_factory(server.url)
    with pytest.raises(APITimeoutError) as info:
        await yt.request("POST", "api/hang", json={}, timeout=0.2)
    assert info.value.may_have_been_applied is True
    assert len(server.requests) == 1


async def test_the_deadline_bounds_a_call(server: Any, client_factory: ClientFactory) -> None:
    server.route("GET", "/api/hang", server.hang)
    yt = client_factory(server.url, retry=RetryPolicy(deadline=0.3))
    with pytest.raises(APITimeoutError, match="deadline"):
        await yt.request("GET", "api/hang")


async def test_an_html_page_says_check_the_base_url(
    server: Any, client_factory: ClientFactory
) -> None:
    async def page(request: web.Request) -> web.Response:
        return web.Response(text="<html><body>YouTrack</body></html>", content_type="text/html")

    server.route("GET", "/wrong/api/users/me", page)
    yt = client_factory(f"{server.url}wrong")
    with pytest.raises(UnexpectedResponseError, match="check the base URL"):
        await yt.request("GET", "api/users/me")


async def test_an_empty_200_is_none(server: Any, client_factory: ClientFactory) -> None:
    async def empty(request: web.Request) -> web.Response:
        return web.Response(status=200)

    server.route("POST", "/api/commands", empty)
    yt = client_factory(server.url)
    assert await yt.request("POST", "api/commands", json={"query": "x"}) is None


async def test_large_bodies_are_read_whole(server: Any, client_factory: ClientFactory) -> None:
    payload = [{"id": f"2-{i}", "summary": "x" * 200} for i in range(5000)]

    async def big(request: web.Request) -> web.Response:
        return web.json_response(payload)

    server.route("GET", "/api/issues", big)
    yt = client_factory(server.url)
    assert await yt.request("GET", "api/issues") == payload


async def test_multipart_uploads_get_a_boundary(server: Any, client_factory: ClientFactory) -> None:
    server.json("POST", "/api/issues/SP-1/attachments", [{"id": "7-1"}])
    yt = client_factory(server.url)
    form = aiohttp.FormData()
    form.add_field("files[0]", b"hello", filename="a.txt", content_type="text/plain")
    assert await yt.request("POST", "api/issues/SP-1/attachments", data=form) == [{"id": "7-1"}]
    sent = server.requests[0]
    content_type = sent.headers["Content-Type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    boundary = content_type.split("boundary=", 1)[1].strip('"')
    assert sent.body.startswith(f"--{boundary}".encode())
    assert b'name="files[0]"; filename="a.txt"' in sent.body
    assert b"\r\n\r\nhello\r\n" in sent.body


async def test_json_bodies_arrive_with_content_type(
    server: Any, client_factory: ClientFactory
) -> None:
    async def echo(request: web.Request) -> web.Response:
        return web.json_response(
            {"type": request.headers["Content-Type"], "body": json.loads(await request.read())}
        )

    server.route("POST", "/api/issues", echo)
    yt = client_factory(server.url)
    result = await yt.request("POST", "api/issues", json={"summary": "Größe"})
    assert result == {"type": "application/json", "body": {"summary": "Größe"}}
