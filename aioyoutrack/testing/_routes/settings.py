"""Settings objects: global settings, backups, telemetry, time tracking, user profiles.

Each is read with GET and changed with POST (admin only, except a user's own profile);
values start at plausible defaults and an update merges known attributes.
"""

from __future__ import annotations

from typing import Any

from .._http.errors import bad_request, forbidden, not_found
from .._http.registry import Ctx, route
from .._state.records import Record, merge_record, new_record
from .._state.resources import extras
from .._state.settings import (
    BACKUP,
    GLOBAL,
    PROFILES,
    READ_ONLY,
    SETTINGS,
    WORK_TIME,
    profile_of,
    setting_of,
)
from .._state.store import Store
from .._wire.refs import is_int, opt_list, ref_user


def _settings_routes(path: str) -> None:
    @route("GET", path)
    async def read(ctx: Ctx) -> Any:
        """One settings object."""
        ctx.store.require_admin(ctx.user)
        return ctx.render(setting_of(ctx.store, path))

    @route("POST", path)
    async def update(ctx: Ctx) -> Any:
        """Merge the body's known attributes into the settings object (admin)."""
        ctx.store.require_admin(ctx.user)
        record = setting_of(ctx.store, path)
        body = await ctx.body_object()
        body = {k: v for k, v in body.items() if k not in READ_ONLY.get(path, ())}
        users = None
        if path == WORK_TIME:
            _check_work_time(body)
        elif path == BACKUP and "notifiedUsers" in body:
            refs = opt_list(body, "notifiedUsers")
            users = [ref_user(ctx.store, ref) for ref in refs]
            body.pop("notifiedUsers")
        merge_record(record, body)  # all or nothing
        if path == WORK_TIME:
            record.data["daysAWeek"] = len(record.data["workDays"])
        if users is not None:
            record.data["notifiedUsers"] = users
        return ctx.changed(record)


def _check_work_time(body: dict[str, Any]) -> None:
    """A work schedule update: ``minutesADay`` from 1 to 1440, ``workDays`` a non-empty
    array of distinct days 1 (Monday) to 7; 400 otherwise."""
    minutes = body.get("minutesADay", 60)
    if not is_int(minutes) or not 1 <= minutes <= 24 * 60:
        raise bad_request(f"minutesADay must be a whole number from 1 to 1440, got {minutes!r}")
    days = body.get("workDays", [1])
    if (
        not isinstance(days, list)
        or not days
        or not all(is_int(d) and 1 <= d <= 7 for d in days)
        or len(set(days)) != len(days)
    ):
        raise bad_request("workDays must name distinct days from 1 (Monday) to 7")


for _path in SETTINGS:
    _settings_routes(_path)


@route("GET", GLOBAL)
async def global_settings(ctx: Ctx) -> Any:
    """Every group of global settings."""
    ctx.store.require_admin(ctx.user)
    return ctx.render(_global(ctx.store))


@route("POST", GLOBAL)
async def update_global_settings(ctx: Ctx) -> Any:
    """Merge updates into the groups named in the body (admin)."""
    ctx.store.require_admin(ctx.user)
    record = _global(ctx.store)
    merge_record(record, await ctx.body_object())
    return ctx.changed(record)


def _global(store: Store) -> Record:
    parts = {
        "systemSettings": "systemSettings",
        "notificationSettings": "notificationSettings",
        "restSettings": "restSettings",
        "appearanceSettings": "appearanceSettings",
        "localeSettings": "localeSettings",
        "license": "license",
    }
    record = new_record(
        "GlobalSettings",
        {"id": "globalSettings", **dict.fromkeys(parts)},
    )
    # The groups are the same objects their own resources serve.
    for key, tail in parts.items():
        record.data[key] = setting_of(store, f"{GLOBAL}/{tail}")
    return record


@route("GET", "admin/telemetry")
async def telemetry(ctx: Ctx) -> Any:
    """Health figures (plausible constants plus the store's sizes)."""
    ctx.store.require_admin(ctx.user)
    store = ctx.store
    return ctx.render(
        new_record(
            "Telemetry",
            {
                "id": "telemetry",
                "installationFolder": "/opt/youtrack",
                "databaseLocation": "/var/lib/youtrack",
                "logsLocation": "/var/log/youtrack",
                "availableProcessors": 2,
                "availableMemory": "2 GB",
                "allocatedMemory": "1 GB",
                "usedMemory": "512 MB",
                "uptime": "1 hour",
                "startedTime": 1_704_067_200_000,
                "databaseBackgroundThreads": 1,
                "pendingAsyncJobs": 0,
                "cachedResultsCountInDBQueriesCache": 0,
                "databaseQueriesCacheHitRate": "0%",
                "blobStringsCacheHitRate": "0%",
                "reportCalculatorThreads": 1,
                "notificationAnalyzerThreads": 1,
                "totalTransactions": store.version,
                "transactionsPerSecond": "0",
                "requestsPerSecond": "0",
                "databaseSize": f"{len(store.issues)} issues",
                "fullDatabaseSize": f"{len(store.issues)} issues",
                "textIndexSize": "0 B",
                "onlineUsers": {"$type": "OnlineUsers", "id": "online", "users": 1},
            },
        )
    )


@route("GET", "admin/databaseBackup/settings/backupStatus")
async def serve_backup_status(ctx: Ctx) -> Any:
    """No backup runs in the fake."""
    ctx.store.require_admin(ctx.user)
    status = setting_of(ctx.store, BACKUP).data["backupStatus"]  # one record, two paths
    assert isinstance(status, Record)
    return ctx.render(status)


@route("GET", "admin/databaseBackup/backups")
async def backups(ctx: Ctx) -> Any:
    """The backup files (none unless a test adds ``BackupFile`` records to
    ``extras(store).backups``: the fake runs no backups)."""
    ctx.store.require_admin(ctx.user)
    return ctx.render_page(extras(ctx.store).backups)


@route("GET", "admin/databaseBackup/backups/{backupId}")
async def backup(ctx: Ctx) -> Any:
    """One backup file."""
    ctx.store.require_admin(ctx.user)
    for record in extras(ctx.store).backups:
        if record.data.get("id") == ctx.arg("backupId"):
            return ctx.render(record)
    raise not_found(ctx.arg("backupId"))


@route("GET", "admin/timeTrackingSettings")
async def time_tracking(ctx: Ctx) -> Any:
    """Work item types and the working week."""
    store = ctx.store
    record = new_record(
        "GlobalTimeTrackingSettings",
        {
            "id": "timeTrackingSettings",
            "workItemTypes": None,
            "workTimeSettings": None,
            "attributePrototypes": [],  # work item attributes: the fake has none
        },
    )
    record.data["workItemTypes"] = list(store.work_item_types.values())
    record.data["workTimeSettings"] = setting_of(
        store, "admin/timeTrackingSettings/workTimeSettings"
    )
    return ctx.render(record)


def _profile(ctx: Ctx, kind: str) -> Record:
    return profile_of(ctx.store, ctx.store.find_user(ctx.arg("id"), ctx.user), kind)


def _profile_routes(kind: str) -> None:
    @route("GET", f"users/{{id}}/profiles/{kind}")
    async def read(ctx: Ctx) -> Any:
        """A user's profile."""
        return ctx.render(_profile(ctx, kind))

    @route("POST", f"users/{{id}}/profiles/{kind}")
    async def update(ctx: Ctx) -> Any:
        """Change a profile: one's own, or anyone's as an administrator."""
        record = _profile(ctx, kind)
        if record.data.get("id") != ctx.user.id and not ctx.user.admin:
            raise forbidden("You can change only your own profile")
        merge_record(record, await ctx.body_object())
        return ctx.changed(record)


for _kind in PROFILES:
    _profile_routes(_kind)
