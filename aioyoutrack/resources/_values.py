"""Arguments -> JSON for request bodies and query strings (dates, durations, references).

Each function checks its argument and raises :class:`InvalidRequestError` naming the
parameter, before anything is sent.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from .. import _dates
from .._custom_fields import is_period_presentation, period_presentation_problem
from .._values import shown
from ..errors import InvalidRequestError
from ._base import api_path, loud_only
from ._common import is_database_id

if TYPE_CHECKING:
    from .._client import YouTrack

__all__ = [
    "calendar_day",
    "day_ms",
    "duration_json",
    "epoch_ms",
    "iso_day",
    "issue_ref",
    "loud_only",
    "named_ref",
    "project_id",
    "user_ref",
]


def epoch_ms(value: object, name: str) -> int:
    """An aware ``datetime`` -> epoch milliseconds (a naive one is refused: its zone
    would be a guess)."""
    if not isinstance(value, datetime):
        raise InvalidRequestError(f"{name} must be a datetime, got {type(value).__name__}")
    # The message names the parameter, which _dates' generic one cannot.
    refused = f"{name} must be timezone-aware (e.g. datetime.now(timezone.utc)), got {shown(value)}"
    return _dates.aware_ms(value, lambda _why: InvalidRequestError(refused))


def calendar_day(value: object, name: str) -> date:
    """A ``date``, or the calendar day of an aware ``datetime``; else refused."""
    if isinstance(value, date):
        refused = f"{name}: pass a date, or a timezone-aware datetime (its own calendar day)"
        return _dates.calendar_day(value, lambda _why: InvalidRequestError(refused))
    raise InvalidRequestError(f"{name} must be a date, got {type(value).__name__}")


def day_ms(value: object, name: str) -> int:
    """A ``date`` -> epoch ms at midday UTC of that day (see :mod:`aioyoutrack._dates`:
    the day never shifts in the user's time zone). An aware ``datetime`` counts as its
    own calendar day."""
    return _dates.day_ms(calendar_day(value, name))


def iso_day(value: object, name: str) -> str:
    """A ``date`` -> ``"YYYY-MM-DD"`` (the ``startDate``/``endDate`` query format)."""
    return calendar_day(value, name).isoformat()


def duration_json(value: object, name: str) -> dict[str, Any]:
    """A duration -> ``{"minutes": n}`` or ``{"presentation": "1h 30m"}``.

    Accepts a ``timedelta`` of whole minutes, ``int`` (or integral ``float``) minutes, or
    a presentation string in YouTrack's period syntax (``"1w 2d 3h 4m"``), which the
    server parses (see :func:`aioyoutrack._dates.duration_minutes`).
    """
    minutes = _dates.duration_minutes(value, lambda why: InvalidRequestError(f"{name}: {why}"))
    if minutes is not None:
        return {"minutes": minutes}
    if isinstance(value, str):
        text = value.strip()
        if not is_period_presentation(text):
            raise InvalidRequestError(
                f"{name} must be a period such as '1w 2d 3h 30m' (or a timedelta), "
                f"got {shown(value)}"
            )
        problem = period_presentation_problem(text)
        if problem is not None:
            raise InvalidRequestError(f"{name} {shown(value)}: {problem}")
        return {"presentation": text}
    raise InvalidRequestError(
        f"{name} must be a timedelta, whole minutes or a str like '1h 30m', got {shown(value)}"
    )


def _id_of(value: object) -> str | None:
    ident = getattr(value, "id", None)
    return ident if isinstance(ident, str) and ident else None


def _text(value: object, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidRequestError(f"{name} must be a non-empty str, got {shown(value)}")
    return value


def _ref(
    value: object, name: str, attributes: tuple[tuple[str, str], ...], key: str, wanted: str
) -> dict[str, Any]:
    """``{json key: value}`` of the first non-empty str ``attributes`` (attribute, json
    key) of an entity; a str is an entity id, else ``{key: value}``."""
    if isinstance(value, str):
        text = _text(value, name)
        return {"id": text} if is_database_id(text) else {key: text}
    for attribute, json_key in attributes:
        found = getattr(value, attribute, None)
        if isinstance(found, str) and found:
            return {json_key: found}
    raise InvalidRequestError(f"{name} must be {wanted}, got {shown(value)}")


def user_ref(value: object, name: str) -> dict[str, Any]:
    """A user as a login, an entity id (``"1-3"``) or a ``User`` -> a reference object."""
    wanted = "a login, a user id or a User with login or id"
    return _ref(value, name, (("login", "login"), ("id", "id")), "login", wanted)


def issue_ref(value: object, name: str) -> dict[str, Any]:
    """An issue as a readable id (``"SP-8"``), an entity id (``"2-7"``) or an ``Issue``."""
    wanted = "an issue id or an Issue with id_readable or id"
    return _ref(value, name, (("id_readable", "idReadable"), ("id", "id")), "idReadable", wanted)


def named_ref(value: object, name: str) -> dict[str, Any]:
    """An entity by entity id (``"12-3"``), by name, or as a model with ``id``/``name``."""
    wanted = "an id, a name or an entity"
    return _ref(value, name, (("id", "id"), ("name", "name")), "name", wanted)


async def project_id(client: YouTrack, project: object) -> str:
    """A project's entity id (``"0-0"``) from that id, its short name or a ``Project``.

    Request bodies need the entity id; a short name costs one ``GET
    /api/admin/projects/{shortName}?fields=id``.
    """
    ident = _id_of(project)
    if ident is not None:
        return ident
    key = _text(getattr(project, "short_name", project), "project")
    if is_database_id(key):
        return key
    found = await client.request("GET", api_path("admin/projects/{}", key), params={"fields": "id"})
    ident = found.get("id") if isinstance(found, dict) else None
    if not isinstance(ident, str) or not ident:
        raise InvalidRequestError(f"could not resolve project {shown(key)} to its id")
    return ident
