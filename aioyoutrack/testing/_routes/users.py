"""Users and groups: ``/api/users``, ``/api/users/me``, ``/api/groups``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from .._http.errors import invalid_properties
from .._http.registry import Ctx, route, serve_list, serve_one
from .._state.issues import Tag
from .._state.saved_queries import SavedQuery
from .._state.users import User

#: What a user may own and the API lists by owner.
_OwnedT = TypeVar("_OwnedT", Tag, SavedQuery)


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


@route("POST", "users")
async def create_user(ctx: Ctx) -> Any:
    """Refused, whatever the body: before 2026.1 users are created in Hub, and YouTrack
    answers this 400 (semantics.md, "Users and Hub": DP:api-troubleshoot-create-user-
    endpoint.html). The fake models 2025.3, whose spec has no ``POST /users``."""
    raise invalid_properties(["<no user> is not a valid user login."])


def _user(ctx: Ctx) -> User:
    """The user of the path's ``id``: an id, a login or ``me``."""
    return ctx.store.find_user(ctx.arg("id"), ctx.user)


def _owned(ctx: Ctx, owned: Mapping[str, _OwnedT]) -> list[_OwnedT]:
    """What the path's user owns of ``owned`` (tags or saved queries)."""
    user = _user(ctx)
    return [entity for entity in owned.values() if entity.owner is user]


serve_one("users/{id}", _user)
serve_list("users/{id}/tags", lambda ctx: _owned(ctx, ctx.store.tags))
serve_list("users/{id}/savedQueries", lambda ctx: _owned(ctx, ctx.store.saved_queries))


# Project teams are groups too: YouTrack lists them here.
serve_list("groups", lambda ctx: list(ctx.store.groups.values()))


serve_one("groups/{id}", lambda ctx: ctx.store.find_group(ctx.arg("id")))
