"""Installation settings (administration): global settings, database backups, telemetry
and time tracking. Each object reads with ``get()`` and, where YouTrack allows, changes
with ``update(body=...)`` (a model instance or a JSON mapping; attributes left out stay
as they are)."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
from ._generic import CreateOp, DeleteOp, GetOp, ListOp, ReadOp, UpdateOp, WriteOp

if TYPE_CHECKING:
    from .._client import YouTrack

__all__ = [
    "AppearanceSettingsResource",
    "BackupFiles",
    "BackupStatusResource",
    "DatabaseBackupResource",
    "DatabaseBackupSettingsResource",
    "GlobalSettingsResource",
    "LicenseResource",
    "LocaleSettingsResource",
    "NotificationSettingsResource",
    "RestSettingsResource",
    "SystemSettingsResource",
    "TelemetryResource",
    "TimeTrackingSettingsResource",
    "WorkItemTypesResource",
    "WorkTimeSettingsResource",
]

_GLOBAL = "/admin/globalSettings"


class AppearanceSettingsResource(ReadOp[AppearanceSettings], WriteOp[AppearanceSettings]):
    """Default time zone, date format and logo."""

    __slots__ = ()
    path = f"{_GLOBAL}/appearanceSettings"
    model = AppearanceSettings


class LicenseResource(ReadOp[License], WriteOp[License]):
    """The license (``update`` installs a new one)."""

    __slots__ = ()
    path = f"{_GLOBAL}/license"
    model = License


class LocaleSettingsResource(ReadOp[LocaleSettings], WriteOp[LocaleSettings]):
    """The default language."""

    __slots__ = ()
    path = f"{_GLOBAL}/localeSettings"
    model = LocaleSettings


class NotificationSettingsResource(ReadOp[NotificationSettings], WriteOp[NotificationSettings]):
    """Outgoing mail."""

    __slots__ = ()
    path = f"{_GLOBAL}/notificationSettings"
    model = NotificationSettings


class RestSettingsResource(ReadOp[RestCorsSettings], WriteOp[RestCorsSettings]):
    """Origins allowed to call the REST API from a browser (CORS)."""

    __slots__ = ()
    path = f"{_GLOBAL}/restSettings"
    model = RestCorsSettings


class SystemSettingsResource(ReadOp[SystemSettings], WriteOp[SystemSettings]):
    """Base URL, limits, administrator e-mail, read-only mode."""

    __slots__ = ()
    path = f"{_GLOBAL}/systemSettings"
    model = SystemSettings


class GlobalSettingsResource(ReadOp[GlobalSettings], WriteOp[GlobalSettings]):
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


class DatabaseBackupSettingsResource(
    ReadOp[DatabaseBackupSettings], WriteOp[DatabaseBackupSettings]
):
    """Backup location, schedule, format and retention."""

    __slots__ = ()
    path = "/admin/databaseBackup/settings"
    model = DatabaseBackupSettings


class BackupStatusResource(ReadOp[BackupStatus]):
    """Whether a backup runs now, and the last error."""

    __slots__ = ()
    path = "/admin/databaseBackup/settings/backupStatus"
    model = BackupStatus


class BackupFiles(ListOp[BackupFile], GetOp[BackupFile]):
    """The backup archives: ``list()``, ``get(id)``."""

    __slots__ = ()
    path = "/admin/databaseBackup/backups"
    item = "id"
    model = BackupFile


class DatabaseBackupResource:
    """Database backups: ``.settings``, ``.status``, ``.backups``."""

    __slots__ = ("backups", "settings", "status")

    def __init__(self, client: YouTrack) -> None:
        self.settings = DatabaseBackupSettingsResource(client)
        self.status = BackupStatusResource(client)
        self.backups = BackupFiles(client)

    def __repr__(self) -> str:
        return "<DatabaseBackupResource>"


class TelemetryResource(ReadOp[Telemetry]):
    """Health figures of the installation: ``get()``."""

    __slots__ = ()
    path = "/admin/telemetry"
    model = Telemetry


class WorkItemTypesResource(
    ListOp[WorkItemType],
    GetOp[WorkItemType],
    CreateOp[WorkItemType],
    UpdateOp[WorkItemType],
    DeleteOp[WorkItemType],
):
    """Work item types of the installation: ``list()``, ``get(id)``,
    ``create(body=...)``, ``update(id, body=...)``, ``delete(id)``."""

    __slots__ = ()
    path = "/admin/timeTrackingSettings/workItemTypes"
    item = "workItemTypeId"
    model = WorkItemType


class WorkTimeSettingsResource(ReadOp[WorkTimeSettings], WriteOp[WorkTimeSettings]):
    """The working week (minutes a day, work days)."""

    __slots__ = ()
    path = "/admin/timeTrackingSettings/workTimeSettings"
    model = WorkTimeSettings


class TimeTrackingSettingsResource(ReadOp[GlobalTimeTrackingSettings]):
    """Global time-tracking settings (``get()``), with ``.work_item_types`` and
    ``.work_time``."""

    __slots__ = ("work_item_types", "work_time")
    path = "/admin/timeTrackingSettings"
    model = GlobalTimeTrackingSettings

    def __init__(self, client: YouTrack) -> None:
        super().__init__(client)
        self.work_item_types = WorkItemTypesResource(client)
        self.work_time = WorkTimeSettingsResource(client)
