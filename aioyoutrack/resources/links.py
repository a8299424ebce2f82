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
from typing import TYPE_CHECKING, Any, Literal, get_args

from typing_extensions import TypeVar

from .._constants import DEFAULT_PAGE_SIZE
from .._pagination import Pager
from .._values import shown
from ..errors import InvalidRequestError
from ..models.issues import Issue
from ..models.links import IssueLink, IssueLinkType
from ._base import Name, Params, Resource, at, default_model, route
from ._common import Body, check_flag, check_text
from ._field_types import dates_step
from ._values import issue_ref

if TYPE_CHECKING:
    from .._client import YouTrack

__all__ = ["IssueLinksResource", "LinkDirection", "LinkTypesResource"]

#: Which side of a directed link the issue is on: ``"outward"`` (the type's
#: ``sourceToTarget`` phrase; Depend's "is required for" on a real server),
#: ``"inward"`` (``targetToSource``: "depends on"); ``"both"`` is the only side of an
#: undirected type.
LinkDirection = Literal["outward", "inward", "both"]
#: The former name of :data:`LinkDirection` (``aioyoutrack.Direction`` warns).
Direction = LinkDirection
_DIRECTIONS: tuple[str, ...] = get_args(LinkDirection)
#: What a link type's lookup needs: the phrases and whether it is directed.
_TYPE_FIELDS = "id,name,sourceToTarget,targetToSource,directed"
_SLOT_ISSUES = "issues/{}/links/{}/issues"

TypeT = TypeVar("TypeT", default=IssueLinkType)
LinkT = TypeVar("LinkT", default=IssueLink)
IssueT = TypeVar("IssueT", default=Issue)


class LinkTypesResource(Resource):
    """Kinds of issue link (``/api/issueLinkTypes``): Relates, Depend, Duplicate, Subtask...

    ``list()``, ``get(type_id)``, :meth:`create`, ``update(type_id, body=...)`` and
    ``delete(type_id)``.
    """

    __slots__ = ()

    @route("GET", "/issueLinkTypes")
    def list(
        self,
        *,
        model: type[TypeT] = default_model(TypeT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
        params: Params | None = None,
    ) -> Pager[TypeT]:
        """Every link type of the installation."""
        path = at("issueLinkTypes")
        return self._pager(path, model, params=params, page_size=page_size, limit=limit)

    @route("GET", "/issueLinkTypes/{id}")
    async def get(
        self,
        type_id: str,
        *,
        model: type[TypeT] = default_model(TypeT),
        params: Params | None = None,
    ) -> TypeT:
        """One link type. Raises ``NotFoundError`` if absent."""
        path = at("issueLinkTypes/{}", type_id=type_id)
        return await self._call("GET", path, params=params, model=model)

    @route("POST", "/issueLinkTypes")
    async def create(
        self,
        name: str,
        *,
        outward: str,
        inward: str | None = None,
        aggregation: bool = False,
        model: type[TypeT] = default_model(TypeT),
    ) -> TypeT:
        """Create a link type named ``name`` whose source-to-target phrase is ``outward``
        ("blocks"). With ``inward`` ("is blocked by") the type is directed; without, it
        is undirected (both ends read ``outward``). ``aggregation`` makes it a
        parent/child kind of link."""
        check_flag("aggregation", aggregation)
        body: dict[str, Any] = {
            "name": check_text("name", name),
            "sourceToTarget": check_text("outward", outward),
            "directed": inward is not None,
            "aggregation": aggregation,
        }
        if inward is not None:
            body["targetToSource"] = check_text("inward", inward)
        return await self._call("POST", at("issueLinkTypes"), json=body, model=model)

    @route("POST", "/issueLinkTypes/{id}")
    async def update(
        self,
        type_id: str,
        *,
        body: Body,
        model: type[TypeT] = default_model(TypeT),
        params: Params | None = None,
        notify: bool = True,
    ) -> TypeT:
        """Send the attributes in ``body`` (an :class:`IssueLinkType` or a JSON mapping;
        others stay as they are) and return the updated type."""
        path = at("issueLinkTypes/{}", type_id=type_id)
        mute = "POST /issueLinkTypes/{id}"
        return await self._call(
            "POST", path, body=body, params=params, model=model, notify=notify, cannot_mute=mute
        )

    @route("DELETE", "/issueLinkTypes/{id}")
    async def delete(self, type_id: str, *, params: Params | None = None) -> None:
        """Delete a link type."""
        await self._call("DELETE", at("issueLinkTypes/{}", type_id=type_id), params=params)


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

    @route("GET", "/issues/{id}/links")
    def list(
        self,
        issue_id: str,
        *,
        model: type[LinkT] = default_model(LinkT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[LinkT]:
        """The issue's links as the server groups them: one :class:`IssueLink` per link
        type and direction (``link.direction`` is ``OUTWARD``, ``INWARD`` or ``BOTH``),
        each with its ``issues``; slots without issues are listed too."""
        path = at("issues/{}/links", issue_id=issue_id)
        return self._pager(path, model, page_size=page_size, limit=limit)

    @route("GET", "/issues/{id}/links/{issueLinkId}")
    async def get(
        self, issue_id: str, link_id: str, *, model: type[LinkT] = default_model(LinkT)
    ) -> LinkT:
        """One slot by its id (``"<type id>s"``, ``"<type id>t"`` or ``"<type id>"``)."""
        path = at("issues/{}/links/{}", issue_id=issue_id, link_id=link_id)
        return await self._call("GET", path, model=model)

    @route("GET", "/issues/{id}/links/{issueLinkId}/issues")
    def issues(
        self,
        issue_id: str,
        link_type: str | IssueLinkType,
        *,
        direction: LinkDirection | None = None,
        model: type[IssueT] = default_model(IssueT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[IssueT]:
        """The issues linked to ``issue_id`` by one link type in one direction (see
        :meth:`add` for how ``link_type`` and ``direction`` are read)."""
        # The slot is looked up when the first page is fetched.
        slot = Name(self._slot_id, (link_type, direction))
        path = at(_SLOT_ISSUES, issue_id=issue_id, link_id=slot)
        dates = dates_step(self._yt, model)
        return self._pager(path, model, page_size=page_size, limit=limit, then=dates)

    @route("POST", "/issues/{id}/links/{issueLinkId}/issues")
    async def add(
        self,
        issue_id: str,
        link_type: str | IssueLinkType,
        target: str | Issue,
        *,
        direction: LinkDirection | None = None,
        model: type[IssueT] = default_model(IssueT),
        notify: bool = True,
    ) -> IssueT:
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
        self._check(model, notify)  # before the link types are read
        check_text("issue_id", issue_id)
        body = issue_ref(target, "target")
        slot = await self._slot(link_type, direction)
        path = at(_SLOT_ISSUES, issue_id=issue_id, link_id=slot.link_id)
        dates = dates_step(self._yt, model)
        return await self._call("POST", path, json=body, model=model, notify=notify, then=dates)

    @route("DELETE", "/issues/{id}/links/{issueLinkId}/issues/{issueId}")
    async def remove(
        self,
        issue_id: str,
        link_type: str | IssueLinkType,
        target: str | Issue,
        *,
        direction: LinkDirection | None = None,
    ) -> None:
        """Remove the link from ``issue_id`` to ``target`` of that type and direction
        (read as in :meth:`add`). Raises ``NotFoundError`` when there is no such link."""
        check_text("issue_id", issue_id)
        ref = issue_ref(target, "target")
        other = str(ref.get("idReadable") or ref["id"])
        slot = await self._slot(link_type, direction)
        path = at(_SLOT_ISSUES + "/{}", issue_id=issue_id, link_id=slot.link_id, target=other)
        await self._call("DELETE", path)

    # --- link type lookup -------------------------------------------------------------

    async def _link_types(self, refresh: bool) -> builtins.list[IssueLinkType]:
        if self._types is None or refresh:
            self._types = await self._pager(
                "api/issueLinkTypes", IssueLinkType, params={"fields": _TYPE_FIELDS}
            )
        return self._types

    async def _slot_id(
        self, client: YouTrack, value: tuple[object, object], *, fresh: bool = False
    ) -> str:
        """The slot id of ``(link_type, direction)``, as a :class:`Name` resolver."""
        # ``fresh`` is moot: the link types are fetched again on a miss anyway.
        return (await self._slot(*value)).link_id

    async def _slot(self, link_type: object, direction: object) -> _Slot:
        with self._yt._masking():  # the link types' names and phrases are the server's
            return await self._find_slot(link_type, direction)

    async def _find_slot(self, link_type: object, direction: object) -> _Slot:
        if direction is not None and direction not in _DIRECTIONS:
            raise InvalidRequestError(
                f"direction must be one of {', '.join(_DIRECTIONS)} or None, got {shown(direction)}"
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
                f"link_type must be a name, phrase, id or IssueLinkType, got {shown(link_type)}"
            )
        for refresh in (False, True):
            for candidate in await self._link_types(refresh):
                implied = self._implied(candidate, key)
                if implied is not None:
                    return self._side(candidate, implied or None, direction)
        raise InvalidRequestError(f"no issue link type has the id, name or phrase {shown(key)}")

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
                    f"link type {shown(link_type.name)} is undirected: leave direction out"
                )
            return _Slot(link_type, "both")
        if direction == "both":
            raise InvalidRequestError(
                f"link type {shown(link_type.name)} is directed: direction is 'outward' or 'inward'"
            )
        if implied is not None and direction is not None and direction != implied:
            raise InvalidRequestError(
                f"the phrase given for link type {shown(link_type.name)} is {implied}, "
                f"but direction={shown(direction)}"
            )
        return _Slot(link_type, str(direction or implied or "outward"))
