"""VCS changes (commits) linked to issues."""

from __future__ import annotations

from typing import Any

from .._http.errors import bad_request, not_found
from .._http.registry import Ctx, route, serve_list, serve_one
from .._state.issues import Issue
from .._state.resources import VcsChange, add_vcs_change, extras
from .._wire.refs import req_str


def _change(ctx: Ctx, issue: Issue) -> VcsChange:
    for change in extras(ctx.store).vcs_changes.get(issue.id, []):
        if change.id == ctx.arg("changeId"):
            return change
    raise not_found(ctx.arg("changeId"))


def _apply_change(change: VcsChange, body: dict[str, Any]) -> None:
    for key, wanted in (("text", str), ("version", str), ("files", int), ("state", int)):
        if key in body:
            if not isinstance(body[key], wanted) or isinstance(body[key], bool):
                raise bad_request(f"{key} must be a {wanted.__name__}")
            setattr(change, key, body[key])
    if "urls" in body:
        urls = body["urls"]
        if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
            raise bad_request("urls must be an array of strings")
        change.urls = list(urls)
    if "date" in body:
        if not isinstance(body["date"], int) or isinstance(body["date"], bool):
            raise bad_request("date must be epoch milliseconds")
        change.date = body["date"]


serve_list(
    "issues/{id}/vcsChanges", lambda ctx: extras(ctx.store).vcs_changes.get(ctx.issue().id, [])
)


@route("POST", "issues/{id}/vcsChanges")
async def add_change(ctx: Ctx) -> Any:
    """Link a commit ``{text, version, urls?, date?, files?}``."""
    store = ctx.store
    issue = ctx.issue(to_update=True)
    body = await ctx.body_object()
    text, version = req_str(body, "text"), req_str(body, "version")
    _apply_change(VcsChange("", issue, ctx.user, text, version, 0, 0), body)  # validate first
    change = add_vcs_change(store, issue, ctx.user, text, version)
    _apply_change(change, body)
    return ctx.render(change)


serve_one("issues/{id}/vcsChanges/{changeId}", lambda ctx: _change(ctx, ctx.issue()))


@route("POST", "issues/{id}/vcsChanges/{changeId}")
async def update_change(ctx: Ctx) -> Any:
    """Change a linked commit's attributes."""
    issue = ctx.issue(to_update=True)
    change = _change(ctx, issue)
    _apply_change(change, await ctx.body_object())
    return ctx.changed(change)


@route("DELETE", "issues/{id}/vcsChanges/{changeId}")
async def delete_change(ctx: Ctx) -> Any:
    """Unlink a commit."""
    issue = ctx.issue(to_update=True)
    change = _change(ctx, issue)
    extras(ctx.store).vcs_changes[issue.id].remove(change)
    return ctx.changed()
