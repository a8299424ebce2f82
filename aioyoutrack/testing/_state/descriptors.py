"""The read-only objects settings and profiles refer to by id: time zones, date formats,
locales and period formats.

A write names one by id (``{"timezone": {"id": "Europe/Zurich"}}``): the attribute that
refers to it is writable, the descriptor's own attributes are not (spec:
``GeneralUserProfile.timezone`` ``readOnly: false``, ``TimeZoneDescriptor.id``
``readOnly: true``). Sources for the ids:

- time zones are IANA ids, ``UTC`` reported back as ``Etc/UTC`` (udamir/youtrack-client
  ``test/e2e/users.test.ts`` and ELCAIT/terraform-provider-youtrack
  ``internal/provider/settings/appearance_acc_test.go``, both against live servers);
  ``offset`` is in minutes (DP:api-entity-TimeZoneDescriptor.html);
- the ISO date format is ``youtrack.datefieldformat.iso8601`` (the same Terraform test);
- ``en_US`` is English, language ``en``, not a community translation (its
  ``locale_acc_test.go``);
- period formats are ``FULL``, ``DAYS_HOURS_MINUTES``, ``HOURS_MINUTES`` and ``MINUTES``
  (DP:api-entity-PeriodFieldFormat.html).

Where the sources are silent the fake knows only these: another date format or locale
id is answered as an unknown entity (404), never accepted and dropped. A time zone's
``presentation`` is its id (its real wording is not documented).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone, tzinfo
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "DESCRIPTORS",
    "PERIOD_FORMATS",
    "date_format",
    "day_start",
    "locale",
    "midnight_of",
    "period_format",
    "time_zone",
]

#: Ids a real server reports under another name.
_ZONE_ALIASES: Final = {"UTC": "Etc/UTC"}

PERIOD_FORMATS: Final = ("FULL", "DAYS_HOURS_MINUTES", "HOURS_MINUTES", "MINUTES")

_DATE_FORMATS: Final[dict[str, dict[str, Any]]] = {
    "youtrack.datefieldformat.iso8601": {
        "presentation": "2024-01-31",
        "pattern": "yyyy-MM-dd HH:mm",
        "datePattern": "yyyy-MM-dd",
    },
}

_LOCALES: Final[dict[str, dict[str, Any]]] = {
    "en_US": {"locale": "en_US", "language": "en", "community": False, "name": "English"},
}


def _zone(ident: str) -> tzinfo | None:
    """The time zone ``ident``, or None when this machine has no such zone."""
    if ident == "Etc/UTC":
        return timezone.utc  # known without a time-zone database (Windows has none built in)
    try:
        return ZoneInfo(ident)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _zone_offset(ident: str) -> int | None:
    """Minutes east of UTC now, or None when ``ident`` is no time zone this machine has."""
    zone = _zone(ident)
    if zone is None:
        return None
    offset = datetime.now(timezone.utc).astimezone(zone).utcoffset()
    return None if offset is None else int(offset.total_seconds() // 60)


def midnight_of(day: date, zone: str) -> int:
    """Epoch milliseconds of the midnight that starts ``day`` in the time zone ``zone``
    (UTC when this machine does not have it)."""
    start = datetime(day.year, day.month, day.day, tzinfo=_zone(zone) or timezone.utc)
    return int(start.timestamp()) * 1000


def day_start(ms: int, zone: str) -> int:
    """The midnight, in the time zone ``zone``, that starts the day holding the instant
    ``ms``: what a real server makes of a work item's ``date`` (semantics.md, "Dates and
    times": midnight in the current user's time zone, llorllale/youtrack-api#133)."""
    seconds, _ = divmod(ms, 1000)
    day = datetime.fromtimestamp(seconds, _zone(zone) or timezone.utc).date()
    return midnight_of(day, zone)


def time_zone(ident: str) -> dict[str, Any] | None:
    """The ``TimeZoneDescriptor`` with id ``ident`` (None: no such time zone)."""
    canonical = _ZONE_ALIASES.get(ident, ident)
    offset = _zone_offset(canonical)
    if offset is None:
        return None
    return {
        "$type": "TimeZoneDescriptor",
        "id": canonical,
        "presentation": canonical,
        "offset": offset,
    }


def date_format(ident: str) -> dict[str, Any] | None:
    """The ``DateFormatDescriptor`` with id ``ident`` (None: not one the fake knows)."""
    known = _DATE_FORMATS.get(ident)
    return None if known is None else {"$type": "DateFormatDescriptor", "id": ident, **known}


def locale(ident: str) -> dict[str, Any] | None:
    """The ``LocaleDescriptor`` with id ``ident`` (None: not one the fake knows)."""
    known = _LOCALES.get(ident)
    return None if known is None else {"$type": "LocaleDescriptor", "id": ident, **known}


def period_format(ident: str) -> dict[str, Any] | None:
    """The ``PeriodFieldFormat`` with id ``ident`` (None: no such format)."""
    return {"$type": "PeriodFieldFormat", "id": ident} if ident in PERIOD_FORMATS else None


#: ``$type`` -> the descriptor of that type with a given id (None: unknown id).
DESCRIPTORS: Final[dict[str, Callable[[str], dict[str, Any] | None]]] = {
    "TimeZoneDescriptor": time_zone,
    "DateFormatDescriptor": date_format,
    "LocaleDescriptor": locale,
    "PeriodFieldFormat": period_format,
}
