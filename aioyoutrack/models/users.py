"""Users and groups."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from . import _refs

if TYPE_CHECKING:
    from .projects import Project

__all__ = [
    "AllUsersGroup",
    "Me",
    "NestedGroup",
    "ProjectTeam",
    "RegisteredUsersGroup",
    "User",
    "UserGroup",
    "VcsUnresolvedUser",
]


@attrs.define(kw_only=True, slots=True)
class User:
    """A YouTrack user (read-only profile; accounts are managed in Hub before 2026.1).

    ``ring_id`` is the Hub id: use it with Hub endpoints, never as a YouTrack entity id.
    ``name`` is the display name as the server also sends it (JetBrains' own examples
    ask for ``name`` and get it, beside or instead of ``fullName``, though the spec's
    ``User`` lists only ``fullName``).
    """

    id: str | None = None
    login: str | None = None
    full_name: str | None = None
    name: str | None = None
    email: str | None = None
    ring_id: str | None = None
    guest: bool | None = None
    online: bool | None = None
    banned: bool | None = None
    avatar_url: str | None = None


@attrs.define(kw_only=True, slots=True)
class Me(User):
    """The user the token belongs to (``GET /api/users/me``)."""


@attrs.define(kw_only=True, slots=True)
class VcsUnresolvedUser(User):
    """The author of a VCS change that YouTrack could not match to a user (its ``name``
    is the one the commit gave)."""


@attrs.define(kw_only=True, slots=True)
class UserGroup:
    """A group of users."""

    id: str | None = None
    name: str | None = None
    ring_id: str | None = None
    users_count: int | None = None
    icon: str | None = None
    all_users_group: bool | None = None
    team_for_project: Project | None = attrs.field(default=None, metadata=_refs.PROJECT)


@attrs.define(kw_only=True, slots=True)
class AllUsersGroup(UserGroup):
    """The group every user belongs to."""


@attrs.define(kw_only=True, slots=True)
class RegisteredUsersGroup(UserGroup):
    """The group of every registered (non-guest) user."""


@attrs.define(kw_only=True, slots=True)
class NestedGroup(UserGroup):
    """A group inside another group."""


@attrs.define(kw_only=True, slots=True)
class ProjectTeam(UserGroup):
    """The team of a project."""

    project: Project | None = attrs.field(default=None, metadata=_refs.PROJECT)
