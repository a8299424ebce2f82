"""``yt.users``: the current user, users by id or login, and the user list."""

from __future__ import annotations

from typing_extensions import TypeVar

from .._constants import DEFAULT_PAGE_SIZE
from .._pagination import Pager
from ..models.tags import Tag
from ..models.users import Me, User
from ._base import Resource, at, default_model, route
from ._common import check_text

__all__ = ["UsersResource"]

MeT = TypeVar("MeT", default=Me)
UserT = TypeVar("UserT", default=User)
TagT = TypeVar("TagT", default=Tag)


class UsersResource(Resource):
    """YouTrack users (``/api/users``): read-only profiles.

    Accounts, groups and credentials are managed in Hub before YouTrack 2026.1; this
    resource reads what YouTrack shows of them.
    """

    __slots__ = ()

    @route("GET", "/users/me")
    async def me(self, *, model: type[MeT] = default_model(MeT)) -> MeT:
        """The user the token belongs to (``GET /api/users/me``)."""
        return await self._call("GET", at("users/me"), model=model)

    @route("GET", "/users/{id}")
    async def get(self, id_or_login: str, *, model: type[UserT] = default_model(UserT)) -> UserT:
        """A user by entity id (``"1-3"``) or login (``"jane.doe"``).

        Raises :class:`~aioyoutrack.errors.NotFoundError` when there is no such user.
        """
        return await self._call("GET", at("users/{}", id_or_login=id_or_login), model=model)

    @route("GET", "/users")
    def list(
        self,
        query: str | None = None,
        *,
        model: type[UserT] = default_model(UserT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[UserT]:
        """Every user account, page by page (``async for`` or ``await`` for a list).

        ``query`` filters by login, name or email on servers that support it (the
        parameter is not in the 2025.3 spec; older servers ignore it).
        """
        params = {} if query is None else {"query": check_text("query", query)}
        return self._pager(at("users"), model, params=params, page_size=page_size, limit=limit)

    @route("GET", "/users/{id}/tags")
    def tags(
        self,
        user: str,
        *,
        model: type[TagT] = default_model(TagT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[TagT]:
        """The tags a user owns, as a Pager; ``user`` is an entity id (``"1-3"``), a
        login (``"jane.doe"``) or ``"me"``, as for :meth:`get`."""
        return self._pager(at("users/{}/tags", user=user), model, page_size=page_size, limit=limit)
