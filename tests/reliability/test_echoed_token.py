"""A server that echoes the request's Authorization back: the token never reaches an
error, whatever the status, the body's encoding, or where in the answer it stands.

A proxy, a login page or a debug endpoint does this; the error must still say what
happened (its status, YouTrack's fields, the excerpt), only with the token masked.
"""

from __future__ import annotations

import json
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from aiohttp import web

from aioyoutrack import (
    AuthenticationError,
    RedirectError,
    UnexpectedResponseError,
    YouTrack,
    YouTrackError,
)

ClientFactory = Callable[..., YouTrack]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# A module constant, not a local: a traceback with locals shows the test's own frame.
TOKEN = "perm:ZWNobw==.NDgtMQ==.ab/cd+efEchoedToken"


def _renderings(error: BaseException) -> str:
    captured = traceback.TracebackException.from_exception(error, capture_locals=True)
    attributes = " ".join(repr(value) for value in vars(error).values())
    return " ".join([str(error), repr(error), attributes, "".join(captured.format())])


def _assert_masked(error: BaseException) -> None:
    text = _renderings(error)
    for form in (TOKEN, TOKEN.replace("/", "\\/"), quote(TOKEN, safe="")):
        assert form not in text
    assert "***" in text


def _echo(
    status: int, content_type: str, shape: Callable[[str], str] = str
) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def handler(request: web.Request) -> web.Response:
        echoed = shape(request.headers["Authorization"])
        return web.Response(status=status, text=echoed, content_type=content_type)

    return handler


@pytest.mark.parametrize(
    "handler",
    [
        _echo(200, "text/html", lambda auth: f"<html>Authorization={auth}</html>"),
        _echo(200, "application/json", lambda auth: '{"broken": "' + auth),
        _echo(400, "text/plain", lambda auth: f"bad header {auth}"),
        _echo(
            401,
            "application/json",
            lambda auth: json.dumps({"error": "unauthorized", "error_description": auth}).replace(
                "/", "\\/"
            ),
        ),
        _echo(
            403,
            "application/json",
            # Every character \u-escaped: only the decoded fields show the token.
            lambda auth: (
                '{"error": "forbidden", "error_description": "'
                + "".join(f"\\u{ord(c):04x}" for c in auth)
                + '"}'
            ),
        ),
    ],
    ids=["html-200", "broken-json-200", "text-400", "json-slash-escaped-401", "json-u-escaped-403"],
)
async def test_an_echoed_token_is_masked_in_the_error(
    server: Any, client_factory: ClientFactory, handler: Handler
) -> None:
    server.handler = handler
    yt = client_factory(server.url, token=TOKEN)
    with pytest.raises(YouTrackError) as info:
        await yt.users.me()
    _assert_masked(info.value)


async def test_youtrack_fields_are_kept_but_for_the_token(
    server: Any, client_factory: ClientFactory
) -> None:
    async def handler(request: web.Request) -> web.Response:
        body = {"error": "unauthorized", "error_description": f"token {TOKEN} revoked"}
        return web.json_response(body, status=401, headers={"X-Echo": TOKEN})

    server.handler = handler
    yt = client_factory(server.url, token=TOKEN)
    with pytest.raises(AuthenticationError) as info:
        await yt.users.me()
    assert info.value.error == "unauthorized"
    assert info.value.error_description == "token *** revoked"
    assert info.value.headers["X-Echo"] == "***"
    _assert_masked(info.value)


async def test_a_page_served_instead_of_a_download_is_masked(
    server: Any, client_factory: ClientFactory, tmp_path: Path
) -> None:
    server.handler = _echo(200, "text/html", lambda auth: f"<p>{auth}</p>")
    yt = client_factory(server.url, token=TOKEN)
    with pytest.raises(UnexpectedResponseError) as info:
        await yt.issues.attachments.save("api/files/1", tmp_path / "a.png")
    _assert_masked(info.value)


@pytest.mark.parametrize("encode", [lambda auth: auth.replace(" ", "+"), quote])
async def test_a_token_echoed_into_a_location_is_masked(
    server: Any, client_factory: ClientFactory, encode: Callable[[str], str]
) -> None:
    async def handler(request: web.Request) -> web.Response:
        target = "https://sso.example/login?auth=" + encode(request.headers["Authorization"])
        raise web.HTTPFound(target)

    server.handler = handler
    yt = client_factory(server.url, token=TOKEN)
    with pytest.raises(RedirectError) as info:
        await yt.users.me()
    assert info.value.location is not None
    assert info.value.location.startswith("https://sso.example/login?auth=")
    _assert_masked(info.value)
