"""Saved searches: ``/api/savedQueries[/{id}]``."""

from __future__ import annotations

from typing import Any

from .._http.errors import bad_request
from .._http.registry import Ctx, route, serve_list, serve_one
from .._state.builders import add_saved_query
from .._state.saved_queries import SavedQuery
from .._wire.refs import any_str, assign, given, req_str, sharing


def _saved(ctx: Ctx) -> SavedQuery:
    """The saved query of the path's ``id`` (``issues`` runs it for the caller)."""
    return ctx.lookup(ctx.store.saved_queries, "id")


def _may_change(ctx: Ctx, saved: SavedQuery) -> None:
    ctx.require_own(
        saved.owner, message=f"You have no permission to update saved query {saved.name}"
    )


serve_list("savedQueries", lambda ctx: list(ctx.store.saved_queries.values()))


@route("POST", "savedQueries")
async def create_saved(ctx: Ctx) -> Any:
    """Save a search ``{name, query}`` owned by the caller."""
    body = await ctx.body_object()
    query = body.get("query")
    if not isinstance(query, str):
        raise bad_request("query is required")
    name = req_str(body, "name")
    shared = sharing(ctx.store, body, SavedQuery(id="", name=name, query=query, owner=ctx.user))
    saved = add_saved_query(ctx.store, name, query, ctx.user)
    assign(saved, shared)
    return ctx.render(saved)


serve_one("savedQueries/{id}", _saved)


@route("POST", "savedQueries/{id}")
async def update_saved(ctx: Ctx) -> Any:
    """Rename a saved query or change its query."""
    saved = _saved(ctx)
    _may_change(ctx, saved)
    body = await ctx.body_object()
    changes = sharing(ctx.store, body, saved) | given(body, name=req_str, query=any_str)
    assign(saved, changes)
    return ctx.changed(saved)


@route("DELETE", "savedQueries/{id}")
async def delete_saved(ctx: Ctx) -> Any:
    """Delete a saved query."""
    saved = _saved(ctx)
    _may_change(ctx, saved)
    del ctx.store.saved_queries[saved.id]
    return ctx.changed()
