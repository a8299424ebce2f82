"""Server administration: global settings, database backups and telemetry.

Reached through ``yt.admin``; every attribute is optional, as everywhere in the models.
Secrets the server holds (mail passwords, SSL keys) are not modelled.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from .._fields import field_metadata
from . import _refs
from .users import User

__all__ = [
    "AppearanceSettings",
    "BackupError",
    "BackupFile",
    "BackupStatus",
    "DatabaseBackupSettings",
    "DateFormatDescriptor",
    "EmailSettings",
    "GlobalSettings",
    "License",
    "LocaleDescriptor",
    "LocaleSettings",
    "Logo",
    "NotificationSettings",
    "OnlineUsers",
    "RestCorsSettings",
    "SystemSettings",
    "Telemetry",
    "TimeZoneDescriptor",
]


@attrs.define(kw_only=True, slots=True)
class TimeZoneDescriptor:
    """A time zone (``id`` such as ``"Europe/Berlin"``; ``offset`` in minutes)."""

    id: str | None = None
    presentation: str | None = None
    offset: int | None = None


@attrs.define(kw_only=True, slots=True)
class DateFormatDescriptor:
    """A date format (``pattern`` for date and time, ``date_pattern`` for dates)."""

    id: str | None = None
    presentation: str | None = None
    pattern: str | None = None
    date_pattern: str | None = None


@attrs.define(kw_only=True, slots=True)
class LocaleDescriptor:
    """A language of the user interface."""

    id: str | None = None
    locale: str | None = None
    language: str | None = None
    community: bool | None = None
    name: str | None = None


@attrs.define(kw_only=True, slots=True)
class Logo:
    """The company logo shown in YouTrack."""

    id: str | None = None
    url: str | None = None


@attrs.define(kw_only=True, slots=True)
class AppearanceSettings:
    """Default time zone, date format and logo of the installation."""

    id: str | None = None
    time_zone: TimeZoneDescriptor | None = None
    date_field_format: DateFormatDescriptor | None = None
    logo: Logo | None = None


@attrs.define(kw_only=True, slots=True)
class License:
    """The license of the installation (``error`` says what is wrong with it, if anything)."""

    id: str | None = None
    username: str | None = None
    license: str | None = None
    error: str | None = None


@attrs.define(kw_only=True, slots=True)
class LocaleSettings:
    """The default language of the installation."""

    id: str | None = None
    locale: LocaleDescriptor | None = None
    is_rtl: bool | None = attrs.field(default=None, metadata=field_metadata(wire_name="isRTL"))


@attrs.define(kw_only=True, slots=True)
class EmailSettings:
    """The outgoing mail server (its password and SSL key are not modelled)."""

    id: str | None = None
    is_enabled: bool | None = None
    host: str | None = None
    port: int | None = None
    mail_protocol: str | None = None
    anonymous: bool | None = None
    login: str | None = None
    from_: str | None = attrs.field(default=None, metadata=field_metadata(wire_name="from"))
    reply_to: str | None = None


@attrs.define(kw_only=True, slots=True)
class NotificationSettings:
    """How YouTrack sends notifications."""

    id: str | None = None
    email_settings: EmailSettings | None = None


@attrs.define(kw_only=True, slots=True)
class RestCorsSettings:
    """Which origins may call the REST API from a browser."""

    id: str | None = None
    allowed_origins: list[str] | None = None
    allow_all_origins: bool | None = None


@attrs.define(kw_only=True, slots=True)
class SystemSettings:
    """Base URL, upload and export limits, administrator e-mail, read-only mode."""

    id: str | None = None
    base_url: str | None = None
    max_upload_file_size: int | None = None
    max_export_items: int | None = None
    administrator_email: str | None = None
    allow_statistics_collection: bool | None = None
    is_application_read_only: bool | None = None


@attrs.define(kw_only=True, slots=True)
class GlobalSettings:
    """Every group of global settings; each also has its own resource."""

    id: str | None = None
    system_settings: SystemSettings | None = None
    notification_settings: NotificationSettings | None = None
    rest_settings: RestCorsSettings | None = None
    appearance_settings: AppearanceSettings | None = None
    locale_settings: LocaleSettings | None = None
    license: License | None = None


@attrs.define(kw_only=True, slots=True)
class BackupError:
    """What went wrong in a backup, and when."""

    id: str | None = None
    date: datetime | None = None
    error_message: str | None = None


@attrs.define(kw_only=True, slots=True)
class BackupStatus:
    """Whether a backup is running, was cancelled, or failed."""

    id: str | None = None
    backup_in_progress: bool | None = None
    backup_cancelled: bool | None = None
    backup_error: BackupError | None = None


@attrs.define(kw_only=True, slots=True)
class DatabaseBackupSettings:
    """Where, how often and in which format the database is backed up."""

    id: str | None = None
    location: str | None = None
    files_to_keep: int | None = None
    cron_expression: str | None = None
    archive_format: str | None = None
    is_on: bool | None = None
    available_disk_space: int | None = None
    notified_users: list[User] | None = attrs.field(default=None, metadata=_refs.USER)
    backup_status: BackupStatus | None = None


@attrs.define(kw_only=True, slots=True)
class BackupFile:
    """One backup archive (``link`` downloads it)."""

    id: str | None = None
    name: str | None = None
    size: int | None = None
    creation_date: datetime | None = None
    link: str | None = None


@attrs.define(kw_only=True, slots=True)
class OnlineUsers:
    """How many users are online."""

    id: str | None = None
    users: int | None = None


@attrs.define(kw_only=True, slots=True)
class Telemetry:
    """Health figures of the installation: memory, uptime, caches, queues, sizes."""

    id: str | None = None
    installation_folder: str | None = None
    database_location: str | None = None
    logs_location: str | None = None
    available_processors: int | None = None
    available_memory: str | None = None
    allocated_memory: str | None = None
    used_memory: str | None = None
    uptime: str | None = None
    started_time: datetime | None = None
    database_background_threads: int | None = None
    pending_async_jobs: int | None = None
    cached_results_count_in_db_queries_cache: int | None = attrs.field(
        default=None, metadata=field_metadata(wire_name="cachedResultsCountInDBQueriesCache")
    )
    database_queries_cache_hit_rate: str | None = None
    blob_strings_cache_hit_rate: str | None = None
    total_transactions: int | None = None
    transactions_per_second: str | None = None
    requests_per_second: str | None = None
    database_size: str | None = None
    full_database_size: str | None = None
    text_index_size: str | None = None
    online_users: OnlineUsers | None = None
    report_calculator_threads: int | None = None
    notification_analyzer_threads: int | None = None
