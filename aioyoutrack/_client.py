"""The client: configuration, session lifecycle and the low-level ``request``/``stream``.

Resources call :meth:`YouTrack.request` (or :meth:`YouTrack.stream` for downloads) and
never touch aiohttp. One ``request`` is: build the URL string, then the retry loop
(``_retry``) around attempts (``_transport``), each holding a throttle slot, then JSON
parsing and, with ``model=``, structuring by ``_convert``.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import threading
from collections.abc import Awaitable, Iterator, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar, overload

import aiohttp

from ._closing import AsyncClosing
from ._config import (
    DEFAULT_STREAM_TIMEOUT,
    DEFAULT_TIMEOUT,
    DEFAULT_USER_AGENT,
    Secret,
    build_config,
    normalize_base_url,
    read_token,
    url_or_env,
)
from ._constants import (
    DEFAULT_MAX_CONCURRENCY,
    DEFAULT_MAX_RESPONSE_BYTES,
    ENV_TOKEN,
    OWNER_LOOP_CHECK_SECONDS,
)
from ._masking import _SecretHeader
from ._requests import PendingResponse, Prepared, prepare
from ._retry import Retrier, RetryPolicy
from ._sessions import (
    abort_connections_in_use,
    forget_connections_in_use,
    has_connections,
    own_every_resend,
)
from ._streams import StreamResponse
from ._throttle import Throttle
from ._transport import Transport
from ._urls import ParamValue

if TYPE_CHECKING:
    from typing_extensions import Self

    from ._responses import Response
    from ._schemas import ProjectSchemas

    # For type checkers only: the resource modules annotate their client as
    # ``_client.YouTrack``, the public class of ``client.py`` (this core plus the
    # resources); at run time this module never loads it.
    from .client import YouTrack as YouTrack

from .errors import (
    ClientClosedError,
    ConfigurationError,
    InvalidRequestError,
    YouTrackError,
    client_closed,
)

__all__ = [
    "DEFAULT_STREAM_TIMEOUT",
    "DEFAULT_TIMEOUT",
    "DEFAULT_USER_AGENT",
    "BaseClient",
    "normalize_base_url",
]

T = TypeVar("T")


# --- the client -----------------------------------------------------------------------


class BaseClient(AsyncClosing):
    """The core of :class:`~aioyoutrack.YouTrack`: configuration, lifecycle, ``request``
    and ``stream``, without the resources (those are ``client.py``'s; see ``YouTrack``
    for the parameters)."""

    def __init__(
        self,
        url: str | None = None,
        token: str | None = None,
        *,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        timeout: float | aiohttp.ClientTimeout | None = None,
        retry: RetryPolicy | None = None,
        session: aiohttp.ClientSession | None = None,
        user_agent: str | None = None,
        trace_configs: Sequence[aiohttp.TraceConfig] | None = None,
        allow_insecure_http: bool = False,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        # The token first, and out of this frame's locals before anything can raise: a
        # traceback rendered with locals (a missing URL, say) must not show it.
        secret, problem = read_token(token if token is not None else os.environ.get(ENV_TOKEN))
        del token
        url = url_or_env(url, os.environ)
        if secret is None:
            raise ConfigurationError(problem)
        self._config = config = build_config(
            url,
            secret,
            max_concurrency=max_concurrency,
            timeout=timeout,
            retry=retry,
            session=session,
            user_agent=user_agent,
            trace_configs=trace_configs,
            allow_insecure_http=allow_insecure_http,
            max_response_bytes=max_response_bytes,
        )
        self._owns_session = session is None
        self._throttle = Throttle(config.max_concurrency)
        self._retrier = Retrier(config.retry)
        self._transport = Transport(
            base_url=config.base_url,
            authorization=_SecretHeader(f"Bearer {secret.reveal()}"),
            user_agent=config.user_agent,
            throttle=self._throttle,
            max_response_bytes=config.max_response_bytes,
        )
        self._transport.session = config.session
        self._retrier.mask = self._transport.masker.text
        self._loop: asyncio.AbstractEventLoop | None = None
        # Two threads making the first call at once must not both bind the client.
        self._bind_lock = threading.Lock()
        self._closed = False
        #: Set when the first aclose() is done, and the loop it ran in: a second aclose()
        #: in that loop waits for it, so that "closed" means closed.
        self._shut_done: tuple[asyncio.AbstractEventLoop, asyncio.Event] | None = None

    # --- lifecycle ------------------------------------------------------------------

    def _ready(self) -> Transport:
        if asyncio.get_running_loop() is self._loop:
            return self._transport
        return self._bind()

    def _bind(self) -> Transport:
        with self._bind_lock:
            return self._bind_locked()

    def _bind_locked(self) -> Transport:
        if self._closed:
            raise client_closed()
        if self._loop is not None:
            raise ConfigurationError(
                "this YouTrack client belongs to another event loop (it is bound to the "
                "loop of its first call); create one client per event loop or thread"
            )
        transport = self._transport
        if transport.session is None:
            connector = aiohttp.TCPConnector(
                limit=self.max_concurrency, limit_per_host=self.max_concurrency
            )
            transport.session = aiohttp.ClientSession(
                connector=connector,
                timeout=self.timeout,
                trace_configs=list(self._config.trace_configs) or None,
                # Bearer auth needs no cookies; a jar only costs time per request.
                cookie_jar=aiohttp.DummyCookieJar(),
            )
            own_every_resend(transport.session)
        elif transport.session.closed:
            raise ClientClosedError("the aiohttp session passed as session= is closed")
        self._loop = asyncio.get_running_loop()
        return transport

    # --- configuration (read-only views of the checked Config) ----------------------

    @property
    def base_url(self) -> str:
        """The service root, ``https://host/context/``."""
        return self._config.base_url

    @property
    def max_concurrency(self) -> int:
        """Most attempts in flight at once."""
        return self._config.max_concurrency

    @property
    def timeout(self) -> aiohttp.ClientTimeout:
        """Timeouts of each attempt of a request."""
        return self._config.timeout

    @property
    def stream_timeout(self) -> aiohttp.ClientTimeout:
        """Timeouts of each attempt of a stream: ``timeout`` when given, else
        ``DEFAULT_STREAM_TIMEOUT``."""
        return self._config.stream_timeout

    @property
    def retry(self) -> RetryPolicy:
        """The retry policy of every call."""
        return self._config.retry

    @property
    def max_response_bytes(self) -> int | None:
        """Most bytes of one response body read into memory; None: no bound."""
        return self._config.max_response_bytes

    @functools.cached_property
    def _schemas(self) -> ProjectSchemas:
        """The project schemas this client read (custom fields by name, date typing);
        made on first use, handed to the resources that need it."""
        from ._schemas import ProjectSchemas  # the models load only when needed

        return ProjectSchemas(self._exchange, mask=self._transport.masker.text)

    @property
    def _token(self) -> Secret:
        return self._config.token

    @property
    def closed(self) -> bool:
        """True once :meth:`aclose` was called."""
        return self._closed

    @property
    def in_flight(self) -> int:
        """Attempts holding a concurrency slot right now."""
        return self._throttle.in_flight

    async def aclose(self) -> None:
        """Close the client and the session it created (a borrowed one stays open).

        Pending calls end with :class:`ClientClosedError`: queued ones, ones waiting out
        a retry backoff, and (with the client's own session, whose connections close)
        ones in flight. With a borrowed session a request already on the wire is let
        finish, since closing its connection is the session owner's business. Calling
        it again does nothing.

        Awaited in another event loop than the one the client was used in, it closes the
        client in that loop when it is running (in another thread); when it is not, the
        client is marked closed, its session closes as soon as that loop runs again, and
        :class:`ConfigurationError` says so.
        """
        current = asyncio.get_running_loop()
        with self._bind_lock:
            already, shut = self._closed, self._shut_done
            if not already:
                self._closed = True
                owner, self._loop = self._loop, None
                done = asyncio.Event()
                self._shut_done = (current, done)
        if already:
            if shut is not None and shut[0] is current:
                await shut[1].wait()  # another aclose() of this loop is still closing
            return
        try:
            await self._close_from(current, owner)
        finally:
            done.set()

    async def _close_from(
        self, current: asyncio.AbstractEventLoop, owner: asyncio.AbstractEventLoop | None
    ) -> None:
        session = self._transport.session
        self._transport.session = None
        if owner is None or owner is current:
            await self._shut(session)
            return
        if owner.is_closed():
            # Its connections belong to a loop that has ended and can no longer close
            # them (aiohttp may or may not say so): the caller must hear it.
            stranded = self._owns_session and session is not None and has_connections(session)
            with contextlib.suppress(RuntimeError):
                await self._shut(session)
            if not stranded:
                return
            raise ConfigurationError(
                "aclose() was awaited after the event loop this client was used in had "
                "ended: the client is closed, but any connections it still had open "
                "belonged to that loop and could not be closed; await aclose() before the "
                "loop ends (async with YouTrack(...))"
            )
        try:
            future = asyncio.run_coroutine_threadsafe(self._shut(session), owner)
        except RuntimeError:  # the owner loop closed since it was looked at
            future = None
        if future is not None and owner.is_running():
            # The owner runs in another thread: the client closes there, now, unless that
            # loop stops first (as asyncio.run ends), which would leave this wait forever.
            closing = asyncio.wrap_future(future)
            while not (await asyncio.wait({closing}, timeout=OWNER_LOOP_CHECK_SECONDS))[0]:
                if not owner.is_running():
                    break
            else:
                if not closing.cancelled():  # cancelled: that loop ended (asyncio.run's end)
                    closing.result()
                    return
        raise ConfigurationError(
            "aclose() was awaited in another event loop than the one this client was used "
            "in, which is not running: the client is closed and its session closes when "
            "that loop runs again; await aclose() in the client's own loop"
        )

    async def _shut(self, session: aiohttp.ClientSession | None) -> None:
        # Calls waiting out a retry backoff or queued for a slot end now, not after.
        self._retrier.close()
        self._throttle.close()
        if self._owns_session and session is not None:
            # A borrowed session's calls on the wire are let finish (documented).
            self._transport.interrupt()
            abort_connections_in_use(session)
            forget_connections_in_use(session)
            await session.close()

    def _echoes_token(self, text: str) -> bool:
        """Whether ``text``, a value from the server, carries this client's token (see
        ``Masker.echoed``): one kept or shown (a cursor) would leak it."""
        return self._transport.masker.echoed(text)

    @contextlib.contextmanager
    def _masking(self) -> Iterator[None]:
        """Errors raised inside with this client's token masked: for those a resource
        builds from the server's data (a schema's field and value names, the names of a
        listing), which a hostile server may have made echo it."""
        try:
            yield
        except YouTrackError as error:
            self._transport.masker.error(error)
            raise

    async def _nap(self, seconds: float) -> None:
        """Sleep ``seconds`` (between polls), ending at once with ``ClientClosedError``
        when the client closes meanwhile."""
        await self._retrier.pause(seconds)
        if self._closed:
            raise client_closed()

    async def __aenter__(self) -> Self:
        if self._closed:
            raise client_closed()
        return self

    def __repr__(self) -> str:
        # getattr: a traceback with locals may repr a half-constructed client.
        state = ", closed" if getattr(self, "_closed", False) else ""
        url = getattr(self, "base_url", None)
        limit = getattr(self, "max_concurrency", None)
        return f"YouTrack(url={url!r}, max_concurrency={limit}{state})"

    # --- requests -------------------------------------------------------------------

    # With a model class (or list[X]) the result is typed as it; without, it is JSON.
    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, ParamValue] | None = None,
        json: Any = None,
        data: Any = None,
        headers: Mapping[str, str] | None = None,
        model: type[T],
        idempotent: bool | None = None,
        timeout: float | aiohttp.ClientTimeout | None = None,
    ) -> T: ...
    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, ParamValue] | None = None,
        json: Any = None,
        data: Any = None,
        headers: Mapping[str, str] | None = None,
        model: Any = None,
        idempotent: bool | None = None,
        timeout: float | aiohttp.ClientTimeout | None = None,
    ) -> Any: ...

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, ParamValue] | None = None,
        json: Any = None,
        data: Any = None,
        headers: Mapping[str, str] | None = None,
        model: Any = None,
        idempotent: bool | None = None,
        timeout: float | aiohttp.ClientTimeout | None = None,
    ) -> Any:
        """Send a request to YouTrack and return its parsed JSON (``None`` if empty).

        ``path`` is relative to the service root (``"api/users/me"``; build segments
        with ``quote_segment``), or absolute from the origin, or a URL of the same
        origin. ``params`` values: str, int, float, bool or a sequence (the key
        repeats); ``None`` is left out. ``json`` is sent as a JSON body; ``data`` (bytes,
        ``aiohttp.FormData``, a payload) as is. With ``model`` (an attrs class or
        ``list[X]``) the ``fields`` projection is sent unless ``params`` has one, and the
        result is structured into ``model``. Date-and-time custom fields of issues stay
        epoch ms ``int`` here: typing them from the project's schema is a step of the
        issues resources (``yt.issues.get`` and the like), not of this call.

        ``idempotent`` overrides the method's default (GET/HEAD/OPTIONS/DELETE are
        idempotent) for retries of 500/502/504 and dropped connections. ``timeout``
        (seconds per attempt or a ``ClientTimeout``) overrides the client's.
        """
        prepared = prepare(
            self._ready(),
            method,
            path,
            params=params,
            json=json,
            data=data,
            headers=headers,
            model=model,
            idempotent=idempotent,
            timeout=timeout,
            default_timeout=self.timeout,
        )
        # Built here rather than through _exchange: each coroutine between the caller and
        # the transport is resumed on every wait, the hot path of many small requests.
        return PendingResponse(await self._send(prepared), model, prepared).result()

    async def _exchange(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, ParamValue] | None = None,
        model: Any = None,
    ) -> PendingResponse:
        """The first phase of a read: send, retry, read the whole body.

        Returns the second phase, which parses and structures that body when built: a
        pager keeps pages it fetched ahead as bytes until its consumer reaches them
        (this method is the :class:`~aioyoutrack._pagination.Exchange` pagers use).
        """
        prepared = prepare(
            self._ready(), method, path, params=params, model=model, default_timeout=self.timeout
        )
        return PendingResponse(await self._send(prepared), model, prepared)

    def _send(self, prepared: Prepared) -> Awaitable[Response]:
        """Send ``prepared`` with retries and read the whole body: the retry loop itself
        (no coroutine of its own, so no frame more to resume on every wait)."""
        return self._retrier.run(
            functools.partial(self._transport.fetch, prepared),
            throttle=self._throttle,
            method=prepared.method,
            url=prepared.shown_url,
            idempotent=prepared.idempotent,
            replayable=prepared.replayable,
            timeout=prepared.timeout,
        )

    def stream(
        self,
        method: str,
        path_or_url: str,
        *,
        params: Mapping[str, ParamValue] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | aiohttp.ClientTimeout | None = None,
    ) -> AbstractAsyncContextManager[StreamResponse]:
        """Open a response to read its body in chunks (attachment downloads)::

            async with yt.stream("GET", attachment.url) as s:
                async for chunk in s.iter_chunks():
                    ...

        ``path_or_url`` is a path relative to the service root, a path absolute from the
        origin (attachment URLs such as ``/youtrack/api/files/7-2?sign=...``, whose query
        is kept), or an absolute URL of the configured origin (any other origin is
        refused: the token goes nowhere else). Error statuses raise as in
        :meth:`request`; retries happen only before the body is handed out. The
        concurrency slot is held until the block ends.

        The chunks are the body decoded: the client offers ``Accept-Encoding: gzip,
        deflate`` and inflates those itself (a compressed body cut short is an error,
        not a short file). A ``headers=`` ``Accept-Encoding`` accepting another coding
        (``br``) raises :class:`~aioyoutrack.InvalidRequestError` before anything is sent.
        """
        return _StreamContext(self, method, path_or_url, params, headers, timeout)


class _StreamContext:
    """``async with yt.stream(...) as s`` — opens on enter, releases on exit."""

    __slots__ = ("_args", "_busy", "_client", "_stream")

    def __init__(
        self,
        client: BaseClient,
        method: str,
        path_or_url: str,
        params: Mapping[str, ParamValue] | None,
        headers: Mapping[str, str] | None,
        timeout: float | aiohttp.ClientTimeout | None,
    ) -> None:
        self._client = client
        self._args = (method, path_or_url, params, headers, timeout)
        self._stream: StreamResponse | None = None
        self._busy = False  # entered and not yet exited

    async def __aenter__(self) -> StreamResponse:
        if self._busy:
            # A second stream here would take the first one's place, and nothing would
            # ever release the first one's connection and concurrency slot.
            raise InvalidRequestError(
                "this yt.stream(...) is entered already: call yt.stream() again for another stream"
            )
        self._busy = True
        try:
            self._stream = await self._open()
        except BaseException:
            self._busy = False
            raise
        return self._stream

    async def _open(self) -> StreamResponse:
        client = self._client
        method, path_or_url, params, headers, timeout = self._args
        transport = client._ready()
        prepared = prepare(
            transport,
            method,
            path_or_url,
            params=params,
            headers=headers,
            timeout=timeout,
            default_timeout=client.stream_timeout,
            stream=True,
        )
        stream: StreamResponse = await client._retrier.run(
            functools.partial(transport.open, prepared),
            throttle=client._throttle,
            keep_slot=True,
            method=prepared.method,
            url=prepared.shown_url,
            idempotent=prepared.idempotent,
            replayable=True,
            timeout=prepared.timeout,
        )
        return stream

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        stream, self._stream = self._stream, None
        self._busy = False
        if stream is not None:
            await stream.aclose()
