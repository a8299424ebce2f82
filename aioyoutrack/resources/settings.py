"""Installation settings (administration) and the generic classes of settings-like objects.

A settings object is one entity at a fixed path, read with ``get()`` and, where YouTrack
allows, changed with ``update(body=...)`` (a model instance or a JSON mapping;
attributes left out stay as they are). :class:`Settings`, :class:`EditableSettings` and
:class:`OwnedSettings` (one per user, project or field: ``get(owner_id)``) serve every
such object: a subclass names the spec path and the model, and its routes are recorded
when it is declared.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Generic, overload

from typing_extensions import TypeVar

from .._constants import DEFAULT_PAGE_SIZE
from .._pagination import Pager
from ..models.admin_settings import (
    AppearanceSettings,
    BackupFile,
    BackupStatus,
    DatabaseBackupSettings,
    GlobalSettings,
    License,
    LocaleSettings,
    NotificationSettings,
    RestCorsSettings,
    SystemSettings,
    Telemetry,
)
from ..models.time_tracking import GlobalTimeTrackingSettings, WorkTimeSettings
from ..models.work_items import WorkItemType
from ._base import ROUTES, Params, Resource, Route, at, default_model, route

if TYPE_CHECKING:
    from .._client import YouTrack

__all__ = [
    "AppearanceSettingsResource",
    "BackupFiles",
    "BackupStatusResource",
    "DatabaseBackupResource",
    "DatabaseBackupSettingsResource",
    "EditableSettings",
    "GlobalSettingsResource",
    "LicenseResource",
    "LocaleSettingsResource",
    "NotificationSettingsResource",
    "OwnedSettings",
    "RestSettingsResource",
    "Settings",
    "SystemSettingsResource",
    "TelemetryResource",
    "TimeTrackingSettingsResource",
    "WorkItemTypesResource",
    "WorkTimeSettingsResource",
]

S = TypeVar("S")
M = TypeVar("M")
BackupT = TypeVar("BackupT", default=BackupFile)
TypeT = TypeVar("TypeT", default=WorkItemType)

_GLOBAL = "/admin/globalSettings"


class _SettingsBase(Resource, Generic[S]):
    """A subclass sets ``path`` (the spec path) and ``model`` (the default result)."""

    __slots__ = ()
    path: ClassVar[str]
    model: ClassVar[type[Any]]
    #: The methods a subclass's routes are recorded for: (HTTP method, method name).
    _operations: ClassVar[tuple[tuple[str, str], ...]] = (("GET", "get"),)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "path" in cls.__dict__:
            for method, name in cls._operations:
                ROUTES.append(Route(method, cls.path, f"{cls.__qualname__}.{name}"))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.path}>"


class Settings(_SettingsBase[S]):
    """A read-only settings object: ``get()``."""

    __slots__ = ()

    @overload
    async def get(self, *, params: Params | None = None) -> S: ...
    @overload
    async def get(self, *, model: type[M], params: Params | None = None) -> M: ...

    async def get(self, *, model: type[Any] | None = None, params: Params | None = None) -> Any:
        """Read the object (into ``model``, default the library's)."""
        return await self._call("GET", at(self.path), model=model or self.model, params=params)


class EditableSettings(Settings[S]):
    """A settings object: ``get()`` and ``update(body=...)``."""

    __slots__ = ()
    _operations = (("GET", "get"), ("POST", "update"))

    @overload
    async def update(self, *, body: Any, params: Params | None = None) -> S: ...
    @overload
    async def update(self, *, body: Any, model: type[M], params: Params | None = None) -> M: ...

    async def update(
        self, *, body: Any, model: type[Any] | None = None, params: Params | None = None
    ) -> Any:
        """Send the attributes in ``body`` (others stay as they are); returns the object."""
        path = at(self.path)
        return await self._call("POST", path, body=body, model=model or self.model, params=params)


class OwnedSettings(_SettingsBase[S]):
    """A settings object of one user, project or field (``owner_id``, the path's id):
    ``get(owner_id)`` and ``update(owner_id, body=...)``."""

    __slots__ = ()
    _operations = (("GET", "get"), ("POST", "update"))

    @overload
    async def get(self, owner_id: str, *, params: Params | None = None) -> S: ...
    @overload
    async def get(self, owner_id: str, *, model: type[M], params: Params | None = None) -> M: ...

    async def get(
        self, owner_id: str, *, model: type[Any] | None = None, params: Params | None = None
    ) -> Any:
        """Read the object of ``owner_id``."""
        path = at(self.path, owner_id=owner_id)
        return await self._call("GET", path, model=model or self.model, params=params)

    @overload
    async def update(self, owner_id: str, *, body: Any, params: Params | None = None) -> S: ...
    @overload
    async def update(
        self, owner_id: str, *, body: Any, model: type[M], params: Params | None = None
    ) -> M: ...

    async def update(
        self,
        owner_id: str,
        *,
        body: Any,
        model: type[Any] | None = None,
        params: Params | None = None,
    ) -> Any:
        """Send the attributes in ``body`` (others stay as they are); returns the object."""
        path = at(self.path, owner_id=owner_id)
        return await self._call("POST", path, body=body, model=model or self.model, params=params)


class AppearanceSettingsResource(EditableSettings[AppearanceSettings]):
    """Default time zone, date format and logo."""

    __slots__ = ()
    path = f"{_GLOBAL}/appearanceSettings"
    model = AppearanceSettings


class LicenseResource(EditableSettings[License]):
    """The license (``update`` installs a new one)."""

    __slots__ = ()
    path = f"{_GLOBAL}/license"
    model = License


class LocaleSettingsResource(EditableSettings[LocaleSettings]):
    """The default language."""

    __slots__ = ()
    path = f"{_GLOBAL}/localeSettings"
    model = LocaleSettings


class NotificationSettingsResource(EditableSettings[NotificationSettings]):
    """Outgoing mail."""

    __slots__ = ()
    path = f"{_GLOBAL}/notificationSettings"
    model = NotificationSettings


class RestSettingsResource(EditableSettings[RestCorsSettings]):
    """Origins allowed to call the REST API from a browser (CORS)."""

    __slots__ = ()
    path = f"{_GLOBAL}/restSettings"
    model = RestCorsSettings


class SystemSettingsResource(EditableSettings[SystemSettings]):
    """Base URL, limits, administrator e-mail, read-only mode."""

    __slots__ = ()
    path = f"{_GLOBAL}/systemSettings"
    model = SystemSettings


class GlobalSettingsResource(EditableSettings[GlobalSettings]):
    """Every global setting at once (``get()``/``update(body=...)``), and each group on
    its own: ``.appearance``, ``.license``, ``.locale``, ``.notifications``, ``.rest``,
    ``.system``."""

    __slots__ = ("appearance", "license", "locale", "notifications", "rest", "system")
    path = _GLOBAL
    model = GlobalSettings

    def __init__(self, client: YouTrack) -> None:
        super().__init__(client)
        self.appearance = AppearanceSettingsResource(client)
        self.license = LicenseResource(client)
        self.locale = LocaleSettingsResource(client)
        self.notifications = NotificationSettingsResource(client)
        self.rest = RestSettingsResource(client)
        self.system = SystemSettingsResource(client)


class DatabaseBackupSettingsResource(EditableSettings[DatabaseBackupSettings]):
    """Backup location, schedule, format and retention."""

    __slots__ = ()
    path = "/admin/databaseBackup/settings"
    model = DatabaseBackupSettings


class BackupStatusResource(Settings[BackupStatus]):
    """Whether a backup runs now, and the last error."""

    __slots__ = ()
    path = "/admin/databaseBackup/settings/backupStatus"
    model = BackupStatus


class BackupFiles(Resource):
    """The backup archives."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<BackupFiles /admin/databaseBackup/backups>"

    @route("GET", "/admin/databaseBackup/backups")
    def list(
        self,
        *,
        model: type[BackupT] = default_model(BackupT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
        params: Params | None = None,
    ) -> Pager[BackupT]:
        """Every backup archive."""
        path = at("admin/databaseBackup/backups")
        return self._pager(path, model, page_size=page_size, limit=limit, params=params)

    @route("GET", "/admin/databaseBackup/backups/{id}")
    async def get(
        self,
        backup_id: str,
        *,
        model: type[BackupT] = default_model(BackupT),
        params: Params | None = None,
    ) -> BackupT:
        """One backup archive."""
        path = at("admin/databaseBackup/backups/{}", backup_id=backup_id)
        return await self._call("GET", path, model=model, params=params)


class DatabaseBackupResource:
    """Database backups: ``.settings``, ``.status``, ``.backups``."""

    __slots__ = ("backups", "settings", "status")

    def __init__(self, client: YouTrack) -> None:
        self.settings = DatabaseBackupSettingsResource(client)
        self.status = BackupStatusResource(client)
        self.backups = BackupFiles(client)

    def __repr__(self) -> str:
        return "<DatabaseBackupResource>"


class TelemetryResource(Settings[Telemetry]):
    """Health figures of the installation: ``get()``."""

    __slots__ = ()
    path = "/admin/telemetry"
    model = Telemetry


class WorkItemTypesResource(Resource):
    """Work item types of the installation."""

    __slots__ = ()

    @route("GET", "/admin/timeTrackingSettings/workItemTypes")
    def list(
        self,
        *,
        model: type[TypeT] = default_model(TypeT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
        params: Params | None = None,
    ) -> Pager[TypeT]:
        """Every work item type."""
        path = at("admin/timeTrackingSettings/workItemTypes")
        return self._pager(path, model, page_size=page_size, limit=limit, params=params)

    @route("GET", "/admin/timeTrackingSettings/workItemTypes/{workItemTypeId}")
    async def get(
        self,
        type_id: str,
        *,
        model: type[TypeT] = default_model(TypeT),
        params: Params | None = None,
    ) -> TypeT:
        """One work item type."""
        path = at("admin/timeTrackingSettings/workItemTypes/{}", type_id=type_id)
        return await self._call("GET", path, model=model, params=params)

    @route("POST", "/admin/timeTrackingSettings/workItemTypes")
    async def create(
        self,
        *,
        body: Any,
        model: type[TypeT] = default_model(TypeT),
        params: Params | None = None,
    ) -> TypeT:
        """Create a work item type from ``body`` (a model instance or a JSON mapping)."""
        path = at("admin/timeTrackingSettings/workItemTypes")
        return await self._call("POST", path, body=body, model=model, params=params)

    @route("POST", "/admin/timeTrackingSettings/workItemTypes/{workItemTypeId}")
    async def update(
        self,
        type_id: str,
        *,
        body: Any,
        model: type[TypeT] = default_model(TypeT),
        params: Params | None = None,
    ) -> TypeT:
        """Send the attributes in ``body`` (others stay as they are); returns the type."""
        path = at("admin/timeTrackingSettings/workItemTypes/{}", type_id=type_id)
        return await self._call("POST", path, body=body, model=model, params=params)

    @route("DELETE", "/admin/timeTrackingSettings/workItemTypes/{workItemTypeId}")
    async def delete(self, type_id: str, *, params: Params | None = None) -> None:
        """Delete a work item type."""
        path = at("admin/timeTrackingSettings/workItemTypes/{}", type_id=type_id)
        await self._call("DELETE", path, params=params)


class WorkTimeSettingsResource(EditableSettings[WorkTimeSettings]):
    """The working week (minutes a day, work days)."""

    __slots__ = ()
    path = "/admin/timeTrackingSettings/workTimeSettings"
    model = WorkTimeSettings


class TimeTrackingSettingsResource(Settings[GlobalTimeTrackingSettings]):
    """Global time-tracking settings (``get()``), with ``.work_item_types`` and
    ``.work_time``."""

    __slots__ = ("work_item_types", "work_time")
    path = "/admin/timeTrackingSettings"
    model = GlobalTimeTrackingSettings

    def __init__(self, client: YouTrack) -> None:
        super().__init__(client)
        self.work_item_types = WorkItemTypesResource(client)
        self.work_time = WorkTimeSettingsResource(client)
