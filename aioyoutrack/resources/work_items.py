"""Time tracking: ``yt.issues.work_items`` (one issue) and ``yt.work_items`` (all issues).

Durations are a ``timedelta`` of whole minutes, ``int`` minutes or a presentation string
in YouTrack's syntax (``"1h 30m"``, ``"2d"``); dates are ``datetime.date`` values, sent
as midday UTC of that day so the day cannot shift in the user's time zone.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, overload

from .._constants import DEFAULT_PAGE_SIZE
from .._pagination import Pager
from .._urls import ParamValue
from ..errors import InvalidRequestError
from ..models.users import User
from ..models.work_items import IssueWorkItem, WorkItemType
from ._base import Resource, api_path, route
from ._common import M, check_model, check_text, list_pager, notify_params
from ._values import day_ms, duration_json, epoch_ms, iso_day, named_ref, user_ref

__all__ = ["DurationArg", "IssueWorkItemsResource", "WorkItemsResource"]

#: A work item duration: a ``timedelta`` of whole minutes, ``int`` minutes, or ``"1h 30m"``.
DurationArg = Any
_UNSET: Any = object()


def _item_body(
    *,
    duration: Any,
    day: date | None,
    text: str | None,
    item_type: str | WorkItemType | None,
    author: str | User | None,
) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if duration is not _UNSET:
        body["duration"] = duration_json(duration, "duration")
    if day is not None:
        body["date"] = day_ms(day, "date")
    if text is not None:
        if not isinstance(text, str):
            raise InvalidRequestError(f"text must be a str, got {type(text).__name__}")
        body["text"] = text
    if item_type is not None:
        body["type"] = named_ref(item_type, "type")
    if author is not None:
        body["author"] = user_ref(author, "author")
    return body


class IssueWorkItemsResource(Resource):
    """Time spent on one issue (``/api/issues/{id}/timeTracking/workItems``)."""

    __slots__ = ()

    @overload
    def list(
        self, issue_id: str, *, page_size: int = DEFAULT_PAGE_SIZE, limit: int | None = None
    ) -> Pager[IssueWorkItem]: ...
    @overload
    def list(
        self,
        issue_id: str,
        *,
        model: type[M],
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[M]: ...

    @route("GET", "/issues/{id}/timeTracking/workItems")
    def list(
        self,
        issue_id: str,
        *,
        model: Any = IssueWorkItem,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[Any]:
        """The issue's work items."""
        path = api_path("issues/{}/timeTracking/workItems", check_text("issue_id", issue_id))
        return list_pager(self._yt, path, model, page_size=page_size, limit=limit)

    @overload
    async def get(self, issue_id: str, item_id: str) -> IssueWorkItem: ...
    @overload
    async def get(self, issue_id: str, item_id: str, *, model: type[M]) -> M: ...

    @route("GET", "/issues/{id}/timeTracking/workItems/{issueWorkItemId}")
    async def get(self, issue_id: str, item_id: str, *, model: Any = IssueWorkItem) -> Any:
        """One work item of the issue."""
        check_model(model)
        return await self._yt.request("GET", self._item(issue_id, item_id), model=model)

    @overload
    async def add(
        self,
        issue_id: str,
        duration: DurationArg,
        *,
        date: date | None = None,
        text: str | None = None,
        type: str | WorkItemType | None = None,
        author: str | User | None = None,
        notify: bool = True,
    ) -> IssueWorkItem: ...
    @overload
    async def add(
        self,
        issue_id: str,
        duration: DurationArg,
        *,
        date: date | None = None,
        text: str | None = None,
        type: str | WorkItemType | None = None,
        author: str | User | None = None,
        model: type[M],
        notify: bool = True,
    ) -> M: ...

    @route("POST", "/issues/{id}/timeTracking/workItems")
    async def add(
        self,
        issue_id: str,
        duration: DurationArg,
        *,
        date: date | None = None,
        text: str | None = None,
        type: str | WorkItemType | None = None,
        author: str | User | None = None,
        model: Any = IssueWorkItem,
        notify: bool = True,
    ) -> Any:
        """Log ``duration`` of work on the issue and return the new work item.

        ``date`` is the day of the work (default: today, by the server); ``type`` a work
        item type by id, name or :class:`WorkItemType`; ``author`` a login, user id or
        :class:`User` (default: the token's user).
        """
        quiet = notify_params(notify)
        check_model(model)
        path = api_path("issues/{}/timeTracking/workItems", check_text("issue_id", issue_id))
        body = _item_body(duration=duration, day=date, text=text, item_type=type, author=author)
        return await self._yt.request("POST", path, params=quiet, json=body, model=model)

    @overload
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
        notify: bool = True,
    ) -> IssueWorkItem: ...
    @overload
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
        model: type[M],
        notify: bool = True,
    ) -> M: ...

    @route("POST", "/issues/{id}/timeTracking/workItems/{issueWorkItemId}")
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
        model: Any = IssueWorkItem,
        notify: bool = True,
    ) -> Any:
        """Change a work item: only the arguments given are sent."""
        quiet = notify_params(notify)
        check_model(model)
        path = self._item(issue_id, item_id)
        body = _item_body(duration=duration, day=date, text=text, item_type=type, author=author)
        if not body:
            raise InvalidRequestError(
                "nothing to update: pass duration, date, text, type or author"
            )
        return await self._yt.request("POST", path, params=quiet, json=body, model=model)

    @route("DELETE", "/issues/{id}/timeTracking/workItems/{issueWorkItemId}")
    async def delete(self, issue_id: str, item_id: str) -> None:
        """Delete a work item."""
        await self._yt.request("DELETE", self._item(issue_id, item_id))

    @staticmethod
    def _item(issue_id: str, item_id: str) -> str:
        return api_path(
            "issues/{}/timeTracking/workItems/{}",
            check_text("issue_id", issue_id),
            check_text("item_id", item_id),
        )


class WorkItemsResource(Resource):
    """Work items across issues (``/api/workItems``) and the work item types."""

    __slots__ = ()

    @overload
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
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[IssueWorkItem]: ...
    @overload
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
        model: type[M],
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[M]: ...

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
        model: Any = IssueWorkItem,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[Any]:
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
        return list_pager(
            self._yt, "api/workItems", model, params=params, page_size=page_size, limit=limit
        )

    @overload
    async def get(self, item_id: str) -> IssueWorkItem: ...
    @overload
    async def get(self, item_id: str, *, model: type[M]) -> M: ...

    @route("GET", "/workItems/{id}")
    async def get(self, item_id: str, *, model: Any = IssueWorkItem) -> Any:
        """One work item by id, whatever its issue."""
        check_model(model)
        path = api_path("workItems/{}", check_text("item_id", item_id))
        return await self._yt.request("GET", path, model=model)

    @overload
    def types(
        self, *, page_size: int = DEFAULT_PAGE_SIZE, limit: int | None = None
    ) -> Pager[WorkItemType]: ...
    @overload
    def types(
        self, *, model: type[M], page_size: int = DEFAULT_PAGE_SIZE, limit: int | None = None
    ) -> Pager[M]: ...

    @route("GET", "/admin/timeTrackingSettings/workItemTypes")
    def types(
        self,
        *,
        model: Any = WorkItemType,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[Any]:
        """Every work item type of the installation (create and edit them through
        ``yt.admin.time_tracking.work_item_types``)."""
        return list_pager(
            self._yt,
            "api/admin/timeTrackingSettings/workItemTypes",
            model,
            page_size=page_size,
            limit=limit,
        )

    @overload
    def project_types(
        self, project: str, *, page_size: int = DEFAULT_PAGE_SIZE, limit: int | None = None
    ) -> Pager[WorkItemType]: ...
    @overload
    def project_types(
        self,
        project: str,
        *,
        model: type[M],
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[M]: ...

    @route("GET", "/admin/projects/{id}/timeTrackingSettings/workItemTypes")
    def project_types(
        self,
        project: str,
        *,
        model: Any = WorkItemType,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[Any]:
        """The work item types a project uses (``project``: id or short name)."""
        path = api_path(
            "admin/projects/{}/timeTrackingSettings/workItemTypes",
            check_text("project", project),
        )
        return list_pager(self._yt, path, model, page_size=page_size, limit=limit)
