"""``yt.bundles``: the value sets of custom fields (administration).

``yt.bundles.enum``, ``.state``, ``.version``, ``.build`` and ``.owned`` are one generic
class, :class:`ElementBundles`, parametrised by the bundle kind's path and its bundle
and element models. Bundles and values are addressed by entity id or by name::

    await yt.bundles.enum.add_value("Priorities", "Blocker")
    await yt.bundles.state.remove_value("States", "Obsolete")

``yt.bundles.user`` holds users: groups plus individual users.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar, overload

from .._constants import DEFAULT_PAGE_SIZE
from .._pagination import Pager
from ..errors import InvalidRequestError, NotFoundError
from ..models.bundles import (
    BuildBundle,
    BuildBundleElement,
    BundleElement,
    EnumBundle,
    EnumBundleElement,
    OwnedBundle,
    OwnedBundleElement,
    StateBundle,
    StateBundleElement,
    UserBundle,
    VersionBundle,
    VersionBundleElement,
)
from ..models.users import User, UserGroup
from ._base import ROUTES, Resource, Route, api_path
from ._common import M, check_text, is_database_id, is_many, list_pager
from ._generic import (
    AddOp,
    CreateOp,
    DeleteOp,
    Endpoint,
    GetOp,
    ListOp,
    Params,
    RemoveOp,
    UpdateOp,
    json_body,
    pick_model,
)
from ._values import user_ref

if TYPE_CHECKING:
    from .._client import YouTrack

__all__ = [
    "BundleKind",
    "BundlesResource",
    "ElementBundles",
    "UserBundleAggregatedUsers",
    "UserBundleGroups",
    "UserBundleIndividuals",
    "UserBundles",
]

B = TypeVar("B")
E = TypeVar("E")

_ROOT = "/admin/customFieldSettings/bundles"
_REF_FIELDS = "id,name"


class BundleKind(NamedTuple):
    """One kind of element bundle: its path segment, models and element placeholder."""

    segment: str
    bundle: type[Any]
    element: type[Any]
    placeholder: str


KINDS: dict[str, BundleKind] = {
    "enum": BundleKind("enum", EnumBundle, EnumBundleElement, "enumBundleElementId"),
    "state": BundleKind("state", StateBundle, StateBundleElement, "stateBundleElementId"),
    "version": BundleKind("version", VersionBundle, VersionBundleElement, "versionBundleElementId"),
    "build": BundleKind("build", BuildBundle, BuildBundleElement, "buildBundleElementId"),
    "owned": BundleKind("ownedField", OwnedBundle, OwnedBundleElement, "ownedBundleElementId"),
}

#: ElementBundles method -> (HTTP method, spec path below the kind's path).
_OPERATIONS = {
    "list": ("GET", ""),
    "create": ("POST", ""),
    "get": ("GET", "/{id}"),
    "update": ("POST", "/{id}"),
    "delete": ("DELETE", "/{id}"),
    "values": ("GET", "/{id}/values"),
    "add_value": ("POST", "/{id}/values"),
    "get_value": ("GET", "/{id}/values/{%s}"),
    "update_value": ("POST", "/{id}/values/{%s}"),
    "remove_value": ("DELETE", "/{id}/values/{%s}"),
}


def _register() -> None:
    for kind in KINDS.values():
        for name, (method, tail) in _OPERATIONS.items():
            spec = f"{_ROOT}/{kind.segment}{tail}"
            if "%s" in spec:
                spec = spec % kind.placeholder
            ROUTES.append(Route(method, spec, f"ElementBundles.{name}"))


_register()


def _element_json(value: object, element: type[Any]) -> dict[str, Any]:
    if isinstance(value, str):
        # Sample 025 (JetBrains' create-bundle example) types every element.
        return {"name": check_text("value", value), "$type": element.__name__}
    if isinstance(value, BundleElement):
        if not isinstance(value, element):
            raise InvalidRequestError(
                f"this bundle holds {element.__name__} values, got {type(value).__name__}"
            )
        data: dict[str, Any] = json_body(value, "value")
        return data
    raise InvalidRequestError(
        f"a bundle value is a name or a {element.__name__}, got {type(value).__name__}"
    )


class ElementBundles(Resource, Generic[B, E]):
    """Bundles of one kind and their values (``/api/admin/customFieldSettings/bundles/<kind>``).

    ``bundle`` arguments are an entity id (``"67-2"``) or a bundle name; ``value``
    arguments an element id or name (or the element itself).
    """

    __slots__ = ("_kind", "_path")

    def __init__(self, client: YouTrack, kind: BundleKind) -> None:
        super().__init__(client)
        self._kind = kind
        self._path = f"{_ROOT.lstrip('/')}/{kind.segment}"

    def __repr__(self) -> str:
        return f"<ElementBundles {self._kind.segment}>"

    # --- bundles ----------------------------------------------------------------------

    @overload
    def list(self, *, page_size: int = DEFAULT_PAGE_SIZE, limit: int | None = None) -> Pager[B]: ...
    @overload
    def list(
        self, *, model: type[M], page_size: int = DEFAULT_PAGE_SIZE, limit: int | None = None
    ) -> Pager[M]: ...

    def list(
        self, *, model: Any = None, page_size: int = DEFAULT_PAGE_SIZE, limit: int | None = None
    ) -> Pager[Any]:
        """Every bundle of this kind, with its values (in the default model)."""
        chosen = pick_model(model, self._kind.bundle)
        return list_pager(self._yt, "api/" + self._path, chosen, page_size=page_size, limit=limit)

    @overload
    async def get(self, bundle: str) -> B: ...
    @overload
    async def get(self, bundle: str, *, model: type[M]) -> M: ...

    async def get(self, bundle: str, *, model: Any = None) -> Any:
        """One bundle by id or name."""
        chosen = pick_model(model, self._kind.bundle)
        path = api_path(self._path + "/{}", await self._bundle_id(bundle))
        return await self._yt.request("GET", path, model=chosen)

    @overload
    async def create(self, name: str, *, values: Iterable[str | E] = (), body: Any = None) -> B: ...
    @overload
    async def create(
        self, name: str, *, values: Iterable[str | E] = (), body: Any = None, model: type[M]
    ) -> M: ...

    async def create(
        self, name: str, *, values: Iterable[Any] = (), body: Any = None, model: Any = None
    ) -> Any:
        """Create a bundle ``name`` holding ``values`` (names or elements)."""
        chosen = pick_model(model, self._kind.bundle)
        data: dict[str, Any] = {} if body is None else json_body(body)
        data["name"] = check_text("name", name)
        if not is_many(values):
            raise InvalidRequestError(
                "values must be a list of value names or elements (not one str), "
                f"got {type(values).__name__}"
            )
        elements = [_element_json(v, self._kind.element) for v in values]
        if elements:
            data["values"] = elements
        data.setdefault("$type", self._kind.bundle.__name__)
        return await self._yt.request("POST", "api/" + self._path, json=data, model=chosen)

    @overload
    async def update(self, bundle: str, *, name: str | None = None, body: Any = None) -> B: ...
    @overload
    async def update(
        self, bundle: str, *, name: str | None = None, body: Any = None, model: type[M]
    ) -> M: ...

    async def update(
        self, bundle: str, *, name: str | None = None, body: Any = None, model: Any = None
    ) -> Any:
        """Rename a bundle or change other attributes (``body``)."""
        chosen = pick_model(model, self._kind.bundle)
        data: dict[str, Any] = {} if body is None else json_body(body)
        if name is not None:
            data["name"] = check_text("name", name)
        if not data:
            raise InvalidRequestError("nothing to update: pass name= or body=")
        path = api_path(self._path + "/{}", await self._bundle_id(bundle))
        return await self._yt.request("POST", path, json=data, model=chosen)

    async def delete(self, bundle: str) -> None:
        """Delete a bundle (YouTrack refuses while a project field uses it)."""
        path = api_path(self._path + "/{}", await self._bundle_id(bundle))
        await self._yt.request("DELETE", path)

    # --- values ------------------------------------------------------------------------

    @overload
    def values(
        self, bundle: str, *, page_size: int = DEFAULT_PAGE_SIZE, limit: int | None = None
    ) -> Pager[E]: ...
    @overload
    def values(
        self,
        bundle: str,
        *,
        model: type[M],
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[M]: ...

    def values(
        self,
        bundle: str,
        *,
        model: Any = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[Any]:
        """The values of a bundle (a bundle name is resolved with the first page)."""
        chosen = pick_model(model, self._kind.element)
        check_text("bundle", bundle)
        many: Any = builtins.list[chosen]  # type: ignore[valid-type]
        resource = self
        resolved: builtins.list[str] = []  # the bundle id, looked up once per pager

        async def fetch_page(skip: int, top: int) -> Any:
            if not resolved:
                resolved.append(await resource._bundle_id(bundle))
            path = api_path(resource._path + "/{}/values", resolved[0])
            return await resource._yt.request(
                "GET", path, params={"$skip": skip, "$top": top}, model=many
            )

        fetch_page.__qualname__ = f"GET {self._path}/{{id}}/values"
        return Pager(fetch_page, page_size=page_size, limit=limit)

    @overload
    async def get_value(self, bundle: str, value: str | E) -> E: ...
    @overload
    async def get_value(self, bundle: str, value: str | E, *, model: type[M]) -> M: ...

    async def get_value(self, bundle: str, value: Any, *, model: Any = None) -> Any:
        """One value of a bundle, by id or name."""
        chosen = pick_model(model, self._kind.element)
        bundle_id = await self._bundle_id(bundle)
        path = api_path(
            self._path + "/{}/values/{}", bundle_id, await self._value_id(bundle_id, value)
        )
        return await self._yt.request("GET", path, model=chosen)

    @overload
    async def add_value(
        self, bundle: str, value: str | E, *, params: Params | None = None
    ) -> E: ...
    @overload
    async def add_value(
        self, bundle: str, value: str | E, *, model: type[M], params: Params | None = None
    ) -> M: ...

    async def add_value(
        self, bundle: str, value: Any, *, model: Any = None, params: Params | None = None
    ) -> Any:
        """Add a value to a bundle: a name, or an element with its attributes
        (``VersionBundleElement(name="2.0", released=False)``); returns the new value."""
        chosen = pick_model(model, self._kind.element)
        data = _element_json(value, self._kind.element)
        path = api_path(self._path + "/{}/values", await self._bundle_id(bundle))
        return await self._yt.request("POST", path, params=params, json=data, model=chosen)

    @overload
    async def update_value(
        self, bundle: str, value: str | E, *, name: str | None = None, body: Any = None
    ) -> E: ...
    @overload
    async def update_value(
        self,
        bundle: str,
        value: str | E,
        *,
        name: str | None = None,
        body: Any = None,
        model: type[M],
    ) -> M: ...

    async def update_value(
        self,
        bundle: str,
        value: Any,
        *,
        name: str | None = None,
        body: Any = None,
        model: Any = None,
    ) -> Any:
        """Rename a value or change its attributes (``body``: an element or JSON)."""
        chosen = pick_model(model, self._kind.element)
        data: dict[str, Any] = {} if body is None else json_body(body)
        if name is not None:
            data["name"] = check_text("name", name)
        if not data:
            raise InvalidRequestError("nothing to update: pass name= or body=")
        bundle_id = await self._bundle_id(bundle)
        value_id = await self._value_id(bundle_id, value)
        path = api_path(self._path + "/{}/values/{}", bundle_id, value_id)
        return await self._yt.request("POST", path, json=data, model=chosen)

    async def remove_value(self, bundle: str, value: Any) -> None:
        """Remove a value (by id, name or element) from a bundle."""
        bundle_id = await self._bundle_id(bundle)
        value_id = await self._value_id(bundle_id, value)
        path = api_path(self._path + "/{}/values/{}", bundle_id, value_id)
        await self._yt.request("DELETE", path)

    # --- names -> ids ------------------------------------------------------------------

    async def _bundle_id(self, bundle: object) -> str:
        ident = getattr(bundle, "id", None)
        if isinstance(ident, str) and ident:
            return ident
        key = check_text(
            "bundle", bundle if isinstance(bundle, str) else getattr(bundle, "name", None)
        )
        if is_database_id(key):
            return key
        pager = list_pager(
            self._yt, "api/" + self._path, self._kind.bundle, params={"fields": _REF_FIELDS}
        )
        return _pick(await pager, key, f"{self._kind.segment} bundle")

    async def _value_id(self, bundle_id: str, value: object) -> str:
        ident = getattr(value, "id", None)
        if isinstance(ident, str) and ident:
            return ident
        key = check_text("value", value if isinstance(value, str) else getattr(value, "name", None))
        if is_database_id(key):
            return key
        path = api_path(self._path + "/{}/values", bundle_id)
        pager = list_pager(self._yt, path, self._kind.element, params={"fields": _REF_FIELDS})
        return _pick(await pager, key, f"value of bundle {bundle_id}")


def _pick(candidates: builtins.list[Any], name: str, what: str) -> str:
    """The id of the candidate named ``name`` (exact match first, then ignoring case)."""
    for exact in (True, False):
        for candidate in candidates:
            label = getattr(candidate, "name", None)
            if isinstance(label, str) and (
                label == name if exact else label.casefold() == name.casefold()
            ):
                ident = getattr(candidate, "id", None)
                if isinstance(ident, str):
                    return ident
    raise NotFoundError(f"no {what} named {name!r}", status=404)


# --- user bundles --------------------------------------------------------------------


class _AddUserOp(Endpoint[User]):
    """``add(bundle_id, user)``: add a user by login, id or ``User``."""

    __slots__ = ()
    _op = ("POST", "add", False)

    @overload
    async def add(self, bundle_id: str, user: str | User) -> User: ...
    @overload
    async def add(self, bundle_id: str, user: str | User, *, model: type[M]) -> M: ...

    async def add(self, bundle_id: str, user: str | User, *, model: Any = None) -> Any:
        """Add one user to the bundle; returns the user."""
        path = self._path((bundle_id,), False, "add")
        body = user_ref(user, "user")
        return await self._yt.request("POST", path, json=body, model=pick_model(model, User))


class UserBundleIndividuals(ListOp[User], GetOp[User], _AddUserOp, RemoveOp[User]):
    """Users added to a user bundle one by one: ``list(bundle_id)``, ``get(bundle_id,
    user_id)``, ``add(bundle_id, user)``, ``remove(bundle_id, user_id)``."""

    __slots__ = ()
    path = f"{_ROOT}/user/{{id}}/individuals"
    item = "userId"
    model = User


class UserBundleGroups(ListOp[UserGroup], GetOp[UserGroup], AddOp[UserGroup], RemoveOp[UserGroup]):
    """Groups whose members a user bundle holds: ``list(bundle_id)``, ``add(bundle_id,
    group_id)``, ``remove(bundle_id, group_id)``."""

    __slots__ = ()
    path = f"{_ROOT}/user/{{id}}/groups"
    item = "userGroupId"
    model = UserGroup


class UserBundleAggregatedUsers(ListOp[User]):
    """Every user a user bundle holds (groups expanded): ``list(bundle_id)``."""

    __slots__ = ()
    path = f"{_ROOT}/user/{{id}}/aggregatedUsers"
    model = User


class UserBundles(
    ListOp[UserBundle],
    GetOp[UserBundle],
    CreateOp[UserBundle],
    UpdateOp[UserBundle],
    DeleteOp[UserBundle],
):
    """User bundles (``.../bundles/user``): ``list()``, ``get(id)``, ``create(body=...)``,
    ``update(id, body=...)``, ``delete(id)``; ``.individuals``, ``.groups``,
    ``.aggregated_users``; :meth:`add_value`/:meth:`remove_value` for individuals."""

    __slots__ = ("aggregated_users", "groups", "individuals")
    path = f"{_ROOT}/user"
    item = "id"
    model = UserBundle

    def __init__(self, client: YouTrack) -> None:
        super().__init__(client)
        #: Users added one by one.
        self.individuals = UserBundleIndividuals(client)
        #: Groups of users.
        self.groups = UserBundleGroups(client)
        #: Every user the bundle holds.
        self.aggregated_users = UserBundleAggregatedUsers(client)

    async def add_value(self, bundle_id: str, user: str | User) -> User:
        """Add a user (login, id or ``User``) to the bundle's individuals."""
        added: User = await self.individuals.add(bundle_id, user)
        return added

    async def remove_value(self, bundle_id: str, user_id: str) -> None:
        """Remove a user (entity id) from the bundle's individuals."""
        await self.individuals.remove(bundle_id, user_id)


class BundlesResource:
    """The bundle kinds: ``.enum``, ``.state``, ``.version``, ``.build``, ``.owned``
    (:class:`ElementBundles`) and ``.user`` (:class:`UserBundles`)."""

    __slots__ = ("build", "enum", "owned", "state", "user", "version")

    def __init__(self, client: YouTrack) -> None:
        #: Enum bundles (Priority, Type, ...).
        self.enum: ElementBundles[EnumBundle, EnumBundleElement] = ElementBundles(
            client, KINDS["enum"]
        )
        #: State bundles.
        self.state: ElementBundles[StateBundle, StateBundleElement] = ElementBundles(
            client, KINDS["state"]
        )
        #: Version bundles.
        self.version: ElementBundles[VersionBundle, VersionBundleElement] = ElementBundles(
            client, KINDS["version"]
        )
        #: Build bundles.
        self.build: ElementBundles[BuildBundle, BuildBundleElement] = ElementBundles(
            client, KINDS["build"]
        )
        #: Owned-field bundles (subsystems).
        self.owned: ElementBundles[OwnedBundle, OwnedBundleElement] = ElementBundles(
            client, KINDS["owned"]
        )
        #: User bundles.
        self.user = UserBundles(client)

    def __repr__(self) -> str:
        return "<BundlesResource>"
