"""Turning the outcome of one attempt into a value or an exception.

A success body becomes parsed JSON (after a Content-Type check); an error status with
YouTrack's ``{"error", "error_description", "error_children"}`` body, or any aiohttp,
asyncio or OS failure, becomes the matching exception of :mod:`aioyoutrack.errors`,
but for what the caller's own body stream raised, which stays theirs. An
error page that is not JSON, for a status saying the URL or method is not served
there, comes from something other than YouTrack's API and says so.
"""

from __future__ import annotations

import asyncio
import functools
import http
import sys
from collections.abc import AsyncIterable, AsyncIterator, Callable, Coroutine, Mapping
from typing import Any, TypeVar

import aiohttp
from multidict import CIMultiDictProxy
from typing_extensions import ParamSpec

from ._constants import ERROR_BODY_EXCERPT
from ._json import loads
from ._masking import Masker
from ._retry import parse_retry_after
from ._urls import redact_url
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
    YouTrackError,
    _forget_chained_frames,
)

__all__ = [
    "TRANSPORT_ERRORS",
    "Response",
    "StreamFailed",
    "chaining_no_frames",
    "connection_error",
    "decode_json",
    "own_error_inside",
    "status_error",
    "watch_stream",
]

_P = ParamSpec("_P")
_R = TypeVar("_R")

#: What aiohttp, asyncio and the OS raise while sending or reading.
TRANSPORT_ERRORS = (aiohttp.ClientError, OSError, asyncio.TimeoutError)
_TIMEOUT_ERRORS = (asyncio.TimeoutError, TimeoutError)
#: Statuses whose answer, when it is a page rather than YouTrack's JSON, means the URL
#: is not a YouTrack REST API: a generic web server or proxy does not serve that path
#: (404, 410) or that method (405), does not implement it (501), or cannot read the
#: request at all (400: nginx's answer to plain http sent to an https port). YouTrack's own
#: answer to an unknown path is JSON, ``{"error":"Not Found","error_description":"HTTP
#: 404 Not Found"}`` (JetBrains' api-troubleshooting.html, documentation sample 040).
#: Other statuses keep their status error even with an HTML body: a proxy's 502/503/504
#: page is a transient failure to retry, and 401/403 still say what to fix.
_NOT_AN_API_STATUSES = frozenset({400, 404, 405, 410, 501})
#: What to check when the answer is not YouTrack's API.
_CHECK_THE_URL = (
    "check the base URL: the service root, e.g. https://example.youtrack.cloud or "
    "https://host/youtrack, without /api or a page's path"
)
_STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}


class Response:
    """A fully read response with a success status; ``masker`` masks the token in any
    part of it an error quotes."""

    __slots__ = ("body", "headers", "masker", "status", "url")

    def __init__(
        self,
        status: int,
        headers: CIMultiDictProxy[str],
        body: bytes,
        url: str,
        masker: Masker,
    ) -> None:
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
        self.masker = masker


def _excerpt(body: bytes) -> str:
    return body[: ERROR_BODY_EXCERPT * 4].decode("utf-8", "replace")[:ERROR_BODY_EXCERPT]


def masked_excerpt(body: bytes, masker: Masker, *, cut: bool = False) -> str:
    """The start of ``body`` an error keeps, with the token masked in it. Only that
    start (and room for an echo it begins) is scanned, so a body of megabytes costs no
    more than a small one. ``cut``: ``body`` itself was cut short (at
    ``max_response_bytes``), so a start of the token at its end is masked too."""
    region = ERROR_BODY_EXCERPT * 4 + masker.reach
    return _excerpt(masker.bytes(body[:region], cut=cut or len(body) > region))


def _is_json_type(content_type: str) -> bool:
    if content_type.startswith("application/json"):
        return True
    mime = content_type.split(";", 1)[0].strip().lower()
    return mime == "application/json" or mime.endswith("+json")


def _mime(content_type: str | None) -> str:
    if not content_type:
        return "no content type"
    return content_type.split(";", 1)[0].strip().lower() or "no content type"


def _reason(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


def _status_message(status: int, error: str | None, description: str | None) -> str:
    reason = _reason(status)
    head = f"HTTP {status} {reason}".rstrip()
    parts = [head]
    if error and error.lower() != reason.lower():
        parts.append(error)
    if description and description != head:
        parts.append(description)
    elif status == 401:
        parts.append("check the token (missing, wrong, expired or revoked)")
    elif status == 404:
        # YouTrack's body for an unknown path only repeats the status line.
        parts.append("no such path: check the base URL and the path")
    return ": ".join(parts)


def _not_an_api(
    status: int, content_type: str | None, excerpt: str | None, method: str, url: str
) -> UnexpectedResponseError:
    mime = _mime(content_type)
    return UnexpectedResponseError(
        f"HTTP {status} {_reason(status)} as {mime}, not YouTrack's JSON: the URL does not "
        f"look like a YouTrack service; {_CHECK_THE_URL}",
        status=status,
        content_type=mime,
        body=excerpt,
        method=method,
        url=redact_url(url),
        # Nothing was served at that URL: refused, not applied.
        may_have_been_applied=False,
    )


def status_error(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    method: str,
    url: str,
    idempotent: bool,
    masker: Masker,
    *,
    cut: bool = False,
) -> APIStatusError | UnexpectedResponseError:
    """Build the exception for an error ``status`` and its body (read in full, or, with
    ``cut``, its start up to ``max_response_bytes``).

    A JSON body keeps YouTrack's fields on the status error; an HTML or plain-text page
    with a status in :data:`_NOT_AN_API_STATUSES` is
    :class:`~aioyoutrack.UnexpectedResponseError` (the URL is not a YouTrack API).
    Everything else of YouTrack's words is kept verbatim, but for the token, which
    ``masker`` masks wherever what is kept (the parsed JSON, or an excerpt of another
    body, and the headers) echoes it.
    """
    headers = masker.headers(headers)
    parsed: Any = None
    content_type = headers.get("Content-Type")
    json_type = content_type is not None and _is_json_type(content_type)
    if body and (json_type or body.lstrip()[:1] == b"{"):
        try:
            parsed = loads(body)
        except ValueError:
            parsed = None
    if (
        status in _NOT_AN_API_STATUSES
        and not json_type
        and not isinstance(parsed, dict)
        and (body.strip() or _mime(content_type).startswith("text/"))
    ):
        excerpt = masked_excerpt(body, masker, cut=cut) if body else None
        return _not_an_api(status, content_type, excerpt, method, url)
    error = description = None
    children: list[Mapping[str, Any]] = []
    kept: Any
    if isinstance(parsed, dict):
        # Decoded, the token may show where its bytes did not (``\u`` escapes).
        parsed = masker.json(parsed)
        raw_error = parsed.get("error")
        raw_description = parsed.get("error_description")
        raw_children = parsed.get("error_children")
        error = raw_error if isinstance(raw_error, str) else None
        description = raw_description if isinstance(raw_description, str) else None
        if isinstance(raw_children, list):
            children = [c for c in raw_children if isinstance(c, Mapping)]
        kept = parsed
    else:
        kept = masked_excerpt(body, masker, cut=cut) if body else None
    cls = _STATUS_CLASSES.get(status)
    if cls is None:
        cls = ServerError if status >= 500 else APIStatusError
    kwargs: dict[str, Any] = {
        "status": status,
        "method": method,
        "url": redact_url(url),
        "error": error,
        "error_description": description,
        "error_children": children,
        "body": kept,
        "headers": headers,
        # 503 (like 429) means the server refused before doing anything.
        "may_have_been_applied": status >= 500 and status != 503 and not idempotent,
    }
    if cls is RateLimitError or cls is ServerError:
        kwargs["retry_after"] = parse_retry_after(headers.get("Retry-After"))
    return cls(_status_message(status, error, description), **kwargs)


class StreamFailed(Exception):
    """Stands in, while aiohttp writes a body, for what the caller's body stream raised.

    aiohttp reports anything raised while it writes a body as a failed connection
    (``ClientConnectionError``; an ``OSError``, such as a failed file read, as
    ``ClientOSError``), so the caller's exception cannot be told from a broken socket
    by its type. This marker, found in the chain, says whose it is.
    """

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error
        # Only the frames from watch_stream down into the caller's code: aiohttp's
        # writer frames (the request and its headers among their locals) stay out of
        # what the caller gets.
        self.traceback = error.__traceback__
        # What it was raised in the middle of, if anything: the caller gets it back as it
        # was, whatever a later raise chains (see ``Transport.fetch``).
        self.context = error.__context__


async def watch_stream(source: AsyncIterable[Any]) -> AsyncIterator[Any]:
    """Pass ``source``'s chunks through as bytes, marking what it raises as the caller's.

    Wrap every async iterator a caller hands in as (part of) a request body with it:
    the transport then raises that exception itself, not a connection error. A chunk
    that is not bytes (``bytearray`` and ``memoryview`` are copied to bytes) is the
    caller's mistake too: :class:`~aioyoutrack.InvalidRequestError` naming its type.
    """
    try:
        # An aiohttp stream (a response being relayed) iterates lines by default: take
        # its chunks as they come, as aiohttp itself would send it.
        iterator = (
            source.iter_any() if isinstance(source, aiohttp.StreamReader) else source
        ).__aiter__()
    except Exception as exc:
        raise StreamFailed(exc) from None
    while True:
        try:
            chunk = await iterator.__anext__()
        except StopAsyncIteration:
            return
        except Exception as exc:
            raise StreamFailed(exc) from None
        if type(chunk) is bytes:
            yield chunk
        elif isinstance(chunk, (bytes, bytearray, memoryview)):
            yield bytes(chunk)
        else:
            raise StreamFailed(
                InvalidRequestError(
                    f"a request body stream must yield bytes, got {type(chunk).__name__}"
                )
            ) from None


#: Failures of one attempt, most specific first: the aiohttp/asyncio/OS error, the
#: error raised for it, what happened, and whether the request was sent (when it was
#: not, nothing reached the server and resending is always safe).
_CONNECTION_FAILURES: tuple[
    tuple[
        type[BaseException] | tuple[type[BaseException], ...], type[APIConnectionError], str, bool
    ],
    ...,
] = (
    (aiohttp.ConnectionTimeoutError, APITimeoutError, "timed out connecting to the server", False),
    (aiohttp.ClientSSLError, APIConnectionError, "TLS handshake failed", False),
    (aiohttp.ClientConnectorError, APIConnectionError, "cannot connect to the server", False),
    (_TIMEOUT_ERRORS, APITimeoutError, "timed out waiting for the server", True),
    (
        aiohttp.ServerDisconnectedError,
        APIConnectionError,
        "the server closed the connection without a complete answer",
        True,
    ),
    (
        aiohttp.ClientPayloadError,
        APIConnectionError,
        "the response body was cut short or malformed",
        True,
    ),
    (
        aiohttp.ClientResponseError,
        APIConnectionError,
        "the server's answer is not valid HTTP",
        True,
    ),
)


def connection_error(
    exc: BaseException, method: str, url: str, idempotent: bool
) -> APIConnectionError:
    """Map an aiohttp/asyncio/OS exception of one attempt to our hierarchy."""
    text = str(exc)
    detail = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    kind, what, sent = APIConnectionError, "the connection failed", True
    for cause, error_class, happened, was_sent in _CONNECTION_FAILURES:
        if isinstance(exc, cause):
            kind, what, sent = error_class, happened, was_sent
            break
    if isinstance(exc, aiohttp.ClientResponseError):
        # aiohttp's parser errors: its own "400" and a url= that the message repeats.
        detail = f"{type(exc).__name__}: {exc.message}"
    error = kind(
        f"{what} ({detail})",
        method=method,
        url=redact_url(url),
        may_have_been_applied=sent and not idempotent,
        request_sent=sent,
    )
    if isinstance(exc, aiohttp.ClientSSLError):
        error._transient = False  # a certificate does not get better by asking again
    return error


def decode_json(response: Response, method: str, idempotent: bool) -> Any:
    """Parse a success body as JSON; ``None`` for an empty body.

    A body that is not JSON (an HTML page with 200, served for a wrong base URL) or is
    broken JSON raises :class:`~aioyoutrack.UnexpectedResponseError`.
    """
    # No local holds the body: a traceback rendered with locals would show it, and a
    # page a proxy served may echo the token.
    if not response.body:
        return None
    content_type = response.headers.get("Content-Type")
    masker = response.masker
    if content_type is not None and not _is_json_type(content_type):
        mime = _mime(content_type)
        raise UnexpectedResponseError(
            f"expected JSON but got {mime} (HTTP {response.status}); YouTrack serves "
            "HTML pages for URLs outside its REST API, so the URL does not look like a "
            f"YouTrack service; {_CHECK_THE_URL}",
            status=response.status,
            content_type=mime,
            body=masked_excerpt(response.body, masker),
            method=method,
            url=redact_url(response.url),
            may_have_been_applied=not idempotent,
        )
    try:
        return loads(response.body)
    except ValueError as exc:
        problem = masker.text(str(exc))
    if response.body.isspace():
        return None
    error = UnexpectedResponseError(
        f"the response is not valid JSON ({problem})",
        status=response.status,
        content_type=_mime(content_type),
        body=masked_excerpt(response.body, masker),
        method=method,
        url=redact_url(response.url),
        may_have_been_applied=not idempotent,
    )
    # The parser's words as the cause, not its error: that keeps the whole document (a
    # JSONDecodeError's ``doc``) and frames whose locals hold the body.
    error.__cause__ = ValueError(problem)
    # Raised outside the handler, so the parser's error is not chained as context.
    raise error


def own_error_inside(exc: BaseException) -> YouTrackError | StreamFailed | None:
    """The library's or the caller's error that aiohttp wrapped as a connection
    failure, if any.

    A check inside an upload body (a chunk that is not bytes) fails while aiohttp
    writes it, and aiohttp reports that as "failed to send bytes": the caller must get
    the check's ``InvalidRequestError``, not a network error. Likewise for what the
    caller's own stream raised (marked by :func:`watch_stream`).
    """
    seen: set[int] = set()
    inner: BaseException | None = exc
    while inner is not None and id(inner) not in seen:
        if isinstance(inner, (YouTrackError, StreamFailed)):
            return inner
        seen.add(id(inner))
        inner = inner.__cause__ or inner.__context__
    return None


def chaining_no_frames(
    method: Callable[_P, Coroutine[Any, Any, _R]],
) -> Callable[_P, Coroutine[Any, Any, _R]]:
    """``method``, whatever it raises chaining nothing that has frames.

    The library's errors only ever chain frameless copies, but on Python 3.10 the raise
    itself may add the aiohttp failure just handled, frames and all (the request head,
    ``Authorization`` included, among their locals), as the context: of a library
    error, or of the caller's own exception from their body stream, which gets back the
    context it was raised with (its own traceback stays). From 3.11 on a raise chains
    only what is being handled, so ``method`` is left as it is: no coroutine more per
    request.
    """
    if sys.version_info >= (3, 11):
        return method

    @functools.wraps(method)
    async def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return await method(*args, **kwargs)
        except Exception as error:  # cancellation and the like chain nothing here
            if not isinstance(error, YouTrackError):
                inside = error.__context__
                marker = own_error_inside(inside) if inside is not None else None
                if isinstance(marker, StreamFailed) and marker.error is error:
                    error.__context__ = marker.context
            _forget_chained_frames(error)
            raise  # as it is: a bare raise chains nothing more

    return run
