"""How a resource is declared: the client handle, paths, the route table.

Every public resource method is a plain method with named, typed path arguments,
decorated with :func:`route` (the HTTP method and the spec path it calls), whose body
builds the path with :func:`at` and sends it with :meth:`Resource._call` (or lists it
with :meth:`Resource._pager`)::

    CommentT = TypeVar("CommentT", default=IssueComment)

    class IssueCommentsResource(Resource):
        @route("GET", "/issues/{id}/comments/{issueCommentId}")
        async def get(
            self, issue_id: str, comment_id: str, *, model: type[CommentT] = default_model(CommentT)
        ) -> CommentT:
            \"\"\"One comment of an issue.\"\"\"
            path = at("issues/{}/comments/{}", issue_id=issue_id, comment_id=comment_id)
            return await self._call("GET", path, model=model)

``model=`` is typed with a PEP 696 type variable whose default is the library's model,
so ``get(...)`` is an ``IssueComment`` and ``get(..., model=Mine)`` a ``Mine`` without
``@overload`` stubs; :func:`default_model` reads that default, so the class is named once.
:func:`route` records the pair in :data:`ROUTES` and returns the function unchanged (no
cost per call); a test compares :data:`ROUTES` with the spec and checks that exactly the
methods calling one of :data:`MUTABLE_ROUTES` take ``notify=``.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, overload

from .._constants import DEFAULT_PAGE_SIZE
from .._pagination import Pager, Total
from .._urls import ParamValue
from ..errors import NotFoundError
from ._common import api_path, check_model, check_text, list_pager, notify_params
from ._names import forget

if TYPE_CHECKING:
    from .._client import YouTrack

__all__ = [
    "MUTABLE_ROUTES",
    "ROUTES",
    "Name",
    "NamedPath",
    "Params",
    "Resource",
    "Route",
    "api_path",
    "at",
    "default_model",
    "route",
]

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

#: Query parameters beyond ``fields`` (``None`` values are left out).
Params = Mapping[str, ParamValue]

#: ``resolve(client, value, fresh=False)``: the entity id of what ``value`` names.
Resolver = Callable[..., Awaitable[str]]


class Route(NamedTuple):
    """One (HTTP method, spec path) pair that a public resource method calls."""

    method: str
    path: str
    #: ``"ClassName.method_name"`` of the resource method.
    qualname: str


#: Every route a typed resource method reaches, in declaration order.
ROUTES: list[Route] = []


#: The writes whose spec operation takes ``muteUpdateNotifications`` (openapi.json,
#: YouTrack 2025.3): exactly the methods calling them take ``notify=False``.
MUTABLE_ROUTES: frozenset[tuple[str, str]] = frozenset(
    ("POST", path)
    for path in (
        "/admin/projects/{id}/issues",
        "/admin/projects/{id}/issues/{issueId}",
        "/agiles/{id}/sprints",
        "/articles",
        "/articles/{id}",
        "/articles/{id}/attachments",
        "/articles/{id}/childArticles",
        "/articles/{id}/childArticles/{articleId}",
        "/articles/{id}/comments",
        "/articles/{id}/comments/{articleCommentId}",
        "/commands",
        "/issues",
        "/issues/{id}",
        "/issues/{id}/attachments",
        "/issues/{id}/comments",
        "/issues/{id}/comments/{issueCommentId}",
        "/issues/{id}/customFields/{issueCustomFieldId}",
        "/issues/{id}/links/{issueLinkId}/issues",
        "/issues/{id}/project",
        "/issues/{id}/timeTracking/workItems",
        "/issues/{id}/timeTracking/workItems/{issueWorkItemId}",
        "/issues/{id}/vcsChanges",
        "/issues/{id}/vcsChanges/{vcsChangeId}",
    )
)


def route(method: str, path: str) -> Callable[[F], F]:
    """Record that the decorated resource method calls ``method path`` of the spec.

    ``path`` is the spec's path template relative to ``/api``, e.g.
    ``"/issues/{id}/comments"``. A method that calls several endpoints carries one
    decorator per endpoint.
    """
    method = method.upper()

    def decorate(func: F) -> F:
        ROUTES.append(Route(method, path, func.__qualname__))
        return func

    return decorate


def default_model(var: Any) -> Any:
    """The default of the PEP 696 type variable ``var``: written as the default of a
    method's ``model=`` (``model: type[T] = default_model(T)``) so that the library's
    model is named once, in the type variable, for both mypy and the call."""
    return var.__default__


class Name:
    """A path value that may be a name (a board's, a saved query's, a group's): turned
    into the entity id by ``resolve`` when the request is sent (see :mod:`._names`)."""

    __slots__ = ("resolve", "value")

    def __init__(self, resolve: Resolver, value: object) -> None:
        self.resolve, self.value = resolve, value


class NamedPath(NamedTuple):
    """A path with at least one :class:`Name` still to look up."""

    template: str
    values: tuple[object, ...]

    async def resolved(self, client: YouTrack, *, fresh: bool = False) -> str:
        """The path with every name turned into its id (``fresh``: looked up again)."""
        ids = [
            await v.resolve(client, v.value, fresh=fresh) if isinstance(v, Name) else str(v)
            for v in self.values
        ]
        return api_path(self.template, *ids)


_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def at(template: str, **ids: object) -> str | NamedPath:
    """The path of ``template`` (``"issues/{}/comments/{}"``, or the spec's own
    ``"/issues/{id}/comments/{issueCommentId}"``) with the ids in order, each checked
    to be a non-blank str (named by its argument in the error) and encoded as one
    segment. A :class:`Name` among them makes a :class:`NamedPath`, resolved when sent.
    """
    slots = _PLACEHOLDER.sub("{}", template.lstrip("/"))
    values = tuple(
        value if isinstance(value, Name) else check_text(name, value) for name, value in ids.items()
    )
    if any(isinstance(v, Name) for v in values):
        return NamedPath(slots, values)
    return api_path(slots, *values)  # type: ignore[arg-type]  # all str: checked above


class Resource:
    """Base of every resource: holds the client whose ``request`` it calls."""

    __slots__ = ("_yt",)

    def __init__(self, client: YouTrack) -> None:
        self._yt = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    @overload
    async def _call(
        self,
        method: str,
        path: str | NamedPath,
        *,
        model: type[T],
        json: Any = None,
        params: Params | None = None,
        notify: bool = True,
        forgets: str | None = None,
    ) -> T: ...
    @overload
    async def _call(
        self,
        method: str,
        path: str | NamedPath,
        *,
        model: None = None,
        json: Any = None,
        params: Params | None = None,
        notify: bool = True,
        forgets: str | None = None,
    ) -> Any: ...

    async def _call(
        self,
        method: str,
        path: str | NamedPath,
        *,
        model: type[Any] | None = None,
        json: Any = None,
        params: Params | None = None,
        notify: bool = True,
        forgets: str | None = None,
    ) -> Any:
        """Send ``method path``: the result structured into ``model`` (None: the JSON,
        for a write whose answer is not read). ``notify=False`` adds
        ``muteUpdateNotifications``. A read by a name remembered earlier that meets 404
        looks the name up again once (the entity may have been renamed or replaced); a
        write looks names up afresh. ``forgets`` names the kind of name (``"agile"``)
        the write may have changed: remembered names of it are dropped afterwards."""
        if model is not None:
            check_model(model)
        quiet = notify_params(notify)
        if quiet:
            params = {**(params or {}), **quiet}
        request = self._yt.request
        try:
            if not isinstance(path, NamedPath):
                return await request(method, path, params=params, json=json, model=model)
            write = method != "GET"
            try:
                resolved = await path.resolved(self._yt, fresh=write)
                return await request(method, resolved, params=params, json=json, model=model)
            except NotFoundError:
                if write:
                    raise
                resolved = await path.resolved(self._yt, fresh=True)
                return await request(method, resolved, params=params, json=json, model=model)
        finally:
            if forgets is not None or (isinstance(path, NamedPath) and method != "GET"):
                forget(self._yt, forgets)

    def _pager(
        self,
        path: str | NamedPath,
        model: type[T],
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
        params: Params | None = None,
        prefetch: int | None = None,
        total: Total | None = None,
    ) -> Pager[T]:
        """A :class:`~aioyoutrack.Pager` over ``GET path`` structured into ``model``; a
        path with names is resolved when the first page is fetched."""
        if isinstance(path, NamedPath):
            named = path

            async def resolved() -> str:
                return await named.resolved(self._yt)

            return list_pager(
                self._yt,
                resolved,
                model,
                params=params,
                page_size=page_size,
                limit=limit,
                prefetch=prefetch,
                total=total,
            )
        return list_pager(
            self._yt,
            path,
            model,
            params=params,
            page_size=page_size,
            limit=limit,
            prefetch=prefetch,
            total=total,
        )
