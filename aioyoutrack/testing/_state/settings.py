"""Settings objects and user profiles: the values a fresh server has, and the records
the fake keeps once one is read or changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from .._wire.kinds import Schedule
from .descriptors import DESCRIPTORS
from .records import Record, new_record
from .resources import extras

if TYPE_CHECKING:
    from .store import Store
    from .users import User

__all__ = [
    "BACKUP",
    "GLOBAL",
    "PROFILES",
    "READ_ONLY",
    "SETTINGS",
    "WORK_TIME",
    "profile_of",
    "schedule_of",
    "setting_of",
    "time_zone_of",
]

#: Path of the global settings; each group of them is served at ``<this>/<group>``.
GLOBAL: Final = "admin/globalSettings"
#: Where the work schedule is served and kept.
WORK_TIME: Final = "admin/timeTrackingSettings/workTimeSettings"
#: Where the backup settings are served and kept.
BACKUP: Final = "admin/databaseBackup/settings"
#: Attributes of settings objects the spec marks read-only: an update leaves them as
#: they are (daysAWeek follows workDays; the fake runs no backups).
READ_ONLY: Final = {
    WORK_TIME: frozenset({"daysAWeek", "firstDayOfWeek"}),
    BACKUP: frozenset({"availableDiskSpace", "backupStatus"}),
}


def _descriptor(kind: str, ident: str, **more: Any) -> dict[str, Any]:
    return {"$type": kind, "id": ident, **more}


def _system() -> dict[str, Any]:
    return {
        "baseUrl": None,  # the fake's url, set when it starts (FakeYouTrack.start)
        "maxUploadFileSize": 10_485_760,
        "maxExportItems": 500,
        "administratorEmail": "admin@example.com",
        "allowStatisticsCollection": False,
        "isApplicationReadOnly": False,
    }


def _backup_status() -> dict[str, Any]:
    """``BackupStatus``: the fake runs no backups."""
    return {
        "$type": "BackupStatus",
        "id": "backupStatus",
        "backupInProgress": False,
        "backupCancelled": False,
        "backupError": None,
    }


def _known(wire_type: str, ident: str) -> dict[str, Any]:
    """A descriptor a fresh server starts with (always in the catalog)."""
    found = DESCRIPTORS[wire_type](ident)
    if found is None:
        raise LookupError(f"no {wire_type} {ident}")
    return found


def _appearance() -> dict[str, Any]:
    return {
        "timeZone": _known("TimeZoneDescriptor", "Etc/UTC"),
        "dateFieldFormat": _known("DateFormatDescriptor", "youtrack.datefieldformat.iso8601"),
        "logo": _descriptor("Logo", "logo", url="/static/logo.svg"),
    }


def _locale() -> dict[str, Any]:
    return {"locale": _known("LocaleDescriptor", "en_US"), "isRTL": False}


#: Each settings object by path: its ``$type`` and the values a fresh server has.
SETTINGS: dict[str, tuple[str, Callable[[], dict[str, Any]]]] = {
    f"{GLOBAL}/systemSettings": ("SystemSettings", _system),
    f"{GLOBAL}/appearanceSettings": ("AppearanceSettings", _appearance),
    f"{GLOBAL}/localeSettings": ("LocaleSettings", _locale),
    f"{GLOBAL}/restSettings": (
        "RestCorsSettings",
        lambda: {"allowedOrigins": [], "allowAllOrigins": False},
    ),
    f"{GLOBAL}/license": (
        "License",
        lambda: {"username": "Fake YouTrack", "license": "", "error": None},
    ),
    f"{GLOBAL}/notificationSettings": (
        "NotificationSettings",
        lambda: {
            "emailSettings": {
                "$type": "EmailSettings",
                "id": "email",
                "isEnabled": False,
                "host": "localhost",
                "port": 25,
                "mailProtocol": "SMTP",
                "anonymous": True,
                "login": None,
                "sslKey": None,
                "from": "youtrack@example.com",
                "replyTo": None,
            }
        },
    ),
    BACKUP: (
        "DatabaseBackupSettings",
        lambda: {
            "location": "/var/backups/youtrack",
            "filesToKeep": 3,
            "cronExpression": "0 0 0 * * ?",
            "archiveFormat": "TAR_GZ",
            "isOn": False,
            "availableDiskSpace": 1 << 34,
            "notifiedUsers": [],
            "backupStatus": _backup_status(),
        },
    ),
    WORK_TIME: (
        "WorkTimeSettings",
        lambda: {
            "minutesADay": 480,
            "workDays": [1, 2, 3, 4, 5],
            "firstDayOfWeek": 1,
            "daysAWeek": 5,
        },
    ),
}

#: Each user profile by kind (the path segment after ``profiles/``): its ``$type``
#: and the values a fresh server has.
PROFILES: dict[str, tuple[str, Callable[[], dict[str, Any]]]] = {
    "general": (
        "GeneralUserProfile",
        lambda: {
            "dateFieldFormat": _appearance()["dateFieldFormat"],
            "timezone": _appearance()["timeZone"],
            "locale": _locale()["locale"],
        },
    ),
    "notifications": (
        "NotificationsUserProfile",
        lambda: {
            "notifyOnOwnChanges": False,
            "emailNotificationsEnabled": True,
            "mentionNotificationsEnabled": True,
            "duplicateClusterNotificationsEnabled": True,
            "mailboxIntegrationNotificationsEnabled": False,
            "usePlainTextEmails": False,
            "autoWatchOnComment": True,
            "autoWatchOnCreate": True,
            "autoWatchOnVote": False,
            "autoWatchOnUpdate": False,
        },
    ),
    "timetracking": (
        "TimeTrackingUserProfile",
        lambda: {"periodFormat": _known("PeriodFieldFormat", "HOURS_MINUTES")},
    ),
}


def schedule_of(store: Store) -> Schedule:
    """The work schedule of ``store``'s time tracking settings (how long ``1d`` and
    ``1w`` are)."""
    data = setting_of(store, WORK_TIME).data
    return Schedule(data["minutesADay"], len(data["workDays"]))


def setting_of(store: Store, path: str) -> Record:
    """The settings object served at ``path`` (a :data:`SETTINGS` key), made with its
    defaults on first use."""
    state = extras(store).settings
    found = state.get(path)
    if found is None:
        wire_type, make = SETTINGS[path]
        found = state[path] = new_record(wire_type, {"id": path.rsplit("/", 1)[-1], **make()})
    return found


def profile_of(store: Store, user: User, kind: str) -> Record:
    """The profile of ``user`` of ``kind`` (a :data:`PROFILES` key), made with its
    defaults on first use; ``User.profiles`` and ``/api/users/{id}/profiles/...``
    render the same record, so a change through one shows in the other."""
    state = extras(store).profiles
    found = state.get((user.id, kind))
    if found is None:
        wire_type, make = PROFILES[kind]
        found = state[(user.id, kind)] = new_record(wire_type, {"id": user.id, **make()})
    return found


def time_zone_of(store: Store, user: User) -> str:
    """The id of ``user``'s time zone (their general profile's ``timezone``)."""
    zone = profile_of(store, user, "general").data.get("timezone")
    ident = zone.data.get("id") if isinstance(zone, Record) else None
    return ident if isinstance(ident, str) else "Etc/UTC"
