"""``yt.groups``: user groups (read-only in YouTrack before 2026.1)."""

from __future__ import annotations

from ..models.users import UserGroup
from ._generic import GetOp, ListOp

__all__ = ["GroupsResource"]


class GroupsResource(ListOp[UserGroup], GetOp[UserGroup]):
    """User groups (``/api/groups``): ``list()``, ``get(group_id)``."""

    __slots__ = ()
    path = "/groups"
    item = "id"
    model = UserGroup
