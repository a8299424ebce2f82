"""Streaming multipart bodies for attachment uploads.

A file is streamed from disk (aiohttp reads it in chunks in a worker thread), bytes are
sent as they are, and an async iterator of bytes is passed through chunk by chunk:
nothing is read whole into memory here. aiohttp writes the ``multipart/form-data``
header with its boundary. Such a body can be sent only once, so the client never
retries the request after it started sending (see ``YouTrack.request``).
"""

from __future__ import annotations

import io
import mimetypes
import os
from collections.abc import AsyncIterable
from contextlib import ExitStack
from typing import IO, Any

import aiohttp
from aiohttp import payload

from .._bodies import bytes_payload
from .._responses import watch_stream
from .._values import shown
from ..errors import InvalidRequestError

__all__ = ["UploadSource", "multipart_body"]

#: What can be uploaded: a path, bytes, a binary file object, or an async iterator of
#: bytes chunks (e.g. a download being forwarded, or a generator reading a socket).
UploadSource = (
    str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes] | AsyncIterable[bytes]
)

#: Name of the form part holding the file, as the spec's multipart schema declares.
FILE_PART = "files[0]"
_DEFAULT_CONTENT_TYPE = "application/octet-stream"


def _check_name(name: object) -> str:
    if not isinstance(name, str) or not name.strip():
        raise InvalidRequestError(f"name must be a non-empty str, got {shown(name)}")
    # The name goes into a part header verbatim (UTF-8, as browsers send it).
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise InvalidRequestError("name must not contain control characters or line breaks")
    return name


def _content_type(content_type: object, name: str) -> str:
    if content_type is None:
        return mimetypes.guess_type(name)[0] or _DEFAULT_CONTENT_TYPE
    if (
        not isinstance(content_type, str)
        or "/" not in content_type
        or any(ord(ch) < 32 or ord(ch) == 127 for ch in content_type)
    ):
        raise InvalidRequestError(
            f"content_type must be a media type like 'image/png', got {shown(content_type)}"
        )
    return content_type


def _open(path: str, stack: ExitStack) -> IO[bytes]:
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the caller's ExitStack
    except FileNotFoundError:
        raise InvalidRequestError(f"no file to upload at {shown(path)}") from None
    except IsADirectoryError:
        raise InvalidRequestError(f"{shown(path)} is a directory, not a file") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL or a lone surrogate in the path
        raise InvalidRequestError(f"cannot open {shown(path)} for upload: {exc}") from exc
    return stack.enter_context(handle)


def multipart_body(
    source: object,
    *,
    name: str | None,
    content_type: str | None,
    stack: ExitStack,
) -> aiohttp.MultipartWriter:
    """The ``multipart/form-data`` body of one file upload (part ``files[0]``).

    A file opened here is closed by ``stack`` once the request is over. ``name``
    defaults to the file's base name for a path and is required for other sources.
    """
    value: Any
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        if not isinstance(path, str):
            raise InvalidRequestError("upload paths must be str, not bytes")
        file_name = _check_name(name if name is not None else os.path.basename(path))
        value = _open(path, stack)
    else:
        if name is None:
            raise InvalidRequestError(
                "name= is required when uploading bytes, a file object or a stream"
            )
        file_name = _check_name(name)
        if isinstance(source, (bytes, bytearray, memoryview)):
            value = bytes(source)  # a copy: the caller may change theirs meanwhile
        elif isinstance(source, io.TextIOBase):
            raise InvalidRequestError("open the file in binary mode ('rb') to upload it")
        elif isinstance(source, io.IOBase):
            if not source.readable():
                raise InvalidRequestError("the file object to upload is not readable")
            value = source
        elif isinstance(source, AsyncIterable):
            value = payload.AsyncIterablePayload(watch_stream(source))
        else:
            raise InvalidRequestError(
                "source must be a path, bytes, a binary file object or an async iterator "
                f"of bytes, got {type(source).__name__}"
            )
    media_type = _content_type(content_type, file_name)
    if isinstance(value, bytes):
        value = bytes_payload(value, media_type)
    if isinstance(value, payload.Payload):
        part = value
        part.headers[aiohttp.hdrs.CONTENT_TYPE] = media_type
    else:
        part = payload.get_payload(value, content_type=media_type)
    # quote_fields=False: the name is sent as UTF-8 like browsers do, not percent-encoded.
    part.set_content_disposition(
        "form-data", quote_fields=False, name=FILE_PART, filename=file_name
    )
    writer = aiohttp.MultipartWriter("form-data")
    writer.append_payload(part)
    return writer
