"""Commands: ``POST /api/commands`` (and an empty ``/api/commands/assist``)."""

from __future__ import annotations

from typing import Any

from .._http.errors import bad_request
from .._http.registry import EMPTY, Ctx, route
from .._language.commands import apply_command
from .._state.responses import CommandList
from .._wire.refs import blank_or_str, opt_list, visibility


@route("POST", "commands")
async def commands(ctx: Ctx) -> Any:
    """Apply ``{query, issues, comment?, silent?, visibility?}``; empty 200 without fields."""
    store = ctx.store
    body = await ctx.body_object()
    query = blank_or_str(body, "query")
    refs = body.get("issues")
    if not isinstance(refs, list) or not refs:
        raise bad_request("issues must be a non-empty array")
    issues = [store.issue_ref(ref, ctx.user) for ref in refs]
    comment = body.get("comment")
    if comment is not None and not isinstance(comment, str):
        raise bad_request("comment must be a string")
    if not query.strip() and not comment:
        raise bad_request("Command is empty")
    seen = visibility(store, body.get("visibility")) if body.get("visibility") else None
    parsed = apply_command(store, ctx.user, query, issues, comment=comment, visibility=seen)
    if not ctx.has_fields:
        return EMPTY
    echo = CommandList(query, comment, body.get("silent") is True, issues, parsed)
    return ctx.render(echo)


@route("POST", "commands/assist")
async def assist(ctx: Ctx) -> Any:
    """Echo the command without suggestions (the fake offers none)."""
    body = await ctx.body_object()
    query = blank_or_str(body, "query")
    refs = opt_list(body, "issues")
    issues = [ctx.store.issue_ref(ref, ctx.user) for ref in refs]
    return ctx.render(CommandList(query, None, False, issues, []))
