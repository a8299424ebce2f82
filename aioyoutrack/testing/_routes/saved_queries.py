"""Saved searches: ``/api/savedQueries[/{id}]``."""

from __future__ import annotations

from typing import Any

from .._http.errors import bad_request
from .._http.registry import Ctx, route, serve_list, serve_one
from .._state.builders import add_saved_query
from .._state.saved_queries import SavedQuery
from .._wire.refs import any_str, req_str


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
    return ctx.render(add_saved_query(ctx.store, req_str(body, "name"), query, ctx.user))


serve_one("savedQueries/{id}", _saved)


@route("POST", "savedQueries/{id}")
async def update_saved(ctx: Ctx) -> Any:
    """Rename a saved query or change its query."""
    saved = _saved(ctx)
    _may_change(ctx, saved)
    await ctx.body_into(saved, name=req_str, query=any_str)
    return ctx.changed(saved)


@route("DELETE", "savedQueries/{id}")
async def delete_saved(ctx: Ctx) -> Any:
    """Delete a saved query."""
    saved = _saved(ctx)
    _may_change(ctx, saved)
    del ctx.store.saved_queries[saved.id]
    return ctx.changed()
