"""Smaller sub-resources of an issue: ``yt.issues.vcs_changes``, ``.project``,
``.sprints``, ``.time_tracking`` and ``.reactions`` (on its comments)."""

from __future__ import annotations

from typing import Any, overload

from ..models.activities import VcsChange
from ..models.agiles import Sprint
from ..models.projects import Project
from ..models.time_tracking import IssueTimeTracker
from ._base import route
from ._common import M
from ._generic import (
    CreateOp,
    DeleteOp,
    GetOp,
    ListOp,
    Params,
    ReadOp,
    UpdateOp,
    WriteOp,
    pick_model,
)
from ._values import project_id

__all__ = ["IssueProjectResource", "IssueSprints", "IssueTimeTracking", "IssueVcsChanges"]


class IssueVcsChanges(
    ListOp[VcsChange],
    GetOp[VcsChange],
    CreateOp[VcsChange],
    UpdateOp[VcsChange],
    DeleteOp[VcsChange],
):
    """Commits and pull requests linked to an issue (``/api/issues/{id}/vcsChanges``):
    ``list(issue_id)``, ``get(issue_id, change_id)``, ``create(issue_id, body=...)``,
    ``update(issue_id, change_id, body=...)``, ``delete(issue_id, change_id)``."""

    __slots__ = ()
    path = "/issues/{id}/vcsChanges"
    item = "vcsChangeId"
    model = VcsChange


class IssueSprints(ListOp[Sprint]):
    """The sprints an issue is on: ``list(issue_id)``."""

    __slots__ = ()
    path = "/issues/{id}/sprints"
    model = Sprint


class IssueTimeTracking(ReadOp[IssueTimeTracker]):
    """An issue's time tracking (enabled?, work items): ``get(issue_id)``."""

    __slots__ = ()
    path = "/issues/{id}/timeTracking"
    model = IssueTimeTracker


class IssueProjectResource(ReadOp[Project], WriteOp[Project]):
    """The project of an issue: ``get(issue_id)``, :meth:`move`, and
    ``update(issue_id, body=...)`` (the raw form of a move)."""

    __slots__ = ()
    path = "/issues/{id}/project"
    model = Project

    @overload
    async def move(
        self,
        issue_id: str,
        project: str | Project,
        *,
        params: Params | None = None,
        notify: bool = True,
    ) -> Project: ...
    @overload
    async def move(
        self,
        issue_id: str,
        project: str | Project,
        *,
        model: type[M],
        params: Params | None = None,
        notify: bool = True,
    ) -> M: ...

    @route("POST", "/issues/{id}/project")
    async def move(
        self,
        issue_id: str,
        project: str | Project,
        *,
        model: Any = None,
        params: Params | None = None,
        notify: bool = True,
    ) -> Any:
        """Move an issue to ``project`` (entity id, short name or :class:`Project`); it
        gets a new readable id there. Returns the project."""
        chosen = pick_model(model, Project)
        path = self._path((issue_id,), False, "move")
        params = self._notify(params, notify, False)
        body = {"id": await project_id(self._yt, project)}
        return await self._yt.request("POST", path, params=params, json=body, model=chosen)
