"""Route registry and the per-request context handlers work with.

An area module (``_routes/<area>.py``) declares its handlers with
:func:`route`; the server discovers every such module, so adding an area means adding
a file, nothing else::

    @route("GET", "issues/{id}/sprints")
    async def issue_sprints(ctx: Ctx) -> Any:
        issue = ctx.store.find_issue(ctx.arg("id"), ctx.user)
        return ctx.render_page([s for s in ctx.store.sprints.values() if issue in s.issues])

A read that only answers the entity (or list) its path names is one line:
``serve_one("agiles/{id}", _agile)``, and ``serve_list(...)`` for a list.

A handler returns JSON-able data (usually from :meth:`Ctx.render`), :data:`EMPTY`
for a 200 with an empty body, or an aiohttp response; it raises
:class:`~._errors.ApiError` for YouTrack-style errors.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import zlib
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Protocol, TypeVar

import aiohttp
from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.web_protocol import RequestPayloadError

from .._wire.projection import Entity, FieldsError, FieldsTree, View, parse_fields, render
from .._wire.refs import Reader, take
from .errors import bad_request, forbidden, found, not_found

if TYPE_CHECKING:
    from .._fake import FakeYouTrack
    from .._state.issues import Issue
    from .._state.store import Store
    from .._state.users import User

__all__ = [
    "EMPTY",
    "ROUTES",
    "Ctx",
    "RouteSpec",
    "load_routes",
    "route",
    "serve_list",
    "serve_one",
]

#: ``$top`` when the request has none (YouTrack's default page size).
DEFAULT_TOP: Final = 42
#: Deepest JSON body a handler sees; deeper ones are a 400, never a RecursionError
#: in a handler. No YouTrack entity nests anywhere near this deep.
MAX_BODY_DEPTH: Final = 100


#: The range of a Long, YouTrack's integers (JSON may hold any integer).
_LONG_MIN, _LONG_MAX = -(2**63), 2**63 - 1


def _body_problem(data: Any) -> str | None:
    """What the server refuses in a parsed body (iteratively), or None: nesting deeper
    than MAX_BODY_DEPTH, an integer no Long holds, a string that is not Unicode text (a
    lone surrogate, which ``\\ud800`` escapes give). Kept, either would make every later
    answer holding it fail (JSON output is UTF-8; a Long has 64 bits)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children: Iterable[Any] = [*value.keys(), *value.values()]
        elif isinstance(value, list):
            children = value
        elif isinstance(value, str):
            if not value.isascii() and not text_like(value):
                return "Request body holds a string that is not valid Unicode text"
            continue
        elif isinstance(value, int) and not isinstance(value, bool):
            if not _LONG_MIN <= value <= _LONG_MAX:
                return f"Request body holds a number out of range: {value}"
            continue
        else:
            continue
        if depth > MAX_BODY_DEPTH:
            return f"Request body nests deeper than {MAX_BODY_DEPTH} levels"
        stack.extend((child, depth + 1) for child in children)
    return None


def text_like(value: str) -> bool:
    """Whether ``value`` is Unicode text an answer can carry (no lone surrogate)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


#: What reading a request body raises when its Content-Encoding does not decode it.
BODY_ERRORS: Final = (
    zlib.error,
    ValueError,
    HttpProcessingError,
    RequestPayloadError,
    aiohttp.ClientPayloadError,
)


async def read_body(request: web.Request) -> bytes:
    """The request's body as sent (read once, then kept by aiohttp); 400 when its
    ``Content-Encoding`` does not decode it."""
    try:
        return await request.read()
    except ConnectionResetError:
        raise
    except BODY_ERRORS as exc:
        raise bad_request(f"Request body could not be decoded: {exc}") from None


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


_ItemT = TypeVar("_ItemT", bound=_Identified)
_T = TypeVar("_T")


def _anyone_sees(item: object) -> bool:
    return True


class _Empty:
    __slots__ = ()


#: Return value of a handler that answers 200 with an empty body.
EMPTY: Final = _Empty()

Handler = Callable[["Ctx"], Awaitable[Any]]


@dataclass(frozen=True)
class RouteSpec:
    """One route: method, path below ``<service root>api/``, handler, whether a token
    is needed (the signed file download needs none) and whether the route reads the
    ``customFields=`` parameter."""

    method: str
    path: str
    handler: Handler
    auth: bool = True
    custom_fields: bool = False


ROUTES: list[RouteSpec] = []


def route(
    method: str, path: str, *, auth: bool = True, custom_fields: bool = False
) -> Callable[[Handler], Handler]:
    """Register ``handler`` for ``method`` and ``path`` (relative to ``api/``).

    ``custom_fields=True`` on the routes whose ``customFields=`` parameter limits the
    custom fields of the issues returned; the spec has it only on ``GET /issues``,
    ``GET /admin/projects/{id}/issues`` and ``GET /tags/{id}/issues``, and every other
    route ignores it, as it ignores any parameter it does not know."""

    def register(handler: Handler) -> Handler:
        ROUTES.append(RouteSpec(method.upper(), path.strip("/"), handler, auth, custom_fields))
        return handler

    return register


def serve_one(path: str, find: Callable[[Ctx], Entity]) -> None:
    """Register ``GET path`` answering the entity ``find`` returns through the request's
    ``fields``. Most of YouTrack's reads are this and differ only in how the path's ids
    name the entity, so a read is one line: ``find`` raises the 404 or 403 a real server
    answers, and says in its docstring what it finds."""

    async def get_one(ctx: Ctx) -> Any:
        return ctx.render(find(ctx))

    route("GET", path)(get_one)


def serve_list(
    path: str, items: Callable[[Ctx], Iterable[Entity]], *, custom_fields: bool = False
) -> None:
    """Register ``GET path`` answering the page (``$skip``/``$top``) of the ``items`` the
    path names, each through the request's ``fields``; :func:`serve_one` for lists.
    ``custom_fields`` as for :func:`route`."""

    async def get_list(ctx: Ctx) -> Any:
        return ctx.render_page(items(ctx))

    route("GET", path, custom_fields=custom_fields)(get_list)


def load_routes() -> list[RouteSpec]:
    """Import every module of the ``_routes`` package and return all routes."""
    package = f"{__name__.rsplit('.', 2)[0]}._routes"
    path = importlib.import_module(package).__path__
    for info in pkgutil.iter_modules(path):
        importlib.import_module(f"{package}.{info.name}")
    return list(ROUTES)


class Ctx:
    """One request as a handler sees it: who asks, what, and how to answer."""

    __slots__ = ("_tree", "fake", "request", "store", "user", "view")

    def __init__(
        self, request: web.Request, fake: FakeYouTrack, user: User, custom_fields: bool = False
    ) -> None:
        self.request = request
        self.fake = fake
        self.store: Store = fake.store
        self.user = user
        self._tree: FieldsTree | None = None
        names = None
        if custom_fields and "customFields" in request.query:
            names = frozenset(n.lower() for n in request.query.getall("customFields")) or None
        self.view = View(self.store, user, fake.root_path, names)

    # --- request data -------------------------------------------------------------
    def arg(self, name: str) -> str:
        """A path parameter."""
        return self.request.match_info[name]

    def issue(self, *, to_update: bool = False) -> Issue:
        """The issue of the path parameter ``id`` (id or readable id, such as ``SP-1``);
        a 404 when there is none or the user may not read its project. With
        ``to_update``, also a 403 unless the user may update issues of its project: the
        first step of every write to an issue or to what hangs on it."""
        issue = self.store.find_issue(self.arg("id"), self.user)
        if to_update:
            self.store.require_update(self.user, issue.project)
        return issue

    def member(
        self,
        items: Iterable[_ItemT],
        name: str,
        visible: Callable[[_ItemT], bool] = _anyone_sees,
    ) -> _ItemT:
        """The item of ``items`` whose id is the path parameter ``name`` (one that
        ``visible`` lets the user see); a 404 naming the id otherwise, as YouTrack answers
        an id it does not know or does not show."""
        key = self.arg(name)
        for item in items:
            if item.id == key and visible(item):
                return item
        raise not_found(key)

    def lookup(self, registry: Mapping[str, _T], name: str) -> _T:
        """The entity of ``registry`` (one of the store's dicts) whose id is the path
        parameter ``name``; a 404 naming the id otherwise."""
        return found(registry.get(self.arg(name)), self.arg(name))

    def param(self, name: str, default: str | None = None) -> str | None:
        """A query parameter (first value)."""
        return self.request.query.get(name, default)

    def bool_param(self, name: str, default: bool = False) -> bool:
        """A boolean query parameter (``true``/``false``); 400 if malformed."""
        raw = self.request.query.get(name)
        if raw is None or raw == "":
            return default
        if raw.lower() in ("true", "false"):
            return raw.lower() == "true"
        raise bad_request(f"Invalid value of parameter {name}: {raw}")

    def int_param(self, name: str, default: int | None = None) -> int | None:
        """An integer query parameter; 400 if malformed."""
        raw = self.request.query.get(name)
        if raw is None or raw == "":
            return default
        try:
            return int(raw)
        except ValueError:
            raise bad_request(f"Invalid value of parameter {name}: {raw}") from None

    @property
    def has_fields(self) -> bool:
        """True when the request carries a non-empty ``fields``."""
        return bool(self.request.query.get("fields"))

    @property
    def tree(self) -> FieldsTree:
        """The parsed ``fields`` (``{id}`` when absent)."""
        if self._tree is None:
            try:
                self._tree = parse_fields(self.request.query.get("fields"))
            except FieldsError as error:
                raise bad_request(str(error)) from None
        return self._tree

    async def body(self) -> Any:
        """The JSON body (``{}`` when empty); 400 when it is not JSON, nests deeper than
        :data:`MAX_BODY_DEPTH`, or holds what no answer could show again (an integer
        beyond a Long, a lone surrogate)."""
        raw = await read_body(self.request)
        if not raw.strip():
            return {}
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise bad_request("Request body is not valid JSON") from None
        except RecursionError:
            problem: str | None = f"Request body nests deeper than {MAX_BODY_DEPTH} levels"
        else:
            problem = _body_problem(data)
        if problem is not None:
            raise bad_request(problem)
        return data

    async def body_object(self) -> dict[str, Any]:
        """The JSON body, which must be an object; 400 otherwise."""
        body = await self.body()
        if not isinstance(body, dict):
            raise bad_request("Request body must be a JSON object")
        return body

    async def body_into(self, target: object, **readers: Reader) -> dict[str, Any]:
        """The JSON object body, once each attribute of ``target`` that it gives is set
        through its reader (:func:`~.._wire.refs.take`): the first step of an update,
        which leaves what the body does not name as it was."""
        body = await self.body_object()
        take(body, target, **readers)
        return body

    def require_own(self, *owners: User | None, message: str) -> None:
        """403 with ``message`` unless the caller is an administrator or one of
        ``owners`` (the author of a comment, the owner of a board, ...), as YouTrack
        lets only them change such an entity."""
        if not (self.user.admin or any(owner is self.user for owner in owners)):
            raise forbidden(message)

    # --- answers ------------------------------------------------------------------------
    def changed(self, entity: Entity | None = None) -> Any:
        """Answer a write: mark the store changed (cached search results go stale), then
        answer ``entity`` through the request's ``fields``, or an empty 200 without one
        (a delete)."""
        self.store.touch()
        return EMPTY if entity is None else self.render(entity)

    def render(self, obj: Entity, tree: FieldsTree | None = None) -> dict[str, Any]:
        """One entity through the request's ``fields``."""
        return render(obj, tree or self.tree, self.view)

    def page_bounds(self) -> tuple[int, int | None]:
        """``($skip, $top)``; ``$top`` defaults to 42 and -1 means no limit."""
        skip = self.int_param("$skip", 0) or 0
        top = self.int_param("$top", DEFAULT_TOP)
        if skip < 0:
            raise bad_request("$skip must not be negative")
        if top is not None and top < 0:
            top = None
        return skip, top

    def page(self, items: list[Any]) -> list[Any]:
        """The slice of ``items`` that ``$skip``/``$top`` select."""
        skip, top = self.page_bounds()
        return items[skip:] if top is None else items[skip : skip + top]

    def render_page(self, items: Iterable[Entity]) -> list[dict[str, Any]]:
        """A page of entities, rendered."""
        tree = self.tree
        view = self.view
        selected = self.page(items if isinstance(items, list) else list(items))
        return [render(obj, tree, view) for obj in selected]
