"""The token never shows: logs (with tracing at DEBUG), reprs, errors, tracebacks."""

from __future__ import annotations

import logging
import socket
import traceback
from collections.abc import Callable
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from aioyoutrack import (
    APIConnectionError,
    AuthenticationError,
    ConfigurationError,
    YouTrack,
    YouTrackError,
)

ClientFactory = Callable[..., YouTrack]
# Module constants, not locals: tracebacks rendered with locals include the test's own
# frame, which must not be what leaks the token.
TOKEN = "perm:c2VjcmV0.dGVzdA==.TracebackLeakCheck99"
BAD_TOKEN = "perm:abc def-SECRETPART"
GOOD_TOKEN = "perm:GOODTOKENVALUE"
_trace_log = logging.getLogger("tests.core.trace")


def _logging_trace() -> aiohttp.TraceConfig:
    """A trace config that logs everything aiohttp hands it, headers included."""
    trace = aiohttp.TraceConfig()

    async def log(session: Any, context: Any, params: Any) -> None:
        _trace_log.debug("trace %r", params)

    trace.on_request_start.append(log)
    trace.on_request_end.append(log)
    trace.on_request_exception.append(log)
    trace.on_request_headers_sent.append(log)
    trace.on_connection_create_end.append(log)
    return trace


def _renderings(error: BaseException) -> list[str]:
    return [
        str(error),
        repr(error),
        "".join(traceback.format_exception(error)),
        "".join(traceback.TracebackException.from_exception(error, capture_locals=True).format()),
    ]


async def test_the_token_never_appears_in_logs_errors_or_tracebacks(
    server: Any, client_factory: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    statuses = iter([503, 200])

    async def flaky(request: web.Request) -> web.Response:
        return web.json_response({"error": "busy"}, status=next(statuses))

    server.route("GET", "/api/x", flaky)
    server.json("GET", "/api/users/me", {"error": "unauthorized"}, status=401)
    yt = client_factory(server.url, token=TOKEN, trace_configs=[_logging_trace()])
    errors: list[BaseException] = []
    with caplog.at_level(logging.DEBUG):
        assert await yt.request("GET", "api/x") == {"error": "busy"}
        with pytest.raises(AuthenticationError) as info:
            await yt.request("GET", "api/users/me")
        errors.append(info.value)
    assert "trace" in caplog.text
    assert "retrying GET" in caplog.text
    assert "Authorization" in caplog.text  # the header is logged, masked
    assert TOKEN not in caplog.text
    assert TOKEN.split(".")[-1] not in caplog.text
    for error in errors:
        for text in _renderings(error):
            assert TOKEN.split(".")[-1] not in text
    assert TOKEN not in repr(yt)
    assert TOKEN not in repr(vars(yt))
    # ... while the server does get it.
    assert server.requests[0].headers["Authorization"] == f"Bearer {TOKEN}"


async def test_connection_errors_and_their_causes_do_not_show_the_token(
    client_factory: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yt = client_factory(
            f"http://127.0.0.1:{sock.getsockname()[1]}",
            token=TOKEN,
            trace_configs=[_logging_trace()],
        )
        with caplog.at_level(logging.DEBUG), pytest.raises(APIConnectionError) as info:
            await yt.request("POST", "api/issues", json={"summary": "x"})
    assert info.value.__cause__ is not None
    for text in _renderings(info.value):
        assert TOKEN.split(".")[-1] not in text
    assert TOKEN.split(".")[-1] not in caplog.text


def test_configuration_errors_with_bad_tokens_do_not_show_them() -> None:
    with pytest.raises(ConfigurationError) as info:
        YouTrack("https://host", BAD_TOKEN)
    for text in _renderings(info.value):
        assert "SECRETPART" not in text


@pytest.mark.parametrize(
    "url",
    [None, "", "ftp://host", "https://user:pw@host"],
    ids=["none", "empty", "ftp", "userinfo"],
)
def test_a_bad_url_beside_a_good_token_does_not_show_the_token(
    url: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The URL is checked after the token has left the constructor's locals.
    monkeypatch.delenv("YOUTRACK_URL", raising=False)
    with pytest.raises(ConfigurationError) as info:
        YouTrack(url, TOKEN)
    for text in _renderings(info.value):
        assert TOKEN.split(".")[-1] not in text


def test_errors_for_other_arguments_do_not_show_the_token() -> None:
    with pytest.raises(ConfigurationError) as info:
        YouTrack("https://host", GOOD_TOKEN, max_concurrency=0)
    for text in _renderings(info.value):
        assert "GOODTOKENVALUE" not in text


def test_every_error_is_a_youtrack_error() -> None:
    assert issubclass(APIConnectionError, YouTrackError)
    assert issubclass(ConfigurationError, YouTrackError)
