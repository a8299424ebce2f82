"""One attempt of one request: sending, same-origin redirects, reading, streaming.

The token travels only in the ``Authorization`` header that this module adds, and only
to the configured origin: redirects are followed here (not by aiohttp) and only within
that origin. Outcomes are mapped to exceptions by ``_responses``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import aiohttp
from multidict import CIMultiDict
from yarl import URL

from ._bodies import REPLAYABLE_BODIES
from ._closing import AsyncClosing
from ._constants import (
    DEFAULT_MAX_RESPONSE_BYTES,
    MAX_REDIRECTS,
    REDIRECT_KEEP_METHOD_STATUSES,
    REDIRECT_STATUSES,
)
from ._inflate import INFLATED, Inflater, inflate_whole
from ._masking import Masker, _SecretHeader
from ._responses import (
    TRANSPORT_ERRORS,
    Response,
    StreamFailed,
    chaining_no_frames,
    connection_error,
    own_error_inside,
    status_error,
)
from ._streams import StreamResponse
from ._throttle import Throttle
from ._urls import (
    ParamValue,
    encode_query,
    origin_of,
    quote_segment,
    redact_url,
    requote,
)
from ._values import shown
from .errors import (
    APIConnectionError,
    ClientClosedError,
    InvalidRequestError,
    RedirectError,
    ResponseTooLargeError,
    UnexpectedResponseError,
    YouTrackError,
    _detached,
    _set_request,
    client_closed,
)

if TYPE_CHECKING:
    from ._requests import Prepared

__all__ = [
    "AsyncClosing",
    "StreamResponse",
    "Transport",
    "quote_segment",
]

#: What sending can fail with: aiohttp 3.10 also asserts that a pooled connection still
#: has its transport, which one closed by the server while a trace hook awaited has not;
#: a caller's body stream that raised shows as StreamFailed should aiohttp not wrap it.
_SEND_ERRORS = (*TRANSPORT_ERRORS, AssertionError, StreamFailed)
#: Bytes asked for per read of a body without a usable Content-Length.
_READ_CHUNK = 64 * 1024
_SAFE_REDIRECT_METHODS = frozenset({"GET", "HEAD"})


class _ClosedUnderCall(ConnectionAbortedError):
    """``aclose()`` cancelled a request inside ``session.request`` (see ``interrupt``)."""


def _cancels(task: asyncio.Task[Any]) -> int:
    """The cancellations pending on ``task`` (3.11+; -1 where Python does not count them:
    3.10, on which calls are not cancelled by a close, see ``Transport.interrupt``)."""
    cancelling = getattr(task, "cancelling", None)
    return -1 if cancelling is None else int(cancelling())


def _uncancel(task: asyncio.Task[Any]) -> int:
    """``task.uncancel()`` (3.11+: a cancellation of the close's, handled here)."""
    return int(task.uncancel())  # type: ignore[attr-defined]  # 3.11+, as _cancels says


class Transport:
    """Sends one attempt at a time through the client's session, within its origin.

    ``session`` is set by the client (lazily, inside the running loop). The header
    dicts are built once; the token lives in them only as a masked ``_SecretHeader``.
    ``throttle`` is the client's; streams handed out by :meth:`open` release its slot.
    """

    __slots__ = (
        "_stopped",
        "base_url",
        "headers",
        "interrupted",
        "json_headers",
        "masker",
        "max_response_bytes",
        "origin",
        "origin_prefix",
        "reading",
        "sending",
        "session",
        "stream_headers",
        "throttle",
    )

    def __init__(
        self,
        *,
        base_url: str,
        authorization: str,
        user_agent: str,
        throttle: Throttle,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        parsed = URL(base_url, encoded=True)
        self.base_url = base_url
        #: Most bytes of one response body read into memory (None: no bound).
        self.max_response_bytes = max_response_bytes
        self.origin = origin_of(parsed)
        self.origin_prefix = base_url[: len(base_url) - len(parsed.raw_path)]
        self.throttle = throttle
        self.session: aiohttp.ClientSession | None = None
        common = {"Authorization": _SecretHeader(authorization), "User-Agent": user_agent}
        self.headers: dict[str, str] = {"Accept": "application/json", **common}
        self.json_headers: dict[str, str] = {**self.headers, "Content-Type": "application/json"}
        # Downloads are not JSON; a strict server could answer 406 to Accept: json.
        self.stream_headers: dict[str, str] = {"Accept": "*/*", **common}
        #: Masks the token in what a server echoes back into an error.
        self.masker = Masker(authorization.removeprefix("Bearer "))
        #: Responses whose bodies are being read, and whether :meth:`interrupt` ran.
        self.reading: set[aiohttp.ClientResponse] = set()
        self.interrupted = False
        #: Tasks inside ``session.request`` (connecting, sending, awaiting the head), each
        #: with the cancellations it had pending when it entered (a clean-up call made by
        #: a task being cancelled has one), and those of them :meth:`interrupt` cancelled.
        self.sending: dict[asyncio.Task[Any], int] = {}
        self._stopped: set[asyncio.Task[Any]] = set()

    # --- URLs -----------------------------------------------------------------------

    def url_for(self, path: str, params: Mapping[str, ParamValue] | None = None) -> str:
        """Return the full request URL for ``path`` plus ``params``, as one string.

        ``path`` is relative to the service root (``"api/users/me"``), or absolute from
        the origin (``"/youtrack/api/files/7-2?sign=..."``), or an absolute URL of the
        configured origin. Existing percent-escapes and query strings are kept verbatim.
        """
        if not isinstance(path, str):
            raise InvalidRequestError(f"path must be a str, got {type(path).__name__}")
        try:
            path = requote(path)
        except UnicodeEncodeError as exc:
            raise InvalidRequestError(f"path {shown(path)} is not valid Unicode") from exc
        if path.startswith("/"):
            if path.startswith("//"):
                raise InvalidRequestError(f"path {shown(path)} must not start with '//'")
            url = self.origin_prefix + path
        elif path[:8].lower().startswith(("http://", "https://")):
            self._check_same_origin(path)
            url = path
        else:
            url = self.base_url + path
        if params:
            query = encode_query(params)
            if query:
                url = f"{url}{'&' if '?' in url else '?'}{query}"
        return url

    def _check_same_origin(self, url: str) -> None:
        try:
            # yarl parses lazily: a bad port or host fails on first access, not here.
            parsed = URL(url, encoded=True)
            credentials = parsed.raw_user is not None or parsed.raw_password is not None
            origin = origin_of(parsed)
        except (ValueError, TypeError) as exc:
            raise InvalidRequestError(f"invalid URL {shown(redact_url(url))}") from exc
        if credentials:
            raise InvalidRequestError("URLs with a user name or password are refused")
        if origin != self.origin:
            target = f"{parsed.scheme}://{parsed.raw_host}:{parsed.port}"
            raise InvalidRequestError(
                f"refusing to send the token to {shown(target)}: "
                f"only {self.origin_prefix} is allowed"
            )

    # --- one attempt ----------------------------------------------------------------

    @chaining_no_frames
    async def fetch(self, prepared: Prepared, timeout: aiohttp.ClientTimeout) -> Response:
        """Send one attempt of ``prepared`` and read the whole body; raise for any
        non-2xx status.

        The caller holds a throttle slot around it. A body longer than
        ``max_response_bytes`` raises :class:`ResponseTooLargeError` (an error status
        keeps the part read, as its excerpt).
        """
        session = self.session
        method = prepared.method
        url = prepared.url
        error: Exception
        response: aiohttp.ClientResponse | None
        try:
            response = await self._request(method, url, prepared.headers, prepared.body, timeout)
            final_url = url
            if response.status in REDIRECT_STATUSES:
                response, final_url = await self._send(
                    method,
                    url,
                    prepared.headers,
                    prepared.body,
                    timeout,
                    response,
                    idempotent=prepared.idempotent,
                )
                # A URL the server chose may hold what it echoed: errors show this one.
                final_url = self.masker.text(final_url)
            data, whole = await self._read_body(response)
        except _SEND_ERRORS as exc:
            error = self._failure(exc, session, method, url, prepared.idempotent)
        except YouTrackError as exc:
            # A refused redirect or URL: its frames (the Location and headers among
            # their locals) go.
            error = exc.with_traceback(None)
        except BaseException:
            response = None  # cancelled: not left to a traceback's locals (see below)
            raise
        else:
            status = response.status
            idempotent = prepared.idempotent
            if 200 <= status < 300:
                if whole:
                    return Response(status, response.headers, data, final_url, self.masker)
                error = self._too_large(status, method, final_url, idempotent)
            else:
                error = self._status_error(response, data, whole, method, final_url, idempotent)
        # The error's traceback keeps this frame alive until the caller drops it, and its
        # frame -> traceback -> frame cycle until the cyclic GC runs: a body up to
        # max_response_bytes must not be held that long; nor the response, whose repr
        # shows its headers (which a hostile server may have made echo the token).
        data = b""
        response = None
        # Raised here, outside the handler, so the original is not chained as context.
        raise self._masked(error)

    def _masked(self, error: Exception) -> Exception:
        """``error`` with the token masked (see :mod:`._masking`); a caller's own
        exception (from their body stream) is theirs, left as it is."""
        return self.masker.error(error) if isinstance(error, YouTrackError) else error

    def interrupt(self) -> None:
        """End every request in flight (the client's ``aclose()``): each fails at once
        with ``ClientClosedError``. Closing the session alone does not wake a read that
        is waiting for the rest of a body, nor a call still connecting (it would wait
        out its connect timeout)."""
        self.interrupted = True
        for response in list(self.reading):
            response.close()
        for task, entered in list(self.sending.items()):
            # A task its owner cancelled since ends so anyway: that cancellation must
            # reach it, not become a ClientClosedError. Python 3.10 cannot tell the two
            # cancellations apart, so there a call still connecting runs on to its
            # connect timeout (calls on the wire end: their connections are dropped).
            if entered >= 0 and not task.done() and _cancels(task) == entered:
                self._stopped.add(task)
                task.cancel()

    async def _read_body(self, response: aiohttp.ClientResponse) -> tuple[bytes, bool]:
        """Read the body, up to ``max_response_bytes``: (bytes, whether that is all).

        Past the bound the connection is closed and the part read returned.
        """
        limit = self.max_response_bytes
        self.reading.add(response)
        try:
            try:
                length = response.content_length
            except ValueError:  # not a number: read as if undeclared, within the bound
                length = None
            if limit is None or (
                length is not None
                and length <= limit
                and "Content-Encoding" not in response.headers
            ):
                # The declared length bounds what aiohttp reads (nothing to inflate).
                data = await response.read()
                response.release()
                return data, True
            chunks: list[bytes] = []
            size = 0
            content = response.content
            while True:
                chunk = await content.read(min(limit + 1 - size, _READ_CHUNK))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    response.close()
                    return b"".join(chunks)[:limit], False
        except BaseException as exc:
            response.close()
            self.reading.discard(response)
            response, chunks, chunk = None, [], b""  # type: ignore[assignment]  # (see fetch)
            raise exc.with_traceback(None)  # noqa: B904 - the same; aiohttp's frames hold both
        finally:
            if response is not None:
                self.reading.discard(response)
        response.release()
        return b"".join(chunks), True

    def _status_error(
        self,
        response: aiohttp.ClientResponse,
        data: bytes,
        whole: bool,
        method: str,
        url: str,
        idempotent: bool,
    ) -> Exception:
        """The error for an answer with an error status, whose body is ``data`` (not
        ``whole``: cut at max_response_bytes, maybe in the middle of an echo)."""
        return status_error(
            response.status,
            response.headers,
            data,
            method,
            url,
            idempotent,
            self.masker,
            cut=not whole,
        )

    def _too_large(
        self, status: int, method: str, url: str, idempotent: bool
    ) -> ResponseTooLargeError:
        return ResponseTooLargeError(
            f"the response body is larger than max_response_bytes={self.max_response_bytes} "
            "(raise it on the client if the server is trusted, or ask for less: page_size=, "
            "a narrower fields= projection; downloads via stream() are not bounded)",
            status=status,
            limit=self.max_response_bytes,
            method=method,
            url=redact_url(url),
            may_have_been_applied=not idempotent,
        )

    def _failure(
        self,
        exc: BaseException,
        session: aiohttp.ClientSession | None,
        method: str,
        url: str,
        idempotent: bool,
    ) -> Exception:
        """The error for a transport failure ``exc``, its cause a frameless copy.

        When the caller's own body stream raised, that exception is returned as it is.
        """
        own = own_error_inside(exc)
        if isinstance(own, StreamFailed):
            # The caller's exception, unchanged: it is theirs (a file that cannot be
            # read, a source that broke), not a network failure, so an ``except`` of
            # its type must catch it, as if they had read the stream themselves. It is
            # not retried: a stream cannot be sent again, and nothing here failed.
            return own.error.with_traceback(own.traceback)
        if own is not None:
            own.__traceback__ = None
            return _detached(own, exc)
        error: APIConnectionError | ClientClosedError = connection_error(
            exc, method, url, idempotent
        )
        if self.interrupted or (session is not None and session.closed):
            # aclose() closed the connection under this call (or the owner of a borrowed
            # session closed it): that is the cause, not the server.
            closed = ClientClosedError(
                "the client was closed while this request was in flight"
                + ("; it may have been applied" if error.may_have_been_applied else "")
            )
            closed.may_have_been_applied = error.may_have_been_applied
            closed.message = closed.args[0]  # type: ignore[attr-defined]
            _set_request(closed, method, redact_url(url))
            error = closed
        return _detached(error, exc)

    @chaining_no_frames
    async def open(self, prepared: Prepared, timeout: aiohttp.ClientTimeout) -> StreamResponse:
        """Send one attempt of ``prepared`` (which has no body) and hand out the body
        of the answer unread.

        The caller holds a throttle slot around it; on success the returned stream
        owns that slot and gives it back when it closes.
        """
        session = self.session
        method = prepared.method
        url = prepared.url
        idempotent = prepared.idempotent
        error: Exception
        response: aiohttp.ClientResponse | None
        headers = prepared.headers
        if "Accept-Encoding" not in headers:
            # Only codings the stream inflates itself (see _inflate): aiohttp does not
            # notice a gzip download cut short.
            headers = CIMultiDict(headers)
            headers["Accept-Encoding"] = INFLATED
        try:
            response, final_url = await self._send(
                method, url, headers, None, timeout, idempotent=idempotent, inflate=False
            )
            final_url = self.masker.text(final_url)  # as in fetch
            status = response.status
            coding = response.headers.get("Content-Encoding")
            if 200 <= status < 300:
                try:
                    inflater = Inflater.for_coding(coding)
                except LookupError:
                    response.close()  # a body it cannot read: the connection goes
                    named = shown(self.masker.text(coding or ""))  # masked, then cut
                    raise UnexpectedResponseError(
                        f"the download came compressed as {named}, which this "
                        f"client does not inflate (it reads {INFLATED})",
                        status=status,
                        content_type=response.content_type,
                        method=method,
                        url=redact_url(final_url),
                    ) from None
                return StreamResponse(
                    response,
                    self,
                    method=method,
                    url=final_url,
                    idempotent=idempotent,
                    inflater=inflater,
                )
            data, whole = await self._read_body(response)
            if coding:
                data, complete = inflate_whole(data, coding, self.max_response_bytes)
                whole = whole and complete
        except _SEND_ERRORS as exc:
            error = self._failure(exc, session, method, url, idempotent)
        except YouTrackError as exc:
            error = exc.with_traceback(None)  # as in fetch
        except BaseException:
            response = coding = None  # as in fetch
            raise
        else:
            error = self._status_error(response, data, whole, method, final_url, idempotent)
        data = b""  # not kept alive by the error's traceback (see fetch)
        response = coding = None
        raise self._masked(error)

    async def _send(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: Any,
        timeout: aiohttp.ClientTimeout,
        response: aiohttp.ClientResponse | None = None,
        *,
        idempotent: bool,
        inflate: bool = True,
    ) -> tuple[aiohttp.ClientResponse, str]:
        """Send (unless ``response`` is the answer already received) and follow redirects."""
        # Redirects are followed here rather than by aiohttp, which would carry the
        # Authorization header to whatever origin a Location names.
        for _ in range(MAX_REDIRECTS + 1):
            if response is None:
                response = await self._request(method, url, headers, body, timeout, inflate=inflate)
            status = response.status
            if status not in REDIRECT_STATUSES:
                return response, url
            location = response.headers.get("Location")
            if location is None:
                return response, url
            response.release()
            url = self._redirect_target(method, url, status, location, body, idempotent)
            response = None
        raise RedirectError(
            f"more than {MAX_REDIRECTS} redirects: check the base URL",
            location=None,
            status=0,
            method=method,
            url=redact_url(self.masker.text(url)),
        )

    async def _request(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: Any,
        timeout: aiohttp.ClientTimeout,
        *,
        inflate: bool = True,
    ) -> aiohttp.ClientResponse:
        session = self.session
        if session is None:
            raise client_closed()
        error: YouTrackError
        task = asyncio.current_task()
        if task is not None:
            entered = self.sending[task] = _cancels(task)
        try:
            return await session.request(
                method,
                URL(url, encoded=True),
                headers=headers,
                data=body,
                allow_redirects=False,
                # A borrowed session may raise for statuses; every answer is read and
                # mapped here (a 404 is NotFoundError, not a failed connection).
                raise_for_status=False,
                timeout=timeout,
                auto_decompress=inflate,
            )
        except aiohttp.InvalidURL as exc:
            error = _detached(InvalidRequestError(f"invalid URL {shown(redact_url(url))}"), exc)
        except TRANSPORT_ERRORS:
            raise  # mapped by _failure, which tells what a close under the call did
        except asyncio.CancelledError:
            if task not in self._stopped:
                raise  # the caller's own cancellation
            self._stopped.discard(task)
            if _uncancel(task) > entered:  # 3.11+ only here: see interrupt
                raise  # its owner cancelled it too: theirs wins
            # An OSError, so _failure maps it as a connection lost with the request
            # perhaps sent: a write may have been applied (aclose() does not know).
            raise _ClosedUnderCall("the client was closed while this request was in flight")  # noqa: B904
        except Exception as exc:
            if session.closed:
                # Closed under a call in flight; aiohttp 3.10 may then even fail with an
                # AttributeError (its connector is gone when it resends a GET itself).
                error = ClientClosedError("the aiohttp session of this client is closed")
            elif isinstance(exc, (ValueError, TypeError, LookupError, RuntimeError)):
                error = InvalidRequestError(f"could not send the request: {exc}")
            else:
                raise
            error = _detached(error, exc)
        finally:
            if task is not None:
                self.sending.pop(task, None)
                if task in self._stopped:  # aiohttp turned the cancel into its timeout
                    self._stopped.discard(task)
                    _uncancel(task)
        # Raised here, outside the handler, so the original is not chained as context.
        raise error

    def _redirect_target(
        self, method: str, url: str, status: int, location: str, body: Any, idempotent: bool
    ) -> str:
        def refuse(why: str) -> RedirectError:
            # A login page or proxy may put the request's credentials into the Location.
            shown_location = self.masker.text(location)
            return RedirectError(
                f"refused a {status} redirect to {redact_url(shown_location)}: {why}",
                location=shown_location,
                status=status,
                method=method,
                url=redact_url(self.masker.text(url)),
                # 301/302/303 answer a request the server handled (a write may be done);
                # 307/308 ask for it to be sent elsewhere, so nothing was applied.
                may_have_been_applied=not idempotent
                and status not in REDIRECT_KEEP_METHOD_STATUSES,
            )

        invalid: YouTrackError | None = None
        try:
            target = URL(url, encoded=True).join(URL(location))
            origin = origin_of(target)
        except (ValueError, TypeError) as exc:
            # The parser's frames hold the Location among their locals: a frameless copy.
            invalid = _detached(refuse("the Location is not a valid URL"), exc)
        if invalid is not None:
            raise invalid
        if origin != self.origin or target.raw_user or target.raw_password:
            raise refuse(
                f"it leaves {self.origin_prefix} and the token goes nowhere else "
                "(check the base URL: scheme, host, port and context path)"
            )
        if method not in _SAFE_REDIRECT_METHODS:
            if status not in REDIRECT_KEEP_METHOD_STATUSES:
                raise refuse(f"following it would turn the {method} into a GET")
            if body is not None and not isinstance(body, REPLAYABLE_BODIES):
                raise refuse("the request body is a stream that cannot be sent again")
        return str(target)
