"""The client's project schemas: each project's custom-field settings, read once.

Writing ``fields={"Priority": "Critical"}`` needs the project's entity id and its
``ProjectCustomField`` list (which gives each field's ``$type`` and value shape), and
reading issues needs the same list to tell date-and-time fields from integers. Both
are fetched once per project and kept for the client's lifetime, under the project's
id and short name alike (case-insensitive), so ``"SP"``, ``"sp"`` and ``"0-0"`` share
one entry once either has been loaded.

Concurrent first calls for the same key share one fetch: the first caller fetches under
a per-key lock and the others find the result (or its error) when they get the lock.
First calls under different keys for one project (its id and its short name) each
fetch: that they mean one project is known only from the answer. A failed or cancelled
fetch caches nothing, so the next call tries again.

:class:`ProjectSchemas` is a service the client owns (``YouTrack._schemas``) and the
resources that need schemas use; it sends its reads through the client's
:class:`~aioyoutrack._pagination.Exchange`, never through a resource.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import attrs

from ._logger import logger as _log
from ._pagination import Exchange, list_pager
from ._urls import quote_segment
from .errors import (
    ClientClosedError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    UnexpectedResponseError,
    YouTrackError,
)
from .models.custom_fields import ProjectCustomField
from .models.issues import Issue
from .models.projects import Project

__all__ = ["ProjectSchema", "ProjectSchemas", "SchemaCache"]


@attrs.frozen(kw_only=True)
class ProjectSchema:
    """A project (``id``, ``name``, ``short_name``) and its custom-field settings."""

    project: Project
    fields: tuple[ProjectCustomField, ...]

    @property
    def label(self) -> str | None:
        """How errors name the project: its short name, else its id."""
        return self.project.short_name or self.project.id


class SchemaCache:
    """Project schemas by project id or short name; see the module documentation."""

    __slots__ = ("_entries", "_failed", "_fetch", "_finished", "_locks")

    def __init__(self, fetch: Callable[[str], Awaitable[ProjectSchema]]) -> None:
        self._fetch = fetch
        self._entries: dict[str, ProjectSchema] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        #: Fetches finished so far, and per key the last failure with its number: a
        #: caller that waited for the lock while a fetch failed gets that failure
        #: rather than fetching again (one after another, each with its retries).
        self._finished = 0
        self._failed: dict[str, tuple[int, Exception]] = {}

    @staticmethod
    def _key(project: str) -> str:
        # Short names are case-insensitive in YouTrack (issue ids "sp-1" work too).
        return project.casefold()

    def peek(self, project: str) -> ProjectSchema | None:
        """The cached schema for ``project`` (id or short name), without fetching."""
        return self._entries.get(self._key(project))

    async def get(self, project: str, *, refresh: bool = False) -> ProjectSchema:
        """The schema of ``project`` (id or short name), fetched unless cached.

        ``refresh=True`` fetches again and replaces the cached entry; refreshes that
        wait for one already running take its result instead of fetching once more.
        """
        key = self._key(project)
        seen = self._entries.get(key)
        if seen is not None and not refresh:
            return seen
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        ticket = self._finished
        async with lock:
            current = self._entries.get(key)
            if current is not None and current is not seen:
                # Loaded (or refreshed) by another caller while this one waited.
                return current
            if current is not None and not refresh:
                return current
            failed = self._failed.get(key)
            if failed is not None and failed[0] > ticket:
                # The fetch this caller waited for failed: share its error.
                raise failed[1]
            try:
                schema = await self._fetch(project)
            except Exception as exc:
                self._finished += 1
                self._failed[key] = (self._finished, exc)
                raise
            self._finished += 1
            self._failed.pop(key, None)
            self._store(key, schema)
            return schema

    def _store(self, key: str, schema: ProjectSchema) -> None:
        self._entries[key] = schema
        for alias in (schema.project.id, schema.project.short_name):
            if alias:
                self._entries[self._key(alias)] = schema

    def clear(self) -> None:
        """Forget every cached schema."""
        self._entries.clear()


def _project_path(project: str, tail: str = "") -> str:
    return f"api/admin/projects/{quote_segment(project)}{tail}"


class ProjectSchemas:
    """Project schemas by project id or short name, for one client (see the module)."""

    __slots__ = ("_cache", "_exchange", "_mask", "_unreadable")

    def __init__(self, exchange: Exchange, *, mask: Callable[[str], str] = str) -> None:
        self._exchange = exchange
        #: What the log shows of a project key, which comes from the server's data.
        self._mask = mask
        self._cache = SchemaCache(self._load)
        #: Projects (casefolded id or short name) whose schema this client may not read:
        #: issues of theirs are not typed from it, and it is not asked for again.
        self._unreadable: set[str] = set()

    async def get(self, project: str, *, refresh: bool = False) -> ProjectSchema:
        """The schema of ``project`` (id or short name), fetched unless cached;
        ``refresh=True`` fetches it again."""
        if not isinstance(project, str):
            raise InvalidRequestError(f"project must be a str, got {type(project).__name__}")
        if not project.strip():
            raise InvalidRequestError("project must not be empty")
        return await self._cache.get(project, refresh=refresh)

    def peek(self, project: str) -> ProjectSchema | None:
        """The cached schema of ``project``, without fetching."""
        return self._cache.peek(project)

    async def readable(self, project: str) -> ProjectSchema | None:
        """The schema of ``project``, or None when it cannot be read now.

        For typing issues read already: a refusal (403, 404) is remembered, so no page
        costs a failing request again; any other failure is retried with the next call.
        """
        key = project.casefold()
        if key in self._unreadable:
            return None
        try:
            return await self.get(project)
        except ClientClosedError:
            raise  # aclose() ends the call, as it ends every pending one
        except YouTrackError as exc:
            if isinstance(exc, (PermissionDeniedError, NotFoundError)):
                self._unreadable.add(key)
            _log.debug("no custom-field schema for project %s: %s", self._mask(project), exc)
            return None

    async def of_issue(self, issue_id: str) -> ProjectSchema:
        """The schema of the project ``issue_id`` belongs to.

        The issue's project is read every time (an issue can move between projects); its
        schema comes from the cache.
        """
        pending = await self._exchange(
            "GET",
            "api/issues/" + quote_segment(issue_id),
            params={"fields": "id,project(id,name,shortName)"},
            model=Issue,
        )
        found: Issue = await pending.build()
        project = found.project
        key = None if project is None else (project.id or project.short_name)
        if not key:
            raise UnexpectedResponseError(f"issue {issue_id} came back without its project")
        return await self.get(key)

    async def _load(self, project: str) -> ProjectSchema:
        async def head() -> Project:
            pending = await self._exchange(
                "GET",
                _project_path(project),
                params={"fields": "id,name,shortName"},
                model=Project,
            )
            found: Project = await pending.build()
            return found

        fields = list_pager(
            self._exchange, _project_path(project, "/customFields"), ProjectCustomField
        )
        # Both reads at once: the project's entity id (write bodies need it) and fields.
        found, settings = await _both(head(), fields)
        return ProjectSchema(project=found, fields=tuple(settings))


async def _both(first: Awaitable[Any], second: Awaitable[Any]) -> tuple[Any, Any]:
    """Await both at once; a failure (the first one's, when both fail) cancels the other
    and propagates."""
    tasks = [asyncio.ensure_future(first), asyncio.ensure_future(second)]
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
        for task in tasks:
            if task in done and task.exception() is not None:
                raise task.exception()  # type: ignore[misc]
        return tasks[0].result(), tasks[1].result()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
