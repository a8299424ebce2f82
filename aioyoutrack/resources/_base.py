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
cost per call); a test compares :data:`ROUTES` with the spec and checks that the methods
calling one of :data:`MUTABLE_ROUTES` take ``notify=``, and that any other method taking
it refuses ``notify=False`` (``cannot_mute``).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    NamedTuple,
    TypedDict,
    TypeVar,
    cast,
    get_args,
    get_origin,
    overload,
)

from typing_extensions import Unpack

from .._constants import DEFAULT_PAGE_SIZE
from .._pagination import Pager, Total, list_pager
from .._urls import ParamValue
from ..errors import InvalidRequestError, NotFoundError
from ._common import (
    api_path,
    check_flag,
    check_model,
    check_sendable,
    check_text,
    json_body,
    notify_params,
)
from ._names import Name, Resolver, forget

if TYPE_CHECKING:
    import aiohttp

    from .._client import YouTrack

    #: A request's own timeout: seconds or a ``ClientTimeout`` (None: the client's).
    Timeout = float | aiohttp.ClientTimeout | None

__all__ = [
    "MUTABLE_ROUTES",
    "ROUTES",
    "Name",
    "NamedPath",
    "Params",
    "Resolver",
    "Resource",
    "Route",
    "Step",
    "api_path",
    "at",
    "default_model",
    "loud_only",
    "route",
]

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

#: Query parameters beyond ``fields`` (``None`` values are left out).
Params = Mapping[str, ParamValue]

#: A step of the resource's own on a result once built (a page's items, or one object):
#: the issues' date typing (``_field_types.dates_step``).
Step = Callable[[Any], Awaitable[None]]


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


def loud_only(notify: object, route: str) -> None:
    """Refuse ``notify=False`` on a write whose spec operation (``route``) cannot mute
    notifications: such methods keep ``notify=`` for calls written when they had it."""
    if not check_flag("notify", notify):
        raise InvalidRequestError(
            f"{route} cannot mute notifications (YouTrack offers "
            "muteUpdateNotifications on other writes only): leave notify=True"
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


#: ``body=`` not given (None is a body, refused by :func:`json_body`).
_ABSENT: Any = object()


class _Options(TypedDict, total=False):
    """What :meth:`Resource._call` takes besides the model (see there)."""

    json: Any
    body: Any
    data: Any
    params: Params | None
    notify: bool
    cannot_mute: str | None
    idempotent: bool | None
    timeout: Timeout
    forgets: str | None
    then: Step | None


class Resource:
    """Base of every resource: holds the client whose ``request`` it calls."""

    __slots__ = ("_yt",)

    def __init__(self, client: YouTrack) -> None:
        self._yt = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    @staticmethod
    def _check(
        model: object = None,
        notify: object = True,
        *,
        cannot_mute: str | None = None,
        params: object = None,
        json: object = None,
    ) -> dict[str, ParamValue]:
        """The early check step of every call: ``model=`` (an attrs class, unless None)
        and ``notify=`` (a bool; False refused where ``cannot_mute``, the spec route of
        a write that cannot mute, is given). Returns the query parameters ``notify``
        adds. :meth:`_call` runs it first; a method that looks anything up before
        calling :meth:`_call` runs it itself, so a bad argument sends nothing at all;
        it passes ``params`` and the ``json`` body it will send, checked too."""
        if params is not None or json is not None:
            check_sendable(params, json)
        if model is not None:
            # A list answer (list[M]) is checked by its item class.
            check_model(get_args(model)[0] if get_origin(model) is list else model)
        if cannot_mute is not None:
            loud_only(notify, cannot_mute)
        return notify_params(notify)

    @overload
    async def _call(
        self, method: str, path: str | NamedPath, *, model: type[T], **options: Unpack[_Options]
    ) -> T: ...
    @overload
    async def _call(
        self, method: str, path: str | NamedPath, *, model: None = None, **options: Unpack[_Options]
    ) -> Any: ...

    async def _call(
        self,
        method: str,
        path: str | NamedPath,
        *,
        model: type[Any] | None = None,
        json: Any = None,
        body: Any = _ABSENT,
        data: Any = None,
        params: Params | None = None,
        notify: bool = True,
        cannot_mute: str | None = None,
        idempotent: bool | None = None,
        timeout: Timeout = None,
        forgets: str | None = None,
        then: Step | None = None,
    ) -> Any:
        """Send ``method path``: the result structured into ``model`` (``list[M]`` for
        an answer that is a list; None: the JSON, for a write whose answer is not read).
        The body is ``json`` (sent as is), ``body`` (a model instance or a JSON mapping,
        see :func:`json_body`) or ``data`` (a multipart body). ``notify=False`` adds
        ``muteUpdateNotifications`` (see :meth:`_check`). ``idempotent=True`` lets a
        POST that only reads (a completion) be retried; ``timeout`` overrides the
        client's. A read by a name remembered earlier that meets 404 looks the name up
        again once (the entity may have been renamed or replaced); a write looks names
        up afresh. ``forgets`` names the kind of name (``"agile"``) the write may have
        changed: remembered names of it are dropped afterwards. ``then`` runs on the
        structured result before it is returned."""
        quiet = self._check(model, notify, cannot_mute=cannot_mute)
        if body is not _ABSENT:
            json = json_body(body)
        if quiet:
            params = {**(params or {}), **quiet}
        if isinstance(path, NamedPath):
            # The names are looked up before the request is built: a query or a body
            # that cannot be sent must be refused before those lookups go out.
            check_sendable(params, json)

        async def send(to: str) -> Any:
            return await self._yt.request(
                method,
                to,
                params=params,
                json=json,
                data=data,
                model=model,
                idempotent=idempotent,
                timeout=timeout,
            )

        try:
            if not isinstance(path, NamedPath):
                result = await send(path)
            else:
                write = method != "GET"
                try:
                    result = await send(await path.resolved(self._yt, fresh=write))
                except NotFoundError:
                    if write:
                        raise
                    result = await send(await path.resolved(self._yt, fresh=True))
        finally:
            if forgets is not None or (isinstance(path, NamedPath) and method != "GET"):
                forget(self._yt, forgets)
        if then is not None:
            await then(result)
        return result

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
        then: Callable[[list[T]], Awaitable[None]] | None = None,
        late_params: Callable[[], Awaitable[Params]] | None = None,
    ) -> Pager[T]:
        """A :class:`~aioyoutrack.Pager` over ``GET path`` structured into ``model``; a
        path with names is resolved when the first page is fetched. ``then`` runs on
        each page's items once built; ``late_params`` adds parameters known only after
        a lookup (see :func:`~aioyoutrack._pagination.list_pager`)."""

        if not isinstance(path, str):
            check_sendable(params)  # before the first page looks the names up

        async def resolved() -> str:
            return await cast(NamedPath, path).resolved(self._yt)

        return list_pager(
            self._yt._exchange,
            path if isinstance(path, str) else resolved,
            model,
            params=params,
            page_size=page_size,
            limit=limit,
            prefetch=prefetch,
            total=total,
            then=then,
            late_params=late_params,
        )
