"""What every resource shares: the client handle, path building and the route table.

Each public resource method that calls YouTrack is declared with :func:`route`, naming
the HTTP method and the spec path it calls (as written in ``openapi.json``, relative to
``/api``). The decorator only records the pair in :data:`ROUTES`; it does not wrap the
function, so it costs nothing per call. A test compares :data:`ROUTES` with the spec.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from .._transport import quote_segment

if TYPE_CHECKING:
    from .._client import YouTrack

__all__ = ["ROUTES", "Resource", "Route", "api_path", "route"]

F = TypeVar("F", bound=Callable[..., Any])


class Route(NamedTuple):
    """One (HTTP method, spec path) pair that a public resource method calls."""

    method: str
    path: str
    #: ``"ClassName.method_name"`` of the resource method.
    qualname: str


#: Every route a typed resource method reaches, in declaration order.
ROUTES: list[Route] = []


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


def api_path(template: str, *ids: str) -> str:
    """Build ``api/...`` from a template with ``{}`` slots, percent-encoding each id.

    ``api_path("issues/{}/comments/{}", "SP-8", "4-17")`` gives
    ``"api/issues/SP-8/comments/4-17"``. Ids are encoded as whole path segments, so an
    id such as ``"../admin"`` or ``"a b/c"`` can never change the path.
    """
    if len(ids) == 1:
        # The common case (one id per call, thousands of calls in a get_many): no
        # generator, no argument tuple.
        (only,) = ids
        return "api/" + template.format(quote_segment(only if only.__class__ is str else str(only)))
    return "api/" + template.format(*[quote_segment(str(i)) for i in ids])


class Resource:
    """Base of every resource: holds the client whose ``request`` it calls."""

    __slots__ = ("_yt",)

    def __init__(self, client: YouTrack) -> None:
        self._yt = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"
