"""YouTrack's time values, once: instants as epoch milliseconds, days as midday UTC.

YouTrack sends and takes timestamps as milliseconds since 1970-01-01 UTC. A *date*
(a date custom field, a sprint's bounds) has no time: a day is written as midday UTC,
as YouTrack stores date fields, which is that same calendar day in every zone from
UTC-12 to UTC+11. A work item's day is filed by the server under midnight in the user's
zone, so it is written as midday in that zone (:func:`midday_ms`, see
``resources/work_items.py``). A naive ``datetime`` is refused everywhere: its time zone
would be a guess. A *duration* (a period field, a work item's time) is whole minutes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from ._constants import MAX_DURATION_MINUTES
from ._values import shown

__all__ = [
    "DAY_MS",
    "EPOCH",
    "FAST_MS_LIMIT",
    "MAX_DATETIME_MS",
    "MIDDAY_MS",
    "MIN_DATETIME_MS",
    "aware_ms",
    "calendar_day",
    "day_ms",
    "duration_minutes",
    "from_ms",
    "is_naive",
    "midday_ms",
]

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MS = timedelta(milliseconds=1)
_MINUTE = timedelta(minutes=1)
DAY_MS = 86_400_000
MIDDAY_MS = 43_200_000
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
#: The epoch milliseconds a ``datetime`` can hold (years 1 to 9999).
MIN_DATETIME_MS = (datetime.min.replace(tzinfo=timezone.utc) - EPOCH) // _MS
MAX_DATETIME_MS = (datetime.max.replace(tzinfo=timezone.utc) - EPOCH) // _MS


def is_naive(value: datetime) -> bool:
    """True for a ``datetime`` without a usable time zone."""
    return value.tzinfo is None or value.utcoffset() is None


def aware_ms(value: datetime, error: Callable[[str], Exception]) -> int:
    """An aware ``datetime`` -> epoch milliseconds; a naive one raises ``error(why)``."""
    if is_naive(value):
        raise error(
            f"naive datetime {value.isoformat()} refused: give it a time zone "
            "(for example datetime.now(timezone.utc))"
        )
    return (value - EPOCH) // _MS


def calendar_day(value: date, error: Callable[[str], Exception]) -> date:
    """The day a ``date`` names; an aware ``datetime`` counts as its own calendar day, a
    naive one raises ``error(why)`` (which day it is depends on a zone it lacks)."""
    if isinstance(value, datetime):
        if is_naive(value):
            raise error(
                f"naive datetime {value.isoformat()} refused where a day is expected: pass "
                "a date, or a timezone-aware datetime (its own calendar day)"
            )
        return value.date()
    return value


def day_ms(day: date) -> int:
    """A calendar day -> epoch milliseconds at midday UTC of that day."""
    return (day.toordinal() - _EPOCH_ORDINAL) * DAY_MS + MIDDAY_MS


def midday_ms(day: date, zone: tzinfo) -> int:
    """A calendar day -> epoch milliseconds at midday of that day in ``zone``: that day
    in ``zone`` whatever its offset (a daylight-saving change happens at night)."""
    return (datetime.combine(day, time(12), zone) - EPOCH) // _MS


#: Below this (2100-01-01), ``ms / 1000`` is within 0.48 µs of the exact instant, so
#: ``fromtimestamp``'s rounding to the microsecond gives it exactly.
FAST_MS_LIMIT = 4_102_444_800_000
_fromtimestamp = datetime.fromtimestamp
_UTC = timezone.utc


def from_ms(ms: int) -> datetime:
    """Epoch milliseconds -> an aware UTC ``datetime``."""
    if 0 <= ms < FAST_MS_LIMIT:
        # About half the cost of building a timedelta (its normalisation is slow), and
        # the same datetime; the generated structure functions inline this expression.
        return _fromtimestamp(ms / 1000, _UTC)
    # Positional (days, seconds, microseconds, milliseconds): cheaper than keywords.
    return EPOCH + timedelta(0, 0, 0, ms)


def duration_minutes(value: object, error: Callable[[str], Exception]) -> int | None:
    """The minutes of a duration given as a number: a ``timedelta`` of whole minutes,
    ``int`` minutes or an integral ``float`` (as a JSON front end sends 30.0), never
    negative and at most ``MAX_DURATION_MINUTES`` (YouTrack keeps a 32-bit int); one that
    does not fit raises ``error(why)``. None for anything else (a ``bool`` included): a
    presentation string is the caller's to read."""
    if isinstance(value, timedelta):
        if value % _MINUTE:
            raise error(f"a duration is whole minutes (YouTrack keeps minutes), got {value}")
        minutes = value // _MINUTE
    elif isinstance(value, bool):
        return None
    elif isinstance(value, int):
        minutes = value
    elif isinstance(value, float) and math.isfinite(value) and value.is_integer():
        minutes = int(value)
    else:
        return None
    if minutes < 0:
        raise error(f"a duration cannot be negative (non-negative minutes), got {shown(value)}")
    if minutes > MAX_DURATION_MINUTES:
        raise error(
            f"a duration is at most {MAX_DURATION_MINUTES} minutes (YouTrack keeps a 32-bit "
            f"int), got {shown(minutes)}"
        )
    return minutes
