"""``yt.projects``: projects by id or short name, and their custom-field schema."""

from __future__ import annotations

import builtins
import functools
from collections.abc import Awaitable, Iterable

from typing_extensions import TypeVar

from .._constants import DEFAULT_PAGE_SIZE
from .._pagination import Pager
from ..models.custom_fields import ProjectCustomField
from ..models.projects import Project
from ._base import Resource, api_path, at, default_model, route
from ._common import check_flag, check_ids, check_text, map_ordered

__all__ = ["ProjectsResource"]

ProjectT = TypeVar("ProjectT", default=Project)


class ProjectsResource(Resource):
    """YouTrack projects (``/api/admin/projects``), readable by every project member.

    Its :meth:`custom_fields` reads the client's cache of project custom-field schemas
    (``yt._schemas``), which writes by field name
    (``yt.issues.create(..., fields={"Priority": "Critical"})``) rely on.
    """

    __slots__ = ()

    @route("GET", "/admin/projects")
    def list(
        self,
        *,
        model: type[ProjectT] = default_model(ProjectT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[ProjectT]:
        """Every project the token's user can see (``await`` it for a list)."""
        return self._pager("api/admin/projects", model, page_size=page_size, limit=limit)

    @route("GET", "/admin/projects/{id}")
    async def get(
        self, id_or_short_name: str, *, model: type[ProjectT] = default_model(ProjectT)
    ) -> ProjectT:
        """A project by entity id (``"0-0"``) or short name (``"SP"``).

        Raises :class:`~aioyoutrack.errors.NotFoundError` when there is no such project
        (or :class:`~aioyoutrack.errors.PermissionDeniedError` when it is not visible).
        """
        path = at("admin/projects/{}", id_or_short_name=id_or_short_name)
        return await self._call("GET", path, model=model)

    @route("GET", "/admin/projects/{id}")
    async def get_many(
        self, ids: Iterable[str], *, model: type[ProjectT] = default_model(ProjectT)
    ) -> builtins.list[ProjectT]:
        """Projects by id or short name, fetched concurrently, in the order given.

        The client's ``max_concurrency`` bounds the requests in flight. The first error
        cancels the fetches still running and propagates.
        """
        self._check(model)
        keys = check_ids("ids", ids)
        # Checked once above, so each fetch skips _call's per-call steps and goes
        # straight to the client: the hot path of the get_many benchmark (issue 26).
        request = functools.partial(self._yt.request, "GET", model=model)

        def one(key: str) -> Awaitable[ProjectT]:
            # The request's own coroutine, not one around it: one frame less per wait.
            found: Awaitable[ProjectT] = request(api_path("admin/projects/{}", key))
            return found

        return await map_ordered(one, keys, limit=self._yt.max_concurrency)

    @route("GET", "/admin/projects/{id}")
    @route("GET", "/admin/projects/{id}/customFields")
    async def custom_fields(
        self, project: str, *, refresh: bool = False
    ) -> builtins.list[ProjectCustomField]:
        """The project's custom-field settings (``ProjectCustomField`` subclasses).

        This is the schema writes by field name are checked and encoded against. It is
        fetched once per project and client (``project`` by id or short name; both name
        the same cache entry once either has been loaded) and kept; ``refresh=True``
        fetches it again, e.g. after an administrator changed the project's fields.
        Concurrent first calls naming the project alike share one fetch; first calls
        naming it by id and by short name at once may each fetch it, since which project
        a name means is known only from the answer.
        """
        check_text("project", project)
        check_flag("refresh", refresh)
        schema = await self._yt._schemas.get(project, refresh=refresh)
        return builtins.list(schema.fields)
