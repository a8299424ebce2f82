"""A server that echoes the request's Authorization back: the token never reaches an
error, whatever the status, the body's encoding, or where in the answer it stands.

A proxy, a login page or a debug endpoint does this; the error must still say what
happened (its status, YouTrack's fields, the excerpt), only with the token masked.
"""

from __future__ import annotations

import asyncio
import json
import re
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

import attrs
import pytest
from aiohttp import web

from aioyoutrack import (
    APIConnectionError,
    AuthenticationError,
    BadRequestError,
    CustomFieldError,
    InvalidRequestError,
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


async def _error_of(
    server: Any,
    client_factory: ClientFactory,
    handler: Handler,
    call: Callable[[YouTrack], Awaitable[Any]] = lambda yt: yt.users.me(),
    **options: Any,
) -> YouTrackError:
    """What ``call`` raises against ``handler`` (no retries): the test's frame, which a
    traceback with locals shows, never holds the token."""
    server.handler = handler
    options.setdefault("retry", RetryPolicy(max_retries=0))
    yt = client_factory(server.url, token=TOKEN, **options)
    with pytest.raises(YouTrackError) as info:
        await call(yt)
    return info.value


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
    _assert_masked(await _error_of(server, client_factory, handler))


def _raw_content_type(status: int, shape: Callable[[str], str]) -> Handler:
    async def handler(request: web.Request) -> web.Response:
        # A raw header: aiohttp's content_type= would check and normalise it.
        echoed = shape(request.headers["Authorization"].removeprefix("Bearer "))
        return web.Response(status=status, body=b"<html></html>", headers={"Content-Type": echoed})

    return handler


@pytest.mark.parametrize("status", [200, 400])
@pytest.mark.parametrize("shape", [str, str.lower, str.upper], ids=["as-sent", "lower", "upper"])
async def test_a_token_echoed_in_any_case_is_masked(
    server: Any, client_factory: ClientFactory, status: int, shape: Callable[[str], str]
) -> None:
    """A media type is lower-cased where it is compared and shown, so an echo there
    comes back in another case than the token's (review: it reached the message)."""
    error = await _error_of(server, client_factory, _raw_content_type(status, shape))
    text = _renderings(error)
    for form in (TOKEN, TOKEN.lower(), TOKEN.upper()):
        assert form not in text
    assert "***" in text
    cased = await _error_of(
        server, client_factory, _echo(400, "text/plain", lambda auth: f"bad {shape(auth)}")
    )
    assert shape(TOKEN) not in _renderings(cased)


async def test_youtrack_fields_are_kept_but_for_the_token(
    server: Any, client_factory: ClientFactory
) -> None:
    async def handler(request: web.Request) -> web.Response:
        body = {"error": "unauthorized", "error_description": f"token {TOKEN} revoked"}
        return web.json_response(body, status=401, headers={"X-Echo": TOKEN})

    error = await _error_of(server, client_factory, handler)
    assert isinstance(error, AuthenticationError)
    assert error.error == "unauthorized"
    assert error.error_description == "token *** revoked"
    assert error.headers["X-Echo"] == "***"
    _assert_masked(error)


async def test_a_page_served_instead_of_a_download_is_masked(
    server: Any, client_factory: ClientFactory, tmp_path: Path
) -> None:
    page = _echo(200, "text/html", lambda auth: f"<p>{auth}</p>")
    error = await _error_of(
        server,
        client_factory,
        page,
        lambda yt: yt.issues.attachments.save("api/files/1", tmp_path / "a.png"),
    )
    assert isinstance(error, UnexpectedResponseError)
    _assert_masked(error)


@pytest.mark.parametrize("encode", [lambda auth: auth.replace(" ", "+"), quote])
async def test_a_token_echoed_into_a_location_is_masked(
    server: Any, client_factory: ClientFactory, encode: Callable[[str], str]
) -> None:
    async def handler(request: web.Request) -> web.Response:
        target = "https://sso.example/login?auth=" + encode(request.headers["Authorization"])
        raise web.HTTPFound(target)

    error = await _error_of(server, client_factory, handler)
    assert isinstance(error, RedirectError)
    assert error.location is not None
    assert error.location.startswith("https://sso.example/login?auth=")
    _assert_masked(error)


async def test_a_followed_redirect_to_a_url_holding_the_token_is_masked_in_errors(
    server: Any, client_factory: ClientFactory
) -> None:
    async def handler(request: web.Request) -> web.StreamResponse:
        if request.path == "/api/a":
            raise web.HTTPFound("/api/b?t=" + request.headers["Authorization"][7:])
        return web.Response(status=500, text="boom")

    error = await _error_of(server, client_factory, handler, lambda yt: yt.request("GET", "api/a"))
    assert isinstance(error, ServerError)
    assert error.url is not None
    assert error.url.endswith("/api/b?t=***")
    _assert_masked(error)


async def test_an_invalid_location_holding_the_token_leaves_no_frames_that_show_it(
    server: Any, client_factory: ClientFactory
) -> None:
    async def handler(request: web.Request) -> web.Response:
        target = "http://127.0.0.1:99999999/?t=" + request.headers["Authorization"][7:]
        return web.Response(status=302, headers={"Location": target})

    error = await _error_of(server, client_factory, handler)
    assert isinstance(error, RedirectError)
    _assert_masked(error)


@pytest.mark.parametrize(
    "encode",
    [
        lambda token: quote(token, safe=":+="),
        lambda token: re.sub("%[0-9A-F]{2}", lambda m: m.group().lower(), quote(token, safe="")),
        lambda token: token.replace("=", "\\u003d"),
        lambda token: "".join(f"&#x{ord(c):x};" if c in ":=/+" else c for c in token),
    ],
    ids=["path-segment", "lowercase-hex", "gson-escaped", "html-escaped"],
)
async def test_encoded_echoes_in_bodies_and_locations_are_masked(
    server: Any, client_factory: ClientFactory, encode: Callable[[str], str]
) -> None:
    async def body(request: web.Request) -> web.Response:
        echoed = encode(request.headers["Authorization"][7:])
        return web.Response(status=502, text=f'["{echoed}"]', content_type="application/json")

    async def location(request: web.Request) -> web.Response:
        raise web.HTTPFound("https://sso.example/login/" + encode(TOKEN))

    for handler in (body, location):
        _assert_masked(await _error_of(server, client_factory, handler))


async def test_a_line_of_http_aiohttp_quotes_is_masked(
    client_factory: ClientFactory,
) -> None:
    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        auth = [line for line in head.split(b"\r\n") if line.startswith(b"Authorization:")]
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nEcho " + auth[0][15:])
        writer.write(b"\r\n\r\n{}")
        await writer.drain()
        writer.close()

    listener = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = listener.sockets[0].getsockname()[1]
    try:
        yt = client_factory(f"http://127.0.0.1:{port}/", token=TOKEN)
        with pytest.raises(APIConnectionError) as info:
            await yt.users.me()
        _assert_masked(info.value)
    finally:
        listener.close()
        await listener.wait_closed()


def _assert_no_start_of_the_token(error: BaseException) -> None:
    # Checked here, not in the test: the test's frame is in the error's traceback.
    assert TOKEN[:12] not in _renderings(error)


async def test_an_echo_cut_by_the_excerpt_is_masked(
    server: Any, client_factory: ClientFactory, tmp_path: Path
) -> None:
    async def page(request: web.Request) -> web.Response:
        echoed = request.headers["Authorization"]
        return web.Response(text="x" * 180 + echoed, content_type="text/html")

    target = tmp_path / "a.png"
    error = await _error_of(
        server, client_factory, page, lambda yt: yt.issues.attachments.save("api/files/1?s", target)
    )
    assert isinstance(error, UnexpectedResponseError)
    _assert_no_start_of_the_token(error)


async def test_an_echo_cut_by_max_response_bytes_is_masked(
    server: Any, client_factory: ClientFactory
) -> None:
    async def large_error(request: web.Request) -> web.Response:
        return web.Response(status=500, text="y" * 60 + request.headers["Authorization"])

    error = await _error_of(server, client_factory, large_error, max_response_bytes=100)
    _assert_no_start_of_the_token(error)


async def test_a_2xx_body_that_echoes_the_token_and_does_not_fit_the_model_is_masked(
    server: Any, client_factory: ClientFactory
) -> None:
    @attrs.define
    class Model:
        state: Literal["open", "closed"]

    async def handler(request: web.Request) -> web.Response:
        return web.json_response({"state": request.headers["Authorization"][7:]})

    error = await _error_of(
        server, client_factory, handler, lambda yt: yt.request("GET", "api/h", model=Model)
    )
    assert isinstance(error, ResponseValidationError)
    assert error.errors
    _assert_masked(error)


async def test_an_encoded_echo_is_masked_and_the_rest_of_the_error_kept_as_sent(
    server: Any, client_factory: ClientFactory
) -> None:
    said = "Cannot parse query project: %22My Project%22 (\u00e9\\u0041); see /api/x?token="

    async def handler(request: web.Request) -> web.Response:
        echoed = quote(request.headers["Authorization"][7:], safe="")
        body = {"error": "bad_request", "error_description": said + echoed}
        return web.json_response(body, status=400)

    error = await _error_of(server, client_factory, handler)
    assert isinstance(error, BadRequestError)
    assert error.error == "bad_request"
    assert error.error_description == said + "***"
    _assert_masked(error)


async def test_the_random_part_of_the_token_echoed_alone_or_in_utf16_is_masked(
    server: Any, client_factory: ClientFactory
) -> None:
    secret = TOKEN.rsplit(".", 1)[1]

    async def alone(request: web.Request) -> web.Response:
        part = request.headers["Authorization"].rsplit(".", 1)[1]
        body = {"error": "invalid_token", "error_description": f"unknown key {part}"}
        return web.json_response(body, status=401)

    async def utf16(request: web.Request) -> web.Response:
        echoed = request.headers["Authorization"].encode("utf-16-le")
        return web.Response(status=500, body=echoed, content_type="text/plain")

    for handler in (alone, utf16):
        error = await _error_of(server, client_factory, handler)
        text = _renderings(error)
        assert secret not in text.replace("\\x00", "").replace("\x00", "")
        assert "***" in text


# --- echoes in successful answers: a download's media type, a cursor, paged items ----


#: A token that a media type can hold whole (``TOKEN``'s ``/``, ``+`` and ``=`` make
#: aiohttp read the echo as no media type at all).
PLAIN_TOKEN = "perm:cm9vdA.NDgtMQ.EchoedPlainToken0123"


def _token_forms() -> tuple[str, ...]:
    forms = (TOKEN, PLAIN_TOKEN)
    return (*forms, *(f.lower() for f in forms), *(f[len("perm:") :] for f in forms))


def _assert_not_shown(error: BaseException) -> None:
    text = _renderings(error)
    assert not [form for form in _token_forms() if form in text]


@pytest.mark.parametrize("shape", [str, str.lower], ids=["as-sent", "lower"])
async def test_a_download_whose_media_type_echoes_the_token_is_refused_masked(
    server: Any, client_factory: ClientFactory, shape: Callable[[str], str]
) -> None:
    """Review: the download's own check of the media type (a page instead of the file)
    showed the server's ``Content-Type`` as it was, token and all."""

    async def handler(request: web.Request) -> web.Response:
        echoed = shape(request.headers["Authorization"].removeprefix("Bearer "))
        headers = {"Content-Type": f"application/{echoed}+json"}
        return web.Response(body=b'{"not": "the file"}', headers=headers)

    async def download(yt: YouTrack) -> None:
        async for _ in yt.issues.attachments.download("api/files/1?sign=x"):
            pass

    server.handler = handler
    yt = client_factory(server.url, token=PLAIN_TOKEN, retry=RetryPolicy(max_retries=0))
    with pytest.raises(UnexpectedResponseError) as info:
        await download(yt)
    error = info.value
    assert error.content_type == "application/***+json"
    _assert_not_shown(error)


async def test_a_stream_response_repr_masks_an_echoed_media_type(
    server: Any, client_factory: ClientFactory
) -> None:
    server.handler = _raw_content_type(200, lambda token: f"application/{token.lower()}+json")
    yt = client_factory(server.url, token=PLAIN_TOKEN)
    async with yt.stream("GET", "api/files/1") as response:
        shown = repr(response)
    assert "***" in shown
    assert not [form for form in _token_forms() if form in shown]


def _cursor_echo(has_after: bool) -> Handler:
    async def handler(request: web.Request) -> web.Response:
        echoed = request.headers["Authorization"].removeprefix("Bearer ")
        item = {"$type": "ActivityItem", "id": f"a-{len(request.query)}"}
        body = {"activities": [item], "afterCursor": echoed, "beforeCursor": echoed}
        return web.json_response({**body, "hasAfter": has_after, "$type": "ActivityCursorPage"})

    return handler


async def _page_through(yt: YouTrack) -> None:
    async for _ in yt.activities.page(["CommentsCategory"]):
        pass


#: A follower tries a body that is not YouTrack's again (logged), as for a proxy's page,
#: until ``max_failures`` in a row: here the first.
_ONCE = {"until_caught_up": True, "max_failures": 1}


async def _follow(yt: YouTrack) -> None:
    async for _ in yt.activities.follow(["CommentsCategory"], cursor="c1", **_ONCE):
        pass


async def _follow_from_now(yt: YouTrack) -> None:
    async for _ in yt.activities.follow(["CommentsCategory"], **_ONCE):
        pass


@pytest.mark.parametrize("has_after", [True, False])
@pytest.mark.parametrize("call", [_page_through, _follow, _follow_from_now])
async def test_a_cursor_that_echoes_the_token_is_refused_and_never_shown(
    server: Any,
    client_factory: ClientFactory,
    call: Callable[[YouTrack], Awaitable[None]],
    has_after: bool,
) -> None:
    """Review: a cursor echoing the token reached the pager's error, its locals and its
    repr; a follower would hand it to ``on_cursor`` to be saved. It is refused."""
    error = await _error_of(server, client_factory, _cursor_echo(has_after), call)
    assert isinstance(error, UnexpectedResponseError)
    assert "carries the client's token in a cursor" in str(error)
    _assert_not_shown(error)


async def test_paged_items_that_echo_the_token_stay_out_of_a_repeat_errors_locals(
    server: Any, client_factory: ClientFactory
) -> None:
    """Review: a server ignoring ``$skip`` is refused, and the items collected so far
    (here named after the token) stood in the locals a traceback renders."""

    async def same_page(request: web.Request) -> web.Response:
        echoed = request.headers["Authorization"].removeprefix("Bearer ")
        top = int(request.query["$top"])
        return web.json_response([{"id": f"0-{n}", "name": echoed} for n in range(top)])

    error = await _error_of(
        server, client_factory, same_page, lambda yt: yt.projects.list(page_size=10)
    )
    assert isinstance(error, UnexpectedResponseError)
    assert "ignores $skip" in str(error)
    _assert_not_shown(error)


async def test_a_token_too_short_to_be_a_secret_does_not_refuse_cursors(
    server: Any, client_factory: ClientFactory
) -> None:
    """Review: with a test's token ("ab1"), ordinary cursors holding those letters by
    chance were refused as echoes of it."""

    async def feed(request: web.Request) -> web.Response:
        item = {"$type": "ActivityItem", "id": "a-1"}
        body = {"activities": [item], "afterCursor": "AB1xY", "beforeCursor": "xab1"}
        return web.json_response({**body, "hasAfter": False, "$type": "ActivityCursorPage"})

    server.handler = feed
    yt = client_factory(server.url, token="ab1", retry=RetryPolicy(max_retries=0))
    pager = yt.activities.page(["CommentsCategory"])
    assert [item.id for item in await pager] == ["a-1"]
    assert pager.cursor == "AB1xY"


async def test_a_value_name_echoing_the_token_is_masked_in_a_custom_field_error(
    fake: FakeYouTrack,
) -> None:
    # The allowed values a CustomFieldError lists are the schema's, the server's names.
    bundle = next(
        b for b in fake.store.bundles.values() if any(v.name == "Critical" for v in b.values)
    )
    async with YouTrack(fake.url, fake.token) as yt:
        await yt.bundles.enum.add_value(bundle.id, "Leak " + fake.token)
        with pytest.raises(CustomFieldError, match="not one of its values") as info:
            await yt.issues.update("SP-1", fields={"Priority": "Critcal"})
    assert "Leak ***" in str(info.value)
    assert fake.token not in str(info.value)


async def test_ids_echoing_the_token_are_masked_when_a_name_is_ambiguous(
    server: Any, client_factory: Callable[..., YouTrack], token: str
) -> None:
    async def boards(request: web.Request) -> web.Response:
        echo = request.headers["Authorization"].removeprefix("Bearer ")
        if request.query.get("$skip", "0") != "0":
            return web.json_response([])
        return web.json_response(
            [{"id": "1-1", "name": "Board"}, {"id": f"1-2 {echo}", "name": "Board"}]
        )

    server.route(boards)
    yt = client_factory(server.url)
    with pytest.raises(InvalidRequestError, match="2 agile boards are named") as info:
        await yt.agiles.get("Board")
    assert token not in str(info.value)
