"""The per-client cache of project custom-field schemas used by writes by field name.

Writing ``fields={"Priority": "Critical"}`` needs the project's entity id and its
``ProjectCustomField`` list (which gives each field's ``$type`` and value shape). Both
are fetched once per project and kept for the client's lifetime, under the project's
id and short name alike (case-insensitive), so ``"SP"``, ``"sp"`` and ``"0-0"`` share
one entry once either has been loaded.

Concurrent first calls for the same key share one fetch: the first caller fetches under
a per-key lock and the others find the result (or its error) when they get the lock. A
failed or cancelled fetch caches nothing, so the next call tries again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import attrs

from ..errors import UnexpectedResponseError
from ..models.custom_fields import ProjectCustomField
from ..models.issues import Issue
from ..models.projects import Project
from ._base import api_path

if TYPE_CHECKING:
    from .._client import YouTrack

__all__ = ["ProjectSchema", "SchemaCache", "schema_of_issue"]


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


async def schema_of_issue(client: YouTrack, issue_id: str) -> ProjectSchema:
    """The schema of the project ``issue_id`` belongs to.

    The issue's project is read every time (an issue can move between projects); its
    schema comes from the client's cache.
    """
    found: Issue = await client.request(
        "GET",
        api_path("issues/{}", issue_id),
        params={"fields": "id,project(id,name,shortName)"},
        model=Issue,
    )
    project = found.project
    key = None if project is None else (project.id or project.short_name)
    if not key:
        raise UnexpectedResponseError(f"issue {issue_id} came back without its project")
    return await client.projects._schema_for(key)
