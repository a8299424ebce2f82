"""Users and groups: ``/api/users``, ``/api/users/me``, ``/api/groups``."""

from __future__ import annotations

from typing import Any

from .._http.registry import Ctx, route, serve_list, serve_one


@route("GET", "users/me")
async def me(ctx: Ctx) -> Any:
    """The caller (``$type`` ``Me``)."""
    out = ctx.render(ctx.user)
    out["$type"] = "Me"
    return out


@route("GET", "users")
async def list_users(ctx: Ctx) -> Any:
    """Every user account; ``query`` keeps those whose login, name or email contains it
    (case-insensitive), as YouTrack's user search does."""
    users = list(ctx.store.users.values())
    query = (ctx.param("query") or "").strip().lower()
    if query:
        users = [
            u
            for u in users
            if any(query in (text or "").lower() for text in (u.login, u.full_name, u.email))
        ]
    return ctx.render_page(users)


serve_one("users/{id}", lambda ctx: ctx.store.find_user(ctx.arg("id"), ctx.user))


@route("GET", "users/{id}/tags")
async def user_tags(ctx: Ctx) -> Any:
    """Tags the user owns."""
    user = ctx.store.find_user(ctx.arg("id"), ctx.user)
    return ctx.render_page([t for t in ctx.store.tags.values() if t.owner is user])


@route("GET", "users/{id}/savedQueries")
async def user_saved_queries(ctx: Ctx) -> Any:
    """Saved queries the user owns."""
    user = ctx.store.find_user(ctx.arg("id"), ctx.user)
    return ctx.render_page([q for q in ctx.store.saved_queries.values() if q.owner is user])


# Project teams are groups too: YouTrack lists them here.
serve_list("groups", lambda ctx: list(ctx.store.groups.values()))


serve_one("groups/{id}", lambda ctx: ctx.store.find_group(ctx.arg("id")))
