"""``yt.bundles``: the value sets of custom fields (administration).

``yt.bundles.enum``, ``.state``, ``.version``, ``.build`` and ``.owned`` are one generic
class, :class:`ElementBundles`, parametrised by the bundle kind's path and its bundle
and element models. Bundles and values are addressed by entity id or by name::

    await yt.bundles.enum.add_value("Priorities", "Blocker")
    await yt.bundles.state.remove_value("States", "Obsolete")

A str shaped like an entity id (``"2024-1"``) is taken as an id; pass an object to look
up a name shaped like one: ``remove_value(bundle, VersionBundleElement(name="2024-1"))``.

``yt.bundles.user`` holds users: groups plus individual users.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, overload

from typing_extensions import TypeVar

from .._constants import DEFAULT_PAGE_SIZE
from .._pagination import Pager
from .._values import shown
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
from ._base import ROUTES, Name, Params, Resource, Route, api_path, at, default_model, route
from ._common import (
    M,
    check_sendable,
    check_text,
    is_many,
    json_body,
    optional_body,
    pick_model,
    renamed,
)
from ._names import given_name
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
UserT = TypeVar("UserT", default=User)
GroupT = TypeVar("GroupT", default=UserGroup)
UserBundleT = TypeVar("UserBundleT", default=UserBundle)

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
    arguments an element id or name (or the element itself). (The overload pairs remain
    because the default models are the class's parameters, set per kind.)
    """

    __slots__ = ("_kind", "_path")

    def __init__(self, client: YouTrack, kind: BundleKind) -> None:
        super().__init__(client)
        self._kind = kind
        self._path = f"{_ROOT.lstrip('/')}/{kind.segment}"

    def __repr__(self) -> str:
        return f"<ElementBundles {self._kind.segment}>"

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
        return self._pager(at(self._path), chosen, page_size=page_size, limit=limit)

    @overload
    async def get(self, bundle: str) -> B: ...
    @overload
    async def get(self, bundle: str, *, model: type[M]) -> M: ...

    async def get(self, bundle: str, *, model: Any = None) -> Any:
        """One bundle by id or name."""
        chosen = pick_model(model, self._kind.bundle)  # before the bundle is looked up
        path = at(self._path + "/{}", bundle=await self._bundle_id(bundle))
        return await self._call("GET", path, model=chosen)

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
        data = optional_body(body)
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
        return await self._call(
            "POST", at(self._path), json=data, model=pick_model(model, self._kind.bundle)
        )

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
        data = renamed(name, body)
        check_sendable(None, data)  # before the bundle is looked up
        path = at(self._path + "/{}", bundle=await self._bundle_id(bundle))
        return await self._call("POST", path, json=data, model=chosen)

    async def delete(self, bundle: str) -> None:
        """Delete a bundle (YouTrack refuses while a project field uses it)."""
        await self._call("DELETE", at(self._path + "/{}", bundle=await self._bundle_id(bundle)))

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
        named = Name(self._resolve, check_text("bundle", bundle))
        path = at(self._path + "/{}/values", bundle=named)
        return self._pager(
            path, pick_model(model, self._kind.element), page_size=page_size, limit=limit
        )

    @overload
    async def get_value(self, bundle: str, value: str | E) -> E: ...
    @overload
    async def get_value(self, bundle: str, value: str | E, *, model: type[M]) -> M: ...

    async def get_value(self, bundle: str, value: Any, *, model: Any = None) -> Any:
        """One value of a bundle, by id or name."""
        chosen = pick_model(model, self._kind.element)  # before the bundle is looked up
        path = await self._value_path(bundle, value)
        return await self._call("GET", path, model=chosen)

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
        check_sendable(params, data)  # before the bundle is looked up
        path = at(self._path + "/{}/values", bundle=await self._bundle_id(bundle))
        return await self._call("POST", path, params=params, json=data, model=chosen)

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
        data = renamed(name, body)
        check_sendable(None, data)  # before the bundle is looked up
        path = await self._value_path(bundle, value)
        return await self._call("POST", path, json=data, model=chosen)

    async def remove_value(self, bundle: str, value: Any) -> None:
        """Remove a value (by id, name or element) from a bundle."""
        await self._call("DELETE", await self._value_path(bundle, value))

    async def _resolve(self, client: YouTrack, bundle: object, *, fresh: bool = False) -> str:
        return await self._bundle_id(bundle)  # looked up afresh each time: nothing kept

    async def _value_path(self, bundle: object, value: object) -> str:
        given_name(value, "value", "name")  # refused before the bundle is looked up
        bundle_id = await self._bundle_id(bundle)
        value_id = await self._value_id(bundle_id, value)
        return api_path(self._path + "/{}/values/{}", bundle_id, value_id)

    async def _bundle_id(self, bundle: object) -> str:
        return await self._id_of(bundle, "bundle", "api/" + self._path, self._kind.bundle)

    async def _value_id(self, bundle_id: str, value: object) -> str:
        path = api_path(self._path + "/{}/values", bundle_id)
        return await self._id_of(value, "value", path, self._kind.element, bundle_id)

    async def _id_of(
        self, given: object, argument: str, path: str, model: type[Any], bundle_id: str = ""
    ) -> str:
        """The id of ``given`` (an id, a name, or an object with either): a name is
        looked up in the collection at ``path``, exactly first, then ignoring case."""
        ident, key = given_name(given, argument, "name")
        if ident is not None:
            return ident
        candidates = await self._pager(path, model, params={"fields": _REF_FIELDS})
        for exact in (True, False):
            for candidate in candidates:
                label, ident = getattr(candidate, "name", None), getattr(candidate, "id", None)
                same = label == key if exact else str(label).casefold() == key.casefold()
                if same and isinstance(label, str) and isinstance(ident, str):
                    return ident
        what = f"value of bundle {bundle_id}" if bundle_id else f"{self._kind.segment} bundle"
        raise NotFoundError(f"no {what} named {shown(key)}", status=404)


# --- user bundles --------------------------------------------------------------------

_USER = "admin/customFieldSettings/bundles/user"


class UserBundleIndividuals(Resource):
    """Users added to a user bundle one by one."""

    __slots__ = ()

    @route("GET", f"{_ROOT}/user/{{id}}/individuals")
    def list(
        self,
        bundle_id: str,
        *,
        model: type[UserT] = default_model(UserT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
        params: Params | None = None,
    ) -> Pager[UserT]:
        """The users added to the bundle one by one."""
        path = at(_USER + "/{}/individuals", bundle_id=bundle_id)
        return self._pager(path, model, page_size=page_size, limit=limit, params=params)

    @route("GET", f"{_ROOT}/user/{{id}}/individuals/{{userId}}")
    async def get(
        self,
        bundle_id: str,
        user_id: str,
        *,
        model: type[UserT] = default_model(UserT),
        params: Params | None = None,
    ) -> UserT:
        """One of those users."""
        path = at(_USER + "/{}/individuals/{}", bundle_id=bundle_id, user_id=user_id)
        return await self._call("GET", path, model=model, params=params)

    @route("POST", f"{_ROOT}/user/{{id}}/individuals")
    async def add(
        self, bundle_id: str, user: str | User, *, model: type[UserT] = default_model(UserT)
    ) -> UserT:
        """Add one user (login, id or ``User``) to the bundle; returns the user."""
        path = at(_USER + "/{}/individuals", bundle_id=bundle_id)
        return await self._call("POST", path, json=user_ref(user, "user"), model=model)

    @route("DELETE", f"{_ROOT}/user/{{id}}/individuals/{{userId}}")
    async def remove(self, bundle_id: str, user_id: str, *, params: Params | None = None) -> None:
        """Take a user (entity id) out of the bundle's individuals."""
        path = at(_USER + "/{}/individuals/{}", bundle_id=bundle_id, user_id=user_id)
        await self._call("DELETE", path, params=params)


class UserBundleGroups(Resource):
    """Groups whose members a user bundle holds."""

    __slots__ = ()

    @route("GET", f"{_ROOT}/user/{{id}}/groups")
    def list(
        self,
        bundle_id: str,
        *,
        model: type[GroupT] = default_model(GroupT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
        params: Params | None = None,
    ) -> Pager[GroupT]:
        """The groups of the bundle."""
        path = at(_USER + "/{}/groups", bundle_id=bundle_id)
        return self._pager(path, model, page_size=page_size, limit=limit, params=params)

    @route("GET", f"{_ROOT}/user/{{id}}/groups/{{userGroupId}}")
    async def get(
        self,
        bundle_id: str,
        group_id: str,
        *,
        model: type[GroupT] = default_model(GroupT),
        params: Params | None = None,
    ) -> GroupT:
        """One group of the bundle."""
        path = at(_USER + "/{}/groups/{}", bundle_id=bundle_id, group_id=group_id)
        return await self._call("GET", path, model=model, params=params)

    @route("POST", f"{_ROOT}/user/{{id}}/groups")
    async def add(
        self,
        bundle_id: str,
        group_id: str,
        *,
        model: type[GroupT] = default_model(GroupT),
        params: Params | None = None,
    ) -> GroupT:
        """Add a group (by entity id) to the bundle; returns the group."""
        path = at(_USER + "/{}/groups", bundle_id=bundle_id)
        body = {"id": check_text("group_id", group_id)}
        return await self._call("POST", path, json=body, model=model, params=params)

    @route("DELETE", f"{_ROOT}/user/{{id}}/groups/{{userGroupId}}")
    async def remove(self, bundle_id: str, group_id: str, *, params: Params | None = None) -> None:
        """Take a group out of the bundle (the group itself stays)."""
        path = at(_USER + "/{}/groups/{}", bundle_id=bundle_id, group_id=group_id)
        await self._call("DELETE", path, params=params)


class UserBundleAggregatedUsers(Resource):
    """Every user a user bundle holds (groups expanded)."""

    __slots__ = ()

    @route("GET", f"{_ROOT}/user/{{id}}/aggregatedUsers")
    def list(
        self,
        bundle_id: str,
        *,
        model: type[UserT] = default_model(UserT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
        params: Params | None = None,
    ) -> Pager[UserT]:
        """Every user of the bundle, its groups' members included."""
        path = at(_USER + "/{}/aggregatedUsers", bundle_id=bundle_id)
        return self._pager(path, model, page_size=page_size, limit=limit, params=params)


class UserBundles(Resource):
    """User bundles (``.../bundles/user``), with ``.individuals``, ``.groups`` and
    ``.aggregated_users``; :meth:`add_value`/:meth:`remove_value` for individuals."""

    __slots__ = ("aggregated_users", "groups", "individuals")

    def __init__(self, client: YouTrack) -> None:
        super().__init__(client)
        #: Users added one by one.
        self.individuals = UserBundleIndividuals(client)
        #: Groups of users.
        self.groups = UserBundleGroups(client)
        #: Every user the bundle holds.
        self.aggregated_users = UserBundleAggregatedUsers(client)

    @route("GET", f"{_ROOT}/user")
    def list(
        self,
        *,
        model: type[UserBundleT] = default_model(UserBundleT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
        params: Params | None = None,
    ) -> Pager[UserBundleT]:
        """Every user bundle."""
        return self._pager(at(_USER), model, page_size=page_size, limit=limit, params=params)

    @route("GET", f"{_ROOT}/user/{{id}}")
    async def get(
        self,
        bundle_id: str,
        *,
        model: type[UserBundleT] = default_model(UserBundleT),
        params: Params | None = None,
    ) -> UserBundleT:
        """One user bundle."""
        path = at(_USER + "/{}", bundle_id=bundle_id)
        return await self._call("GET", path, model=model, params=params)

    @route("POST", f"{_ROOT}/user")
    async def create(
        self,
        *,
        body: Any,
        model: type[UserBundleT] = default_model(UserBundleT),
        params: Params | None = None,
    ) -> UserBundleT:
        """Create a user bundle from ``body`` (a model instance or a JSON mapping)."""
        return await self._call("POST", at(_USER), body=body, model=model, params=params)

    @route("POST", f"{_ROOT}/user/{{id}}")
    async def update(
        self,
        bundle_id: str,
        *,
        body: Any,
        model: type[UserBundleT] = default_model(UserBundleT),
        params: Params | None = None,
    ) -> UserBundleT:
        """Send the attributes in ``body`` (others stay as they are); returns the bundle."""
        path = at(_USER + "/{}", bundle_id=bundle_id)
        return await self._call("POST", path, body=body, model=model, params=params)

    @route("DELETE", f"{_ROOT}/user/{{id}}")
    async def delete(self, bundle_id: str, *, params: Params | None = None) -> None:
        """Delete a user bundle."""
        await self._call("DELETE", at(_USER + "/{}", bundle_id=bundle_id), params=params)

    async def add_value(self, bundle_id: str, user: str | User) -> User:
        """Add a user (login, id or ``User``) to the bundle's individuals."""
        return await self.individuals.add(bundle_id, user)

    async def remove_value(self, bundle_id: str, user_id: str) -> None:
        """Remove a user (entity id) from the bundle's individuals."""
        await self.individuals.remove(bundle_id, user_id)


class BundlesResource:
    """The bundle kinds: ``.enum``, ``.state``, ``.version``, ``.build``, ``.owned``
    (:class:`ElementBundles`) and ``.user`` (:class:`UserBundles`)."""

    __slots__ = ("build", "enum", "owned", "state", "user", "version")

    def __init__(self, client: YouTrack) -> None:
        def of(kind: str) -> Any:
            return ElementBundles(client, KINDS[kind])

        #: Enum bundles (Priority, Type, ...).
        self.enum: ElementBundles[EnumBundle, EnumBundleElement] = of("enum")
        #: State bundles.
        self.state: ElementBundles[StateBundle, StateBundleElement] = of("state")
        #: Version bundles.
        self.version: ElementBundles[VersionBundle, VersionBundleElement] = of("version")
        #: Build bundles.
        self.build: ElementBundles[BuildBundle, BuildBundleElement] = of("build")
        #: Owned-field bundles (subsystems).
        self.owned: ElementBundles[OwnedBundle, OwnedBundleElement] = of("owned")
        #: User bundles.
        self.user = UserBundles(client)

    def __repr__(self) -> str:
        return "<BundlesResource>"
