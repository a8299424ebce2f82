"""``yt.issues.links`` (links between issues) and ``yt.link_types`` (the kinds of link).

YouTrack groups an issue's links in slots, one per link type and direction; a slot's
id is the type's id plus ``s`` (outward: the type's ``sourceToTarget`` phrase, which a
real server's Depend spells "is required for") or ``t`` (inward: ``targetToSource``,
"depends on"), or the bare type id for an undirected type such as "relates to" (as
recorded from a live server in moneymeets/youtrack-sdk's issue_link_types.json and
issue_links.json). :meth:`IssueLinksResource.add` and ``remove`` compute that slot from
a link type given by id, name or either of its phrases, so callers write::

    await yt.issues.links.add("SP-1", "depends on", "SP-2")        # SP-1 depends on SP-2
    await yt.issues.links.add("SP-1", "is required for", "SP-3")   # SP-1 is required for SP-3
    await yt.issues.links.add("SP-1", "Relates", "SP-4")
"""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING, Any, Literal, overload

from .._constants import DEFAULT_PAGE_SIZE
from .._pagination import Pager
from ..errors import InvalidRequestError
from ..models.issues import Issue
from ..models.links import IssueLink, IssueLinkType
from ._base import Resource, api_path, route
from ._common import M, check_flag, check_model, check_text, list_pager, notify_params
from ._generic import DeleteOp, GetOp, ListOp, UpdateOp
from ._values import issue_ref

if TYPE_CHECKING:
    from .._client import YouTrack

__all__ = ["Direction", "IssueLinksResource", "LinkTypesResource"]

#: Which side of a directed link the issue is on: ``"outward"`` (the type's
#: ``sourceToTarget`` phrase; Depend's "is required for" on a real server),
#: ``"inward"`` (``targetToSource``: "depends on"); ``"both"`` is the only side of an
#: undirected type.
Direction = Literal["outward", "inward", "both"]
_DIRECTIONS = ("outward", "inward", "both")
#: What a link type's lookup needs: the phrases and whether it is directed.
_TYPE_FIELDS = "id,name,sourceToTarget,targetToSource,directed"


class LinkTypesResource(
    ListOp[IssueLinkType], GetOp[IssueLinkType], UpdateOp[IssueLinkType], DeleteOp[IssueLinkType]
):
    """Kinds of issue link (``/api/issueLinkTypes``): Relates, Depend, Duplicate, Subtask...

    ``list()``, ``get(id)``, ``update(id, body=...)``, ``delete(id)`` and :meth:`create`.
    """

    __slots__ = ()
    path = "/issueLinkTypes"
    item = "id"
    model = IssueLinkType

    @overload
    async def create(
        self,
        name: str,
        *,
        outward: str,
        inward: str | None = None,
        aggregation: bool = False,
    ) -> IssueLinkType: ...
    @overload
    async def create(
        self,
        name: str,
        *,
        outward: str,
        inward: str | None = None,
        aggregation: bool = False,
        model: type[M],
    ) -> M: ...

    @route("POST", "/issueLinkTypes")
    async def create(
        self,
        name: str,
        *,
        outward: str,
        inward: str | None = None,
        aggregation: bool = False,
        model: Any = IssueLinkType,
    ) -> Any:
        """Create a link type named ``name`` whose source-to-target phrase is ``outward``
        ("blocks"). With ``inward`` ("is blocked by") the type is directed; without, it
        is undirected (both ends read ``outward``). ``aggregation`` makes it a
        parent/child kind of link."""
        check_model(model)
        check_flag("aggregation", aggregation)
        body: dict[str, Any] = {
            "name": check_text("name", name),
            "sourceToTarget": check_text("outward", outward),
            "directed": inward is not None,
            "aggregation": aggregation,
        }
        if inward is not None:
            body["targetToSource"] = check_text("inward", inward)
        return await self._yt.request("POST", "api/issueLinkTypes", json=body, model=model)


class _Slot:
    """A resolved link slot: the issueLinkId of one link type and direction."""

    __slots__ = ("direction", "link_id")

    def __init__(self, link_type: IssueLinkType, direction: str) -> None:
        ident = link_type.id or ""
        self.direction = direction
        self.link_id = {"outward": f"{ident}s", "inward": f"{ident}t"}.get(direction, ident)


def _matches(text: str | None, wanted: str) -> bool:
    return bool(text) and text.casefold() == wanted  # type: ignore[union-attr]


class IssueLinksResource(Resource):
    """Links of one issue to others (``/api/issues/{id}/links``)."""

    __slots__ = ("_types",)

    def __init__(self, client: YouTrack) -> None:
        super().__init__(client)
        # Link types change rarely: cached per client, fetched again on a miss.
        self._types: builtins.list[IssueLinkType] | None = None

    @overload
    def list(
        self, issue_id: str, *, page_size: int = DEFAULT_PAGE_SIZE, limit: int | None = None
    ) -> Pager[IssueLink]: ...
    @overload
    def list(
        self,
        issue_id: str,
        *,
        model: type[M],
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[M]: ...

    @route("GET", "/issues/{id}/links")
    def list(
        self,
        issue_id: str,
        *,
        model: Any = IssueLink,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[Any]:
        """The issue's links as the server groups them: one :class:`IssueLink` per link
        type and direction (``link.direction`` is ``OUTWARD``, ``INWARD`` or ``BOTH``),
        each with its ``issues``; slots without issues are listed too."""
        path = api_path("issues/{}/links", check_text("issue_id", issue_id))
        return list_pager(self._yt, path, model, page_size=page_size, limit=limit)

    @overload
    async def get(self, issue_id: str, link_id: str) -> IssueLink: ...
    @overload
    async def get(self, issue_id: str, link_id: str, *, model: type[M]) -> M: ...

    @route("GET", "/issues/{id}/links/{issueLinkId}")
    async def get(self, issue_id: str, link_id: str, *, model: Any = IssueLink) -> Any:
        """One slot by its id (``"<type id>s"``, ``"<type id>t"`` or ``"<type id>"``)."""
        check_model(model)
        path = api_path(
            "issues/{}/links/{}", check_text("issue_id", issue_id), check_text("link_id", link_id)
        )
        return await self._yt.request("GET", path, model=model)

    @overload
    def issues(
        self,
        issue_id: str,
        link_type: str | IssueLinkType,
        *,
        direction: Direction | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[Issue]: ...
    @overload
    def issues(
        self,
        issue_id: str,
        link_type: str | IssueLinkType,
        *,
        direction: Direction | None = None,
        model: type[M],
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[M]: ...

    @route("GET", "/issues/{id}/links/{issueLinkId}/issues")
    def issues(
        self,
        issue_id: str,
        link_type: str | IssueLinkType,
        *,
        direction: Direction | None = None,
        model: Any = Issue,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[Any]:
        """The issues linked to ``issue_id`` by one link type in one direction (see
        :meth:`add` for how ``link_type`` and ``direction`` are read)."""
        check_text("issue_id", issue_id)
        check_model(model)
        links = self

        async def fetch_page(skip: int, top: int) -> Any:
            slot = await links._slot(link_type, direction)
            path = api_path("issues/{}/links/{}/issues", issue_id, slot.link_id)
            return await links._yt.request(
                "GET", path, params={"$skip": skip, "$top": top}, model=list[model]
            )

        fetch_page.__qualname__ = "GET issues/{id}/links/{issueLinkId}/issues"
        return Pager(fetch_page, page_size=page_size, limit=limit)

    @overload
    async def add(
        self,
        issue_id: str,
        link_type: str | IssueLinkType,
        target: str | Issue,
        *,
        direction: Direction | None = None,
        notify: bool = True,
    ) -> Issue: ...
    @overload
    async def add(
        self,
        issue_id: str,
        link_type: str | IssueLinkType,
        target: str | Issue,
        *,
        direction: Direction | None = None,
        model: type[M],
        notify: bool = True,
    ) -> M: ...

    @route("POST", "/issues/{id}/links/{issueLinkId}/issues")
    async def add(
        self,
        issue_id: str,
        link_type: str | IssueLinkType,
        target: str | Issue,
        *,
        direction: Direction | None = None,
        model: Any = Issue,
        notify: bool = True,
    ) -> Any:
        """Link ``issue_id`` to ``target`` and return the target issue.

        ``link_type`` is a link type (or its id), its name (``"Depend"``), or one of its
        phrases: the outward one (``sourceToTarget``; a real server's Depend has "is
        required for": ``issue_id`` is required for ``target``) or the inward one
        (``targetToSource``: "depends on"), case-insensitively. ``direction``
        (``"outward"``/``"inward"``) picks the side when a name is given (default
        ``"outward"``); it must agree with a phrase. Undirected types (``"relates
        to"``) have one side. ``target`` is a readable id (``"SP-2"``), an entity id or
        an :class:`Issue`. An unknown link type raises ``InvalidRequestError`` before
        anything is written.
        """
        quiet = notify_params(notify)
        check_model(model)
        check_text("issue_id", issue_id)
        body = issue_ref(target, "target")
        slot = await self._slot(link_type, direction)
        path = api_path("issues/{}/links/{}/issues", issue_id, slot.link_id)
        return await self._yt.request("POST", path, params=quiet, json=body, model=model)

    @route("DELETE", "/issues/{id}/links/{issueLinkId}/issues/{issueId}")
    async def remove(
        self,
        issue_id: str,
        link_type: str | IssueLinkType,
        target: str | Issue,
        *,
        direction: Direction | None = None,
    ) -> None:
        """Remove the link from ``issue_id`` to ``target`` of that type and direction
        (read as in :meth:`add`). Raises ``NotFoundError`` when there is no such link."""
        check_text("issue_id", issue_id)
        ref = issue_ref(target, "target")
        other = str(ref.get("idReadable") or ref["id"])
        slot = await self._slot(link_type, direction)
        path = api_path("issues/{}/links/{}/issues/{}", issue_id, slot.link_id, other)
        await self._yt.request("DELETE", path)

    # --- link type lookup -------------------------------------------------------------

    async def _link_types(self, refresh: bool) -> builtins.list[IssueLinkType]:
        if self._types is None or refresh:
            self._types = await list_pager(
                self._yt, "api/issueLinkTypes", IssueLinkType, params={"fields": _TYPE_FIELDS}
            )
        return self._types

    async def _slot(self, link_type: object, direction: object) -> _Slot:
        if direction is not None and direction not in _DIRECTIONS:
            raise InvalidRequestError(
                f"direction must be one of {', '.join(_DIRECTIONS)} or None, got {direction!r}"
            )
        if isinstance(link_type, IssueLinkType) and link_type.id and link_type.directed is not None:
            return self._side(link_type, None, direction)
        if isinstance(link_type, IssueLinkType):
            key = link_type.id or link_type.name
            if not key:
                raise InvalidRequestError("the IssueLinkType has neither id nor name")
        elif isinstance(link_type, str):
            key = check_text("link_type", link_type)
        else:
            raise InvalidRequestError(
                f"link_type must be a name, phrase, id or IssueLinkType, got {link_type!r}"
            )
        for refresh in (False, True):
            for candidate in await self._link_types(refresh):
                implied = self._implied(candidate, key)
                if implied is not None:
                    return self._side(candidate, implied or None, direction)
        raise InvalidRequestError(f"no issue link type has the id, name or phrase {key!r}")

    @staticmethod
    def _implied(candidate: IssueLinkType, key: str) -> str | None:
        """The side a phrase of ``candidate`` implies (``"outward"``/``"inward"``), an
        empty string when ``key`` is its id or name, None when it does not match."""
        if candidate.id == key:
            return ""
        wanted = key.casefold()
        if _matches(candidate.name, wanted):
            return ""
        if _matches(candidate.source_to_target, wanted):
            return "outward"
        if candidate.directed and _matches(candidate.target_to_source, wanted):
            return "inward"
        return None

    @staticmethod
    def _side(link_type: IssueLinkType, implied: str | None, direction: object) -> _Slot:
        if not link_type.directed:
            if direction not in (None, "both"):
                raise InvalidRequestError(
                    f"link type {link_type.name!r} is undirected: leave direction out"
                )
            return _Slot(link_type, "both")
        if direction == "both":
            raise InvalidRequestError(
                f"link type {link_type.name!r} is directed: direction is 'outward' or 'inward'"
            )
        if implied is not None and direction is not None and direction != implied:
            raise InvalidRequestError(
                f"the phrase given for link type {link_type.name!r} is {implied}, "
                f"but direction={direction!r}"
            )
        return _Slot(link_type, str(direction or implied or "outward"))
