"""Issue comments: ``/api/issues/{id}/comments[/{commentId}]``."""

from __future__ import annotations

from typing import Any

from .._http.errors import bad_request
from .._http.registry import EMPTY, Ctx, route, serve_one
from .._state.issues import Comment, Issue
from .._state.operations.comments import add_comment, delete_comment, update_comment
from .._wire.refs import assign, given, req_bool, visibility


def _comment(ctx: Ctx, issue: Issue) -> Comment:
    return ctx.member(issue.comments, "commentId", lambda c: ctx.store.can_see_comment(ctx.user, c))


def _may_edit(ctx: Ctx, comment: Comment) -> None:
    ctx.require_own(comment.author, message="You have no permission to update this comment")


def _marks(body: dict[str, Any]) -> dict[str, Any]:
    """The flags a comment write may set (spec: IssueComment.deleted and .pinned are
    writable), each a bool or a 400, read before anything changes."""
    return given(body, deleted=req_bool, pinned=req_bool)


def _text(body: dict[str, Any]) -> str:
    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        raise bad_request("Comment text is required")
    return text


@route("GET", "issues/{id}/comments")
async def list_comments(ctx: Ctx) -> Any:
    """The comments the caller may see, oldest first."""
    issue = ctx.issue()
    store = ctx.store
    return ctx.render_page([c for c in issue.comments if store.can_see_comment(ctx.user, c)])


@route("POST", "issues/{id}/comments")
async def create_comment(ctx: Ctx) -> Any:
    """Add a comment ``{"text", "visibility"?, "pinned"?, "deleted"?}``."""
    issue = ctx.issue(to_update=True)
    body = await ctx.body_object()
    text = _text(body)
    seen = visibility(ctx.store, body.get("visibility"))
    marks = _marks(body)
    comment = add_comment(ctx.store, ctx.user, issue, text, seen)
    assign(comment, marks)
    return ctx.render(comment)


serve_one("issues/{id}/comments/{commentId}", lambda ctx: _comment(ctx, ctx.issue()))


@route("POST", "issues/{id}/comments/{commentId}")
async def edit_comment(ctx: Ctx) -> Any:
    """Change a comment's text, visibility, ``pinned`` and/or ``deleted`` (its author
    or an admin)."""
    issue = ctx.issue()
    comment = _comment(ctx, issue)
    _may_edit(ctx, comment)
    body = await ctx.body_object()
    text = _text(body) if "text" in body else None
    seen = visibility(ctx.store, body["visibility"]) if "visibility" in body else None
    marks = _marks(body)
    update_comment(ctx.store, ctx.user, comment, text=text, visibility=seen)
    assign(comment, marks)
    return ctx.render(comment)


@route("DELETE", "issues/{id}/comments/{commentId}")
async def remove_comment(ctx: Ctx) -> Any:
    """Delete a comment (its author or an admin)."""
    issue = ctx.issue()
    comment = _comment(ctx, issue)
    _may_edit(ctx, comment)
    delete_comment(ctx.store, ctx.user, comment)
    return EMPTY
