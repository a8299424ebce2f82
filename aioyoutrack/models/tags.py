"""Tags and the sharing settings of issue folders."""

from __future__ import annotations

import attrs

from . import _refs
from .bundles import FieldStyle
from .projects import IssueFolder
from .users import User, UserGroup

__all__ = [
    "IssueTag",
    "Tag",
    "TagSharingSettings",
    "WatchFolder",
    "WatchFolderSharingSettings",
]


@attrs.define(kw_only=True, slots=True)
class WatchFolderSharingSettings:
    """Which groups and users may read or update a tag or saved query."""

    id: str | None = None
    permitted_groups: list[UserGroup] | None = attrs.field(default=None, metadata=_refs.GROUP)
    permitted_users: list[User] | None = attrs.field(default=None, metadata=_refs.USER)


@attrs.define(kw_only=True, slots=True)
class TagSharingSettings:
    """Which groups and users may tag issues with a tag."""

    id: str | None = None
    permitted_groups: list[UserGroup] | None = attrs.field(default=None, metadata=_refs.GROUP)
    permitted_users: list[User] | None = attrs.field(default=None, metadata=_refs.USER)


@attrs.define(kw_only=True, slots=True)
class WatchFolder(IssueFolder):
    """An issue folder owned by a user: a tag or a saved query.

    (The deprecated ``visibleFor``/``updateableBy`` are left out; use the sharing
    settings.)
    """

    owner: User | None = attrs.field(default=None, metadata=_refs.USER)
    read_sharing_settings: WatchFolderSharingSettings | None = None
    update_sharing_settings: WatchFolderSharingSettings | None = None


@attrs.define(kw_only=True, slots=True)
class Tag(WatchFolder):
    """A tag. The issues it marks are listed by ``GET /api/tags/{id}/issues``."""

    color: FieldStyle | None = None
    untag_on_resolve: bool | None = None
    tag_sharing_settings: TagSharingSettings | None = None


@attrs.define(kw_only=True, slots=True)
class IssueTag(Tag):
    """A tag, as the older ``/api/issueTags`` resource calls it."""
