"""Smaller sub-resources of an issue: ``yt.issues.vcs_changes``, ``.project``,
``.sprints`` and ``.time_tracking``.

Each method takes ``params=`` for query parameters the spec offers beyond ``fields``;
a ``body`` is a model instance (unset attributes left out) or a JSON mapping with
YouTrack's camelCase keys, sent as is.
"""

from __future__ import annotations

from typing_extensions import TypeVar

from .._constants import DEFAULT_PAGE_SIZE
from .._pagination import Pager
from ..models.activities import VcsChange
from ..models.agiles import Sprint
from ..models.projects import Project
from ..models.time_tracking import IssueTimeTracker
from ._base import Params, Resource, at, default_model, route
from ._common import Body, check_flag
from ._values import project_id

__all__ = ["IssueProjectResource", "IssueSprints", "IssueTimeTracking", "IssueVcsChanges"]

VcsChangeT = TypeVar("VcsChangeT", default=VcsChange)
SprintT = TypeVar("SprintT", default=Sprint)
TrackerT = TypeVar("TrackerT", default=IssueTimeTracker)
ProjectT = TypeVar("ProjectT", default=Project)


class IssueVcsChanges(Resource):
    """Commits and pull requests linked to an issue (``/api/issues/{id}/vcsChanges``):
    ``list(issue_id)``, ``get(issue_id, change_id)``, ``create(issue_id, body=...)``,
    ``update(issue_id, change_id, body=...)``, ``delete(issue_id, change_id)``."""

    __slots__ = ()

    @route("GET", "/issues/{id}/vcsChanges")
    def list(
        self,
        issue_id: str,
        *,
        model: type[VcsChangeT] = default_model(VcsChangeT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
        params: Params | None = None,
    ) -> Pager[VcsChangeT]:
        """The VCS changes linked to the issue, paged with ``$skip``/``$top``."""
        path = at("issues/{}/vcsChanges", issue_id=issue_id)
        return self._pager(path, model, page_size=page_size, limit=limit, params=params)

    @route("GET", "/issues/{id}/vcsChanges/{vcsChangeId}")
    async def get(
        self,
        issue_id: str,
        change_id: str,
        *,
        model: type[VcsChangeT] = default_model(VcsChangeT),
        params: Params | None = None,
    ) -> VcsChangeT:
        """One VCS change of the issue. Raises ``NotFoundError`` if absent."""
        path = at("issues/{}/vcsChanges/{}", issue_id=issue_id, change_id=change_id)
        return await self._call("GET", path, model=model, params=params)

    @route("POST", "/issues/{id}/vcsChanges")
    async def create(
        self,
        issue_id: str,
        *,
        body: Body,
        model: type[VcsChangeT] = default_model(VcsChangeT),
        params: Params | None = None,
        notify: bool = True,
    ) -> VcsChangeT:
        """Link a VCS change from ``body`` and return it as the server stored it. Never
        retried once sent."""
        path = at("issues/{}/vcsChanges", issue_id=issue_id)
        return await self._call("POST", path, body=body, model=model, params=params, notify=notify)

    @route("POST", "/issues/{id}/vcsChanges/{vcsChangeId}")
    async def update(
        self,
        issue_id: str,
        change_id: str,
        *,
        body: Body,
        model: type[VcsChangeT] = default_model(VcsChangeT),
        params: Params | None = None,
        notify: bool = True,
    ) -> VcsChangeT:
        """Send the attributes in ``body`` (others stay as they are); returns the change."""
        path = at("issues/{}/vcsChanges/{}", issue_id=issue_id, change_id=change_id)
        return await self._call("POST", path, body=body, model=model, params=params, notify=notify)

    @route("DELETE", "/issues/{id}/vcsChanges/{vcsChangeId}")
    async def delete(self, issue_id: str, change_id: str, *, params: Params | None = None) -> None:
        """Unlink a VCS change from the issue."""
        path = at("issues/{}/vcsChanges/{}", issue_id=issue_id, change_id=change_id)
        await self._call("DELETE", path, params=params)


class IssueSprints(Resource):
    """The sprints an issue is on: ``list(issue_id)``."""

    __slots__ = ()

    @route("GET", "/issues/{id}/sprints")
    def list(
        self,
        issue_id: str,
        *,
        model: type[SprintT] = default_model(SprintT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
        params: Params | None = None,
    ) -> Pager[SprintT]:
        """The sprints the issue is on, paged with ``$skip``/``$top``."""
        path = at("issues/{}/sprints", issue_id=issue_id)
        return self._pager(path, model, page_size=page_size, limit=limit, params=params)


class IssueTimeTracking(Resource):
    """An issue's time tracking (enabled?, work items): ``get(issue_id)``."""

    __slots__ = ()

    @route("GET", "/issues/{id}/timeTracking")
    async def get(
        self,
        issue_id: str,
        *,
        model: type[TrackerT] = default_model(TrackerT),
        params: Params | None = None,
    ) -> TrackerT:
        """The issue's time tracking: whether it is enabled, and its work items."""
        path = at("issues/{}/timeTracking", issue_id=issue_id)
        return await self._call("GET", path, model=model, params=params)


class IssueProjectResource(Resource):
    """The project of an issue: ``get(issue_id)``, :meth:`move`, and
    ``update(issue_id, body=...)`` (the raw form of a move)."""

    __slots__ = ()

    @route("GET", "/issues/{id}/project")
    async def get(
        self,
        issue_id: str,
        *,
        model: type[ProjectT] = default_model(ProjectT),
        params: Params | None = None,
    ) -> ProjectT:
        """The project the issue is in."""
        path = at("issues/{}/project", issue_id=issue_id)
        return await self._call("GET", path, model=model, params=params)

    @route("POST", "/issues/{id}/project")
    async def update(
        self,
        issue_id: str,
        *,
        body: Body,
        model: type[ProjectT] = default_model(ProjectT),
        params: Params | None = None,
        notify: bool = True,
    ) -> ProjectT:
        """Send ``body`` (``{"id": project_entity_id}``) to move the issue; returns the
        project. :meth:`move` takes a short name or a :class:`Project` instead."""
        path = at("issues/{}/project", issue_id=issue_id)
        return await self._call("POST", path, body=body, model=model, params=params, notify=notify)

    @route("POST", "/issues/{id}/project")
    async def move(
        self,
        issue_id: str,
        project: str | Project,
        *,
        model: type[ProjectT] = default_model(ProjectT),
        params: Params | None = None,
        notify: bool = True,
    ) -> ProjectT:
        """Move an issue to ``project`` (entity id, short name or :class:`Project`); it
        gets a new readable id there. Returns the project."""
        # Refused before the project's name is looked up: nothing is sent for a bad call.
        self._check(model, params=params)
        check_flag("notify", notify)
        at("issues/{}/project", issue_id=issue_id)
        body = {"id": await project_id(self._yt, project)}
        return await self.update(issue_id, body=body, model=model, params=params, notify=notify)
