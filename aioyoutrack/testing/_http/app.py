"""The aiohttp application of a fake: routing, auth, faults, latency, stats, errors."""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
import re
import traceback
import zlib
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urljoin

from aiohttp import web

from .._faults import Fault
from .._stats import RequestRecord
from .errors import ApiError, unauthorized
from .registry import BODY_ERRORS, EMPTY, Ctx, RouteSpec, load_routes, read_body

if TYPE_CHECKING:
    from .._fake import FakeYouTrack
    from .._state.users import User

__all__ = ["JSON_TYPE", "build_app", "dumps", "json_response"]

JSON_TYPE: Final = "application/json;charset=utf-8"
#: Headers a real server sends on every answer (semantics.md, "Request and response
#: headers": the response headers JetBrains prints in sample 001).
_SERVER_HEADERS: Final = {
    "Server": "YouTrack",
    "Vary": "Accept-Encoding, User-Agent",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "X-XSS-Protection": "1; mode=block",
}
_JSON_HEADERS: Final = {
    "Content-Type": JSON_TYPE,
    "Cache-Control": "no-cache, no-store, no-transform, must-revalidate",
}
#: Smallest JSON body sent gzip-compressed to a client that accepts it (a real server
#: compresses: "Content-Encoding: gzip" in sample 001). Compressing every answer cost the
#: fake's process 25-40 us more CPU per small answer (a project: 147 -> 170-187 us a
#: request, measured over 4 000 requests), which the single-object benchmarks would pay
#: thousands of times to save a few hundred bytes on loopback; with this bound, small
#: answers cost what they cost without compression.
GZIP_MIN_BYTES: Final = 1024
#: zlib level of that gzip. Any level is gzip to the client; level 1 costs a third of
#: zlib's default 6 (250 against 870 us for a 130 KB page of 100 issues, which the paging
#: benchmarks fetch by the hundred), for 7.6 KB against 4.9 KB on loopback. aiohttp's
#: enable_compression() takes no level (and hands bodies over 4 KiB to a thread), so
#: the fake compresses the body itself.
GZIP_LEVEL: Final = 1
_HTML: Final = (
    b'<!DOCTYPE html><html><head><meta charset="utf-8"><title>YouTrack</title></head>'
    b'<body><div id="app-root">Loading...</div></body></html>'
)
logger = logging.getLogger("aioyoutrack.testing")

try:
    import orjson  # type: ignore[import-not-found, unused-ignore]

    def dumps(data: Any) -> bytes:
        """Serialise JSON (orjson when installed)."""
        encoded: bytes = orjson.dumps(data)
        return encoded

except ImportError:  # pragma: no cover - exercised where orjson is absent

    def dumps(data: Any) -> bytes:
        """Serialise JSON (orjson when installed)."""
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def json_response(data: Any, status: int = 200) -> web.Response:
    """A response with a JSON body and YouTrack's content type."""
    return web.Response(status=status, body=dumps(data), headers=_JSON_HEADERS)


def accepts_gzip(accept_encoding: str) -> bool:
    """True when an ``Accept-Encoding`` value allows gzip: ``gzip`` (or ``x-gzip``, or
    else ``*``) listed with a non-zero ``q`` (RFC 9110, 12.5.3)."""
    weights: dict[str, float] = {}
    for item in accept_encoding.lower().split(","):
        coding, *params = (part.strip() for part in item.split(";"))
        weight = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weights[coding] = weight
    for coding in ("gzip", "x-gzip", "*"):
        if coding in weights:
            return weights[coding] > 0
    return False


def _gzip(data: bytes) -> bytes:
    # wbits 31: the gzip container (zlib.compress takes wbits only from Python 3.11).
    packer = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)
    return packer.compress(data) + packer.flush()


def _finish(request: web.Request, response: web.StreamResponse) -> web.StreamResponse:
    """An answer of the fake (not an injected fault's) as a real server sends it: with
    its headers, and gzip-compressed when the body is JSON of GZIP_MIN_BYTES or more
    and the client accepts gzip."""
    response.headers.update(_SERVER_HEADERS)
    if not (
        isinstance(response, web.Response)
        and isinstance(response.body, bytes)
        and len(response.body) >= GZIP_MIN_BYTES
        and response.content_type == "application/json"
        and accepts_gzip(request.headers.get("Accept-Encoding", ""))
    ):
        return response
    headers = response.headers.copy()
    headers["Content-Encoding"] = "gzip"
    headers.popall("Content-Length", None)
    return web.Response(status=response.status, body=_gzip(response.body), headers=headers)


def _error_response(error: ApiError) -> web.Response:
    return json_response(error.body(), error.status)


_Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class _Seen:
    """What the middleware learns about a request from deeper layers."""

    __slots__ = ("dropped", "user")

    def __init__(self) -> None:
        self.user: User | None = None
        self.dropped = False


# Set by the middleware for the task handling one request; the route wrapper records
# the authenticated user in it (aiohttp's request storage keys need 3.12+ to be typed).
_SEEN: contextvars.ContextVar[_Seen] = contextvars.ContextVar("fake_youtrack_seen")


def build_app(fake: FakeYouTrack) -> web.Application:
    """The application serving ``fake`` under its context path."""
    root = fake.root_path
    app = web.Application(middlewares=[_middleware(fake)], client_max_size=64 * 1024 * 1024)
    for spec in load_routes():
        path = _ANY_SEGMENT.sub(r"{\1:[^/]+}", spec.path)
        handler = _wrap(fake, spec)
        # A real server serves "issues/" like "issues": youtrack-sdk (moneymeets), the
        # most-used Python client, has requested GET /api/issues/?... since 2022.
        for variant in (path, f"{path}/"):
            app.router.add_route(spec.method, f"{root}api/{variant}", handler)
    return app


# aiohttp's default variable pattern refuses "{" and "}"; YouTrack takes any id in a
# segment (and answers "not found" for odd ones), so every variable matches a whole one.
_ANY_SEGMENT = re.compile(r"\{(\w+)\}")


def _authenticate(fake: FakeYouTrack, request: web.Request) -> User:
    header = request.headers.get("Authorization")
    store = fake.store
    if header is None:
        guest = store.guest
        if guest.banned:
            raise unauthorized("You are not logged in")
        return guest
    scheme, _, token = header.partition(" ")
    user = store.user_by_token(token.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        raise unauthorized("Invalid or expired token")
    if user.banned:
        raise unauthorized("User is banned")
    return user


def _wrap(fake: FakeYouTrack, spec: RouteSpec) -> _Handler:
    handler = spec.handler
    needs_auth = spec.auth
    custom_fields = spec.custom_fields

    async def handle(request: web.Request) -> web.StreamResponse:
        user = _authenticate(fake, request) if needs_auth else fake.store.guest
        _SEEN.get().user = user
        if request.can_read_body and not request.content_type.startswith("multipart/"):
            # The whole body first, so that a handler runs from looking its entities up
            # to changing them without yielding: a DELETE arriving while the body still
            # streams in cannot leave the write applied to what it deleted.
            await read_body(request)
        result = await handler(Ctx(request, fake, user, custom_fields))
        if isinstance(result, web.StreamResponse):
            return result
        if result is EMPTY:
            return web.Response(status=200)
        return json_response(result)

    return handle


def _relative(root: str, path: str) -> str:
    return path[len(root) :] if path.startswith(root) else path.lstrip("/")


def _middleware(fake: FakeYouTrack) -> Any:
    root = fake.root_path
    api_root = f"{root}api/"
    stats = fake.stats
    faults = fake.faults

    @web.middleware
    async def middleware(request: web.Request, handler: _Handler) -> web.StreamResponse:
        path = request.path
        rel = _relative(root, path)
        stats.begin(rel)
        status: int | None = None
        seen = _Seen()
        _SEEN.set(seen)
        fault = faults.take(request.method, rel)
        try:
            if fault is not None:
                response = await _with_fault(fake, fault, request, handler, api_root)
            else:
                if fake.latency:
                    await asyncio.sleep(fake.latency)
                response = await _dispatch(fake, request, handler, api_root)
            status = None if seen.dropped else response.status
            return response
        finally:
            user = seen.user
            stats.end(
                RequestRecord(
                    method=request.method,
                    path=rel,
                    query=dict(request.query),
                    query_items=tuple(request.query.items()),
                    authorized="Authorization" in request.headers,
                    status=status,
                    user=None if user is None or user.guest else user.login,
                    fault=fault is not None,
                    raw_path=_relative(root, request.raw_path.partition("?")[0]),
                )
            )

    return middleware


async def _dispatch(
    fake: FakeYouTrack, request: web.Request, handler: _Handler, api_root: str
) -> web.StreamResponse:
    hub_root = api_root[: -len("api/")] + "hub/api/"
    if request.path.startswith(hub_root):
        # A real server answers Hub's REST API here (semantics.md: <Hub service URL>/api/
        # rest, e.g. /hub/api/rest/users/me) as JSON; the fake does not model Hub, and a
        # 200 HTML page would pass for success in the code under test.
        response: web.StreamResponse = json_response(
            {
                "error": "Not Implemented",
                "error_description": "FakeYouTrack does not model Hub's REST API "
                f"({hub_root}...): users and groups are its own (fake.add_user)",
            },
            501,
        )
    elif not request.path.startswith(api_root):
        # The UI lives outside api/: a wrong base URL gets a 200 HTML page.
        status = 200 if request.method in ("GET", "HEAD") else 404
        response = web.Response(
            status=status, body=_HTML, content_type="text/html", charset="utf-8"
        )
    else:
        response = await _answer(fake, request, handler)
    if _SEEN.get().dropped:
        return response
    response = _finish(request, response)
    if not request.can_read_body:
        return response
    try:
        # A request refused before its body was read (a 404 for an unknown id, a 400
        # for a wrong content type): read the rest, or aiohttp before 3.11 resets a
        # client still sending it instead of delivering the answer.
        await request.release()
    except ConnectionResetError:
        return _drop(request)
    except BODY_ERRORS:
        # A body its Content-Encoding does not decode (answered 400 already): the rest
        # of it cannot be told from the next request, so the connection ends with this
        # answer (and aiohttp does not try to read the rest, which would fail again).
        response.force_close()
        request.content.feed_eof()
    return response


async def _answer(
    fake: FakeYouTrack, request: web.Request, handler: _Handler
) -> web.StreamResponse:
    try:
        return await handler(request)
    except ApiError as error:
        return _error_response(error)
    except web.HTTPMethodNotAllowed as refused:
        answer = json_response(
            {"error": "Method Not Allowed", "error_description": "HTTP 405 Method Not Allowed"},
            405,
        )
        # RFC 9110 (15.5.6): a 405 lists the methods the resource takes.
        answer.headers["Allow"] = ", ".join(sorted(refused.allowed_methods))
        return answer
    except web.HTTPNotFound:
        return json_response({"error": "Not Found", "error_description": "HTTP 404 Not Found"}, 404)
    except ConnectionResetError:
        # The client went away mid-body (an aborted upload, a cancelled call): nobody
        # is left to answer, and it is no bug of the fake, so nothing is logged; the
        # connection is closed here, as aiohttp 3.10 would leave it open.
        return _drop(request)
    except asyncio.CancelledError:
        raise
    except Exception as error:
        # A bug in the fake: answer like a server error, and keep it for the tests.
        fake.internal_errors.append(error)
        logger.error("FakeYouTrack internal error:\n%s", traceback.format_exc())
        return json_response(
            {"error": "server_error", "error_description": f"Internal error: {error!r}"}, 500
        )


async def _with_fault(
    fake: FakeYouTrack,
    fault: Fault,
    request: web.Request,
    handler: _Handler,
    api_root: str,
) -> web.StreamResponse:
    if fault.hold is not None:
        await fault.hold.wait()
    if fault.delay:
        await asyncio.sleep(fault.delay)
    if fault.drop == "before":
        return _drop(request)
    if fault.redirect_to is not None:
        target = fault.redirect_to
        if "://" not in target:
            target = urljoin(str(request.url.origin()) + fake.root_path, target.lstrip("/"))
        assert fault.status is not None
        return web.Response(status=fault.status, headers={"Location": target})
    if fault.status is not None and fault.when == "before":
        return _fault_response(fault)
    if fake.latency:
        await asyncio.sleep(fake.latency)
    response = await _dispatch(fake, request, handler, api_root)
    if fault.drop == "after":
        return _drop(request)
    if fault.status is not None:
        return _fault_response(fault)
    return response


def _drop(request: web.Request) -> web.StreamResponse:
    transport = request.transport
    if transport is not None:
        transport.close()
    return _gone()


def _gone() -> web.StreamResponse:
    """The answer to a request whose connection is closed: recorded without a status."""
    _SEEN.get().dropped = True
    return web.Response(status=500)


def _fault_response(fault: Fault) -> web.Response:
    status = fault.status or 500
    headers = dict(fault.headers)
    if fault.retry_after is not None:
        retry = fault.retry_after
        headers["Retry-After"] = str(
            int(retry) if isinstance(retry, float) and retry.is_integer() else retry
        )
    body = fault.body
    content_type = fault.content_type
    if body is None:
        reason = _reason(status)
        payload = dumps({"error": reason, "error_description": f"HTTP {status} {reason}"})
        content_type = content_type or JSON_TYPE
    elif isinstance(body, dict | list):
        payload = dumps(body)
        content_type = content_type or JSON_TYPE
    elif isinstance(body, str):
        payload = body.encode()
        content_type = content_type or "text/plain;charset=utf-8"
    else:
        payload = body
        content_type = content_type or "application/octet-stream"
    headers["Content-Type"] = content_type
    return web.Response(status=status, body=payload, headers=headers)


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
