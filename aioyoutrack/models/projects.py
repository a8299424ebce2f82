"""Projects (and the issue-folder family they belong to)."""

from __future__ import annotations

import attrs

from . import _refs
from .users import ProjectTeam, User

__all__ = ["IssueFolder", "Project"]


@attrs.define(kw_only=True, slots=True)
class IssueFolder:
    """Something that holds issues: a project, a tag or a saved query (``$type`` tells)."""

    id: str | None = None
    name: str | None = None


@attrs.define(kw_only=True, slots=True)
class Project(IssueFolder):
    """A YouTrack project.

    ``id`` is the entity id (``"0-0"``) that request bodies need; ``short_name`` is the
    key in issue ids (``"SP"``). The project's custom-field schema is not part of the
    default projection: the client fetches it separately (and caches it).
    """

    short_name: str | None = None
    description: str | None = None
    archived: bool | None = None
    template: bool | None = None
    starting_number: int | None = None
    icon_url: str | None = None
    from_email: str | None = None
    reply_to_email: str | None = None
    leader: User | None = attrs.field(default=None, metadata=_refs.USER)
    created_by: User | None = attrs.field(default=None, metadata=_refs.USER)
    team: ProjectTeam | None = attrs.field(default=None, metadata=_refs.GROUP)
