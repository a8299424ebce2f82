"""``yt.issues``: search, count, read, create, update and delete issues.

Sub-resources hang off it the way YouTrack's URLs do: ``yt.issues.comments``,
``.custom_fields``, ``.tags`` (and, from the second half of the resources,
``.attachments``, ``.links``, ``.work_items``, ``.activities``).
"""

from __future__ import annotations

import asyncio
import builtins
import functools
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, get_args, overload

from typing_extensions import TypeVar

from .._constants import COUNT_POLL_DEADLINE, COUNT_POLL_INTERVAL, DEFAULT_PAGE_SIZE
from .._custom_fields import encode_custom_fields
from .._deadlines import within
from .._pagination import Pager
from .._urls import ParamValue
from .._values import shown
from ..errors import APITimeoutError, InvalidRequestError, NotFoundError, UnexpectedResponseError
from ..models.issues import Issue, IssueCountResponse
from ..models.projects import Project
from ..models.tags import Tag
from ..models.visibility import Visibility
from ._base import Resource, at, default_model, route
from ._common import (
    check_ids,
    check_text,
    custom_field_names,
    is_database_id,
    map_ordered,
)
from ._field_types import dates_step
from ._names import visibility_json
from ._schema_cache import ProjectSchema, schema_of_issue
from .tags import check_tag_args, resolve_tag_ids

if TYPE_CHECKING:
    from .activities import IssueActivitiesResource
    from .attachments import IssueAttachmentsResource
    from .comments import IssueCommentsResource
    from .issue_custom_fields import IssueCustomFieldsResource
    from .issue_extras import IssueProjectResource, IssueSprints, IssueTimeTracking, IssueVcsChanges
    from .links import IssueLinksResource
    from .reactions import IssueCommentReactions
    from .tags import IssueTagsResource
    from .work_items import IssueWorkItemsResource

__all__ = ["IssuesResource", "Missing"]

#: What ``get_many`` does with an id that does not exist: raise ``NotFoundError``, put
#: ``None`` in its place, or leave it out.
Missing = Literal["raise", "none", "skip"]
_MISSING_MODES: tuple[str, ...] = get_args(Missing)

IssueT = TypeVar("IssueT", default=Issue)


class _Absent:
    """Marks an id get_many found missing (None could be a caller's own model value)."""

    __slots__ = ()


_ABSENT = _Absent()


def _positive(name: str, value: object) -> float:
    if not isinstance(value, bool) and isinstance(value, (int, float)) and value > 0:
        try:
            return float(value)
        except OverflowError:  # an int beyond float's range: refused below, not raised
            pass
    raise InvalidRequestError(f"{name} must be a positive number of seconds, got {shown(value)}")


class IssuesResource(Resource):
    """Issues (``/api/issues``) by readable id (``SP-8``) or entity id (``2-7``)."""

    # No __slots__: each sub-resource is made (and its module imported) on first use.

    @cached_property
    def comments(self) -> IssueCommentsResource:
        """``/api/issues/{id}/comments``."""
        from .comments import IssueCommentsResource

        return IssueCommentsResource(self._yt)

    @cached_property
    def custom_fields(self) -> IssueCustomFieldsResource:
        """``/api/issues/{id}/customFields``."""
        from .issue_custom_fields import IssueCustomFieldsResource

        return IssueCustomFieldsResource(self._yt)

    @cached_property
    def tags(self) -> IssueTagsResource:
        """``/api/issues/{id}/tags``."""
        from .tags import IssueTagsResource

        return IssueTagsResource(self._yt)

    @cached_property
    def attachments(self) -> IssueAttachmentsResource:
        """``/api/issues/{id}/attachments``: upload, download, rename, delete files."""
        from .attachments import IssueAttachmentsResource

        return IssueAttachmentsResource(self._yt)

    @cached_property
    def links(self) -> IssueLinksResource:
        """``/api/issues/{id}/links``: links to other issues."""
        from .links import IssueLinksResource

        return IssueLinksResource(self._yt)

    @cached_property
    def work_items(self) -> IssueWorkItemsResource:
        """``/api/issues/{id}/timeTracking/workItems``: time spent."""
        from .work_items import IssueWorkItemsResource

        return IssueWorkItemsResource(self._yt)

    @cached_property
    def activities(self) -> IssueActivitiesResource:
        """``/api/issues/{id}/activities``: the history (call it, or ``.page(...)``)."""
        from .activities import IssueActivitiesResource

        return IssueActivitiesResource(self._yt)

    @cached_property
    def reactions(self) -> IssueCommentReactions:
        """``/api/issues/{id}/comments/{commentId}/reactions``."""
        from .reactions import IssueCommentReactions

        return IssueCommentReactions(self._yt)

    @cached_property
    def vcs_changes(self) -> IssueVcsChanges:
        """``/api/issues/{id}/vcsChanges``: linked commits and pull requests."""
        from .issue_extras import IssueVcsChanges

        return IssueVcsChanges(self._yt)

    @cached_property
    def project(self) -> IssueProjectResource:
        """``/api/issues/{id}/project``: read it, or move the issue."""
        from .issue_extras import IssueProjectResource

        return IssueProjectResource(self._yt)

    @cached_property
    def sprints(self) -> IssueSprints:
        """``/api/issues/{id}/sprints``."""
        from .issue_extras import IssueSprints

        return IssueSprints(self._yt)

    @cached_property
    def time_tracking(self) -> IssueTimeTracking:
        """``/api/issues/{id}/timeTracking``."""
        from .issue_extras import IssueTimeTracking

        return IssueTimeTracking(self._yt)

    # --- reading -------------------------------------------------------------------

    @route("GET", "/issues")
    @route("POST", "/issuesGetter/count")
    def search(
        self,
        query: str | None = None,
        *,
        model: type[IssueT] = default_model(IssueT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
        custom_fields: str | Sequence[str] | None = None,
        prefetch: int | None = None,
    ) -> Pager[IssueT]:
        """Issues matching ``query`` (YouTrack's search syntax; None: every issue).

        Returns a :class:`~aioyoutrack.Pager`: ``async for issue in ...`` streams every
        page, ``await`` gives a list, ``limit`` caps the number of issues. The total is
        counted first (``POST /api/issuesGetter/count``, alongside the first page), so
        the remaining pages are fetched ``prefetch`` at a time, concurrently; while the
        server is still counting, pages come one after another. ``custom_fields``
        limits the custom fields returned to those names (``customFields=`` per name).
        """
        self._check(model)
        params: dict[str, ParamValue] = {}
        if query is not None:
            params["query"] = check_text("query", query, allow_empty=True)
        names = custom_field_names(custom_fields)
        if names:
            params["customFields"] = names
        # One page covers a small limit: counting would only add a request.
        # (The Pager validates both; a str limit must reach it, not a TypeError here.)
        small = isinstance(limit, int) and isinstance(page_size, int) and limit <= page_size
        total = None if small else functools.partial(self._count_once, query)
        return self._pager(
            "api/issues",
            model,
            params=params,
            page_size=page_size,
            limit=limit,
            prefetch=prefetch,
            total=total,
            then=dates_step(self._yt, model),
        )

    @route("GET", "/issues/{id}")
    async def get(self, issue_id: str, *, model: type[IssueT] = default_model(IssueT)) -> IssueT:
        """One issue by readable id (``"SP-8"``) or entity id (``"2-7"``).

        Raises :class:`~aioyoutrack.errors.NotFoundError` when there is none.
        """
        path = at("issues/{}", issue_id=issue_id)
        return await self._call("GET", path, model=model, then=dates_step(self._yt, model))

    @overload
    async def get_many(
        self,
        ids: Iterable[str],
        *,
        model: type[IssueT] = default_model(IssueT),
        missing: Literal["raise", "skip"] = "raise",
    ) -> builtins.list[IssueT]: ...
    @overload
    async def get_many(
        self,
        ids: Iterable[str],
        *,
        model: type[IssueT] = default_model(IssueT),
        missing: Literal["none"],
    ) -> builtins.list[IssueT | None]: ...

    @route("GET", "/issues/{id}")
    async def get_many(
        self,
        ids: Iterable[str],
        *,
        model: type[IssueT] = default_model(IssueT),
        missing: Missing = "raise",
    ) -> builtins.list[IssueT] | builtins.list[IssueT | None]:
        """Issues by id, fetched concurrently (bounded by the client's
        ``max_concurrency``), in the order given; a repeated id is fetched once.

        ``missing`` says what an id without an issue gives: ``"raise"``
        (:class:`~aioyoutrack.errors.NotFoundError`), ``"none"`` (None in its place)
        or ``"skip"`` (left out). Any other error cancels the fetches still running and
        propagates.
        """
        self._check(model)
        if missing not in _MISSING_MODES:
            raise InvalidRequestError(
                f"missing must be one of {_MISSING_MODES}, got {shown(missing)}"
            )
        keys = check_ids("ids", ids)
        unique = builtins.list(dict.fromkeys(keys))

        async def one(key: str) -> Any:
            try:
                return await self.get(key, model=model)
            except NotFoundError:
                if missing == "raise":
                    raise
                return _ABSENT

        fetched = await map_ordered(one, unique, limit=self._yt.max_concurrency)
        found = dict(zip(unique, fetched, strict=True))
        results = [found[key] for key in keys]
        if missing == "skip":
            return [r for r in results if r is not _ABSENT]
        return [None if r is _ABSENT else r for r in results]

    @route("POST", "/issuesGetter/count")
    async def count(
        self,
        query: str | None = None,
        *,
        deadline: float = COUNT_POLL_DEADLINE,
        poll_interval: float = COUNT_POLL_INTERVAL,
    ) -> int:
        """The number of issues matching ``query`` (None: every issue visible).

        YouTrack answers -1 while it is still counting; this polls every
        ``poll_interval`` seconds until it has a number, for at most ``deadline``
        seconds in all, then raises :class:`~aioyoutrack.errors.APITimeoutError`.
        """
        limit = _positive("deadline", deadline)
        interval = _positive("poll_interval", poll_interval)
        if query is not None:
            check_text("query", query, allow_empty=True)
        try:
            return await within(self._poll_count(query, interval), limit)
        except asyncio.TimeoutError:
            # Raised below, outside the handler: the timeout's context is a request
            # cancelled inside aiohttp, whose frames may hold the request head.
            pass
        raise APITimeoutError(
            f"YouTrack was still counting the issues after {limit:g} s "
            f"(query {shown(query)}); pass a longer deadline="
        )

    async def _poll_count(self, query: str | None, interval: float) -> int:
        while True:
            count = await self._count_once(query)
            if count >= 0:
                return count
            # Ends at once when the client closes, not one interval later.
            await self._yt._nap(interval)

    async def _count_once(self, query: str | None) -> int:
        body = {} if query is None else {"query": query}
        # Counting changes nothing: safe to resend after a 5xx or a dropped connection.
        answer = await self._call(
            "POST",
            "api/issuesGetter/count",
            params={"fields": "count"},  # polled: the one attribute read, not the model's
            json=body,
            model=IssueCountResponse,
            idempotent=True,
        )
        count = answer.count
        if not isinstance(count, int) or isinstance(count, bool):
            raise UnexpectedResponseError("the issue count response has no count")
        if count < -1:  # -1 alone means "still counting": polling would never end
            raise UnexpectedResponseError(
                f"the issue count response has a count of {count} (YouTrack answers a "
                "number of issues, or -1 while it is still counting)"
            )
        return count

    # --- writing -------------------------------------------------------------------

    @route("GET", "/admin/projects/{id}")
    @route("GET", "/admin/projects/{id}/customFields")
    @route("GET", "/tags")
    @route("POST", "/issues")
    async def create(
        self,
        project: str,
        summary: str,
        *,
        description: str | None = None,
        fields: Mapping[str, Any] | None = None,
        tags: Iterable[str | Tag] | None = None,
        model: type[IssueT] = default_model(IssueT),
        visibility: Visibility | dict[str, Any] | None = None,
        notify: bool = True,
    ) -> IssueT:
        """Create an issue in ``project`` (short name ``"SP"`` or entity id ``"0-0"``)
        and return it as ``model`` — in one ``POST /api/issues``.

        ``fields`` sets custom fields by name with plain values
        (``{"Priority": "Critical", "Assignee": "jane.doe", "Estimation":
        timedelta(hours=2)}``); they are checked against the project's schema (fetched
        once per client, see :meth:`ProjectsResource.custom_fields`) and a
        :class:`~aioyoutrack.errors.CustomFieldError` is raised before the issue is
        sent. Fields left out get the project's defaults. ``tags`` are tag names, tag
        ids (``"6-1"``) or :class:`Tag` objects; names are looked up first
        (``GET /api/tags``). ``visibility`` restricts who sees the issue: a
        ``LimitedVisibility`` whose groups are ``UserGroup`` objects, group names or ids
        and whose users are ``User`` objects, logins or ids (names are looked up once
        per client); the default :class:`Issue` does not hold it, so read it back with a
        ``model=`` that has a ``visibility`` attribute. ``notify=False`` creates it
        without notifications.

        The create is never resent on its own (a dropped connection after sending raises
        with ``may_have_been_applied``).
        """
        self._check(model, notify)  # before any lookup
        check_text("project", project)
        check_text("summary", summary)
        if description is not None:
            check_text("description", description, allow_empty=True)
        values = _field_values(fields)
        tag_args = None if tags is None else check_tag_args(tags)
        if values or not is_database_id(project):
            schema = await self._yt._schemas.get(project)
            project_id = _project_id(schema)
        else:
            schema, project_id = None, project
        body: dict[str, Any] = {"project": {"id": project_id}, "summary": summary}
        if description is not None:
            body["description"] = description
        shown = await visibility_json(self._yt, visibility)
        if shown is not None:
            body["visibility"] = shown
        if values and schema is not None:
            with self._yt._masking():  # the schema's names are the server's
                encoded = encode_custom_fields(schema.fields, values, project=schema.label)
            body["customFields"] = encoded
        if tag_args is not None:
            tag_ids = await resolve_tag_ids(self._yt, tag_args)
            if tag_ids:
                body["tags"] = [{"id": tag_id} for tag_id in tag_ids]
        dates = dates_step(self._yt, model)
        return await self._call(
            "POST", "api/issues", json=body, model=model, notify=notify, then=dates
        )

    @route("GET", "/issues/{id}")
    @route("GET", "/admin/projects/{id}")
    @route("GET", "/admin/projects/{id}/customFields")
    @route("POST", "/issues/{id}")
    async def update(
        self,
        issue_id: str,
        *,
        summary: str | None = None,
        description: str | None = None,
        fields: Mapping[str, Any] | None = None,
        model: type[IssueT] = default_model(IssueT),
        visibility: Visibility | dict[str, Any] | None = None,
        notify: bool = True,
    ) -> IssueT:
        """Change an issue's summary, description and/or custom fields (by name, with
        plain values; ``None`` clears a field) in one ``POST /api/issues/{id}``, and
        return the updated issue.

        With ``fields``, the issue's project is read first (its schema is cached per
        client) and every value is checked before the update is sent; a
        :class:`~aioyoutrack.errors.CustomFieldError` means nothing was sent.
        ``visibility`` replaces who may see the issue (as in :meth:`create`;
        ``UnlimitedVisibility()`` lifts a restriction); ``notify=False`` makes the
        change without notifications.
        """
        self._check(model, notify)  # before any lookup
        check_text("issue_id", issue_id)
        if summary is not None:
            check_text("summary", summary)
        if description is not None:
            check_text("description", description, allow_empty=True)
        values = _field_values(fields)
        if summary is None and description is None and not values and visibility is None:
            raise InvalidRequestError(
                "nothing to update: give summary, description, fields or visibility"
            )
        body: dict[str, Any] = {}
        if summary is not None:
            body["summary"] = summary
        if description is not None:
            body["description"] = description
        shown = await visibility_json(self._yt, visibility)
        if shown is not None:
            body["visibility"] = shown
        if values:
            schema = await schema_of_issue(self._yt, issue_id)
            with self._yt._masking():  # the schema's names are the server's
                encoded = encode_custom_fields(schema.fields, values, project=schema.label)
            body["customFields"] = encoded
        path = at("issues/{}", issue_id=issue_id)
        dates = dates_step(self._yt, model)
        return await self._call("POST", path, json=body, model=model, notify=notify, then=dates)

    @route("DELETE", "/issues/{id}")
    async def delete(self, issue_id: str) -> None:
        """Delete an issue (for good: YouTrack has no trash)."""
        await self._call("DELETE", at("issues/{}", issue_id=issue_id))


# --- helpers ------------------------------------------------------------------------


def _field_values(fields: object) -> dict[str, Any]:
    if fields is None:
        return {}
    if not isinstance(fields, Mapping):
        raise InvalidRequestError(
            f"fields must be a mapping of field name to value, got {type(fields).__name__}"
        )
    for name in fields:
        if not isinstance(name, str) or not name:
            raise InvalidRequestError(
                f"custom field names must be non-empty str, got {shown(name)}"
            )
    return dict(fields)


def _project_id(schema: ProjectSchema) -> str:
    project: Project = schema.project
    if not project.id:
        raise UnexpectedResponseError("the project came back without its entity id")
    return project.id
