"""User profiles: general preferences, notifications and time-tracking display."""

from __future__ import annotations

import attrs

from .admin_settings import DateFormatDescriptor, LocaleDescriptor, TimeZoneDescriptor

__all__ = [
    "GeneralUserProfile",
    "NotificationsUserProfile",
    "PeriodFieldFormat",
    "TimeTrackingUserProfile",
]


@attrs.define(kw_only=True, slots=True)
class GeneralUserProfile:
    """A user's date format, time zone and language."""

    id: str | None = None
    date_field_format: DateFormatDescriptor | None = None
    timezone: TimeZoneDescriptor | None = None
    locale: LocaleDescriptor | None = None


@attrs.define(kw_only=True, slots=True)
class NotificationsUserProfile:
    """Which notifications a user gets, and when the user starts watching issues."""

    id: str | None = None
    notify_on_own_changes: bool | None = None
    email_notifications_enabled: bool | None = None
    mention_notifications_enabled: bool | None = None
    duplicate_cluster_notifications_enabled: bool | None = None
    mailbox_integration_notifications_enabled: bool | None = None
    use_plain_text_emails: bool | None = None
    auto_watch_on_comment: bool | None = None
    auto_watch_on_create: bool | None = None
    auto_watch_on_vote: bool | None = None
    auto_watch_on_update: bool | None = None


@attrs.define(kw_only=True, slots=True)
class PeriodFieldFormat:
    """How periods are shown (``id``: ``FULL``, ``DAYS_HOURS_MINUTES``, ``HOURS_MINUTES``,
    ``MINUTES``)."""

    id: str | None = None


@attrs.define(kw_only=True, slots=True)
class TimeTrackingUserProfile:
    """How a user sees periods."""

    id: str | None = None
    period_format: PeriodFieldFormat | None = None
