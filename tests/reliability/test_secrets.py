"""The token never shows, and never travels anywhere but the configured origin.

With every logger at DEBUG and a trace config that logs everything aiohttp hands it, a
workload meeting every kind of failure runs against FakeYouTrack; the token must not
appear in the log, in the ``repr`` of the client, its resources or any model, in any
error (message, repr, traceback with chained causes, traceback with locals), or in the
fake's request log. Redirects to another host, another port, or from https to plain
http (two loopback servers, one with TLS) are refused, and the other server never sees
a request.
"""

from __future__ import annotations

import json
import logging
import pickle
import traceback
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from aioyoutrack import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    CustomFieldError,
    RedirectError,
    ResponseValidationError,
    RetryPolicy,
    ServerError,
    UnexpectedResponseError,
    YouTrack,
    YouTrackError,
)
from aioyoutrack.testing import FakeYouTrack

ClientFactory = Callable[..., YouTrack]
ServerFactory = Callable[..., Awaitable[Any]]
_trace_log = logging.getLogger("tests.reliability.trace")


def _secret_of(token: str) -> str:
    """The part of a permanent token that is unique to it (after the last dot)."""
    return token.rsplit(".", 1)[-1]


def _tracing() -> aiohttp.TraceConfig:
    """Logs the repr of every trace event's parameters, headers included."""
    trace = aiohttp.TraceConfig()

    async def log(session: Any, context: Any, params: Any) -> None:
        _trace_log.debug("trace %r", params)

    for signal in (
        trace.on_request_start,
        trace.on_request_headers_sent,
        trace.on_request_chunk_sent,
        trace.on_response_chunk_received,
        trace.on_request_end,
        trace.on_request_exception,
        trace.on_request_redirect,
        trace.on_connection_create_end,
        trace.on_connection_reuseconn,
    ):
        signal.append(log)
    return trace


def _safe_repr(value: object) -> str:
    try:
        return repr(value)
    except Exception as exc:  # a half-built object, say: shown as a debugger would
        return f"<repr failed: {exc!r}>"


def _locals_of(error: BaseException) -> str:
    """Every local of every frame of the error, its causes and contexts, repr'd: what a
    traceback with locals (``capture_locals=True``, Sentry, a debugger) shows."""
    lines: list[str] = []
    pending: list[BaseException | None] = [error]
    seen: set[int] = set()
    while pending:
        exc = pending.pop()
        if exc is None or id(exc) in seen:
            continue
        seen.add(id(exc))
        tb = exc.__traceback__
        while tb is not None:
            lines.extend(f"{k}={_safe_repr(v)}" for k, v in tb.tb_frame.f_locals.items())
            tb = tb.tb_next
        pending += [exc.__cause__, exc.__context__]
        pending += getattr(exc, "exceptions", ())  # exception groups
    return "\n".join(lines)


def _renderings(error: BaseException) -> list[str]:
    texts = [str(error), repr(error), "".join(traceback.format_exception(error))]
    if not isinstance(error, ResponseValidationError):
        # See test_convert_bugs.py: the standard library's rendering with locals
        # cannot repr a half-built model; _locals_of covers those frames instead.
        stdlib = traceback.TracebackException.from_exception(error, capture_locals=True)
        texts.append("".join(stdlib.format()))
    texts.append(_locals_of(error))
    return texts


async def _failures(fake: FakeYouTrack, yt: YouTrack) -> list[YouTrackError]:
    """Run calls that fail in every way a call can; return their errors."""
    faults = fake.faults
    expected: list[tuple[type[YouTrackError], Callable[[], Awaitable[Any]]]] = [
        (AuthenticationError, lambda: yt.request("GET", "api/admin/projects/0-9")),
        (ServerError, lambda: yt.issues.comments.add("SP-2", "boom")),
        (APIConnectionError, lambda: yt.issues.comments.add("SP-3", "dropped")),
        (APITimeoutError, lambda: yt.users.me()),
        (RedirectError, lambda: yt.issues.get("SP-4")),
        (UnexpectedResponseError, lambda: yt.issues.get("SP-5")),
        (ResponseValidationError, lambda: yt.issues.get("SP-6")),
        (CustomFieldError, lambda: yt.issues.update("SP-7", fields={"Priority": "Nope"})),
    ]
    faults.add("api/admin/projects/0-9", status=401, times=1)
    faults.add("api/issues/SP-2/comments", status=500, times=1)
    faults.add("api/issues/SP-3/comments", drop_connection="after", times=1)
    faults.add("api/users/me", delay=5, times=2)  # the call and its one retry
    faults.add("api/issues/SP-4", redirect_to="http://localhost:1/api/issues/SP-4", times=1)
    faults.add("api/issues/SP-5", body="<html>login</html>", content_type="text/html", times=1)
    faults.add("api/issues/SP-6", body={"idReadable": 6}, times=1)
    errors = []
    for error_type, call in expected:
        with pytest.raises(error_type) as info:
            await call()
        errors.append(info.value)
    return errors


async def test_the_token_shows_nowhere_whatever_happens(
    fake: FakeYouTrack, client_factory: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    token = fake.token
    secret = _secret_of(token)
    yt = client_factory(
        fake.url,
        token=token,
        timeout=0.5,
        retry=RetryPolicy(max_retries=1, backoff_initial=0.001, deadline=None),
        trace_configs=[_tracing()],
    )
    fake.faults.add("api/issues/SP-1", status=503, retry_after=0, times=1)
    with caplog.at_level(logging.DEBUG):
        issue = await yt.issues.get("SP-1")  # retried once, then fine
        me = await yt.users.me()
        created = await yt.issues.create("SP", "secret check", fields={"Priority": "Major"})
        errors = await _failures(fake, yt)

    assert "retrying GET" in caplog.text
    assert "Authorization" in caplog.text  # the headers were logged, masked
    assert secret not in caplog.text
    for error in errors:
        for text in _renderings(error):
            assert secret not in text, type(error).__name__
    shown = [repr(yt), str(vars(yt)), repr(issue), repr(me), repr(created)]
    shown += [repr(value) for value in vars(yt).values()]
    shown += [repr(value) for value in vars(yt.issues).values()]
    for text in shown:
        assert secret not in text
    assert secret not in repr(list(fake.stats.log))
    with pytest.raises(TypeError) as info:
        pickle.dumps(yt)
    assert secret not in str(info.value)
    # ... while the token did reach the fake, which authenticated every request with it.
    answered = [r for r in fake.stats.log if not r.fault]
    assert answered
    assert all(r.authorized and r.user == "root" for r in answered)


def _redirecting(location: str, status: int = 307) -> Callable[[web.Request], Any]:
    async def redirect(request: web.Request) -> web.Response:
        return web.Response(status=status, headers={"Location": location})

    return redirect


async def _answer(request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


@pytest.mark.parametrize("status", [302, 307])
@pytest.mark.parametrize(
    "where", ["http other port", "http same port", "https other port", "other host"]
)
async def test_redirects_leaving_an_https_origin_are_refused_and_never_sent(
    server_factory: ServerFactory,
    client_factory: ClientFactory,
    tls_session: aiohttp.ClientSession,
    token: str,
    status: int,
    where: str,
) -> None:
    plain = await server_factory()
    other_tls = await server_factory(https=True)
    secure = await server_factory(https=True)
    plain.handler = other_tls.handler = _answer
    location = {
        "http other port": f"http://127.0.0.1:{plain.port}/api/users/me",
        "http same port": f"http://127.0.0.1:{secure.port}/api/users/me",
        "https other port": f"https://127.0.0.1:{other_tls.port}/api/users/me",
        # The certificate is valid for localhost too: only the origin rule stops it.
        "other host": f"https://localhost:{secure.port}/api/users/me",
    }[where]
    secure.handler = _redirecting(location, status)
    yt = client_factory(secure.url, session=tls_session)
    for method in ("GET", "POST"):
        with pytest.raises(RedirectError) as info:
            await yt.request(method, "api/users/me", json={"a": 1} if method == "POST" else None)
        assert info.value.location == location
        assert info.value.status == status
    assert plain.requests == other_tls.requests == []
    assert len(secure.requests) == 2  # the two original requests, nothing followed
    assert secure.requests[0].headers["Authorization"] == f"Bearer {token}"


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.1:{other}/api/x",
        "//127.0.0.1:{other}/api/x",
        "http://localhost:{port}/api/x",
        "http://user:pw@127.0.0.1:{port}/api/x",
        "https://127.0.0.1:{port}/api/x",
    ],
)
async def test_redirects_leaving_an_http_origin_are_refused_and_never_sent(
    server_factory: ServerFactory, client_factory: ClientFactory, location: str
) -> None:
    origin, other = await server_factory(), await server_factory()
    other.handler = _answer
    target = location.format(port=origin.port, other=other.port)
    origin.handler = _redirecting(target, 302)
    yt = client_factory(origin.url)
    with pytest.raises(RedirectError) as info:
        await yt.request("GET", "api/start")
    assert "refused" in str(info.value)
    assert other.requests == []
    assert len(origin.requests) == 1


async def test_a_chain_is_refused_at_the_hop_that_leaves(
    server_factory: ServerFactory, client_factory: ClientFactory, token: str
) -> None:
    origin, other = await server_factory(), await server_factory()
    other.handler = _answer

    async def hops(request: web.Request) -> web.Response:
        if request.path == "/api/start":
            return web.Response(status=302, headers={"Location": "/api/next"})
        return web.Response(status=307, headers={"Location": f"{other.url}api/x"})

    origin.handler = hops
    yt = client_factory(origin.url)
    with pytest.raises(RedirectError):
        await yt.request("GET", "api/start")
    assert [r.raw_path for r in origin.requests] == ["/api/start", "/api/next"]
    assert all(r.headers["Authorization"] == f"Bearer {token}" for r in origin.requests)
    assert other.requests == []


async def test_a_same_origin_redirect_is_followed_with_the_token(
    server_factory: ServerFactory,
    client_factory: ClientFactory,
    tls_session: aiohttp.ClientSession,
    token: str,
) -> None:
    secure = await server_factory(https=True)

    async def moved(request: web.Request) -> web.Response:
        if request.path == "/api/old":
            return web.Response(status=301, headers={"Location": f"{secure.url}api/new"})
        return web.json_response({"here": True})

    secure.handler = moved
    yt = client_factory(secure.url, session=tls_session)
    assert await yt.request("GET", "api/old") == {"here": True}
    assert [r.raw_path for r in secure.requests] == ["/api/old", "/api/new"]
    assert all(r.headers["Authorization"] == f"Bearer {token}" for r in secure.requests)


@pytest.mark.parametrize(
    ("status", "content_type"),
    [(400, "application/json"), (503, "application/json"), (500, "text/html"), (404, "text/plain")],
)
async def test_a_server_echoing_the_token_puts_it_in_no_error(
    server: Any,
    client_factory: Callable[..., YouTrack],
    caplog: pytest.LogCaptureFixture,
    token: str,
    status: int,
    content_type: str,
) -> None:
    # A debugging proxy or a broken server that repeats the request's headers back.
    async def echo(request: web.Request) -> web.Response:
        said = f"upstream rejected {request.headers.get('Authorization')}"
        body = json.dumps({"error": "bad", "error_description": said})
        return web.Response(status=status, text=body, content_type=content_type)

    server.handler = echo
    yt = client_factory(server.url, retry=RetryPolicy(max_retries=1, backoff_initial=0.001))
    caplog.set_level(logging.DEBUG, logger="aioyoutrack")
    with pytest.raises(YouTrackError) as caught:
        await yt.users.me()
    error = caught.value
    assert error.__traceback__ is not None
    library_frames = error.__traceback__.tb_next  # not this test's, which holds the token
    rendered = "".join(
        traceback.TracebackException(
            type(error), error, library_frames, capture_locals=True
        ).format()
    )
    for text in (str(error), repr(error), rendered, caplog.text, repr(vars(error))):
        assert token not in text
        assert token.rsplit(".", 1)[-1] not in text
    assert "***" in str(error)  # what was echoed stays visible, masked
