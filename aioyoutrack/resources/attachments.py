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
import secrets
import threading
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from contextlib import ExitStack, aclosing, suppress
from functools import partial
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple
from urllib.parse import unquote

import aiohttp
from typing_extensions import TypeVar
from yarl import URL

from .._constants import DEFAULT_CHUNK_SIZE, DEFAULT_PAGE_SIZE
from .._pagination import Pager
from .._streams import StreamResponse
from .._values import shown
from ..errors import InvalidRequestError, UnexpectedResponseError
from ..models.attachments import IssueAttachment
from ._base import Params, Resource, api_path, at, default_model, route
from ._common import check_text, is_database_id, renamed
from ._upload import UploadSource, multipart_body

if TYPE_CHECKING:
    from .._client import YouTrack

__all__ = [
    "AttachmentSource",
    "IssueAttachmentsResource",
    "attachment_source",
    "download_attachment",
    "open_download",
    "save_attachment",
]

Timeout = float | aiohttp.ClientTimeout | None

#: Media types of the pages a server sends instead of a file: an HTML page (YouTrack's
#: UI answers any path outside ``/api`` with one, status 200) or a JSON error body.
_PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/json"})
_EXCERPT = 200  # bytes of a refused body kept on the error
#: Bytes read past the excerpt, so that a token echoed across its end is masked whole
#: (the longest encoding of a token, \u escapes, is six bytes a character).
_MASK_MARGIN = 4096
_ITEM = "issues/{}/attachments/{}"

AttachmentT = TypeVar("AttachmentT", default=IssueAttachment)
T = TypeVar("T")


class AttachmentSource(NamedTuple):
    """What a download needs to know about its attachment (see :func:`attachment_source`)."""

    #: The signed url, or None when the attachment is to be looked up at ``lookup``.
    url: str | None
    #: ``api/.../attachments/{id}`` of an attachment given by id.
    lookup: str | None
    #: What the attachment is, when known: a body of another kind is refused.
    mime_type: str | None
    size: int | None


def attachment_source(
    attachment: object, *, owner: str | None, owner_arg: str, item: str
) -> AttachmentSource:
    """Check an ``attachment`` argument without sending anything.

    It is an attachment object (with its ``url``, or its ``id`` when ``owner`` - the
    issue or article - is given to look it up), an attachment's entity id (``"7-0"``,
    looked up in ``owner``) or its url. ``owner_arg`` names the owner's parameter in
    messages; ``item`` is the ``api_path`` template of one attachment of the owner
    (``"issues/{}/attachments/{}"``).
    """
    if owner is not None:
        check_text(owner_arg, owner)
    if isinstance(attachment, str):
        text = attachment.strip()
        if is_database_id(text):
            if owner is None:
                raise InvalidRequestError(
                    f"{shown(text)} is an attachment id: pass {owner_arg}= to look it up, or "
                    "pass the attachment (as listed) or its url"
                )
            return AttachmentSource(None, api_path(item, owner, text), None, None)
        if "/" not in text:
            raise InvalidRequestError(
                f"attachment {shown(attachment)} is neither an attachment id (such as '7-0') "
                "nor its url (such as '/api/files/7-0?sign=...')"
            )
        return AttachmentSource(text, None, None, None)
    url = getattr(attachment, "url", None)
    ident = getattr(attachment, "id", None)
    mime_type = getattr(attachment, "mime_type", None)
    size = getattr(attachment, "size", None)
    known = AttachmentSource(
        None,
        None,
        mime_type if isinstance(mime_type, str) and mime_type else None,
        size if type(size) is int and size >= 0 else None,
    )
    if url is not None:
        if not isinstance(url, str) or not url.strip():
            raise InvalidRequestError(
                f"an attachment url must be a non-empty str, got {shown(url)}"
            )
        return known._replace(url=url)
    if isinstance(ident, str) and is_database_id(ident) and owner is not None:
        return known._replace(lookup=api_path(item, owner, ident))
    raise InvalidRequestError(
        f"this {type(attachment).__name__} has no url: ask for it in fields (the default "
        f"models do), pass {owner_arg}= to look it up by its id, or pass the url itself"
    )


async def _resolve(client: YouTrack, source: AttachmentSource) -> AttachmentSource:
    """``source`` with its url, looked up when it has only an id."""
    if source.url is not None or source.lookup is None:
        return source
    found = await client.request("GET", source.lookup, params={"fields": "url,mimeType,size"})
    url = found.get("url") if isinstance(found, dict) else None
    if not isinstance(url, str) or not url.strip():
        raise UnexpectedResponseError(
            "the attachment came back without its url", method="GET", url=source.lookup
        )
    mime_type, size = found.get("mimeType"), found.get("size")
    return AttachmentSource(
        url,
        source.lookup,
        mime_type if isinstance(mime_type, str) and mime_type else source.mime_type,
        size if type(size) is int and size >= 0 else source.size,
    )


async def _first_chunk(response: StreamResponse) -> bytes:
    """The body's first ``_EXCERPT`` bytes, the token masked: a page may echo the
    request's headers. More is read first, so that an echo the cut would split is
    masked whole; no local of the raising frame holds the raw bytes."""
    wanted = _EXCERPT + _MASK_MARGIN
    data = b""
    async for chunk in response.iter_chunks(wanted):
        data += chunk
        if len(data) >= wanted:
            break
    return response.masker.bytes(data, cut=len(data) >= wanted)[:_EXCERPT]


async def _refuse_pages(response: StreamResponse, source: AttachmentSource) -> None:
    """Raise :class:`UnexpectedResponseError` when the body is an HTML page or a JSON
    body that the attachment is not (a wrong url gets YouTrack's UI page, status 200)."""
    kind = response.content_type.lower()
    is_page = kind in _PAGE_TYPES or kind.endswith("+json")
    expected = (source.mime_type or "").partition(";")[0].strip().lower()
    if not is_page or kind == expected:
        return
    excerpt = await _first_chunk(response)
    if expected:
        why = f"the attachment is {expected}"
    else:
        why = (
            "a wrong url gets such a page; if the attachment really is HTML or JSON, pass "
            "the attachment object (its mime_type tells) instead of its url"
        )
    error = UnexpectedResponseError(
        f"the server sent {kind} instead of the attachment ({why}); nothing was written",
        status=response.status,
        content_type=kind,
        body=excerpt.decode("utf-8", "replace"),
        method="GET",
        url=response.url,
    )
    # The media type is the server's: one echoing the token is masked, and this frame's
    # locals (which tracebacks may render) keep no copy of it.
    del kind, is_page, expected
    raise response.masker.error(error)


def _check_size(written: int, source: AttachmentSource, url: str) -> None:
    if source.size is not None and written != source.size:
        raise UnexpectedResponseError(
            f"the download gave {written} bytes but the attachment has {source.size}",
            method="GET",
            url=url,
        )


def _check_file_url(base_url: str, url: str) -> None:
    """Refuse an attachment ``url`` outside the service's ``api/``, or with ``.`` or
    ``..`` segments or encoded slashes (see :func:`_leaves`): the token goes with it, so
    a url must not reach other paths of the origin (``/api/files/../admin/users``)."""
    target = url.split("#", 1)[0].split("?", 1)[0]
    base_path = URL(base_url).raw_path
    if target[:8].lower().startswith(("http://", "https://")):
        try:
            path = URL(target, encoded=True).raw_path
        except (ValueError, TypeError):
            path = ""  # the transport names what is wrong with it; refused here anyway
    else:
        path = target if target.startswith("/") else base_path + target
    if not path.startswith(base_path.rstrip("/") + "/api/") or any(
        _leaves(segment) for segment in path.split("/")
    ):
        raise InvalidRequestError(
            f"an attachment url must be a path under {base_path.rstrip('/')}/api/ "
            f"without '.' or '..' segments or encoded slashes, got {shown(url)}"
        )


def _leaves(segment: str) -> bool:
    """Whether a path segment may lead a server elsewhere: ``.`` or ``..``, or a ``/`` or
    ``\\`` within it, as sent or once decoded (a server may decode ``%2F``, ``%252F``
    or take ``\\`` for a separator: ``..%2f..%2fadmin``)."""
    for _ in range(5):  # each round takes one layer of percent-encoding off
        if segment in (".", "..") or "/" in segment or "\\" in segment:
            return True
        decoded = unquote(segment)
        if decoded == segment:
            return False
        segment = decoded
    return unquote(segment) != segment  # still encoded: deeper than any real url


async def download_attachment(
    client: YouTrack, source: AttachmentSource, chunk_size: int, timeout: Timeout
) -> AsyncGenerator[bytes, None]:
    """The bytes of an attachment, chunk by chunk, from its ``url`` (relative to the
    origin; looked up first when ``source`` has only its id).

    An HTML or JSON page in place of the attachment raises before any chunk, and a body
    shorter or longer than the attachment's known ``size`` raises at its end.
    """
    source = await _resolve(client, source)
    if source.url is None:  # attachment_source gives a url or a lookup
        raise InvalidRequestError("the attachment has neither a url nor an id to look up")
    _check_file_url(client.base_url, source.url)
    async with client.stream("GET", source.url, timeout=timeout) as response:
        await _refuse_pages(response, source)
        received = 0
        async for chunk in response.iter_chunks(chunk_size):
            received += len(chunk)
            yield chunk
        _check_size(received, source, response.url)


def open_download(
    client: YouTrack,
    attachment: object,
    *,
    owner: str | None,
    owner_arg: str,
    item: str,
    chunk_size: int,
    timeout: Timeout,
) -> AsyncIterator[bytes]:
    """The chunks of ``attachment`` (read as by :func:`attachment_source`), with every
    argument checked now, when the download is asked for, not when iteration starts."""
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise InvalidRequestError(f"chunk_size must be a positive int, got {shown(chunk_size)}")
    source = attachment_source(attachment, owner=owner, owner_arg=owner_arg, item=item)
    return download_attachment(client, source, chunk_size, timeout)


async def _in_thread(
    func: Callable[..., T], *args: Any, undo: Callable[[T], object] | None = None
) -> T:
    """``func(*args)`` in a worker thread, waited for to the end even when the caller is
    cancelled meanwhile (the thread cannot be stopped), so that what it did (a file
    opened, written, renamed) is known before the cancellation goes on; ``undo`` is
    then applied to what it returned (a file opened for nobody is closed)."""
    running = asyncio.ensure_future(asyncio.to_thread(func, *args))
    try:
        return await asyncio.shield(running)
    except asyncio.CancelledError:
        if undo is not None:
            # Run when the thread ends: before the wait below returns (registered first),
            # or later, by itself, if a second cancellation ends that wait.
            running.add_done_callback(partial(_undo_result, undo=undo))
        await asyncio.wait([running])
        raise


def _undo_result(done: asyncio.Future[T], *, undo: Callable[[T], object]) -> None:
    if not done.cancelled() and done.exception() is None:
        undo(done.result())


def _open_partial(path: str, abandoned: threading.Event) -> BinaryIO:
    """Open a save's partial file, new (``"x"``: never another's); closed and removed at
    once when the save has ended meanwhile (its loop shut down with the thread still
    opening, which no callback outlives)."""
    handle = open(path, "xb")  # noqa: SIM115 - the save owns it, closed there
    if abandoned.is_set():
        _discard(handle, path)
    return handle


def _discard(handle: BinaryIO, path: str) -> None:
    """Close a partial file opened for a save that was cancelled, and remove it."""
    handle.close()
    with suppress(OSError):
        os.remove(path)


async def save_attachment(
    client: YouTrack, source: AttachmentSource, path: str | os.PathLike[str], timeout: Timeout
) -> int:
    """Write an attachment to ``path``; return the number of bytes written.

    The bytes go to a new hidden file beside ``path`` (``.<name>.<random>.part``),
    renamed over ``path`` only once the whole attachment has arrived; on any failure,
    cancellation included, it is closed and removed and ``path`` is left as it was. A
    body that is not the attachment (see :func:`download_attachment`) is such a failure.
    (Cancelled while the finished file is being renamed, the rename completes first.)
    """
    target: object = None
    if isinstance(path, (str, os.PathLike)):
        with suppress(TypeError):  # a PathLike whose __fspath__ gives no str or bytes
            target = os.fspath(path)
    if not isinstance(target, str) or not target:
        raise InvalidRequestError(
            f"path must be a non-empty str or os.PathLike of str, got {shown(path)}"
        )
    if await asyncio.to_thread(os.path.isdir, target):  # refused before downloading
        raise InvalidRequestError(f"{shown(target)} is a directory: pass a file path")
    folder, name = os.path.split(target)
    partial_path = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.part")
    written = 0
    handle: BinaryIO | None = None
    abandoned = threading.Event()  # the save ended while its thread still opened the file
    try:
        try:
            # "x": a new file of its own (never another's), with the usual permissions.
            opened: BinaryIO = await _in_thread(
                _open_partial, partial_path, abandoned, undo=partial(_discard, path=partial_path)
            )
        except (OSError, ValueError) as exc:
            # ValueError: a NUL in the path; UnicodeEncodeError (a ValueError): a lone
            # surrogate the file system cannot encode.
            raise InvalidRequestError(f"cannot write beside {shown(target)}: {exc}") from exc
        handle = opened
        try:
            try:
                chunks = download_attachment(client, source, DEFAULT_CHUNK_SIZE, timeout)
                async with aclosing(chunks):
                    async for chunk in chunks:
                        await _in_thread(opened.write, chunk)
                        written += len(chunk)
            finally:
                await _in_thread(opened.close)
            await _in_thread(os.replace, partial_path, target)
        except OSError as exc:  # a full disk, a file-size limit, path made a folder meanwhile
            raise InvalidRequestError(f"cannot write {shown(target)}: {exc}") from exc
    except BaseException:
        abandoned.set()
        # The partial file must not look like a finished download, nor stay open.
        if handle is not None:
            handle.close()  # at once if already closed; the file's data is not needed
        with suppress(OSError, ValueError):  # ValueError: a path open() refused too
            os.remove(partial_path)
        raise
    return written


class IssueAttachmentsResource(Resource):
    """Files attached to an issue or its comments (``/api/issues/{id}/attachments``)."""

    __slots__ = ()

    @route("GET", "/issues/{id}/attachments")
    def list(
        self,
        issue_id: str,
        *,
        model: type[AttachmentT] = default_model(AttachmentT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[AttachmentT]:
        """The issue's attachments (those of its comments included), as a Pager."""
        path = at("issues/{}/attachments", issue_id=issue_id)
        return self._pager(path, model, page_size=page_size, limit=limit)

    @route("GET", "/issues/{id}/attachments/{issueAttachmentId}")
    async def get(
        self,
        issue_id: str,
        attachment_id: str,
        *,
        model: type[AttachmentT] = default_model(AttachmentT),
    ) -> AttachmentT:
        """One attachment of the issue."""
        path = at(_ITEM, issue_id=issue_id, attachment_id=attachment_id)
        return await self._call("GET", path, model=model)

    @route("POST", "/issues/{id}/attachments")
    async def upload(
        self,
        issue_id: str,
        source: UploadSource,
        *,
        name: str | None = None,
        content_type: str | None = None,
        model: type[AttachmentT] = default_model(AttachmentT),
        params: Params | None = None,
        timeout: Timeout = None,
        notify: bool = True,
    ) -> builtins.list[AttachmentT]:
        """Attach a file to the issue; returns the new attachments (YouTrack answers a list).

        ``source`` is a path (streamed from disk), ``bytes``, a binary file object, or an
        async iterator of ``bytes`` chunks (streamed as it yields). ``name`` is the file
        name YouTrack shows (default: the path's base name; required for other
        sources); ``content_type`` defaults to a guess from the name. The request is
        sent once: a failure after sending started raises with
        ``may_have_been_applied`` set rather than uploading twice. ``timeout`` (seconds
        or a ``ClientTimeout``) overrides the client's for large files.
        """
        self._check(model, notify)  # before a file is opened
        path = at("issues/{}/attachments", issue_id=issue_id)
        many: Any = list[model]  # type: ignore[valid-type]  # the caller's class, at run time
        with ExitStack() as stack:
            body = multipart_body(source, name=name, content_type=content_type, stack=stack)
            result: builtins.list[AttachmentT] = await self._call(
                "POST",
                path,
                data=body,
                model=many,
                params=params,
                notify=notify,
                timeout=timeout,
            )
        return result

    @route("POST", "/issues/{id}/attachments/{issueAttachmentId}")
    async def update(
        self,
        issue_id: str,
        attachment_id: str,
        *,
        name: str | None = None,
        body: Any = None,
        model: type[AttachmentT] = default_model(AttachmentT),
    ) -> AttachmentT:
        """Rename an attachment (``name``) or change other attributes (``body``: a model
        instance or JSON mapping, e.g. ``{"visibility": ...}``)."""
        path = at(_ITEM, issue_id=issue_id, attachment_id=attachment_id)
        data = renamed(name, body)
        return await self._call("POST", path, json=data, model=model)

    @route("DELETE", "/issues/{id}/attachments/{issueAttachmentId}")
    async def delete(self, issue_id: str, attachment_id: str) -> None:
        """Delete an attachment."""
        await self._call("DELETE", at(_ITEM, issue_id=issue_id, attachment_id=attachment_id))

    @route("GET", "/issues/{id}/attachments/{issueAttachmentId}")
    def download(
        self,
        attachment: IssueAttachment | str,
        *,
        issue_id: str | None = None,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        timeout: Timeout = None,
    ) -> AsyncIterator[bytes]:
        """The attachment's bytes, chunk by chunk::

            async with contextlib.aclosing(yt.issues.attachments.download(a)) as chunks:
                async for chunk in chunks:
                    ...

        ``attachment`` is an attachment with its ``url`` (as listed), that url, or the
        attachment's entity id (``"7-0"``) with ``issue_id=`` (looked up with ``GET
        /api/issues/{issue_id}/attachments/{id}`` when iteration starts). The url is
        resolved against the service origin; a url of another origin is refused
        (``InvalidRequestError``). A body that is not the attachment - an HTML page (a
        wrong url gets YouTrack's UI page, status 200) or a JSON body, unless the
        attachment's ``mime_type`` says it is one - raises
        :class:`~aioyoutrack.errors.UnexpectedResponseError` before the first chunk;
        a body of another length than the attachment's known ``size`` raises it after
        the last. The connection and a concurrency slot are held until the iterator
        ends or is closed.
        """
        return open_download(
            self._yt,
            attachment,
            owner=issue_id,
            owner_arg="issue_id",
            item=_ITEM,
            chunk_size=chunk_size,
            timeout=timeout,
        )

    @route("GET", "/issues/{id}/attachments/{issueAttachmentId}")
    async def save(
        self,
        attachment: IssueAttachment | str,
        path: str | os.PathLike[str],
        *,
        issue_id: str | None = None,
        timeout: Timeout = None,
    ) -> int:
        """Download an attachment to ``path`` and return its size in bytes.

        ``attachment`` is taken as by :meth:`download` (an attachment, its url, or its
        id with ``issue_id=``). The file appears only when complete: the bytes go to a
        hidden file beside ``path``, renamed over it at the end. When the download
        fails or the body is not the attachment (an HTML or JSON page:
        :class:`~aioyoutrack.errors.UnexpectedResponseError`), ``path`` is left
        untouched and no partial file remains.
        """
        source = attachment_source(attachment, owner=issue_id, owner_arg="issue_id", item=_ITEM)
        return await save_attachment(self._yt, source, path, timeout)
