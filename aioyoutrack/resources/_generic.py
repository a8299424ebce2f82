"""The older way to declare a resource: operation classes (``ListOp``, ``GetOp``, ...)
composed per URL, with the path's ids passed as ``*ids: str``.

Deprecated (see CHANGELOG.md): resources are declared the one way (see :mod:`._base`
and CONTRIBUTING.md), a method per operation with named, typed path ids, so a forgotten
id is a mypy error, not a failed request. These classes remain for one release for code
that declares its own; ``json_body`` lives in :mod:`._common` (still importable from
here). Declaring such a class records one route per operation in
:data:`~aioyoutrack.resources.ROUTES`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar, Generic, TypeVar, overload

from .._constants import DEFAULT_PAGE_SIZE
from .._pagination import Pager
from ..errors import InvalidRequestError
from ._base import MUTABLE_ROUTES, ROUTES, NamedPath, Params, Resource, Route, api_path
from ._common import Body, M, check_text, is_database_id, json_body, notify_params, pick_model
from ._names import Name, Resolver, forget

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

#: (HTTP method, method name, addresses one entity below ``path``?)
Op = tuple[str, str, bool]

#: ``body=`` not given: the operation sends none.
_NO_BODY: Any = object()


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
    #: Set on operation classes.
    _op: ClassVar[Op | None] = None
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
            ROUTES.append(Route(method, cls._spec(on_item), f"{cls.__qualname__}.{name}"))

    @classmethod
    def _spec(cls, on_item: bool) -> str:
        return f"{cls.path}/{{{cls.item}}}" if on_item else cls.path

    def _path(self, ids: tuple[str, ...], on_item: bool, op: str) -> str:
        names = self._names + ((self.item,) if on_item else ())
        if len(ids) != len(names):
            raise InvalidRequestError(
                f"{type(self).__name__}.{op}() takes {len(names)} id(s) "
                f"({', '.join(names) or 'none'}), got {len(ids)}"
            )
        for name, value in zip(names, ids, strict=True):
            check_text(name, value)
        return api_path(f"{self._template}/{{}}" if on_item else self._template, *ids)

    def _target(self, ids: tuple[str, ...], on_item: bool, op: str) -> str | NamedPath:
        """The path of ``ids``: a :class:`NamedPath` (each value at a placeholder of
        ``resolvers`` turned into the entity id by it when sent) for a class with
        ``resolvers``, else the path itself."""
        path = self._path(ids, on_item, op)  # a wrong count is refused before any lookup
        if not self.resolvers:
            return path
        names = self._names + ((self.item,) if on_item else ())
        values = tuple(
            Name(self.resolvers[name], value) if name in self.resolvers else value
            for name, value in zip(names, ids, strict=True)
        )
        return NamedPath(f"{self._template}/{{}}" if on_item else self._template, values)

    async def _run(
        self,
        op: Op,
        ids: tuple[str, ...],
        *,
        model: Any = None,
        params: Params | None = None,
        body: Any = _NO_BODY,
        notify: object = True,
    ) -> Any:
        """Send ``op`` to the path of ``ids`` (``body``: a model instance or a JSON
        mapping) by :meth:`Resource._call`: a read by a remembered name that meets 404
        looks the name up again once (the entity may have been renamed or replaced); a
        write looks names up afresh, and afterwards forgets the names remembered, since
        a create, rename or delete may have changed them."""
        method, name, on_item = op
        if body is not _NO_BODY:
            params = self._notify(params, notify, on_item)
        chosen = None if method == "DELETE" else pick_model(model, self.model)
        path = self._target(ids, on_item, name)
        json = None if body is _NO_BODY else json_body(body)
        if isinstance(path, NamedPath) and all(is_database_id(i) for i in ids):
            # Refused before a resolver (maybe a caller's own) is asked, as _call does.
            self._check(chosen, params=params, json=json)
            path = await path.resolved(self._yt)  # ids only: as remembered, a 404 is final
        try:
            return await self._call(method, path, model=chosen, params=params, json=json)
        finally:
            if method != "GET" and self.resolvers:
                forget(self._yt)

    def _notify(self, params: Params | None, notify: object, on_item: bool) -> Params | None:
        """``params`` with ``muteUpdateNotifications`` for ``notify=False``, which only
        the writes in :data:`MUTABLE_ROUTES` take."""
        quiet = notify_params(notify)
        if not quiet:
            return params
        if ("POST", self._spec(on_item)) not in MUTABLE_ROUTES:
            raise InvalidRequestError(
                f"POST {self._spec(on_item)} cannot mute notifications (YouTrack offers "
                "muteUpdateNotifications on other writes only): leave notify=True"
            )
        return {**(params or {}), **quiet}

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.path}>"


class ListOp(Endpoint[T]):
    """``list(*ids)``: the collection at ``path`` as a :class:`~aioyoutrack.Pager`."""

    __slots__ = ()
    _op = ("GET", "list", False)

    @overload
    def list(
        self, *ids: str, page_size: int = ..., limit: int | None = ..., params: Params | None = ...
    ) -> Pager[T]: ...
    @overload
    def list(
        self,
        *ids: str,
        model: type[M],
        page_size: int = ...,
        limit: int | None = ...,
        params: Params | None = ...,
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
        path: str | NamedPath = self._path(ids, False, "list")
        if not all(is_database_id(i) for i in ids):
            path = self._target(ids, False, "list")  # names looked up with the first page
        chosen = pick_model(model, self.model)
        return self._pager(path, chosen, params=params, page_size=page_size, limit=limit)


def _first_op(endpoint: Endpoint[Any], *kinds: type[Endpoint[Any]]) -> Op:
    """The operation of whichever of ``kinds`` comes first in ``endpoint``'s MRO (a
    class listing both ``ReadOp`` and ``GetOp`` runs the first it lists, as the
    separate methods they had did)."""
    for klass in type(endpoint).__mro__:
        if klass in kinds and klass._op is not None:
            return klass._op
    raise AssertionError(f"{type(endpoint).__name__} is none of {kinds}")  # pragma: no cover


class _Get(Endpoint[T]):
    """``get``, shared by :class:`GetOp` (one entity) and :class:`ReadOp` (one object)."""

    __slots__ = ()

    @overload
    async def get(self, *ids: str, params: Params | None = None) -> T: ...
    @overload
    async def get(self, *ids: str, model: type[M], params: Params | None = None) -> M: ...
    async def get(self, *ids: str, model: Any = None, params: Params | None = None) -> Any:
        """One entity (the last id is the entity's) or the single object at ``path``.
        Raises ``NotFoundError`` if absent."""
        op = _first_op(self, GetOp, ReadOp)
        return await self._run(op, ids, model=model, params=params)


class GetOp(_Get[T]):
    """``get(*ids, entity_id)``: one entity of the collection."""

    __slots__ = ()
    _op = ("GET", "get", True)


class ReadOp(_Get[T]):
    """``get(*ids)``: the single object at ``path`` (settings, a profile, ...)."""

    __slots__ = ()
    _op = ("GET", "get", False)


class CreateOp(Endpoint[T]):
    """``create(*ids, body=...)``: a new entity in the collection."""

    __slots__ = ()
    _op = ("POST", "create", False)

    @overload
    async def create(
        self, *ids: str, body: Body, params: Params | None = ..., notify: bool = ...
    ) -> T: ...
    @overload
    async def create(
        self, *ids: str, body: Body, model: type[M], params: Params | None = ..., notify: bool = ...
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
        op = CreateOp._op
        return await self._run(op, ids, model=model, params=params, body=body, notify=notify)


class _Update(Endpoint[T]):
    """``update``, shared by :class:`UpdateOp` (one entity) and :class:`WriteOp` (one
    object)."""

    __slots__ = ()

    @overload
    async def update(
        self, *ids: str, body: Body, params: Params | None = ..., notify: bool = ...
    ) -> T: ...
    @overload
    async def update(
        self, *ids: str, body: Body, model: type[M], params: Params | None = ..., notify: bool = ...
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
        updated entity or object."""
        op = _first_op(self, UpdateOp, WriteOp)
        return await self._run(op, ids, model=model, params=params, body=body, notify=notify)


class UpdateOp(_Update[T]):
    """``update(*ids, entity_id, body=...)``: change attributes of one entity."""

    __slots__ = ()
    _op = ("POST", "update", True)


class WriteOp(_Update[T]):
    """``update(*ids, body=...)``: change the single object at ``path``."""

    __slots__ = ()
    _op = ("POST", "update", False)


class DeleteOp(Endpoint[T]):
    """``delete(*ids, entity_id)``: delete one entity."""

    __slots__ = ()
    _op = ("DELETE", "delete", True)

    async def delete(self, *ids: str, params: Params | None = None) -> None:
        """Delete the entity; the last id is the entity's."""
        await self._run(DeleteOp._op, ids, params=params)


class RemoveOp(Endpoint[T]):
    """``remove(*ids, entity_id)``: take an entity out of the collection (it still
    exists elsewhere)."""

    __slots__ = ()
    _op = ("DELETE", "remove", True)

    async def remove(self, *ids: str, params: Params | None = None) -> None:
        """Remove the entity whose id comes last from the collection."""
        await self._run(RemoveOp._op, ids, params=params)


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
        path = self._target(ids[:-1], False, "add")
        entity = {"id": check_text(self.item or "id", ids[-1])}
        chosen = pick_model(model, self.model)
        return await self._call("POST", path, model=chosen, params=params, json=entity)
