"""``StreamResponse``: a response whose body is handed out unread, chunk by chunk
(attachment downloads), made by ``Transport.open``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import aiohttp
from multidict import CIMultiDictProxy

from ._closing import AsyncClosing
from ._constants import DEFAULT_CHUNK_SIZE
from ._inflate import Inflater
from ._masking import Masker
from ._responses import TRANSPORT_ERRORS, connection_error
from ._urls import redact_url
from ._values import shown
from .errors import ClientClosedError, InvalidRequestError, YouTrackError, _detached

if TYPE_CHECKING:
    from ._transport import Transport

__all__ = ["StreamResponse"]

#: Compressed bytes read at a time for an inflated body (its output is cut to the size
#: asked for, the rest kept by the inflater).
_COMPRESSED_CHUNK = 64 * 1024
#: The most bytes one inflated chunk holds, whatever chunk_size asked for.
_LARGEST_CHUNK = 1 << 30


class _ChunkIterator:
    __slots__ = ("_size", "_stream")

    def __init__(self, stream: StreamResponse, size: int) -> None:
        self._stream = stream
        self._size = size

    def __aiter__(self) -> _ChunkIterator:
        return self

    async def __anext__(self) -> bytes:
        chunk = await self._stream._read(self._size)
        if not chunk:
            raise StopAsyncIteration
        return chunk


class StreamResponse(AsyncClosing):
    """A response whose body is read piece by piece (attachment downloads).

    It holds a concurrency slot and a connection until its ``async with`` block ends.
    ``status``, ``headers``, ``content_type`` and ``url`` describe the response.
    """

    __slots__ = (
        "_closed",
        "_idempotent",
        "_inflater",
        "_method",
        "_reading",
        "_response",
        "_transport",
        "url",
    )

    def __init__(
        self,
        response: aiohttp.ClientResponse,
        transport: Transport,
        *,
        method: str,
        url: str,
        idempotent: bool,
        inflater: Inflater | None = None,
    ) -> None:
        self._response = response
        #: Inflates a compressed body (read raw, so a cut one is noticed: see _inflate).
        self._inflater = inflater
        self._transport = transport
        transport.reading.add(response)  # aclose() ends its reads (see Transport.interrupt)
        self._method = method
        self._idempotent = idempotent
        self._closed = False
        # One read at a time: aiohttp refuses a second waiter, and the inflater's state
        # is the stream's own.
        self._reading = False
        self.url = url

    @property
    def status(self) -> int:
        """The HTTP status (always a success: errors are raised before the body)."""
        return self._response.status

    @property
    def headers(self) -> CIMultiDictProxy[str]:
        """The response headers."""
        return self._response.headers

    @property
    def content_type(self) -> str:
        """The media type of the body, without parameters (``"image/png"``)."""
        return self._response.content_type

    @property
    def masker(self) -> Masker:
        """Masks the client's token in text taken from this body for an error (a page
        served instead of the file may echo the request's headers)."""
        return self._transport.masker

    def iter_chunks(self, chunk_size: int = DEFAULT_CHUNK_SIZE) -> _ChunkIterator:
        """Iterate over the body in chunks of at most ``chunk_size`` bytes."""
        if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
            raise InvalidRequestError(f"chunk_size must be a positive int, got {shown(chunk_size)}")
        return _ChunkIterator(self, chunk_size)

    async def read(self) -> bytes:
        """Read the rest of the body into memory."""
        return await self._read(-1)

    async def _read(self, size: int) -> bytes:
        if self._closed:
            raise ClientClosedError("the stream is closed: read it inside its async with block")
        if self._reading:
            raise InvalidRequestError(
                "this stream is being read by another task: read a stream from one task at a time"
            )
        self._reading = True
        try:
            return await self._read_once(size)
        finally:
            self._reading = False

    async def _read_once(self, size: int) -> bytes:
        error: YouTrackError
        try:
            if self._inflater is None:
                return await self._response.content.read(size)
            return await self._read_inflated(self._inflater, size)
        except TRANSPORT_ERRORS as exc:
            if self._transport.interrupted:
                error = _detached(ClientClosedError("the client was closed during this read"), exc)
            else:
                error = _detached(
                    connection_error(exc, self._method, self.url, self._idempotent), exc
                )
        except RuntimeError as exc:
            # aiohttp's "Connection closed.": the session was closed under the stream,
            # which is what the client's aclose() does to an owned session.
            error = _detached(
                ClientClosedError(
                    f"the connection of this stream was closed (was the client closed?): {exc}"
                ),
                exc,
            )
        # Raised here, outside the handler, so the original is not chained as context.
        raise self._transport.masker.error(error)

    async def _read_inflated(self, inflater: Inflater, size: int) -> bytes:
        """Up to ``size`` bytes of the inflated body (all of it for -1); b"" at its end,
        which must be the compressed stream's end (else ``ClientPayloadError``)."""
        content = self._response.content
        # zlib takes no larger bound (OverflowError), and no chunk is that large anyway.
        size = min(size, _LARGEST_CHUNK)
        if size < 0:
            parts = [inflater.pending()]
            while chunk := await content.read(_COMPRESSED_CHUNK):
                parts.append(inflater.feed(chunk))
            parts.append(inflater.finish())
            return b"".join(parts)
        out = inflater.pending(size)
        while not out:
            chunk = await content.read(_COMPRESSED_CHUNK)
            if not chunk:
                return inflater.finish()  # b"": what was fed is out (pending() above)
            out = inflater.feed(chunk, size)
        return out

    async def aclose(self) -> None:
        """Release the connection (closing it if the body was not read to the end)."""
        if self._closed:
            return
        self._closed = True
        response = self._response
        self._transport.reading.discard(response)
        if response.content.at_eof():
            response.release()
        else:
            response.close()
        self._transport.throttle.release()

    def __repr__(self) -> str:
        kind = self.masker.text(self.content_type)  # the server's: it may echo the token
        return f"<StreamResponse {self.status} {kind} {redact_url(self.url)}>"
