"""The older way to declare a resource: operation classes (``ListOp``, ``GetOp``, ...)
composed per URL, with the path's ids passed as ``*ids: str``.

New resources are declared the one way (see :mod:`._base` and CONTRIBUTING.md): a
method per operation with named, typed path ids, so a forgotten id is a mypy error,
not a failed request. These classes remain only for the modules not converted yet;
``json_body`` lives in :mod:`._common` (still importable from here). Declaring such a
class records one route per operation in :data:`~aioyoutrack.resources.ROUTES`.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, ClassVar, Generic, TypeVar, overload

from .._constants import DEFAULT_PAGE_SIZE
from .._pagination import Pager, list_pager
from ..errors import InvalidRequestError, NotFoundError
from ._base import MUTABLE_ROUTES, ROUTES, Params, Resource, Route, api_path
from ._common import (
    Body,
    M,
    check_model,
    check_text,
    is_database_id,
    json_body,
    notify_params,
)
from ._names import Resolver, forget

__all__ = [
    "AddOp",
    "Body",
    "CreateOp",
    "DeleteOp",
    "Endpoint",
    "GetOp",
    "ListOp",
    "Params",
    "ReadOp",
    "RemoveOp",
    "UpdateOp",
    "WriteOp",
    "json_body",
    "pick_model",
    "spec_template",
]

T = TypeVar("T")

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def spec_template(spec_path: str) -> str:
    """``"/articles/{id}/comments"`` -> ``"articles/{}/comments"`` (for ``api_path``)."""
    return _PLACEHOLDER.sub("{}", spec_path.lstrip("/"))


class Endpoint(Resource, Generic[T]):
    """Base of the operation classes: the spec path, the entity placeholder, the model.

    A concrete subclass sets ``path`` (the spec path of the collection or settings
    object, relative to ``/api``), ``item`` (the name of the entity id placeholder the
    spec uses below ``path``, for the operations on one entity) and ``model`` (the
    default result class).
    """

    __slots__ = ()

    #: Spec path of the collection (or of the single object), e.g. ``"/groups"``.
    path: ClassVar[str]
    #: Spec placeholder of one entity below ``path`` (``"id"``, ``"articleCommentId"``).
    item: ClassVar[str] = ""
    #: The default model of results.
    model: ClassVar[type[Any]]
    #: Placeholder -> how a name given there becomes the entity id (``{"id":
    #: agile_id}``: a board by name or id); placeholders not named take ids only.
    resolvers: ClassVar[Mapping[str, Resolver]] = {}
    #: Set on operation classes: (HTTP method, method name, addresses one entity?).
    _op: ClassVar[tuple[str, str, bool] | None] = None
    _template: ClassVar[str]
    _names: ClassVar[tuple[str, ...]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "path" not in cls.__dict__:
            return
        cls._template = spec_template(cls.path)
        cls._names = tuple(_PLACEHOLDER.findall(cls.path))
        for klass in reversed(cls.__mro__):
            op = klass.__dict__.get("_op")
            if op is None:
                continue
            method, name, on_item = op
            if on_item and not cls.item:
                raise TypeError(f"{cls.__qualname__} needs item= for {name}()")
            spec = f"{cls.path}/{{{cls.item}}}" if on_item else cls.path
            ROUTES.append(Route(method, spec, f"{cls.__qualname__}.{name}"))

    async def _resolved_path(
        self, ids: tuple[str, ...], on_item: bool, op: str, *, fresh: bool = False
    ) -> str:
        """:meth:`_path` after turning names given for ``resolvers``' placeholders into
        entity ids (remembered per client; ``fresh`` looks them up again)."""
        self._path(ids, on_item, op)  # refuse a wrong count before looking anything up
        if not self.resolvers:
            return self._path(ids, on_item, op)
        names = self._names + ((self.item,) if on_item else ())
        resolved = [
            await self.resolvers[name](self._yt, value, fresh=fresh)
            if name in self.resolvers
            else value
            for name, value in zip(names, ids, strict=True)
        ]
        return self._path(tuple(resolved), on_item, op)

    async def _send(
        self,
        method: str,
        ids: tuple[str, ...],
        on_item: bool,
        op: str,
        **kwargs: Any,
    ) -> Any:
        """Send ``method`` to the path of ``ids``. A read by a remembered name that meets
        404 looks the name up again once (the entity may have been renamed or replaced);
        a write always looks names up afresh, and afterwards forgets the names
        remembered, since a create, rename or delete may have changed them."""
        named = bool(self.resolvers) and any(not is_database_id(str(i)) for i in ids)
        write = method != "GET"
        path = await self._resolved_path(ids, on_item, op, fresh=write and named)
        try:
            return await self._yt.request(method, path, **kwargs)
        except NotFoundError:
            if write or not named:
                raise
            path = await self._resolved_path(ids, on_item, op, fresh=True)
            return await self._yt.request(method, path, **kwargs)
        finally:
            if write and self.resolvers:
                forget(self._yt)

    def _path(self, ids: tuple[str, ...], on_item: bool, op: str) -> str:
        names = self._names + ((self.item,) if on_item else ())
        if len(ids) != len(names):
            raise InvalidRequestError(
                f"{type(self).__name__}.{op}() takes {len(names)} id(s) "
                f"({', '.join(names) or 'none'}), got {len(ids)}"
            )
        for name, value in zip(names, ids, strict=True):
            check_text(name, value)
        template = f"{self._template}/{{}}" if on_item else self._template
        return api_path(template, *ids)

    def _notify(self, params: Params | None, notify: object, on_item: bool) -> Params | None:
        """``params`` with ``muteUpdateNotifications`` for ``notify=False``, which only
        the writes in :data:`MUTABLE_ROUTES` take."""
        quiet = notify_params(notify)
        if not quiet:
            return params
        spec = f"{self.path}/{{{self.item}}}" if on_item else self.path
        if ("POST", spec) not in MUTABLE_ROUTES:
            raise InvalidRequestError(
                f"POST {spec} cannot mute notifications (YouTrack offers "
                "muteUpdateNotifications on other writes only): leave notify=True"
            )
        return {**(params or {}), **quiet}

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.path}>"


def pick_model(model: Any, default: type[Any]) -> Any:
    """``model`` (checked to be an attrs class), or ``default`` when it is None."""
    chosen = default if model is None else model
    check_model(chosen)
    return chosen


class ListOp(Endpoint[T]):
    """``list(*ids)``: the collection at ``path`` as a :class:`~aioyoutrack.Pager`."""

    __slots__ = ()
    _op = ("GET", "list", False)

    @overload
    def list(
        self,
        *ids: str,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
        params: Params | None = None,
    ) -> Pager[T]: ...
    @overload
    def list(
        self,
        *ids: str,
        model: type[M],
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
        params: Params | None = None,
    ) -> Pager[M]: ...

    def list(
        self,
        *ids: str,
        model: Any = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
        params: Params | None = None,
    ) -> Pager[Any]:
        """Every entity of the collection, paged with ``$skip``/``$top``.

        ``ids`` fill the path's placeholders; ``limit`` caps the number of entities.
        """
        path: str | Callable[[], Awaitable[str]] = self._path(ids, False, "list")
        if self.resolvers and any(not is_database_id(str(i)) for i in ids):

            async def path() -> str:  # a name looked up when the first page is fetched
                return await self._resolved_path(ids, False, "list")

        return list_pager(
            self._yt._exchange,
            path,
            pick_model(model, self.model),
            params=params,
            page_size=page_size,
            limit=limit,
        )


class GetOp(Endpoint[T]):
    """``get(*ids, entity_id)``: one entity of the collection."""

    __slots__ = ()
    _op = ("GET", "get", True)

    @overload
    async def get(self, *ids: str, params: Params | None = None) -> T: ...
    @overload
    async def get(self, *ids: str, model: type[M], params: Params | None = None) -> M: ...

    async def get(self, *ids: str, model: Any = None, params: Params | None = None) -> Any:
        """One entity; the last id is the entity's. Raises ``NotFoundError`` if absent."""
        return await self._send(
            "GET", ids, True, "get", params=params, model=pick_model(model, self.model)
        )


class CreateOp(Endpoint[T]):
    """``create(*ids, body=...)``: a new entity in the collection."""

    __slots__ = ()
    _op = ("POST", "create", False)

    @overload
    async def create(
        self, *ids: str, body: Body, params: Params | None = None, notify: bool = True
    ) -> T: ...
    @overload
    async def create(
        self,
        *ids: str,
        body: Body,
        model: type[M],
        params: Params | None = None,
        notify: bool = True,
    ) -> M: ...

    async def create(
        self,
        *ids: str,
        body: Body,
        model: Any = None,
        params: Params | None = None,
        notify: bool = True,
    ) -> Any:
        """Create an entity from ``body`` (a model instance or a JSON mapping) and
        return it as the server stored it. Never retried once sent."""
        params = self._notify(params, notify, False)
        chosen = pick_model(model, self.model)
        return await self._send(
            "POST", ids, False, "create", params=params, json=json_body(body), model=chosen
        )


class UpdateOp(Endpoint[T]):
    """``update(*ids, entity_id, body=...)``: change attributes of one entity."""

    __slots__ = ()
    _op = ("POST", "update", True)

    @overload
    async def update(
        self, *ids: str, body: Body, params: Params | None = None, notify: bool = True
    ) -> T: ...
    @overload
    async def update(
        self,
        *ids: str,
        body: Body,
        model: type[M],
        params: Params | None = None,
        notify: bool = True,
    ) -> M: ...

    async def update(
        self,
        *ids: str,
        body: Body,
        model: Any = None,
        params: Params | None = None,
        notify: bool = True,
    ) -> Any:
        """Send the attributes in ``body`` (others stay as they are) and return the
        updated entity."""
        params = self._notify(params, notify, True)
        chosen = pick_model(model, self.model)
        return await self._send(
            "POST", ids, True, "update", params=params, json=json_body(body), model=chosen
        )


class DeleteOp(Endpoint[T]):
    """``delete(*ids, entity_id)``: delete one entity."""

    __slots__ = ()
    _op = ("DELETE", "delete", True)

    async def delete(self, *ids: str, params: Params | None = None) -> None:
        """Delete the entity; the last id is the entity's."""
        await self._send("DELETE", ids, True, "delete", params=params)


class AddOp(Endpoint[T]):
    """``add(*ids, entity_id)``: put an existing entity into the collection (a tag on an
    article, a group into a user bundle) by its id."""

    __slots__ = ()
    _op = ("POST", "add", False)

    @overload
    async def add(self, *ids: str, params: Params | None = None) -> T: ...
    @overload
    async def add(self, *ids: str, model: type[M], params: Params | None = None) -> M: ...

    async def add(self, *ids: str, model: Any = None, params: Params | None = None) -> Any:
        """Add the entity whose id comes last (sent as ``{"id": ...}``)."""
        if not ids:
            raise InvalidRequestError(f"{type(self).__name__}.add() needs the id to add")
        path = await self._resolved_path(ids[:-1], False, "add", fresh=True)
        entity = check_text(self.item or "id", ids[-1])
        return await self._yt.request(
            "POST", path, params=params, json={"id": entity}, model=pick_model(model, self.model)
        )


class RemoveOp(Endpoint[T]):
    """``remove(*ids, entity_id)``: take an entity out of the collection (it still
    exists elsewhere)."""

    __slots__ = ()
    _op = ("DELETE", "remove", True)

    async def remove(self, *ids: str, params: Params | None = None) -> None:
        """Remove the entity whose id comes last from the collection."""
        await self._send("DELETE", ids, True, "remove", params=params)


class ReadOp(Endpoint[T]):
    """``get(*ids)``: the single object at ``path`` (settings, a profile, ...)."""

    __slots__ = ()
    _op = ("GET", "get", False)

    @overload
    async def get(self, *ids: str, params: Params | None = None) -> T: ...
    @overload
    async def get(self, *ids: str, model: type[M], params: Params | None = None) -> M: ...

    async def get(self, *ids: str, model: Any = None, params: Params | None = None) -> Any:
        """Read the object."""
        return await self._send(
            "GET", ids, False, "get", params=params, model=pick_model(model, self.model)
        )


class WriteOp(Endpoint[T]):
    """``update(*ids, body=...)``: change the single object at ``path``."""

    __slots__ = ()
    _op = ("POST", "update", False)

    @overload
    async def update(
        self, *ids: str, body: Body, params: Params | None = None, notify: bool = True
    ) -> T: ...
    @overload
    async def update(
        self,
        *ids: str,
        body: Body,
        model: type[M],
        params: Params | None = None,
        notify: bool = True,
    ) -> M: ...

    async def update(
        self,
        *ids: str,
        body: Body,
        model: Any = None,
        params: Params | None = None,
        notify: bool = True,
    ) -> Any:
        """Send the attributes in ``body`` (others stay as they are); returns the object."""
        params = self._notify(params, notify, False)
        chosen = pick_model(model, self.model)
        return await self._send(
            "POST", ids, False, "update", params=params, json=json_body(body), model=chosen
        )
