"""Attachments: multipart upload, listing, and the signed download ``/api/files/{id}``."""

from __future__ import annotations

import mimetypes
from typing import Any

from aiohttp import BodyPartReader, web

from ._entities_issue import Attachment, Issue
from ._errors import bad_request, forbidden, not_found
from ._ops_more import add_attachment, delete_attachment
from ._refs import req_str
from ._registry import EMPTY, Ctx, route


def _issue(ctx: Ctx) -> Issue:
    return ctx.store.find_issue(ctx.arg("id"), ctx.user)


def _attachment(ctx: Ctx, issue: Issue) -> Attachment:
    key = ctx.arg("attachmentId")
    for attachment in issue.attachments:
        if attachment.id == key:
            return attachment
    raise not_found(key)


@route("GET", "issues/{id}/attachments")
async def list_attachments(ctx: Ctx) -> Any:
    """The issue's attachments (comment attachments included)."""
    return ctx.render_page(_issue(ctx).attachments)


@route("POST", "issues/{id}/attachments")
async def upload(ctx: Ctx) -> Any:
    """Upload ``multipart/form-data`` parts (``files[0]``, ...); answers an array."""
    store = ctx.store
    issue = _issue(ctx)
    store.require_update(ctx.user, issue.project)
    content_type = ctx.request.headers.get("Content-Type", "")
    if not content_type.startswith("multipart/form-data") or "boundary=" not in content_type:
        raise bad_request("Expected multipart/form-data with a boundary")
    reader = await ctx.request.multipart()
    created = []
    while True:
        part = await reader.next()
        if part is None:
            break
        if not isinstance(part, BodyPartReader):
            continue
        data = await part.read(decode=False)
        name = part.filename or part.name or "file"
        mime = part.headers.get("Content-Type") or (
            mimetypes.guess_type(name)[0] or "application/octet-stream"
        )
        created.append(add_attachment(store, ctx.user, issue, name, bytes(data), mime))
    if not created:
        raise bad_request("No files in the request")
    return [ctx.render(a) for a in created]


@route("GET", "issues/{id}/attachments/{attachmentId}")
async def get_attachment(ctx: Ctx) -> Any:
    """One attachment."""
    issue = _issue(ctx)
    return ctx.render(_attachment(ctx, issue))


@route("POST", "issues/{id}/attachments/{attachmentId}")
async def rename_attachment(ctx: Ctx) -> Any:
    """Rename an attachment ``{"name"}``."""
    issue = _issue(ctx)
    ctx.store.require_update(ctx.user, issue.project)
    attachment = _attachment(ctx, issue)
    body = await ctx.body_object()
    if "name" in body:
        attachment.name = req_str(body, "name")
        attachment.updated = ctx.store.now()
        ctx.store.touch()
    return ctx.render(attachment)


@route("DELETE", "issues/{id}/attachments/{attachmentId}")
async def remove_attachment(ctx: Ctx) -> Any:
    """Delete an attachment."""
    issue = _issue(ctx)
    ctx.store.require_update(ctx.user, issue.project)
    delete_attachment(ctx.store, ctx.user, _attachment(ctx, issue))
    return EMPTY


@route("GET", "files/{fileId}", auth=False)
async def download(ctx: Ctx) -> Any:
    """The bytes of an attachment; the ``sign`` parameter authorises it, not a token."""
    attachment = ctx.store.attachments.get(ctx.arg("fileId"))
    if attachment is None:
        raise not_found(ctx.arg("fileId"))
    sign = ctx.param("sign")
    if not sign or not ctx.store.check_sign(attachment, sign):
        raise forbidden("Invalid or missing signature")
    return web.Response(
        body=attachment.data,
        headers={
            "Content-Type": attachment.mime_type,
            "Content-Disposition": f'attachment; filename="{attachment.name}"',
        },
    )
