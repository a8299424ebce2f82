"""Names or ids: turning what a caller names a thing by into the entity id YouTrack wants.

An argument that names an agile board, a saved query, a user group or a user may be its
entity id (``"108-0"``, recognised by its shape), the object itself (its ``id`` is used)
or its name (a board's or saved query's ``name``, a group's ``name``, a user's
``login``). A name is looked up once per client and remembered for reads; a write
(update, delete) looks it up afresh, so a board renamed or deleted since is never the
one changed, and the library's own creates, renames and deletes forget the names of
their kind. A name nobody has, or several entities share, is an
:class:`~aioyoutrack.errors.InvalidRequestError` that says so, raised before the call
that needed it sends anything; names are compared exactly (case included).
"""

from __future__ import annotations

import weakref
from collections.abc import Awaitable, Callable
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from .._constants import DEFAULT_PAGE_SIZE
from .._pager_base import RepeatGuard
from .._urls import ParamValue
from .._values import shown
from ..errors import InvalidRequestError, NotFoundError, UnexpectedResponseError
from ._common import api_path, check_text, is_database_id, visibility_body

if TYPE_CHECKING:
    from .._client import YouTrack

__all__ = [
    "Name",
    "Resolver",
    "agile_id",
    "comment_body",
    "forget",
    "group_id",
    "named",
    "saved_query_id",
    "user_id",
    "visibility_json",
]

#: ``resolve(client, value, fresh=False)``: the entity id of what ``value`` names;
#: ``fresh`` looks the name up again instead of trusting what was remembered.
Resolver = Callable[..., Awaitable[str]]


class Name:
    """A path value that may be a name (a board's, a saved query's, a group's): turned
    into the entity id by ``resolve`` when the request is sent."""

    __slots__ = ("resolve", "value")

    def __init__(self, resolve: Resolver, value: object) -> None:
        self.resolve, self.value = resolve, value


def named(resolve: Resolver, argument: str, value: object) -> str | Name:
    """A path id that may be a name: an entity id goes as is (a 404 on it is final), a
    name becomes a :class:`Name` looked up by ``resolve`` when the request is sent. An
    object gives its ``id``, else its ``name``, which is a name even when shaped like an
    id (see :func:`given_name`)."""
    if isinstance(value, str):
        text = check_text(argument, value)
        return text if is_database_id(text) else Name(resolve, text)
    ident, _ = given_name(value, argument, "name")  # refused here when it has neither
    return check_text(argument, ident) if ident is not None else Name(resolve, value)


#: client -> {(kind, name): the ids carrying that name}. Weak: it goes with its client.
_CACHES: weakref.WeakKeyDictionary[Any, dict[tuple[str, str], list[str]]] = (
    weakref.WeakKeyDictionary()
)


def _cache(client: YouTrack) -> dict[tuple[str, str], list[str]]:
    cache = _CACHES.get(client)
    if cache is None:
        cache = _CACHES[client] = {}
    return cache


def forget(client: YouTrack, kind: str | None = None) -> None:
    """Drop the names of ``kind`` (None: of every kind) remembered for ``client``: after a
    create, rename or delete the names may point elsewhere."""
    cache = _cache(client)
    for key in [k for k in cache if kind is None or k[0] == kind]:
        del cache[key]


def given_name(value: object, what: str, name_attribute: str) -> tuple[str | None, str]:
    """(the id if ``value`` gives one, else None; the name to look up).

    A str shaped like an entity id (``"2024-1"``) is taken as an id; an object's
    ``name_attribute`` is always a name, so ``VersionBundleElement(name="2024-1")`` is how
    to look up a name shaped like an id.
    """
    ident = getattr(value, "id", None)
    if isinstance(ident, str) and ident:
        return ident, ident
    name = value if isinstance(value, str) else getattr(value, name_attribute, None)
    if not isinstance(name, str) or not name.strip():
        raise InvalidRequestError(
            f"{what} must be an id, a {name_attribute} or an object with one, got {shown(value)}"
        )
    return (name if value is name and is_database_id(name) else None), name


async def _list_names(client: YouTrack, path: str, kind: str, wire: str, what: str) -> None:
    """Read every entity's id and name at ``path`` into the cache (replacing ``kind``)."""
    names: dict[tuple[str, str], list[str]] = {}
    skip = 0
    guard = RepeatGuard(expect_ids=True)
    while True:  # every page: YouTrack stops at 42 without $top, and at $top with it
        params: dict[str, ParamValue] = {
            "fields": f"id,{wire}",
            "$skip": skip,
            "$top": DEFAULT_PAGE_SIZE,
        }
        page: Any = await client.request("GET", path, params=params)
        if not isinstance(page, list):
            raise UnexpectedResponseError(
                f"GET {path} answered {type(page).__name__}, not the list of {what}s"
            )
        if len(page) >= DEFAULT_PAGE_SIZE and guard.repeated(page):
            raise UnexpectedResponseError(
                f"GET {path} repeated the items of the pages before it for $skip={skip}: "
                "the server ignores $skip, so the names cannot all be read"
            )
        for entry in page:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                label = entry.get(wire)
                if isinstance(label, str):
                    names.setdefault((kind, label), []).append(entry["id"])
        if len(page) < DEFAULT_PAGE_SIZE:
            break
        skip += len(page)
    forget(client, kind)
    _cache(client).update(names)


class _Listed:
    """A resolver of names of one kind of entity, looked up in the collection at
    ``path`` (every page of ``id,name``)."""

    __slots__ = ("kind", "path", "what")

    def __init__(self, kind: str, what: str, path: str) -> None:
        self.kind, self.what, self.path = kind, what, path

    async def __call__(self, client: YouTrack, value: object, *, fresh: bool = False) -> str:
        """The entity id of what ``value`` names (``fresh``: look the name up again)."""
        ident, name = given_name(value, self.what, "name")
        if ident is not None:
            return ident
        cache = _cache(client)
        found = None if fresh else cache.get((self.kind, name))
        if found is None:
            await _list_names(client, self.path, self.kind, "name", self.what)
            found = cache.get((self.kind, name))
        if not found:
            raise InvalidRequestError(f"no {self.what} named {shown(name)} is visible to this user")
        if len(found) > 1:
            with client._masking():  # the ids are the server's
                raise InvalidRequestError(
                    f"{len(found)} {self.what}s are named {shown(name)} "
                    f"({', '.join(found)}): pass the id"
                )
        return found[0]


#: An agile board's id from its id, its ``name`` or an ``Agile``.
agile_id = _Listed("agile", "agile board", "api/agiles")
#: A saved query's id from its id, its ``name`` or a ``SavedQuery``.
saved_query_id = _Listed("savedQuery", "saved query", "api/savedQueries")
#: A user group's id from its id, its ``name`` or a ``UserGroup``.
group_id = _Listed("group", "user group", "api/groups")


async def user_id(client: YouTrack, value: object, *, fresh: bool = False) -> str:
    """A user's id from its id, its ``login`` or a ``User`` (one ``GET
    /api/users/{login}`` per login, remembered)."""
    ident, login = given_name(value, "user", "login")
    if ident is not None:
        return ident
    cache = _cache(client)
    known = None if fresh else cache.get(("user", login))
    found = known[0] if known else None
    if found is None:
        try:
            user: Any = await client.request(
                "GET", api_path("users/{}", login), params={"fields": "id,login"}
            )
        except NotFoundError:
            raise InvalidRequestError(f"no user with login {shown(login)}") from None
        found = user.get("id") if isinstance(user, dict) else None
        if not isinstance(found, str) or not found:
            raise UnexpectedResponseError(f"GET users/{login} answered without the user's id")
        cache[("user", login)] = [found]
    return found


async def visibility_json(
    client: YouTrack, value: object, *, command: bool = False
) -> dict[str, Any] | None:
    """The JSON of an issue's or comment's ``visibility=`` with every permitted group and
    user sent by entity id, as YouTrack wants them (``command``: for ``/api/commands``).

    ``value`` is a ``LimitedVisibility``/``UnlimitedVisibility`` (or a JSON mapping,
    whose entries are resolved the same way) whose groups are ``UserGroup`` objects or
    group names or ids, and whose users are ``User`` objects or logins or ids.
    """
    body = visibility_body(value, command=command)
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
            raise InvalidRequestError(f"visibility {key} must be a list, got {shown(entries)}")
        resolved = []
        for entry in entries:
            if isinstance(entry, dict) and entry.get("id"):
                resolved.append({"id": entry["id"]})  # an id is sent as given
                continue
            # A mapping's (or an object's) name or login is a name, even one shaped like
            # an entity id; a bare str shaped like one is an id.
            given: object = entry
            if isinstance(entry, dict):
                name = entry.get(label)
                if not isinstance(name, str) or not name.strip():
                    raise InvalidRequestError(
                        f"visibility {key} entry {shown(entry)} has no id or {label}"
                    )
                given = SimpleNamespace(**{label: name})
            resolved.append({"id": await resolve(client, given)})
        body[key] = resolved
    return body


async def comment_body(client: YouTrack, text: object, visibility: object) -> dict[str, Any]:
    """The JSON of an issue's or article's comment: its ``text`` and, when given, its
    ``visibility`` with groups and users sent by id (see :func:`visibility_json`)."""
    body: dict[str, Any] = {"text": check_text("text", text)}
    shown = await visibility_json(client, visibility)
    if shown is not None:
        body["visibility"] = shown
    return body
