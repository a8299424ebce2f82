"""``yt.groups``: user groups (read-only in YouTrack before 2026.1)."""

from __future__ import annotations

from typing_extensions import TypeVar

from .._constants import DEFAULT_PAGE_SIZE
from .._pagination import Pager
from ..models.users import UserGroup
from ._base import Params, Resource, at, default_model, route
from ._names import group_id as group_ref
from ._names import named

__all__ = ["GroupsResource"]

GroupT = TypeVar("GroupT", default=UserGroup)


class GroupsResource(Resource):
    """User groups (``/api/groups``); a group is its id (``"3-1"``) or its name
    (``"Developers"``), looked up once per client."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<GroupsResource /groups>"

    @route("GET", "/groups")
    def list(
        self,
        *,
        model: type[GroupT] = default_model(GroupT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
        params: Params | None = None,
    ) -> Pager[GroupT]:
        """Every user group the token's user may see."""
        return self._pager(at("groups"), model, page_size=page_size, limit=limit, params=params)

    @route("GET", "/groups/{id}")
    async def get(
        self,
        group_id: str,
        *,
        model: type[GroupT] = default_model(GroupT),
        params: Params | None = None,
    ) -> GroupT:
        """One group by id or name."""
        path = at("groups/{}", group_id=named(group_ref, "group_id", group_id))
        return await self._call("GET", path, model=model, params=params)
