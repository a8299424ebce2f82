"""Inflating a compressed download ourselves, so that one cut short is noticed.

aiohttp inflates ``gzip`` bodies without checking that the stream reached its end (only
``deflate`` is checked): a server or proxy that sends a gzip stream cut in half, with a
``Content-Length`` that fits it, has its download end early as if it were complete, and
a saved attachment would silently miss its tail. Downloads (``Transport.open``) are
therefore read with aiohttp's inflating turned off and inflated here, and a stream that
ends before its end-of-stream marker raises ``aiohttp.ClientPayloadError``, which the
transport maps like any other cut-short body. A coding it does not read is refused
when the download starts (``UnexpectedResponseError``, not retried).
"""

from __future__ import annotations

import zlib

import aiohttp

__all__ = ["INFLATED", "Inflater", "inflate_whole", "unreadable_codings"]

#: What a download offers in ``Accept-Encoding``: the codings :class:`Inflater` reads.
INFLATED = "gzip, deflate"

#: The codings a download may come in that it reads (``*``, any coding, is not one:
#: the server may pick ``br``).
_READ = frozenset({"gzip", "x-gzip", "deflate", "identity"})


def unreadable_codings(accept_encoding: str) -> list[str]:
    """The codings an ``Accept-Encoding`` value accepts (a weight above 0) that a
    download cannot be inflated from: ``["br"]`` for ``"br, gzip"``, ``["*"]`` for
    ``"*"`` (any coding)."""
    found = []
    for item in accept_encoding.split(","):
        coding, _, weights = item.partition(";")
        name = coding.strip().lower()
        if not name or name in _READ:
            continue
        weight = weights.strip().lower()
        if weight.startswith("q=") and weight[2:].strip().rstrip("0").rstrip(".") in ("", "0"):
            continue  # q=0, q=0.0, q=0.000: "not acceptable"
        found.append(name)
    return found


#: ``zlib`` window bits by coding: gzip framing, or (deflate) zlib framing, tried first.
_GZIP_BITS = 16 + zlib.MAX_WBITS
_ZLIB_BITS = zlib.MAX_WBITS
_RAW_BITS = -zlib.MAX_WBITS


class Inflater:
    """Inflates one body compressed with ``coding`` (``gzip``, ``x-gzip`` or ``deflate``),
    chunk by chunk; :meth:`finish` says whether it ended where its stream ends."""

    __slots__ = ("_coding", "_full", "_head", "_started", "_z")

    def __init__(self, coding: str) -> None:
        self._coding = coding
        self._started = False
        self._head = b""  # deflate's first byte, until a second tells its framing
        #: The last output filled max_length: zlib may hold more of it with no input left.
        self._full = False
        self._z = zlib.decompressobj(_GZIP_BITS if coding != "deflate" else _ZLIB_BITS)

    @staticmethod
    def for_coding(coding: str | None) -> Inflater | None:
        """An inflater for the ``Content-Encoding`` ``coding`` (None: not compressed).

        Raises ``LookupError`` for a coding it does not read (``br``, ``zstd``, ...).
        """
        name = (coding or "").strip().lower()
        if name in ("", "identity"):
            return None
        if name in ("gzip", "x-gzip", "deflate"):
            return Inflater(name)
        raise LookupError(coding)

    def feed(self, data: bytes, max_length: int = 0) -> bytes:
        """Inflate ``data`` (the next compressed bytes): at most ``max_length`` bytes out
        when it is positive, the rest kept for :meth:`pending`."""
        if not data:
            return self.pending(max_length)
        if not self._started:
            if self._coding == "deflate":
                data = self._head + data
                if len(data) < 2:  # too little to tell zlib framing from none
                    self._head = data
                    return b""
                if not _is_zlib_header(data):
                    # "deflate" as many servers send it: a raw stream, no zlib framing.
                    self._z = zlib.decompressobj(_RAW_BITS)
            self._started = True
        elif self._z.eof:
            if self._coding == "deflate":
                return b""  # bytes after the stream's end: ignored, as aiohttp does
            data = self._z.unused_data + data
            self._z = zlib.decompressobj(_GZIP_BITS)  # the next gzip member (RFC 1952)
        elif self._z.unconsumed_tail:
            data = self._z.unconsumed_tail + data  # what a max_length cut left
        return self._inflate(data, max_length) or self.pending(max_length)

    def pending(self, max_length: int = 0) -> bytes:
        """More output from what was fed already (after a ``max_length`` cut, or a gzip
        member that ended with the next one's start in the same chunk); b"" when all
        that was fed is out."""
        while True:
            z = self._z
            if z.eof:
                # What follows a stream's end: the next gzip member; after deflate,
                # ignored. (zlib may leave it in unconsumed_tail too, as a copy.)
                rest = z.unused_data
                if not rest or self._coding == "deflate":
                    return b""
                self._z = zlib.decompressobj(_GZIP_BITS)
                out = self._inflate(rest, max_length)
            elif z.unconsumed_tail or self._full:
                out = self._inflate(z.unconsumed_tail, max_length)
            else:
                return b""
            if out:
                return out

    def finish(self) -> bytes:
        """The last output, once the compressed body has ended; raises
        ``aiohttp.ClientPayloadError`` when it ended before its stream's end."""
        parts = []
        while more := self.pending():
            parts.append(more)
        if (self._started or self._head) and not self._z.eof:
            raise aiohttp.ClientPayloadError(
                f"the {self._coding} body ended before its end of stream: it was cut short"
            )
        return b"".join(parts)

    def _inflate(self, data: bytes, max_length: int) -> bytes:
        try:
            out = self._z.decompress(data, max_length)
        except zlib.error as exc:
            raise aiohttp.ClientPayloadError(f"the {self._coding} body is corrupt: {exc}") from None
        self._full = 0 < max_length <= len(out)
        return out


def _is_zlib_header(data: bytes) -> bool:
    # RFC 1950: the method is 8 (deflate) and the two header bytes are a multiple of 31.
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


def inflate_whole(data: bytes, coding: str, limit: int | None) -> tuple[bytes, bool]:
    """``data`` (an error body read whole, or its start) inflated, at most ``limit``
    bytes of it, and whether that is all of it; as it is when it cannot be inflated (an
    error keeps what the server sent either way)."""
    try:
        inflater = Inflater.for_coding(coding)
        if inflater is None:
            return data, True
        parts = [inflater.feed(data, limit or 0)]
        size = len(parts[0])
        while not limit or size < limit:
            more = inflater.pending(limit - size if limit else 0)
            if not more:
                return b"".join(parts), True
            parts.append(more)
            size += len(more)
        return b"".join(parts), False
    except (aiohttp.ClientPayloadError, LookupError):
        return data, True
