"""``yt.user_profiles``: a user's general, notification and time-tracking preferences.

Each profile reads with ``get(user_id)`` and changes with ``update(user_id, body=...)``;
``user_id`` is an entity id or ``"me"``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models.profiles import GeneralUserProfile, NotificationsUserProfile, TimeTrackingUserProfile
from .settings import OwnedSettings

if TYPE_CHECKING:
    from .._client import YouTrack

__all__ = [
    "GeneralProfile",
    "NotificationsProfile",
    "TimeTrackingProfile",
    "UserProfilesResource",
]


class GeneralProfile(OwnedSettings[GeneralUserProfile]):
    """Date format, time zone and language of a user."""

    __slots__ = ()
    path = "/users/{id}/profiles/general"
    model = GeneralUserProfile


class NotificationsProfile(OwnedSettings[NotificationsUserProfile]):
    """Which notifications a user receives."""

    __slots__ = ()
    path = "/users/{id}/profiles/notifications"
    model = NotificationsUserProfile


class TimeTrackingProfile(OwnedSettings[TimeTrackingUserProfile]):
    """How a user sees periods."""

    __slots__ = ()
    path = "/users/{id}/profiles/timetracking"
    model = TimeTrackingUserProfile


class UserProfilesResource:
    """Users' profiles: ``.general``, ``.notifications``, ``.timetracking``."""

    __slots__ = ("general", "notifications", "timetracking")

    def __init__(self, client: YouTrack) -> None:
        self.general = GeneralProfile(client)
        self.notifications = NotificationsProfile(client)
        self.timetracking = TimeTrackingProfile(client)

    def __repr__(self) -> str:
        return "<UserProfilesResource>"
