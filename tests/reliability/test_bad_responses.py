"""Whatever bytes a server answers with, ``yt.request`` returns a value or raises a
``YouTrackError`` that says what was wrong and where (method and URL).

A raw TCP server on loopback sends exactly the generated response: any status, any or
no ``Content-Type``, bodies that are random bytes, invalid UTF-8, truncated or deeply
nested JSON, HTML, empty or huge, YouTrack-shaped errors with wrong types, and broken
HTTP (bad status lines, a Content-Length longer than the body, nothing at all). A few
fixed cases go through FakeYouTrack's fault injection instead.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aioyoutrack import (
    APIConnectionError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    Issue,
    Me,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
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
PATH = "api/things/1"
_STATUS_CLASSES = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}


class RawServer:
    """Answers each connection with ``self.response`` (raw bytes), then closes it."""

    def __init__(self) -> None:
        self.response = b""
        self.port = 0
        self._server: asyncio.AbstractServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    await reader.readexactly(int(line.split(b":", 1)[1]))
            writer.write(self.response)
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()


@pytest.fixture
async def tcp_server() -> AsyncIterator[RawServer]:
    server = RawServer()
    await server.start()
    yield server
    await server.close()


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=6), c, max_size=3),
    max_leaves=10,
)
_error_shaped = st.fixed_dictionaries(
    {},
    optional={
        "error": _json_values,
        "error_description": _json_values,
        "error_children": _json_values,
    },
)


@st.composite
def _json_bytes(draw: st.DrawFn) -> bytes:
    value = draw(st.one_of(_json_values, _error_shaped))
    text = json.dumps(value)
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, max(len(text) - 1, 0)))]  # truncated
    return text.encode()


bodies = st.one_of(
    _json_bytes(),
    st.binary(max_size=64),
    st.sampled_from(
        [
            b"",
            b"   \n",
            b"\xff\xfe\xfa",
            b'{"summary": "\xff\xfe"}',
            b"\xef\xbb\xbf{}",
            b"<!DOCTYPE html><html><body>YouTrack</body></html>",
            b"[" * 5000 + b"]" * 5000,
            b'{"a":' * 2000 + b"1" + b"}" * 2000,
            b'"' + b"x" * 3_000_000 + b'"',
            b"null",
            b"NaN",
            b'{"error": "x", "error_description": 5, "error_children": "no"}',
        ]
    ),
)
content_types = st.sampled_from(
    [
        None,
        "application/json",
        "application/json;charset=utf-8",
        "application/json; charset=latin-1",
        "APPLICATION/JSON",
        "application/problem+json",
        "text/html; charset=utf-8",
        "text/plain",
        "application/octet-stream",
        "image/png",
        "",
    ]
)
statuses = st.sampled_from(
    [200, 201, 202, 400, 401, 403, 404, 405, 409, 418, 422, 429, 500, 502, 503, 504, 599]
)


def _response(status: int, content_type: str | None, body: bytes) -> bytes:
    head = f"HTTP/1.1 {status} Whatever\r\n"
    if content_type is not None:
        head += f"Content-Type: {content_type}\r\n"
    head += f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    return head.encode() + body


broken_http = st.sampled_from(
    [
        b"",
        b"HTTP/1.1 abc Nope\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{}",
        b"HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n{}",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nxx\r\n",
        b"\x00\xff\x00garbage\r\n\r\n",
        b"HTTP/1.1 200 OK\r\n" + b"X-Long: " + b"a" * 100_000 + b"\r\n\r\n",
        b"HTTP/9.9 200 OK\r\n\r\n",
        b"HTTP/1.1 302 Found\r\nLocation: http://[::1\r\nContent-Length: 0\r\n\r\n",
        b"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.2:1/x\r\nContent-Length: 0\r\n\r\n",
    ]
)
models = st.sampled_from([None, Issue, list[Issue], Me])
methods = st.sampled_from(["GET", "POST"])


def _check(error: YouTrackError, method: str, status: int | None) -> None:
    message = str(error)
    assert message
    assert f"({method} " in message, message
    assert PATH in message, message
    assert len(message) < 4000, len(message)
    if isinstance(error, APIStatusError) and status is not None:
        assert error.status == status
        expected = _STATUS_CLASSES.get(status, ServerError if status >= 500 else APIStatusError)
        assert type(error) is expected
        applied = method == "POST" and status >= 500 and status != 503
        assert error.may_have_been_applied is applied
        for text in (error.error, error.error_description):
            assert text is None or isinstance(text, str)
    if method == "GET":
        assert not error.may_have_been_applied


async def _error_of(call: Awaitable[Any]) -> YouTrackError | None:
    """The YouTrackError ``call`` raises, or None when it returns (anything else raises)."""
    try:
        await call
    except YouTrackError as error:
        return error
    return None


async def _call(yt: YouTrack, method: str, model: Any) -> Any:
    body = {"summary": "x"} if method == "POST" else None
    return await yt.request(method, PATH, json=body, model=model)


_SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@_SETTINGS
@given(status=statuses, content_type=content_types, body=bodies, method=methods, model=models)
async def test_any_response_is_a_value_or_a_youtrack_error(
    tcp_server: RawServer,
    client_factory: ClientFactory,
    status: int,
    content_type: str | None,
    body: bytes,
    method: str,
    model: Any,
) -> None:
    tcp_server.response = _response(status, content_type, body)
    yt = client_factory(tcp_server.url, retry=RetryPolicy(max_retries=0))
    not_json = bool(content_type) and "json" not in str(content_type).lower()
    try:
        error = await _error_of(_call(yt, method, model))
    finally:
        await yt.aclose()
    if error is None:
        assert 200 <= status < 300
        assert not (not_json and body)
        return
    _check(error, method, status)
    if 200 <= status < 300:
        assert isinstance(error, (UnexpectedResponseError, ResponseValidationError))
        if isinstance(error, UnexpectedResponseError):
            assert "JSON" in str(error)
            # The server said it did it: a write may well have been applied.
            assert error.may_have_been_applied is (method == "POST")
        if not_json and body:
            assert isinstance(error, UnexpectedResponseError)
            assert str(content_type).split(";")[0].strip().lower() in str(error)


@_SETTINGS
@given(response=broken_http, method=methods, model=models)
async def test_broken_http_is_a_connection_error(
    tcp_server: RawServer, client_factory: ClientFactory, response: bytes, method: str, model: Any
) -> None:
    tcp_server.response = response
    yt = client_factory(tcp_server.url, retry=RetryPolicy(max_retries=0))
    try:
        with pytest.raises(YouTrackError) as info:
            await _call(yt, method, model)
    finally:
        await yt.aclose()
    error = info.value
    _check(error, method, None)
    assert isinstance(error, (APIConnectionError, RedirectError)), repr(error)
    if isinstance(error, APIConnectionError):
        # The request went out; only the answer was broken.
        assert error.request_sent
        assert error.may_have_been_applied is (method == "POST")


# --- the same through FakeYouTrack's fault injection ------------------------------------


@pytest.mark.parametrize(
    ("fault", "error_type", "words"),
    [
        (
            {"body": "<html>login</html>", "content_type": "text/html"},
            UnexpectedResponseError,
            "text/html",
        ),
        (
            {"body": b"\xff\xfe{", "content_type": "application/json"},
            UnexpectedResponseError,
            "not valid JSON",
        ),
        (
            {"body": '{"login": ', "content_type": "application/json"},
            UnexpectedResponseError,
            "not valid JSON",
        ),
        ({"body": [1, 2, 3]}, ResponseValidationError, "@ $"),
        ({"body": {"login": 42}}, ResponseValidationError, "$.login"),
        (
            {"status": 500, "body": "<h1>Oops</h1>", "content_type": "text/html"},
            ServerError,
            "HTTP 500",
        ),
        (
            {"status": 400, "body": {"error": 1, "error_description": ["x"]}},
            BadRequestError,
            "HTTP 400",
        ),
        (
            {"status": 200, "body": b"", "content_type": "text/html"},
            ResponseValidationError,
            "empty",
        ),
    ],
)
async def test_fake_faults_with_bad_bodies_give_typed_errors(
    fake: FakeYouTrack,
    client_factory: ClientFactory,
    fault: dict[str, Any],
    error_type: type[YouTrackError],
    words: str,
) -> None:
    fake.faults.add("api/users/me", **fault)
    yt = client_factory(fake.url, token=fake.token, retry=RetryPolicy(max_retries=0))
    with pytest.raises(YouTrackError) as info:
        await yt.request("GET", "api/users/me", model=Me)
    assert type(info.value) is error_type
    assert words in str(info.value)
    assert "(GET " in str(info.value)
    assert "api/users/me" in str(info.value)


@pytest.mark.parametrize(
    ("response", "words"),
    [
        (b"", "closed the connection"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{}", "cut short"),
        (b"HTTP/1.1 abc Nope\r\n\r\n", "not valid HTTP"),
        (b"\x00\xff\x00garbage\r\n\r\n", "not valid HTTP"),
        (b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 100_000 + b"\r\n\r\n", "not valid HTTP"),
    ],
)
async def test_broken_http_errors_say_what_broke(
    tcp_server: RawServer, client_factory: ClientFactory, response: bytes, words: str
) -> None:
    tcp_server.response = response
    yt = client_factory(tcp_server.url, retry=RetryPolicy(max_retries=0))
    with pytest.raises(APIConnectionError) as info:
        await yt.request("GET", PATH)
    message = str(info.value)
    assert words in message
    assert message.count(PATH) == 1  # the URL once, at the end: not repeated by aiohttp


async def test_a_borrowed_session_raising_for_status_still_gives_typed_errors(
    fake: FakeYouTrack,
) -> None:
    # The application's shared session may raise for statuses; the client reads every
    # answer itself, so a 404 stays NotFoundError, with YouTrack's text, sent once.
    async with aiohttp.ClientSession(raise_for_status=True) as session:
        yt = YouTrack(fake.url, fake.token, session=session, retry=RetryPolicy(max_retries=3))
        with pytest.raises(NotFoundError) as info:
            await yt.issues.get("SP-99999")
        assert info.value.error_description == "Entity with id SP-99999 not found"
        assert fake.stats.requests == 1
        fake.faults.add("api/users/me", status=503, retry_after=0, times=1)
        assert (await yt.users.me()).login == "root"  # a 503 is still retried
        await yt.aclose()
