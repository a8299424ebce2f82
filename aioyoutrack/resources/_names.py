"""Names or ids: turning what a caller names a thing by into the entity id YouTrack wants.

An argument that names an agile board, a saved query, a user group or a user may be its
entity id (``"108-0"``, recognised by its shape), the object itself (its ``id`` is used)
or its name (a board's or saved query's ``name``, a group's ``name``, a user's
``login``). A name is looked up once per client and remembered; a name nobody has is an
:class:`~aioyoutrack.errors.InvalidRequestError` that says so, raised before the call
that needed it sends anything.
"""

from __future__ import annotations

import weakref
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from .._constants import DEFAULT_PAGE_SIZE
from .._urls import ParamValue
from ..errors import InvalidRequestError, NotFoundError
from ._base import api_path
from ._common import is_database_id, visibility_body

if TYPE_CHECKING:
    from .._client import YouTrack

__all__ = [
    "Resolver",
    "agile_id",
    "group_id",
    "saved_query_id",
    "user_id",
    "visibility_json",
]

#: ``resolve(client, value)``: the entity id of what ``value`` names.
Resolver = Callable[["YouTrack", object], Awaitable[str]]

#: client -> {(kind, name): entity id}. Weak: the cache goes with its client.
_CACHES: weakref.WeakKeyDictionary[Any, dict[tuple[str, str], str]] = weakref.WeakKeyDictionary()


def _cache(client: YouTrack) -> dict[tuple[str, str], str]:
    cache = _CACHES.get(client)
    if cache is None:
        cache = _CACHES[client] = {}
    return cache


def _given(value: object, what: str, name_attribute: str) -> tuple[str | None, str]:
    """(the id if ``value`` gives one, else None; the name to look up)."""
    ident = getattr(value, "id", None)
    if isinstance(ident, str) and ident:
        return ident, ident
    name = getattr(value, name_attribute, value)
    if not isinstance(name, str) or not name.strip():
        raise InvalidRequestError(
            f"{what} must be an id, a {name_attribute} or an object with one, got {value!r}"
        )
    return (name if is_database_id(name) else None), name


async def _by_listing(
    client: YouTrack, value: object, *, kind: str, what: str, path: str, name_attribute: str
) -> str:
    ident, name = _given(value, what, name_attribute)
    if ident is not None:
        return ident
    cache = _cache(client)
    found = cache.get((kind, name))
    if found is not None:
        return found
    wire = "login" if name_attribute == "login" else "name"
    skip = 0
    while True:  # every page: YouTrack stops at 42 without $top, and at $top with it
        params: dict[str, ParamValue] = {
            "fields": f"id,{wire}",
            "$skip": skip,
            "$top": DEFAULT_PAGE_SIZE,
        }
        page: Any = await client.request("GET", path, params=params)
        entries = page if isinstance(page, list) else []
        for entry in entries:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                label = entry.get(wire)
                if isinstance(label, str):
                    cache.setdefault((kind, label), entry["id"])
        if (kind, name) in cache or len(entries) < DEFAULT_PAGE_SIZE:
            break
        skip += len(entries)
    found = cache.get((kind, name))
    if found is None:
        raise InvalidRequestError(f"no {what} named {name!r} is visible to this user")
    return found


async def agile_id(client: YouTrack, value: object) -> str:
    """An agile board's id from its id, its ``name`` or an ``Agile``."""
    return await _by_listing(
        client, value, kind="agile", what="agile board", path="api/agiles", name_attribute="name"
    )


async def saved_query_id(client: YouTrack, value: object) -> str:
    """A saved query's id from its id, its ``name`` or a ``SavedQuery``."""
    return await _by_listing(
        client,
        value,
        kind="savedQuery",
        what="saved query",
        path="api/savedQueries",
        name_attribute="name",
    )


async def group_id(client: YouTrack, value: object) -> str:
    """A user group's id from its id, its ``name`` or a ``UserGroup``."""
    return await _by_listing(
        client, value, kind="group", what="user group", path="api/groups", name_attribute="name"
    )


async def user_id(client: YouTrack, value: object) -> str:
    """A user's id from its id, its ``login`` or a ``User`` (one ``GET
    /api/users/{login}`` per login, remembered)."""
    ident, login = _given(value, "user", "login")
    if ident is not None:
        return ident
    cache = _cache(client)
    found = cache.get(("user", login))
    if found is None:
        try:
            user: Any = await client.request(
                "GET", api_path("users/{}", login), params={"fields": "id,login"}
            )
        except NotFoundError:
            raise InvalidRequestError(f"no user with login {login!r}") from None
        found = user.get("id") if isinstance(user, dict) else None
        if not isinstance(found, str) or not found:
            raise InvalidRequestError(f"could not resolve user {login!r} to its id")
        cache[("user", login)] = found
    return found


async def visibility_json(client: YouTrack, value: object) -> dict[str, Any] | None:
    """The JSON of an issue's or comment's ``visibility=`` with every permitted group and
    user sent by entity id, as YouTrack wants them.

    ``value`` is a ``LimitedVisibility``/``UnlimitedVisibility`` (or a JSON mapping,
    whose entries are resolved the same way) whose groups are ``UserGroup`` objects or
    group names or ids, and whose users are ``User`` objects or logins or ids.
    """
    body = visibility_body(value)
    if body is None:
        return None
    for key, resolve, label in (
        ("permittedGroups", group_id, "name"),
        ("permittedUsers", user_id, "login"),
    ):
        entries = body.get(key)
        if entries is None:
            continue
        if not isinstance(entries, list):
            raise InvalidRequestError(f"visibility {key} must be a list, got {entries!r}")
        resolved = []
        for entry in entries:
            if isinstance(entry, dict) and entry.get("id"):
                resolved.append({"id": entry["id"]})  # an id is sent as given
                continue
            given = entry.get(label) if isinstance(entry, dict) else entry
            resolved.append({"id": await resolve(client, given)})
        body[key] = resolved
    return body
