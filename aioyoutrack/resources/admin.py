"""``yt.admin``: project administration and installation settings.

``yt.admin.projects`` creates, changes and deletes projects and manages their custom
fields, issues and time tracking; ``yt.admin.global_settings``,
``.database_backup``, ``.telemetry`` and ``.time_tracking`` are the installation's
settings (see :mod:`.settings`). Reading projects for everyday use is ``yt.projects``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models.custom_fields import ProjectCustomField
from ..models.issues import Issue
from ..models.projects import Project
from ..models.time_tracking import ProjectTimeTrackingSettings
from ..models.work_items import WorkItemType
from ._generic import (
    AddOp,
    CreateOp,
    DeleteOp,
    GetOp,
    ListOp,
    ReadOp,
    RemoveOp,
    UpdateOp,
    WriteOp,
)
from .settings import (
    DatabaseBackupResource,
    GlobalSettingsResource,
    TelemetryResource,
    TimeTrackingSettingsResource,
)

if TYPE_CHECKING:
    from .._client import YouTrack

__all__ = [
    "AdminResource",
    "ProjectAdminResource",
    "ProjectCustomFields",
    "ProjectIssues",
    "ProjectTimeTracking",
    "ProjectWorkItemTypes",
]


class ProjectCustomFields(
    ListOp[ProjectCustomField],
    GetOp[ProjectCustomField],
    CreateOp[ProjectCustomField],
    UpdateOp[ProjectCustomField],
    DeleteOp[ProjectCustomField],
):
    """A project's custom-field settings: ``list(project)``, ``get(project, id)``,
    ``create(project, body=...)`` (attach a global field: ``{"field": {"id": ...},
    "$type": "EnumProjectCustomField"}``), ``update(project, id, body=...)``,
    ``delete(project, id)`` (detach it)."""

    __slots__ = ()
    path = "/admin/projects/{id}/customFields"
    item = "projectCustomFieldId"
    model = ProjectCustomField


class ProjectIssues(ListOp[Issue], GetOp[Issue], CreateOp[Issue], UpdateOp[Issue], DeleteOp[Issue]):
    """The issues of a project, through the project: ``list(project)``, ``get(project,
    issue_id)``, ``create(project, body=...)``, ``update(project, issue_id, body=...)``,
    ``delete(project, issue_id)``. Everyday issue work is ``yt.issues``."""

    __slots__ = ()
    path = "/admin/projects/{id}/issues"
    item = "issueId"
    model = Issue


class ProjectTimeTracking(
    ReadOp[ProjectTimeTrackingSettings], WriteOp[ProjectTimeTrackingSettings]
):
    """Whether a project tracks time, and its fields: ``get(project)``,
    ``update(project, body=...)``."""

    __slots__ = ()
    path = "/admin/projects/{id}/timeTrackingSettings"
    model = ProjectTimeTrackingSettings


class ProjectWorkItemTypes(
    ListOp[WorkItemType], GetOp[WorkItemType], AddOp[WorkItemType], RemoveOp[WorkItemType]
):
    """Work item types a project uses: ``list(project)``, ``add(project, type_id)``,
    ``remove(project, type_id)``."""

    __slots__ = ()
    path = "/admin/projects/{id}/timeTrackingSettings/workItemTypes"
    item = "workItemTypeId"
    model = WorkItemType


class ProjectAdminResource(
    ListOp[Project], GetOp[Project], CreateOp[Project], UpdateOp[Project], DeleteOp[Project]
):
    """Projects as an administrator sees them (``/api/admin/projects``): ``list()``,
    ``get(project)``, ``create(body=..., params={"template": ...})``,
    ``update(project, body=...)``, ``delete(project)``; ``.custom_fields``, ``.issues``,
    ``.time_tracking``, ``.work_item_types``. ``project`` is an entity id or short name.
    """

    __slots__ = ("custom_fields", "issues", "time_tracking", "work_item_types")
    path = "/admin/projects"
    item = "id"
    model = Project

    def __init__(self, client: YouTrack) -> None:
        super().__init__(client)
        self.custom_fields = ProjectCustomFields(client)
        self.issues = ProjectIssues(client)
        self.time_tracking = ProjectTimeTracking(client)
        self.work_item_types = ProjectWorkItemTypes(client)


class AdminResource:
    """Administration: ``.projects``, ``.global_settings``, ``.database_backup``,
    ``.telemetry``, ``.time_tracking``."""

    __slots__ = ("database_backup", "global_settings", "projects", "telemetry", "time_tracking")

    def __init__(self, client: YouTrack) -> None:
        #: Projects: create, change, delete, and their fields, issues and time tracking.
        self.projects = ProjectAdminResource(client)
        #: Global settings.
        self.global_settings = GlobalSettingsResource(client)
        #: Database backups.
        self.database_backup = DatabaseBackupResource(client)
        #: Installation health.
        self.telemetry = TelemetryResource(client)
        #: Time tracking: work item types and the working week.
        self.time_tracking = TimeTrackingSettingsResource(client)

    def __repr__(self) -> str:
        return "<AdminResource>"
