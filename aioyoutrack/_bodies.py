"""Request bodies that can be sent again, and bytes sent without aiohttp's warning.

A retry or a same-origin 307/308 redirect sends the body again, so only a body held
whole in memory may be retried; a stream or a generator is consumed by the first
attempt. aiohttp warns (``ResourceWarning``) of bytes over 1 MiB held in memory, which
under ``-W error`` becomes the call's exception: such bodies go as a payload built
without that warning.
"""

from __future__ import annotations

from typing import Any

from aiohttp import payload

__all__ = ["REPLAYABLE_BODIES", "bytes_payload"]

#: Bodies that can be sent again as they are (a retry, a 307/308 redirect); a stream or
#: a generator is consumed by the first attempt.
REPLAYABLE_BODIES = (bytes, bytearray, memoryview, str, payload.BytesPayload)
#: aiohttp's ``TOO_LARGE_BYTES_BODY``: bytes longer than this make it warn.
_LARGE_BYTES = 2**20


def bytes_payload(value: Any, content_type: str | None = None) -> Any:
    """``value`` (bytes or str) to send as a body or a multipart part: over 1 MiB, as
    :class:`_QuietBytesPayload` (a str encoded as UTF-8, as aiohttp does), else as it is."""
    if isinstance(value, str):
        if len(value) <= _LARGE_BYTES // 4:  # 4 bytes at most a character
            return value
        try:
            encoded = value.encode()
        except UnicodeEncodeError:  # a lone surrogate: left to aiohttp to refuse
            return value
        if len(encoded) <= _LARGE_BYTES:
            return value
        return _QuietBytesPayload(encoded, content_type or "text/plain; charset=utf-8")
    if memoryview(value).nbytes <= _LARGE_BYTES:
        return value
    return _QuietBytesPayload(value, content_type or "application/octet-stream")


class _QuietBytesPayload(payload.BytesPayload):
    """aiohttp's payload of bytes, without the ``ResourceWarning`` its ``__init__`` gives
    bytes over 1 MiB ("might lock the event loop": writing bytes already in memory does
    not), which under ``-W error`` was the call's exception. Bytes are sent again as
    they are on a retry or a redirect."""

    def __init__(self, value: bytes | bytearray | memoryview, content_type: str) -> None:
        payload.Payload.__init__(self, value, content_type=content_type)
        self._size = memoryview(value).nbytes
