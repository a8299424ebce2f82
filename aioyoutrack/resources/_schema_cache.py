"""Project schemas for the resources: the cache itself is the client's
(:class:`aioyoutrack._schemas.ProjectSchemas`, ``yt._schemas``); this module keeps the
names resources import."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._schemas import ProjectSchema, SchemaCache

if TYPE_CHECKING:
    from .._client import YouTrack

__all__ = ["ProjectSchema", "SchemaCache", "schema_of_issue"]


async def schema_of_issue(client: YouTrack, issue_id: str) -> ProjectSchema:
    """The schema of the project ``issue_id`` belongs to (the issue's project is read
    every time, its schema comes from the client's cache)."""
    return await client._schemas.of_issue(issue_id)
