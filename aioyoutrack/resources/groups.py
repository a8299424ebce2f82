"""``yt.groups``: user groups (read-only in YouTrack before 2026.1)."""

from __future__ import annotations

from ..models.users import UserGroup
from ._generic import GetOp, ListOp
from ._names import group_id

__all__ = ["GroupsResource"]


class GroupsResource(ListOp[UserGroup], GetOp[UserGroup]):
    """User groups (``/api/groups``): ``list()``, ``get(group)``; a group is its id
    (``"3-1"``) or its name (``"Developers"``), looked up once per client."""

    __slots__ = ()
    path = "/groups"
    item = "id"
    model = UserGroup
    resolvers = {"id": group_id}
