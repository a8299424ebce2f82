"""``yt.admin``: project administration and installation settings.

``yt.admin.projects`` creates, changes and deletes projects and manages their custom
fields, issues and time tracking; ``yt.admin.global_settings``,
``.database_backup``, ``.telemetry`` and ``.time_tracking`` are the installation's
settings (see :mod:`.settings`). Reading projects for everyday use is ``yt.projects``.
``project_id`` is a project's entity id or short name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from typing_extensions import TypeVar

from .._constants import DEFAULT_PAGE_SIZE
from .._pagination import Pager
from ..models.custom_fields import ProjectCustomField
from ..models.issues import Issue
from ..models.projects import Project
from ..models.time_tracking import ProjectTimeTrackingSettings
from ..models.work_items import WorkItemType
from ._base import Params, Resource, at, default_model, route
from ._common import check_text
from ._field_types import dates_step
from .settings import (
    DatabaseBackupResource,
    GlobalSettingsResource,
    OwnedSettings,
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

FieldT = TypeVar("FieldT", default=ProjectCustomField)
IssueT = TypeVar("IssueT", default=Issue)
ProjectT = TypeVar("ProjectT", default=Project)
TypeT = TypeVar("TypeT", default=WorkItemType)

_FIELDS = "admin/projects/{}/customFields"
_ISSUES = "admin/projects/{}/issues"
_TYPES = "admin/projects/{}/timeTrackingSettings/workItemTypes"


class ProjectCustomFields(Resource):
    """A project's custom-field settings (attaching a global field to the project)."""

    __slots__ = ()

    @route("GET", "/admin/projects/{id}/customFields")
    def list(
        self,
        project_id: str,
        *,
        model: type[FieldT] = default_model(FieldT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
        params: Params | None = None,
    ) -> Pager[FieldT]:
        """The fields a project uses, with its settings of each."""
        path = at(_FIELDS, project_id=project_id)
        return self._pager(path, model, page_size=page_size, limit=limit, params=params)

    @route("GET", "/admin/projects/{id}/customFields/{projectCustomFieldId}")
    async def get(
        self,
        project_id: str,
        field_id: str,
        *,
        model: type[FieldT] = default_model(FieldT),
        params: Params | None = None,
    ) -> FieldT:
        """A project's settings of one field."""
        path = at(_FIELDS + "/{}", project_id=project_id, field_id=field_id)
        return await self._call("GET", path, model=model, params=params)

    @route("POST", "/admin/projects/{id}/customFields")
    async def create(
        self,
        project_id: str,
        *,
        body: Any,
        model: type[FieldT] = default_model(FieldT),
        params: Params | None = None,
    ) -> FieldT:
        """Attach a global field to the project: ``body`` such as ``{"field": {"id":
        ...}, "$type": "EnumProjectCustomField"}``."""
        path = at(_FIELDS, project_id=project_id)
        return await self._call("POST", path, body=body, model=model, params=params)

    @route("POST", "/admin/projects/{id}/customFields/{projectCustomFieldId}")
    async def update(
        self,
        project_id: str,
        field_id: str,
        *,
        body: Any,
        model: type[FieldT] = default_model(FieldT),
        params: Params | None = None,
    ) -> FieldT:
        """Change the project's settings of a field (attributes in ``body``)."""
        path = at(_FIELDS + "/{}", project_id=project_id, field_id=field_id)
        return await self._call("POST", path, body=body, model=model, params=params)

    @route("DELETE", "/admin/projects/{id}/customFields/{projectCustomFieldId}")
    async def delete(self, project_id: str, field_id: str, *, params: Params | None = None) -> None:
        """Detach a field from the project."""
        path = at(_FIELDS + "/{}", project_id=project_id, field_id=field_id)
        await self._call("DELETE", path, params=params)


class ProjectIssues(Resource):
    """The issues of a project, through the project. Everyday issue work is
    ``yt.issues``."""

    __slots__ = ()

    @route("GET", "/admin/projects/{id}/issues")
    def list(
        self,
        project_id: str,
        *,
        model: type[IssueT] = default_model(IssueT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
        params: Params | None = None,
    ) -> Pager[IssueT]:
        """The issues of the project."""
        path = at(_ISSUES, project_id=project_id)
        dates = dates_step(self._yt, model)
        return self._pager(path, model, page_size=page_size, limit=limit, params=params, then=dates)

    @route("GET", "/admin/projects/{id}/issues/{issueId}")
    async def get(
        self,
        project_id: str,
        issue_id: str,
        *,
        model: type[IssueT] = default_model(IssueT),
        params: Params | None = None,
    ) -> IssueT:
        """One issue of the project."""
        path = at(_ISSUES + "/{}", project_id=project_id, issue_id=issue_id)
        dates = dates_step(self._yt, model)
        return await self._call("GET", path, model=model, params=params, then=dates)

    @route("POST", "/admin/projects/{id}/issues")
    async def create(
        self,
        project_id: str,
        *,
        body: Any,
        model: type[IssueT] = default_model(IssueT),
        params: Params | None = None,
        notify: bool = True,
    ) -> IssueT:
        """Create an issue in the project from ``body`` (a model instance or a JSON
        mapping); ``notify=False`` mutes notifications. Never retried once sent."""
        path = at(_ISSUES, project_id=project_id)
        dates = dates_step(self._yt, model)
        return await self._call(
            "POST", path, body=body, model=model, params=params, notify=notify, then=dates
        )

    @route("POST", "/admin/projects/{id}/issues/{issueId}")
    async def update(
        self,
        project_id: str,
        issue_id: str,
        *,
        body: Any,
        model: type[IssueT] = default_model(IssueT),
        params: Params | None = None,
        notify: bool = True,
    ) -> IssueT:
        """Send the attributes in ``body`` (others stay as they are); ``notify=False``
        mutes notifications."""
        path = at(_ISSUES + "/{}", project_id=project_id, issue_id=issue_id)
        dates = dates_step(self._yt, model)
        return await self._call(
            "POST", path, body=body, model=model, params=params, notify=notify, then=dates
        )

    @route("DELETE", "/admin/projects/{id}/issues/{issueId}")
    async def delete(self, project_id: str, issue_id: str, *, params: Params | None = None) -> None:
        """Delete an issue of the project."""
        path = at(_ISSUES + "/{}", project_id=project_id, issue_id=issue_id)
        await self._call("DELETE", path, params=params)


class ProjectTimeTracking(OwnedSettings[ProjectTimeTrackingSettings]):
    """Whether a project tracks time, and its fields: ``get(project_id)``,
    ``update(project_id, body=...)``."""

    __slots__ = ()
    path = "/admin/projects/{id}/timeTrackingSettings"
    model = ProjectTimeTrackingSettings


class ProjectWorkItemTypes(Resource):
    """Work item types a project uses."""

    __slots__ = ()

    @route("GET", "/admin/projects/{id}/timeTrackingSettings/workItemTypes")
    def list(
        self,
        project_id: str,
        *,
        model: type[TypeT] = default_model(TypeT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
        params: Params | None = None,
    ) -> Pager[TypeT]:
        """The work item types the project uses."""
        path = at(_TYPES, project_id=project_id)
        return self._pager(path, model, page_size=page_size, limit=limit, params=params)

    @route("GET", "/admin/projects/{id}/timeTrackingSettings/workItemTypes/{workItemTypeId}")
    async def get(
        self,
        project_id: str,
        type_id: str,
        *,
        model: type[TypeT] = default_model(TypeT),
        params: Params | None = None,
    ) -> TypeT:
        """One work item type of the project."""
        path = at(_TYPES + "/{}", project_id=project_id, type_id=type_id)
        return await self._call("GET", path, model=model, params=params)

    @route("POST", "/admin/projects/{id}/timeTrackingSettings/workItemTypes")
    async def add(
        self,
        project_id: str,
        type_id: str,
        *,
        model: type[TypeT] = default_model(TypeT),
        params: Params | None = None,
    ) -> TypeT:
        """Let the project use an existing work item type (by its id)."""
        path = at(_TYPES, project_id=project_id)
        body = {"id": check_text("type_id", type_id)}
        return await self._call("POST", path, json=body, model=model, params=params)

    @route("DELETE", "/admin/projects/{id}/timeTrackingSettings/workItemTypes/{workItemTypeId}")
    async def remove(self, project_id: str, type_id: str, *, params: Params | None = None) -> None:
        """Stop the project using a work item type (it still exists)."""
        path = at(_TYPES + "/{}", project_id=project_id, type_id=type_id)
        await self._call("DELETE", path, params=params)


class ProjectAdminResource(Resource):
    """Projects as an administrator sees them (``/api/admin/projects``), with
    ``.custom_fields``, ``.issues``, ``.time_tracking`` and ``.work_item_types``."""

    __slots__ = ("custom_fields", "issues", "time_tracking", "work_item_types")

    def __init__(self, client: YouTrack) -> None:
        super().__init__(client)
        self.custom_fields = ProjectCustomFields(client)
        self.issues = ProjectIssues(client)
        self.time_tracking = ProjectTimeTracking(client)
        self.work_item_types = ProjectWorkItemTypes(client)

    @route("GET", "/admin/projects")
    def list(
        self,
        *,
        model: type[ProjectT] = default_model(ProjectT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
        params: Params | None = None,
    ) -> Pager[ProjectT]:
        """Every project."""
        path = at("admin/projects")
        return self._pager(path, model, page_size=page_size, limit=limit, params=params)

    @route("GET", "/admin/projects/{id}")
    async def get(
        self,
        project_id: str,
        *,
        model: type[ProjectT] = default_model(ProjectT),
        params: Params | None = None,
    ) -> ProjectT:
        """One project."""
        path = at("admin/projects/{}", project_id=project_id)
        return await self._call("GET", path, model=model, params=params)

    @route("POST", "/admin/projects")
    async def create(
        self,
        *,
        body: Any,
        model: type[ProjectT] = default_model(ProjectT),
        params: Params | None = None,
    ) -> ProjectT:
        """Create a project from ``body`` (``params={"template": ...}`` picks a
        template). Never retried once sent."""
        return await self._call("POST", at("admin/projects"), body=body, model=model, params=params)

    @route("POST", "/admin/projects/{id}")
    async def update(
        self,
        project_id: str,
        *,
        body: Any,
        model: type[ProjectT] = default_model(ProjectT),
        params: Params | None = None,
    ) -> ProjectT:
        """Send the attributes in ``body`` (others stay as they are); returns the project."""
        path = at("admin/projects/{}", project_id=project_id)
        return await self._call("POST", path, body=body, model=model, params=params)

    @route("DELETE", "/admin/projects/{id}")
    async def delete(self, project_id: str, *, params: Params | None = None) -> None:
        """Delete a project and its issues."""
        await self._call("DELETE", at("admin/projects/{}", project_id=project_id), params=params)


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
