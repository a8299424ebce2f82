"""Issue history: ``yt.issues.activities`` (one issue) and ``yt.activities`` (all issues).

YouTrack requires the ``categories`` of activity to return; a call without them is
refused here before anything is sent. Categories are :class:`ActivityCategoryId`
members or their string ids (``"CommentsCategory"``). Items come back as the
``ActivityItem`` subclass their ``$type`` names (``CommentActivityItem``, ...).

Two ways to page: ``$skip``/``$top`` lists (a :class:`~aioyoutrack.Pager`) and cursor
pages (``activitiesPage``, a :class:`~aioyoutrack.CursorPager`) which can resume from a
saved cursor and walk forwards or backwards::

    pager = yt.activities.page([ActivityCategoryId.COMMENTS], issue_query="project: SP")
    async for item in pager:
        ...
    saved = pager.cursor            # later: yt.activities.page(..., cursor=saved)
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from typing import Any, cast

import attrs
from typing_extensions import TypeVar

from .._constants import (
    DEFAULT_FOLLOW_BACKOFF_INITIAL,
    DEFAULT_FOLLOW_BACKOFF_MAX,
    DEFAULT_FOLLOW_POLL_INTERVAL,
    DEFAULT_PAGE_SIZE,
)
from .._cursor import CURSOR_DIRECTIONS
from .._pager_base import check_count
from .._pagination import CursorDirection, CursorPage, CursorPager, Pager
from .._urls import ParamValue
from .._values import shown
from ..errors import InvalidRequestError, UnexpectedResponseError
from ..models.activities import ActivityCursorPage, ActivityItem
from ._base import NamedPath, Resource, at, default_model, route
from ._common import check_flag, check_text
from ._follow import ActivityFollower, CursorCallback
from ._values import epoch_ms

__all__ = [
    "ActivitiesResource",
    "ActivityCategoryId",
    "ActivityFollower",
    "CategoriesArg",
    "IssueActivitiesResource",
]


class ActivityCategoryId(str, enum.Enum):
    """The documented activity category ids (a ``str``: pass members or plain strings)."""

    ARTICLE_COMMENT_ATTACHMENTS = "ArticleCommentAttachmentsCategory"
    ARTICLE_TAGS = "ArticleTagsCategory"
    ATTACHMENT_RECOGNIZED_TEXT = "AttachmentRecognizedTextCategory"
    ATTACHMENT_RENAME = "AttachmentRenameCategory"
    ATTACHMENT_VISIBILITY = "AttachmentVisibilityCategory"
    ATTACHMENTS = "AttachmentsCategory"
    COMMENT_ATTACHMENTS = "CommentAttachmentsCategory"
    COMMENT_TEXT = "CommentTextCategory"
    COMMENT_USES_MARKDOWN = "CommentUsesMarkdownCategory"
    COMMENT_VISIBILITY = "CommentVisibilityCategory"
    COMMENTS = "CommentsCategory"
    CUSTOM_FIELD = "CustomFieldCategory"
    DESCRIPTION = "DescriptionCategory"
    ISSUE_CREATED = "IssueCreatedCategory"
    ISSUE_RESOLVED = "IssueResolvedCategory"
    ISSUE_USES_MARKDOWN = "IssueUsesMarkdownCategory"
    ISSUE_VISIBILITY = "IssueVisibilityCategory"
    LINKS = "LinksCategory"
    PROJECT = "ProjectCategory"
    SPRINT = "SprintCategory"
    SUMMARY = "SummaryCategory"
    TAGS = "TagsCategory"
    TOTAL_VOTES = "TotalVotesCategory"
    VCS_CHANGE = "VcsChangeCategory"
    VCS_CHANGE_STATE = "VcsChangeStateCategory"
    VOTERS = "VotersCategory"
    WORK_ITEM = "WorkItemCategory"
    WORK_ITEM_AUTHOR = "WorkItemAuthorCategory"
    WORK_ITEM_DATE = "WorkItemDateCategory"
    WORK_ITEM_DESCRIPTION = "WorkItemDescriptionCategory"
    WORK_ITEM_DURATION = "WorkItemDurationCategory"
    WORK_ITEM_TYPE = "WorkItemTypeCategory"
    WORK_ITEM_USES_MARKDOWN = "WorkItemUsesMarkdownCategory"

    def __str__(self) -> str:
        return str(self.value)


#: One category or several: ``ActivityCategoryId`` members or id strings (a string may
#: hold several ids separated by commas).
CategoriesArg = str | ActivityCategoryId | Iterable[str | ActivityCategoryId]

ActivityT = TypeVar("ActivityT", default=ActivityItem)


def categories_param(categories: object) -> str:
    """The ``categories`` query value; refuses None or no category at all."""
    if isinstance(categories, (str, ActivityCategoryId)):
        items: list[object] = [categories]
    elif isinstance(categories, Iterable) and not isinstance(categories, (bytes, bytearray)):
        items = list(categories)
    elif categories is None:
        items = []
    else:
        raise InvalidRequestError(
            f"categories must be category ids (str or ActivityCategoryId), got {shown(categories)}"
        )
    ids: list[str] = []
    for item in items:
        if isinstance(item, ActivityCategoryId):
            ids.append(item.value)
        elif isinstance(item, str):
            ids.extend(part.strip() for part in item.split(",") if part.strip())
        else:
            raise InvalidRequestError(f"a category must be a str id, got {shown(item)}")
    if not ids:
        raise InvalidRequestError(
            "categories is required by YouTrack: give at least one, e.g. "
            "ActivityCategoryId.COMMENTS or 'CustomFieldCategory'"
        )
    return ",".join(dict.fromkeys(ids))


def filter_params(
    categories: object,
    *,
    start: datetime | None,
    end: datetime | None,
    author: str | None,
    reverse: bool,
    issue_query: str | None = None,
) -> dict[str, ParamValue]:
    """Query parameters shared by every activity endpoint."""
    params: dict[str, ParamValue] = {"categories": categories_param(categories)}
    check_flag("reverse", reverse)
    if reverse:
        params["reverse"] = True
    if start is not None:
        params["start"] = str(epoch_ms(start, "start"))
    if end is not None:
        params["end"] = str(epoch_ms(end, "end"))
    if author is not None:
        params["author"] = check_text("author", author)
    if issue_query is not None:
        params["issueQuery"] = check_text("issue_query", issue_query, allow_empty=True)
    return params


@attrs.define(kw_only=True, slots=True)
class _Anchor:
    """A newest-first page read only for where it starts."""

    before_cursor: str | None = None


@functools.cache
def _page_model(model: type[Any]) -> type[Any]:
    """An ``ActivityCursorPage`` whose ``activities`` are ``list[model]``."""
    if model is ActivityItem:
        return ActivityCursorPage
    many: Any = list[model]  # type: ignore[valid-type]
    names = ("after_cursor", "before_cursor")
    flags = ("has_after", "has_before")
    attributes: dict[str, Any] = {"activities": attrs.field(default=None, type=many | None)}
    text: Any = str | None
    flag: Any = bool | None
    attributes.update({n: attrs.field(default=None, type=text) for n in names})
    attributes.update({n: attrs.field(default=None, type=flag) for n in flags})
    page: type[Any] = attrs.make_class("ActivityCursorPage", attributes, kw_only=True, slots=True)
    return page


def with_page_size(params: dict[str, ParamValue], page_size: object) -> dict[str, ParamValue]:
    """A copy of ``params`` with ``$top`` set to ``page_size`` (left to the server when
    None); anything but a positive int is refused."""
    if page_size is None:
        return dict(params)
    check_count("page_size", page_size, 1)
    return {**params, "$top": cast(int, page_size)}  # an int: checked above


def _token_in_cursor() -> UnexpectedResponseError:
    return UnexpectedResponseError(
        "YouTrack's cursor page carries the client's token in a cursor: refused, so that "
        "it is neither shown nor saved"
    )


class _Feed(Resource):
    """What the two activity resources share: cursor pages of an ``activitiesPage``
    path, walked by a :class:`CursorPager` or an :class:`ActivityFollower`."""

    __slots__ = ()

    def _cursor_pager(
        self,
        path: str | NamedPath,
        params: dict[str, ParamValue],
        model: type[ActivityT],
        *,
        cursor: str | None,
        direction: CursorDirection,
        activity_id: str | None,
        page_size: int | None,
        limit: int | None,
    ) -> CursorPager[ActivityT]:
        self._check(model)
        if direction not in CURSOR_DIRECTIONS:
            raise InvalidRequestError(
                f"direction must be 'forwards' or 'backwards', got {shown(direction)}"
            )
        if activity_id is not None and cursor is not None:
            raise InvalidRequestError("pass cursor= or activity_id=, not both")
        if cursor is not None:
            check_text("cursor", cursor)
        if activity_id is not None:
            check_text("activity_id", activity_id)
        base = with_page_size(params, page_size)
        backwards = direction == "backwards"
        if backwards:
            # The server only walks forwards from a cursor: asked for the opposite order,
            # what it calls the following page is the preceding one.
            base["reverse"] = not base.get("reverse", False)
        fetch = self._fetcher(path, base, model, backwards=backwards, activity_id=activity_id)
        return CursorPager(fetch, direction=direction, limit=limit, cursor=cursor)

    def _echoes_token(self, page: Any) -> bool:
        """Whether a page's cursors carry the client's token. A cursor is shown (reprs,
        errors) and handed to ``on_cursor`` to be saved, and the token must be in neither
        (a server echoing it is broken or hostile): the caller drops the page and raises
        :func:`_token_in_cursor`, so no frame of the traceback holds it."""
        cursors = (getattr(page, "after_cursor", None), page.before_cursor)
        return any(c is not None and self._yt._echoes_token(c) for c in cursors)

    def _fetcher(
        self,
        path: str | NamedPath,
        base: dict[str, ParamValue],
        model: Any,  # an attrs class: checked by the caller, hashed by _page_model's cache
        *,
        backwards: bool = False,
        activity_id: str | None = None,
    ) -> Callable[[str | None], Awaitable[CursorPage[Any]]]:
        """``fetch(cursor)``: the cursor page at ``cursor`` (None: the first page, or the
        one around ``activity_id``), its cursors swapped when walking ``backwards``."""
        page_model = _page_model(model)

        async def fetch(cursor: str | None) -> CursorPage[Any]:
            query = dict(base)
            if cursor is not None:
                query["cursor"] = cursor
            elif activity_id is not None:
                query["activityId"] = activity_id
            page = await self._call("GET", path, params=query, model=page_model)
            if self._echoes_token(page):
                del page
                raise _token_in_cursor()
            after, before = page.after_cursor, page.before_cursor
            has_after, has_before = bool(page.has_after), bool(page.has_before)
            if backwards:
                after, before, has_after, has_before = before, after, has_before, has_after
            return CursorPage(
                items=page.activities or [],
                after_cursor=after,
                before_cursor=before,
                has_after=has_after,
                has_before=has_before,
            )

        fetch.__qualname__ = f"GET {path}"
        return fetch


class IssueActivitiesResource(_Feed):
    """One issue's history (``/api/issues/{id}/activities``).

    Call it for a Pager (``yt.issues.activities("SP-1", ActivityCategoryId.COMMENTS)``),
    or use :meth:`page` for cursor paging and :meth:`get` for one activity.
    """

    __slots__ = ()

    @route("GET", "/issues/{id}/activities")
    def __call__(
        self,
        issue_id: str,
        categories: CategoriesArg,
        *,
        start: datetime | None = None,
        end: datetime | None = None,
        author: str | None = None,
        reverse: bool = False,
        model: type[ActivityT] = default_model(ActivityT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[ActivityT]:
        """The issue's activities in ``categories``, oldest first (newest first with
        ``reverse``), between ``start`` and ``end`` (aware datetimes), by ``author``
        (id, login or ``"me"``)."""
        params = filter_params(categories, start=start, end=end, author=author, reverse=reverse)
        path = at("issues/{}/activities", issue_id=issue_id)
        return self._pager(path, model, params=params, page_size=page_size, limit=limit)

    @route("GET", "/issues/{id}/activitiesPage")
    def page(
        self,
        issue_id: str,
        categories: CategoriesArg,
        *,
        cursor: str | None = None,
        direction: CursorDirection = "forwards",
        reverse: bool = False,
        start: datetime | None = None,
        end: datetime | None = None,
        author: str | None = None,
        activity_id: str | None = None,
        model: type[ActivityT] = default_model(ActivityT),
        page_size: int | None = None,
        limit: int | None = None,
    ) -> CursorPager[ActivityT]:
        """The issue's activities as cursor pages; see :meth:`ActivitiesResource.page`."""
        params = filter_params(categories, start=start, end=end, author=author, reverse=reverse)
        return self._cursor_pager(
            at("issues/{}/activitiesPage", issue_id=issue_id),
            params,
            model,
            cursor=cursor,
            direction=direction,
            activity_id=activity_id,
            page_size=page_size,
            limit=limit,
        )

    @route("GET", "/issues/{id}/activities/{activityItemId}")
    async def get(
        self, issue_id: str, activity_id: str, *, model: type[ActivityT] = default_model(ActivityT)
    ) -> ActivityT:
        """One activity of the issue."""
        path = at("issues/{}/activities/{}", issue_id=issue_id, activity_id=activity_id)
        return await self._call("GET", path, model=model)


class ActivitiesResource(_Feed):
    """Activities across issues (``/api/activities``, ``/api/activitiesPage``)."""

    __slots__ = ()

    @route("GET", "/activities")
    def list(
        self,
        categories: CategoriesArg,
        *,
        issue_query: str | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
        author: str | None = None,
        reverse: bool = False,
        model: type[ActivityT] = default_model(ActivityT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[ActivityT]:
        """Activities in ``categories`` of the issues matching ``issue_query`` (all
        issues when None), paged with ``$skip``/``$top``."""
        params = filter_params(
            categories,
            start=start,
            end=end,
            author=author,
            reverse=reverse,
            issue_query=issue_query,
        )
        return self._pager(at("activities"), model, params=params, page_size=page_size, limit=limit)

    @route("GET", "/activitiesPage")
    def page(
        self,
        categories: CategoriesArg,
        *,
        issue_query: str | None = None,
        cursor: str | None = None,
        direction: CursorDirection = "forwards",
        reverse: bool = False,
        start: datetime | None = None,
        end: datetime | None = None,
        author: str | None = None,
        activity_id: str | None = None,
        model: type[ActivityT] = default_model(ActivityT),
        page_size: int | None = None,
        limit: int | None = None,
    ) -> CursorPager[ActivityT]:
        """Activities as cursor pages (``GET /api/activitiesPage``), a :class:`CursorPager`.

        Forwards (the default) it follows ``afterCursor``: oldest first, or newest
        first with ``reverse=True``. ``direction="backwards"`` walks the other way from
        ``cursor`` (it asks the server for the opposite order, so items arrive in the
        order walked). ``cursor`` resumes where a previous pager's ``.cursor`` stopped;
        ``activity_id`` starts at the page around one activity instead. ``page_size``
        is sent as ``$top`` when given (the server's page size otherwise); ``limit``
        caps the number of items. Without ``categories`` it raises
        :class:`InvalidRequestError` before sending anything.
        """
        params = filter_params(
            categories,
            start=start,
            end=end,
            author=author,
            reverse=reverse,
            issue_query=issue_query,
        )
        return self._cursor_pager(
            at("activitiesPage"),
            params,
            model,
            cursor=cursor,
            direction=direction,
            activity_id=activity_id,
            page_size=page_size,
            limit=limit,
        )

    @route("GET", "/activities/{id}")
    async def get(
        self, activity_id: str, *, model: type[ActivityT] = default_model(ActivityT)
    ) -> ActivityT:
        """One activity by id."""
        return await self._call("GET", at("activities/{}", activity_id=activity_id), model=model)

    @route("GET", "/activitiesPage")
    def follow(
        self,
        categories: CategoriesArg,
        *,
        issue_query: str | None = None,
        cursor: str | None = None,
        poll_interval: float = DEFAULT_FOLLOW_POLL_INTERVAL,
        on_cursor: CursorCallback | None = None,
        author: str | None = None,
        model: type[ActivityT] = default_model(ActivityT),
        page_size: int | None = None,
        backoff_initial: float = DEFAULT_FOLLOW_BACKOFF_INITIAL,
        backoff_max: float = DEFAULT_FOLLOW_BACKOFF_MAX,
        max_failures: int | None = None,
        from_start: bool = False,
        until_caught_up: bool = False,
    ) -> ActivityFollower[ActivityT]:
        """New activities in ``categories`` as they happen, oldest first, forever: an
        :class:`~aioyoutrack.resources.ActivityFollower` (``async for item in ...``).

        It starts at ``cursor`` (saved from ``on_cursor``), at the oldest activity with
        ``from_start``, or else from now (that cursor handed to ``on_cursor`` at once).
        ``on_cursor(cursor)``, a function or a coroutine function, is called each time a
        page has been handed over: save what it receives and pass it back as ``cursor``
        to resume without missing an item. Caught up, it waits ``poll_interval``
        seconds, or ends with ``until_caught_up`` (a run from cron). A failed poll
        (connection, 5xx, 429) is logged and tried again from the same cursor after a
        backoff from ``backoff_initial`` doubling to ``backoff_max`` seconds, until
        ``max_failures`` in a row (then raised); other errors are raised at once.
        ``issue_query`` and ``author`` (id, login or ``"me"``) narrow what is followed;
        ``page_size`` is sent as ``$top``. It ends on ``break``, cancellation,
        ``await follower.aclose()`` or when the client closes.

        ::

            async for item in yt.activities.follow(
                [ActivityCategoryId.COMMENTS], issue_query="project: SP",
                cursor=load(), on_cursor=save,
            ):
                await handle(item)
        """
        self._check(model)
        params = filter_params(
            categories, start=None, end=None, author=author, reverse=False, issue_query=issue_query
        )
        params = with_page_size(params, page_size)
        path = at("activitiesPage")
        newest_first = {**params, "reverse": True}

        async def anchor() -> str | None:
            # A newest-first page starts just past the newest item; its before cursor,
            # walked forwards, is "from now on".
            page = await self._call("GET", path, params=newest_first, model=_Anchor)
            if self._echoes_token(page):
                del page
                raise _token_in_cursor()
            return page.before_cursor

        return ActivityFollower(
            self._fetcher(path, params, model),
            anchor,
            nap=self._yt._nap,
            client_closed=lambda: self._yt.closed,
            cursor=cursor,
            poll_interval=poll_interval,
            on_cursor=on_cursor,
            backoff_initial=backoff_initial,
            backoff_max=backoff_max,
            max_failures=max_failures,
            from_start=from_start,
            until_caught_up=until_caught_up,
        )
