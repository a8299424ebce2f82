"""``yt.users``: the current user, users by id or login, and the user list."""

from __future__ import annotations

from typing import Any, overload

from .._constants import DEFAULT_PAGE_SIZE
from .._pagination import Pager
from ..models.tags import Tag
from ..models.users import Me, User
from ._base import Resource, api_path, route
from ._common import M, check_model, check_text, list_pager

__all__ = ["UsersResource"]


class UsersResource(Resource):
    """YouTrack users (``/api/users``): read-only profiles.

    Accounts, groups and credentials are managed in Hub before YouTrack 2026.1; this
    resource reads what YouTrack shows of them.
    """

    __slots__ = ()

    @overload
    async def me(self) -> Me: ...
    @overload
    async def me(self, *, model: type[M]) -> M: ...

    @route("GET", "/users/me")
    async def me(self, *, model: Any = Me) -> Any:
        """The user the token belongs to (``GET /api/users/me``)."""
        check_model(model)
        return await self._yt.request("GET", "api/users/me", model=model)

    @overload
    async def get(self, id_or_login: str) -> User: ...
    @overload
    async def get(self, id_or_login: str, *, model: type[M]) -> M: ...

    @route("GET", "/users/{id}")
    async def get(self, id_or_login: str, *, model: Any = User) -> Any:
        """A user by entity id (``"1-3"``) or login (``"jane.doe"``).

        Raises :class:`~aioyoutrack.errors.NotFoundError` when there is no such user.
        """
        check_model(model)
        check_text("id_or_login", id_or_login)
        return await self._yt.request("GET", api_path("users/{}", id_or_login), model=model)

    @overload
    def list(
        self,
        query: str | None = None,
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[User]: ...
    @overload
    def list(
        self,
        query: str | None = None,
        *,
        model: type[M],
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[M]: ...

    @route("GET", "/users")
    def list(
        self,
        query: str | None = None,
        *,
        model: Any = User,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[Any]:
        """Every user account, page by page (``async for`` or ``await`` for a list).

        ``query`` filters by login, name or email on servers that support it (the
        parameter is not in the 2025.3 spec; older servers ignore it).
        """
        params = {} if query is None else {"query": check_text("query", query)}
        return list_pager(
            self._yt, "api/users", model, params=params, page_size=page_size, limit=limit
        )

    @overload
    def tags(
        self, user: str, *, page_size: int = DEFAULT_PAGE_SIZE, limit: int | None = None
    ) -> Pager[Tag]: ...
    @overload
    def tags(
        self,
        user: str,
        *,
        model: type[M],
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[M]: ...

    @route("GET", "/users/{id}/tags")
    def tags(
        self,
        user: str,
        *,
        model: Any = Tag,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[Any]:
        """The tags a user owns, as a Pager; ``user`` is an entity id (``"1-3"``), a
        login (``"jane.doe"``) or ``"me"``, as for :meth:`get`."""
        path = api_path("users/{}/tags", check_text("user", user))
        return list_pager(self._yt, path, model, page_size=page_size, limit=limit)
