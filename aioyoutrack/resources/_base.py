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

__all__ = ["MUTABLE_ROUTES", "ROUTES", "Resource", "Route", "api_path", "route"]

F = TypeVar("F", bound=Callable[..., Any])


class Route(NamedTuple):
    """One (HTTP method, spec path) pair that a public resource method calls."""

    method: str
    path: str
    #: ``"ClassName.method_name"`` of the resource method.
    qualname: str


#: Every route a typed resource method reaches, in declaration order.
ROUTES: list[Route] = []


#: The writes whose spec operation takes ``muteUpdateNotifications`` (openapi.json,
#: YouTrack 2025.3): the methods calling them take ``notify=False``.
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
