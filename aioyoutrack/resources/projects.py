"""``yt.projects``: projects by id or short name, and their custom-field schema."""

from __future__ import annotations

import builtins
import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, overload

from .._constants import DEFAULT_PAGE_SIZE
from .._pagination import Pager
from ..models.custom_fields import ProjectCustomField
from ..models.projects import Project
from ._base import Resource, api_path, route
from ._common import (
    M,
    check_flag,
    check_ids,
    check_model,
    check_text,
    list_pager,
    map_ordered,
)

if TYPE_CHECKING:
    pass

__all__ = ["ProjectsResource"]


class ProjectsResource(Resource):
    """YouTrack projects (``/api/admin/projects``), readable by every project member.

    Its :meth:`custom_fields` reads the client's cache of project custom-field schemas
    (``yt._schemas``), which writes by field name
    (``yt.issues.create(..., fields={"Priority": "Critical"})``) rely on.
    """

    __slots__ = ()

    @overload
    def list(
        self, *, page_size: int = DEFAULT_PAGE_SIZE, limit: int | None = None
    ) -> Pager[Project]: ...
    @overload
    def list(
        self, *, model: type[M], page_size: int = DEFAULT_PAGE_SIZE, limit: int | None = None
    ) -> Pager[M]: ...

    @route("GET", "/admin/projects")
    def list(
        self, *, model: Any = Project, page_size: int = DEFAULT_PAGE_SIZE, limit: int | None = None
    ) -> Pager[Any]:
        """Every project the token's user can see (``await`` it for a list)."""
        return list_pager(self._yt, "api/admin/projects", model, page_size=page_size, limit=limit)

    @overload
    async def get(self, id_or_short_name: str) -> Project: ...
    @overload
    async def get(self, id_or_short_name: str, *, model: type[M]) -> M: ...

    @route("GET", "/admin/projects/{id}")
    async def get(self, id_or_short_name: str, *, model: Any = Project) -> Any:
        """A project by entity id (``"0-0"``) or short name (``"SP"``).

        Raises :class:`~aioyoutrack.errors.NotFoundError` when there is no such project
        (or :class:`~aioyoutrack.errors.PermissionDeniedError` when it is not visible).
        """
        check_model(model)
        check_text("id_or_short_name", id_or_short_name)
        return await self._fetch_one(id_or_short_name, model=model)

    async def _fetch_one(self, key: str, *, model: Any) -> Any:
        # get() and get_many() once their arguments are checked.
        return await self._yt.request("GET", api_path("admin/projects/{}", key), model=model)

    @overload
    async def get_many(self, ids: Iterable[str]) -> builtins.list[Project]: ...
    @overload
    async def get_many(self, ids: Iterable[str], *, model: type[M]) -> builtins.list[M]: ...

    @route("GET", "/admin/projects/{id}")
    async def get_many(self, ids: Iterable[str], *, model: Any = Project) -> builtins.list[Any]:
        """Projects by id or short name, fetched concurrently, in the order given.

        The client's ``max_concurrency`` bounds the requests in flight. The first error
        cancels the fetches still running and propagates.
        """
        check_model(model)
        keys = check_ids("ids", ids)
        one = functools.partial(self._fetch_one, model=model)
        return await map_ordered(one, keys, limit=self._yt.max_concurrency)

    @route("GET", "/admin/projects/{id}")
    @route("GET", "/admin/projects/{id}/customFields")
    async def custom_fields(
        self, project: str, *, refresh: bool = False
    ) -> builtins.list[ProjectCustomField]:
        """The project's custom-field settings (``ProjectCustomField`` subclasses).

        This is the schema writes by field name are checked and encoded against. It is
        fetched once per project and client (``project`` by id or short name; both name
        the same cache entry) and kept; ``refresh=True`` fetches it again, e.g. after an
        administrator changed the project's fields. Concurrent first calls share one
        fetch.
        """
        check_text("project", project)
        check_flag("refresh", refresh)
        schema = await self._yt._schemas.get(project, refresh=refresh)
        return builtins.list(schema.fields)
