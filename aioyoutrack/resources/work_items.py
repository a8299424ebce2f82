"""Time tracking: ``yt.issues.work_items`` (one issue) and ``yt.work_items`` (all issues).

Durations are a ``timedelta`` of whole minutes, ``int`` minutes or a presentation string
in YouTrack's syntax (``"1h 30m"``, ``"2d"``); dates are ``datetime.date`` values. The
server dates a work item at midnight, in the token user's time zone, of the day its
``date`` instant falls on there (semantics.md, "Dates and times"), so a day is sent as
midday of it in that zone, read once per client from the user's general profile: the
same calendar day in every zone, from UTC-12 to UTC+14 (midday UTC, which date custom
fields use, is the next day from UTC+12 on). Where the profile or the zone cannot be
read (no permission, an old server, a zone this machine does not know), midday UTC is
sent; a server busy or failing when it is read fails the write unsent.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timezone, tzinfo
from typing import TYPE_CHECKING, Any

from typing_extensions import TypeVar

from .. import _dates
from .._constants import DEFAULT_PAGE_SIZE
from .._pagination import Pager
from .._urls import ParamValue
from ..errors import (
    APIStatusError,
    InvalidRequestError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
)
from ..models.users import User
from ..models.work_items import IssueWorkItem, WorkItemType
from ._base import Resource, at, default_model, route
from ._common import check_text
from ._values import calendar_day, duration_json, epoch_ms, iso_day, named_ref, user_ref

if TYPE_CHECKING:
    from .._client import YouTrack

__all__ = ["DurationArg", "IssueWorkItemsResource", "WorkItemsResource"]

#: A work item duration: a ``timedelta`` of whole minutes, ``int`` minutes, or ``"1h 30m"``.
DurationArg = Any
_UNSET: Any = object()
_ITEMS = "issues/{}/timeTracking/workItems"
_ITEM = "issues/{}/timeTracking/workItems/{}"

ItemT = TypeVar("ItemT", default=IssueWorkItem)
TypeT = TypeVar("TypeT", default=WorkItemType)


def _item_body(
    *,
    duration: Any,
    day: date | None,
    text: str | None,
    item_type: str | WorkItemType | None,
    author: str | User | None,
) -> tuple[dict[str, Any], date | None]:
    """The body of a work item write, and its day (sent once the user's zone is known)."""
    body: dict[str, Any] = {}
    if duration is not _UNSET:
        body["duration"] = duration_json(duration, "duration")
    if day is not None:
        day = calendar_day(day, "date")
    if text is not None:
        if not isinstance(text, str):
            raise InvalidRequestError(f"text must be a str, got {type(text).__name__}")
        body["text"] = text
    if item_type is not None:
        body["type"] = named_ref(item_type, "type")
    if author is not None:
        body["author"] = user_ref(author, "author")
    return body, day


#: The token user's general profile (spec: ``GeneralUserProfile.timezone``).
_PROFILE = "api/users/me/profiles/general"


async def _read_user_zone(client: YouTrack) -> tzinfo:
    """The token user's time zone, from their general profile; UTC where it cannot be
    read (no permission, an old server, an answer that is no profile, a zone id this
    machine's tz database lacks). A server that is busy or failing (429, 5xx, after the
    retries) or unreachable raises: the write is not sent, and the zone is read again on
    the next one."""
    try:
        profile = await client.request("GET", _PROFILE, params={"fields": "timezone(id)"})
    except (RateLimitError, ServerError):
        raise
    except (APIStatusError, UnexpectedResponseError):
        return timezone.utc
    zone = profile.get("timezone") if isinstance(profile, dict) else None
    ident = zone.get("id") if isinstance(zone, dict) else None
    if not isinstance(ident, str) or not ident:
        return timezone.utc
    from zoneinfo import ZoneInfo  # here: a dated write is rare, start-up is not

    try:
        return ZoneInfo(ident)
    except (ValueError, KeyError, OSError, UnicodeError):  # unknown, or no tz database
        return timezone.utc


class IssueWorkItemsResource(Resource):
    """Time spent on one issue (``/api/issues/{id}/timeTracking/workItems``)."""

    __slots__ = ("_reading_zone", "_zone")

    def __init__(self, client: YouTrack) -> None:
        super().__init__(client)
        #: The token user's time zone, read on the first dated write (see the module).
        self._zone: tzinfo | None = None
        #: That read while it runs: dated writes starting together share it, and its
        #: failure (a busy server) fails them all at once, the next write reading anew.
        self._reading_zone: asyncio.Future[tzinfo] | None = None

    async def _user_zone(self) -> tzinfo:
        if self._zone is not None:
            return self._zone
        self._yt._ready()  # a client used from another loop is refused, as any call is
        reading = self._reading_zone
        if reading is None:
            reading = self._reading_zone = asyncio.ensure_future(_read_user_zone(self._yt))
            reading.add_done_callback(self._zone_read)
        # Shielded: a writer cancelled while waiting leaves the read to the others.
        return await asyncio.shield(reading)

    def _zone_read(self, reading: asyncio.Future[tzinfo]) -> None:
        self._reading_zone = None
        if not reading.cancelled() and reading.exception() is None:
            self._zone = reading.result()

    async def _dated(
        self, body: dict[str, Any], day: date | None, model: object, notify: object
    ) -> dict[str, Any]:
        """``body`` with ``day`` as midday of it in the token user's zone (see the module),
        looked up once the write's own arguments are checked."""
        if day is not None:
            self._check(model, notify, json=body)
            body["date"] = _dates.midday_ms(day, await self._user_zone())
        return body

    @route("GET", "/issues/{id}/timeTracking/workItems")
    def list(
        self,
        issue_id: str,
        *,
        model: type[ItemT] = default_model(ItemT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[ItemT]:
        """The issue's work items."""
        return self._pager(at(_ITEMS, issue_id=issue_id), model, page_size=page_size, limit=limit)

    @route("GET", "/issues/{id}/timeTracking/workItems/{issueWorkItemId}")
    async def get(
        self, issue_id: str, item_id: str, *, model: type[ItemT] = default_model(ItemT)
    ) -> ItemT:
        """One work item of the issue."""
        return await self._call("GET", at(_ITEM, issue_id=issue_id, item_id=item_id), model=model)

    @route("POST", "/issues/{id}/timeTracking/workItems")
    @route("GET", "/users/{id}/profiles/general")  # the user's zone, for date=
    async def add(
        self,
        issue_id: str,
        duration: DurationArg,
        *,
        date: date | None = None,
        text: str | None = None,
        type: str | WorkItemType | None = None,
        author: str | User | None = None,
        model: type[ItemT] = default_model(ItemT),
        notify: bool = True,
    ) -> ItemT:
        """Log ``duration`` of work on the issue and return the new work item.

        ``date`` is the day of the work (default: today, by the server); ``type`` a work
        item type by id, name or :class:`WorkItemType`; ``author`` a login, user id or
        :class:`User` (default: the token's user).
        """
        path = at(_ITEMS, issue_id=issue_id)
        body, day = _item_body(
            duration=duration, day=date, text=text, item_type=type, author=author
        )
        body = await self._dated(body, day, model, notify)
        return await self._call("POST", path, json=body, model=model, notify=notify)

    @route("POST", "/issues/{id}/timeTracking/workItems/{issueWorkItemId}")
    @route("GET", "/users/{id}/profiles/general")  # the user's zone, for date=
    async def update(
        self,
        issue_id: str,
        item_id: str,
        *,
        duration: DurationArg = _UNSET,
        date: date | None = None,
        text: str | None = None,
        type: str | WorkItemType | None = None,
        author: str | User | None = None,
        model: type[ItemT] = default_model(ItemT),
        notify: bool = True,
    ) -> ItemT:
        """Change a work item: only the arguments given are sent."""
        path = at(_ITEM, issue_id=issue_id, item_id=item_id)
        body, day = _item_body(
            duration=duration, day=date, text=text, item_type=type, author=author
        )
        if not body and day is None:
            raise InvalidRequestError(
                "nothing to update: pass duration, date, text, type or author"
            )
        body = await self._dated(body, day, model, notify)
        return await self._call("POST", path, json=body, model=model, notify=notify)

    @route("DELETE", "/issues/{id}/timeTracking/workItems/{issueWorkItemId}")
    async def delete(self, issue_id: str, item_id: str) -> None:
        """Delete a work item."""
        await self._call("DELETE", at(_ITEM, issue_id=issue_id, item_id=item_id))


class WorkItemsResource(Resource):
    """Work items across issues (``/api/workItems``) and the work item types."""

    __slots__ = ()

    @route("GET", "/workItems")
    def list(
        self,
        query: str | None = None,
        *,
        author: str | None = None,
        creator: str | None = None,
        start: date | None = None,
        end: date | None = None,
        created_start: datetime | None = None,
        created_end: datetime | None = None,
        updated_start: datetime | None = None,
        updated_end: datetime | None = None,
        model: type[ItemT] = default_model(ItemT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[ItemT]:
        """Work items of the issues matching ``query`` (every issue when None).

        ``author``/``creator``: a login, user id or ``"me"``. ``start``/``end``: the
        first and last day of the work (``date``, inclusive; sent as ``YYYY-MM-DD``).
        ``created_*``/``updated_*``: aware datetimes bounding when items were recorded.
        """
        params: dict[str, ParamValue] = {}
        if query is not None:
            params["query"] = check_text("query", query, allow_empty=True)
        if author is not None:
            params["author"] = check_text("author", author)
        if creator is not None:
            params["creator"] = check_text("creator", creator)
        if start is not None:
            params["startDate"] = iso_day(start, "start")
        if end is not None:
            params["endDate"] = iso_day(end, "end")
        bounds = (
            ("createdStart", "created_start", created_start),
            ("createdEnd", "created_end", created_end),
            ("updatedStart", "updated_start", updated_start),
            ("updatedEnd", "updated_end", updated_end),
        )
        for key, name, value in bounds:
            if value is not None:
                params[key] = epoch_ms(value, name)
        return self._pager(at("workItems"), model, params=params, page_size=page_size, limit=limit)

    @route("GET", "/workItems/{id}")
    async def get(self, item_id: str, *, model: type[ItemT] = default_model(ItemT)) -> ItemT:
        """One work item by id, whatever its issue."""
        return await self._call("GET", at("workItems/{}", item_id=item_id), model=model)

    @route("GET", "/admin/timeTrackingSettings/workItemTypes")
    def types(
        self,
        *,
        model: type[TypeT] = default_model(TypeT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[TypeT]:
        """Every work item type of the installation (create and edit them through
        ``yt.admin.time_tracking.work_item_types``)."""
        path = at("admin/timeTrackingSettings/workItemTypes")
        return self._pager(path, model, page_size=page_size, limit=limit)

    @route("GET", "/admin/projects/{id}/timeTrackingSettings/workItemTypes")
    def project_types(
        self,
        project: str,
        *,
        model: type[TypeT] = default_model(TypeT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[TypeT]:
        """The work item types a project uses (``project``: id or short name)."""
        path = at("admin/projects/{}/timeTrackingSettings/workItemTypes", project=project)
        return self._pager(path, model, page_size=page_size, limit=limit)
