"""Attachments: multipart upload, listing, and the signed download ``/api/files/{id}``."""

from __future__ import annotations

import base64
import binascii
import mimetypes
import re
from typing import Any
from urllib.parse import quote

from aiohttp import BodyPartReader, web

from .._http.errors import bad_request, forbidden
from .._http.registry import BODY_ERRORS, EMPTY, Ctx, route, serve_list, serve_one, text_like
from .._state.articles import Article, ArticleAttachment
from .._state.issues import Attachment, Issue
from .._state.operations.attachments import add_attachment, delete_attachment
from .._wire.refs import req_str
from .articles import _article


def _attachment(ctx: Ctx, issue: Issue) -> Attachment:
    return ctx.member(issue.attachments, "attachmentId")


# The files attached to the issue's comments are the issue's too, as on a real server.
serve_list("issues/{id}/attachments", lambda ctx: ctx.issue().attachments)


def _is_multipart(ctx: Ctx) -> bool:
    content_type = ctx.request.headers.get("Content-Type", "")
    return content_type.startswith("multipart/form-data") and "boundary=" in content_type


def _mime(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


async def _uploaded_files(ctx: Ctx) -> list[tuple[str, bytes, str]]:
    """``(name, data, mime type)`` of each file part of a multipart body; 400 if none."""
    if not _is_multipart(ctx):
        raise bad_request("Expected multipart/form-data with a boundary")
    files = []
    try:
        reader = await ctx.request.multipart()
        while True:
            part = await reader.next()
            if part is None:
                break
            if not isinstance(part, BodyPartReader):
                continue
            data = await part.read(decode=False)
            name = part.filename or part.name or "file"
            files.append((name, bytes(data), part.headers.get("Content-Type") or _mime(name)))
    except ConnectionResetError:
        raise
    except (*BODY_ERRORS, LookupError, AssertionError) as exc:
        # aiohttp's reader on a body that is no multipart (no starting boundary, a part
        # cut short, a header line without a colon, a boundary RFC 2046 does not allow).
        raise bad_request(f"Malformed multipart body: {exc}") from None
    if not files:
        raise bad_request("No files in the request")
    for name, _, mime in files:
        if not text_like(name) or not text_like(mime):
            raise bad_request("A file name or type in the multipart body is not valid text")
    return files


_DATA_URI = re.compile(r"^data:([^;,]*)(?:;[^,]*)?;base64,(.*)$", re.DOTALL)


def _json_file(body: dict[str, Any]) -> tuple[str, bytes, str]:
    """``(name, data, mime type)`` of ``{"name", "base64Content": "data:...;base64,..."}``
    (the spec's way to create an attachment as JSON); 400 if malformed."""
    name = req_str(body, "name")
    content = body.get("base64Content")
    match = _DATA_URI.match(content) if isinstance(content, str) else None
    if match is None:
        raise bad_request("base64Content must be data:<mime type>;base64,<data>")
    try:
        data = base64.b64decode(match.group(2), validate=True)
    except binascii.Error:
        raise bad_request("base64Content is not valid base64") from None
    return name, data, match.group(1) or _mime(name)


@route("POST", "issues/{id}/attachments")
async def upload(ctx: Ctx) -> Any:
    """Upload ``multipart/form-data`` parts (``files[0]``, ...); answers an array."""
    store = ctx.store
    ctx.issue(to_update=True)  # refused before the body is read
    files = await _uploaded_files(ctx)
    issue = ctx.issue(to_update=True)  # again: it may have been deleted meanwhile
    created = [
        add_attachment(store, ctx.user, issue, name, data, mime) for name, data, mime in files
    ]
    return [ctx.render(a) for a in created]


@route("POST", "issues/{id}/comments/{commentId}/attachments")
async def upload_to_comment(ctx: Ctx) -> Any:
    """Attach files to a comment (multipart, like the issue's upload); answers an array.

    Not in the 2025.3 spec, but real servers serve it: youtrack-sdk (moneymeets) uploads
    comment attachments here.
    """
    store = ctx.store

    def target() -> tuple[Any, Any]:
        issue = ctx.issue()
        comment = ctx.member(
            issue.comments, "commentId", lambda c: store.can_see_comment(ctx.user, c)
        )
        store.require_update(ctx.user, issue.project)
        return issue, comment

    target()  # refused before the body is read
    files = await _uploaded_files(ctx)
    issue, comment = target()  # again: either may have been deleted meanwhile
    created = [
        add_attachment(store, ctx.user, issue, name, data, mime, comment=comment)
        for name, data, mime in files
    ]
    return [ctx.render(a) for a in created]


serve_one("issues/{id}/attachments/{attachmentId}", lambda ctx: _attachment(ctx, ctx.issue()))


@route("POST", "issues/{id}/attachments/{attachmentId}")
async def rename_attachment(ctx: Ctx) -> Any:
    """Rename an attachment ``{"name"}``."""
    issue = ctx.issue(to_update=True)
    return await _rename(ctx, _attachment(ctx, issue))


@route("DELETE", "issues/{id}/attachments/{attachmentId}")
async def remove_attachment(ctx: Ctx) -> Any:
    """Delete an attachment."""
    issue = ctx.issue(to_update=True)
    delete_attachment(ctx.store, ctx.user, _attachment(ctx, issue))
    return EMPTY


@route("GET", "files/{fileId}", auth=False)
async def download(ctx: Ctx) -> Any:
    """The bytes of an attachment; the ``sign`` parameter authorises it, not a token."""
    attachment = ctx.lookup(ctx.store.attachments, "fileId")
    sign = ctx.param("sign")
    if not sign or not ctx.store.check_sign(attachment, sign):
        raise forbidden("Invalid or missing signature")
    return web.Response(
        body=attachment.data,
        headers={
            "Content-Type": _header_safe_type(attachment.mime_type),
            "Content-Disposition": _disposition(attachment.name),
        },
    )


_TYPE_CHARS = re.compile(r"^[\x21-\x7e]+(?:/[\x21-\x7e]+)?(?:\s*;[\x20-\x7e]*)?$")


def _header_safe_type(mime: str) -> str:
    """The stored media type, or ``application/octet-stream`` for one no header can
    carry (a control character, CR/LF among them, or non-ASCII)."""
    return mime if _TYPE_CHARS.match(mime) else "application/octet-stream"


def _disposition(name: str) -> str:
    """``attachment`` with the name as RFC 6266 gives any name: quoted where it is plain
    ASCII without quotes or controls, else UTF-8 percent-encoded in ``filename*``."""
    if name.isascii() and name.isprintable() and '"' not in name and "\\" not in name:
        return f'attachment; filename="{name}"'
    encoded = quote(name.encode("utf-8", "replace"), safe="")
    return f"attachment; filename*=UTF-8''{encoded}"


# --- article attachments ---------------------------------------------------------------


def _article_attachment(ctx: Ctx, article: Article) -> ArticleAttachment:
    return ctx.member(article.attachments, "attachmentId")


async def _rename(ctx: Ctx, attachment: Attachment | ArticleAttachment) -> Any:
    """Rename ``attachment`` from the body ``{"name"}`` (anything else is ignored)."""
    body = await ctx.body_object()
    if "name" in body:
        attachment.name = req_str(body, "name")
        attachment.updated = ctx.store.now()
        ctx.store.touch()
    return ctx.render(attachment)


serve_list("articles/{id}/attachments", lambda ctx: _article(ctx).attachments)


@route("POST", "articles/{id}/attachments")
async def attach_to_article(ctx: Ctx) -> Any:
    """Attach a file: JSON ``{name, base64Content}`` answers the attachment, a
    multipart upload an array of them."""
    store = ctx.store
    article = _article(ctx)
    store.require_update(ctx.user, article.project)
    multipart = _is_multipart(ctx)
    files = await _uploaded_files(ctx) if multipart else [_json_file(await ctx.body_object())]
    article = _article(ctx)  # again: it may have been deleted while the body arrived
    store.require_update(ctx.user, article.project)
    created = []
    for name, data, mime in files:
        stamp = store.now()
        attachment = ArticleAttachment(
            store.new_id("attachment"), article, name, ctx.user, stamp, stamp, mime, data
        )
        article.attachments.append(attachment)
        store.attachments[attachment.id] = attachment
        created.append(attachment)
    store.touch()
    rendered = [ctx.render(a) for a in created]
    return rendered if multipart else rendered[0]


serve_one(
    "articles/{id}/attachments/{attachmentId}", lambda ctx: _article_attachment(ctx, _article(ctx))
)


@route("POST", "articles/{id}/attachments/{attachmentId}")
async def update_article_attachment(ctx: Ctx) -> Any:
    """Rename an article attachment ``{"name"}``."""
    article = _article(ctx)
    ctx.store.require_update(ctx.user, article.project)
    return await _rename(ctx, _article_attachment(ctx, article))


@route("DELETE", "articles/{id}/attachments/{attachmentId}")
async def delete_article_attachment(ctx: Ctx) -> Any:
    """Delete an article attachment."""
    article = _article(ctx)
    ctx.store.require_update(ctx.user, article.project)
    attachment = _article_attachment(ctx, article)
    article.attachments.remove(attachment)
    ctx.store.attachments.pop(attachment.id, None)
    return ctx.changed()
