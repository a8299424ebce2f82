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
    gather_ordered,
    list_pager,
    map_ordered,
)
from ._schema_cache import ProjectSchema, SchemaCache

if TYPE_CHECKING:
    from .._client import YouTrack

__all__ = ["ProjectsResource"]


class ProjectsResource(Resource):
    """YouTrack projects (``/api/admin/projects``), readable by every project member.

    Also keeps this client's cache of project custom-field schemas, which writes by
    field name (``yt.issues.create(..., fields={"Priority": "Critical"})``) rely on.
    """

    __slots__ = ("_schemas", "_unreadable")

    def __init__(self, client: YouTrack) -> None:
        super().__init__(client)
        self._schemas = SchemaCache(self._load_schema)
        #: Projects (casefolded id or short name) whose schema this client may not read:
        #: issues of theirs are not typed from it, and it is not asked for again.
        self._unreadable: set[str] = set()

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
        schema = await self._schemas.get(project, refresh=refresh)
        return builtins.list(schema.fields)

    async def _schema_for(self, project: str, *, refresh: bool = False) -> ProjectSchema:
        """The cached project + fields (used by the issue resources)."""
        check_text("project", project)
        return await self._schemas.get(project, refresh=refresh)

    def _cached_schema(self, project: str) -> ProjectSchema | None:
        return self._schemas.peek(project)

    async def _load_schema(self, project: str) -> ProjectSchema:
        head = self._yt.request(
            "GET",
            api_path("admin/projects/{}", project),
            params={"fields": "id,name,shortName"},
            model=Project,
        )
        pager = list_pager(
            self._yt, api_path("admin/projects/{}/customFields", project), ProjectCustomField
        )

        async def every_field() -> builtins.list[ProjectCustomField]:
            return await pager

        # Both reads at once: the project's entity id (write bodies need it) and fields.
        both: builtins.list[Any] = await gather_ordered([head, every_field()])
        found, settings = both
        return ProjectSchema(project=found, fields=tuple(settings))
