"""``yt.issues.attachments``: list, upload (streamed), download, rename and delete files.

Uploads are ``multipart/form-data`` POSTs streamed from a path, bytes, a binary file
object or an async iterator; they are never retried once sending started (a second
upload would attach the file twice). Downloads follow the attachment's signed ``url``,
which YouTrack gives relative to the service origin; a URL of any other origin is
refused, so the token goes nowhere else.
"""

from __future__ import annotations

import asyncio
import builtins
import os
from collections.abc import AsyncIterator
from contextlib import ExitStack, suppress
from typing import TYPE_CHECKING, Any, overload

import aiohttp

from .._constants import DEFAULT_CHUNK_SIZE, DEFAULT_PAGE_SIZE
from .._pagination import Pager
from ..errors import InvalidRequestError
from ..models.attachments import IssueAttachment
from ._base import Resource, api_path, route
from ._common import M, check_model, check_text, list_pager, notify_params
from ._generic import Params, json_body
from ._upload import UploadSource, multipart_body

if TYPE_CHECKING:
    from .._client import YouTrack

__all__ = ["IssueAttachmentsResource", "download_attachment", "save_attachment"]

Timeout = float | aiohttp.ClientTimeout | None


def _url_of(attachment: object) -> str:
    url: object = attachment
    if not isinstance(attachment, str):
        url = getattr(attachment, "url", None)
        if url is None:
            raise InvalidRequestError(
                f"this {type(attachment).__name__} has no url: ask for it in fields "
                "(the default models do), or pass the url itself"
            )
    if not isinstance(url, str) or not url.strip():
        raise InvalidRequestError(f"an attachment url must be a non-empty str, got {url!r}")
    return url


async def download_attachment(
    client: YouTrack, attachment: object, chunk_size: int, timeout: Timeout
) -> AsyncIterator[bytes]:
    """The bytes behind an attachment's ``url`` (relative to the origin), chunk by chunk."""
    url = _url_of(attachment)
    async with client.stream("GET", url, timeout=timeout) as response:
        async for chunk in response.iter_chunks(chunk_size):
            yield chunk


async def save_attachment(
    client: YouTrack, attachment: object, path: str | os.PathLike[str], timeout: Timeout
) -> int:
    """Write an attachment to ``path``; return the number of bytes written.

    The file appears only once complete: the bytes go to ``<path>.part`` first, which
    is renamed over ``path`` at the end (and removed if the download fails).
    """
    target: object = None
    if isinstance(path, (str, os.PathLike)):
        with suppress(TypeError):  # a PathLike whose __fspath__ gives no str or bytes
            target = os.fspath(path)
    if not isinstance(target, str) or not target:
        raise InvalidRequestError(
            f"path must be a non-empty str or os.PathLike of str, got {path!r}"
        )
    _url_of(attachment)  # a bad attachment must not leave a .part file behind
    partial = f"{target}.part"
    written = 0
    try:
        handle = await asyncio.to_thread(open, partial, "wb")
    except OSError as exc:
        raise InvalidRequestError(f"cannot write {partial!r}: {exc}") from exc
    try:
        try:
            async for chunk in download_attachment(client, attachment, DEFAULT_CHUNK_SIZE, timeout):
                await asyncio.to_thread(handle.write, chunk)
                written += len(chunk)
        finally:
            await asyncio.to_thread(handle.close)
        await asyncio.to_thread(os.replace, partial, target)
    except BaseException:
        # The partial file must not look like a finished download.
        with suppress(OSError):
            os.remove(partial)
        raise
    return written


class IssueAttachmentsResource(Resource):
    """Files attached to an issue or its comments (``/api/issues/{id}/attachments``)."""

    __slots__ = ()

    @overload
    def list(
        self, issue_id: str, *, page_size: int = DEFAULT_PAGE_SIZE, limit: int | None = None
    ) -> Pager[IssueAttachment]: ...
    @overload
    def list(
        self,
        issue_id: str,
        *,
        model: type[M],
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[M]: ...

    @route("GET", "/issues/{id}/attachments")
    def list(
        self,
        issue_id: str,
        *,
        model: Any = IssueAttachment,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[Any]:
        """The issue's attachments (those of its comments included), as a Pager."""
        path = api_path("issues/{}/attachments", check_text("issue_id", issue_id))
        return list_pager(self._yt, path, model, page_size=page_size, limit=limit)

    @overload
    async def get(self, issue_id: str, attachment_id: str) -> IssueAttachment: ...
    @overload
    async def get(self, issue_id: str, attachment_id: str, *, model: type[M]) -> M: ...

    @route("GET", "/issues/{id}/attachments/{issueAttachmentId}")
    async def get(self, issue_id: str, attachment_id: str, *, model: Any = IssueAttachment) -> Any:
        """One attachment of the issue."""
        check_model(model)
        return await self._yt.request("GET", self._item(issue_id, attachment_id), model=model)

    @overload
    async def upload(
        self,
        issue_id: str,
        source: UploadSource,
        *,
        name: str | None = None,
        content_type: str | None = None,
        params: Params | None = None,
        timeout: Timeout = None,
        notify: bool = True,
    ) -> builtins.list[IssueAttachment]: ...
    @overload
    async def upload(
        self,
        issue_id: str,
        source: UploadSource,
        *,
        name: str | None = None,
        content_type: str | None = None,
        model: type[M],
        params: Params | None = None,
        timeout: Timeout = None,
        notify: bool = True,
    ) -> builtins.list[M]: ...

    @route("POST", "/issues/{id}/attachments")
    async def upload(
        self,
        issue_id: str,
        source: UploadSource,
        *,
        name: str | None = None,
        content_type: str | None = None,
        model: Any = IssueAttachment,
        params: Params | None = None,
        timeout: Timeout = None,
        notify: bool = True,
    ) -> builtins.list[Any]:
        """Attach a file to the issue; returns the new attachments (YouTrack answers a list).

        ``source`` is a path (streamed from disk), ``bytes``, a binary file object, or an
        async iterator of ``bytes`` chunks (streamed as it yields). ``name`` is the file
        name YouTrack shows (default: the path's base name; required for other
        sources); ``content_type`` defaults to a guess from the name. The request is
        sent once: a failure after sending started raises with
        ``may_have_been_applied`` set rather than uploading twice. ``timeout`` (seconds
        or a ``ClientTimeout``) overrides the client's for large files.
        """
        check_model(model)
        params = {**(params or {}), **notify_params(notify)}
        path = api_path("issues/{}/attachments", check_text("issue_id", issue_id))
        with ExitStack() as stack:
            body = multipart_body(source, name=name, content_type=content_type, stack=stack)
            result: builtins.list[Any] = await self._yt.request(
                "POST", path, params=params, data=body, model=list[model], timeout=timeout
            )
        return result

    @overload
    async def update(
        self,
        issue_id: str,
        attachment_id: str,
        *,
        name: str | None = None,
        body: Any = None,
    ) -> IssueAttachment: ...
    @overload
    async def update(
        self,
        issue_id: str,
        attachment_id: str,
        *,
        name: str | None = None,
        body: Any = None,
        model: type[M],
    ) -> M: ...

    @route("POST", "/issues/{id}/attachments/{issueAttachmentId}")
    async def update(
        self,
        issue_id: str,
        attachment_id: str,
        *,
        name: str | None = None,
        body: Any = None,
        model: Any = IssueAttachment,
    ) -> Any:
        """Rename an attachment (``name``) or change other attributes (``body``: a model
        instance or JSON mapping, e.g. ``{"visibility": ...}``)."""
        check_model(model)
        data: dict[str, Any] = {} if body is None else json_body(body)
        if name is not None:
            data["name"] = check_text("name", name)
        if not data:
            raise InvalidRequestError("nothing to update: pass name= or body=")
        path = self._item(issue_id, attachment_id)
        return await self._yt.request("POST", path, json=data, model=model)

    @route("DELETE", "/issues/{id}/attachments/{issueAttachmentId}")
    async def delete(self, issue_id: str, attachment_id: str) -> None:
        """Delete an attachment."""
        await self._yt.request("DELETE", self._item(issue_id, attachment_id))

    def download(
        self,
        attachment: IssueAttachment | str,
        *,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        timeout: Timeout = None,
    ) -> AsyncIterator[bytes]:
        """The attachment's bytes, chunk by chunk::

            async with contextlib.aclosing(yt.issues.attachments.download(a)) as chunks:
                async for chunk in chunks:
                    ...

        ``attachment`` is an attachment with its ``url`` (as listed) or that url. The url
        is resolved against the service origin; a url of another origin is refused
        (``InvalidRequestError``). The connection and a concurrency slot are held until
        the iterator ends or is closed.
        """
        if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
            raise InvalidRequestError(f"chunk_size must be a positive int, got {chunk_size!r}")
        _url_of(attachment)  # refuse a missing url now, not at the first iteration
        return download_attachment(self._yt, attachment, chunk_size, timeout)

    async def save(
        self,
        attachment: IssueAttachment | str,
        path: str | os.PathLike[str],
        *,
        timeout: Timeout = None,
    ) -> int:
        """Download an attachment to ``path`` and return its size in bytes.

        The file appears only when complete (written to ``<path>.part``, then renamed).
        """
        return await save_attachment(self._yt, attachment, path, timeout)

    @staticmethod
    def _item(issue_id: str, attachment_id: str) -> str:
        return api_path(
            "issues/{}/attachments/{}",
            check_text("issue_id", issue_id),
            check_text("attachment_id", attachment_id),
        )
