"""Custom field writes: the JSON shapes YouTrack accepts, and plain Python values.

``parse_wire_fields`` validates a ``customFields`` array of a create/update body the
way the server does (``$type`` required and matching, known field, known value, no
clearing of a field that cannot be empty). ``parse_plain`` turns the Python values
test setups and commands use (names, logins, "2h", dates) into stored values.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .._http.errors import ApiError, bad_request, invalid_properties
from .._state.custom_fields import BundleElement, ProjectCustomField
from .._state.projects import Project
from .._state.settings import schedule_of
from .._state.store import Store
from .._state.users import Group, User
from .kinds import FIRST_DAY_MS, LAST_DAY_MS, Schedule, midday, parse_period, wire_minutes
from .refs import is_int

__all__ = ["parse_plain", "parse_wire_fields", "parse_wire_value"]


class _Invalid(ValueError):
    """One problem with one value (collected into ``error_children``)."""


def parse_wire_fields(store: Store, project: Project, items: Any) -> dict[str, Any]:
    """``{pcf id: stored value}`` from a ``customFields`` array; ApiError if invalid."""
    if not isinstance(items, list):
        raise bad_request("customFields must be an array")
    out: dict[str, Any] = {}
    problems: list[str] = []
    for item in items:
        if not isinstance(item, dict):
            raise bad_request("Each custom field must be an object")
        pcf = _locate(store, project, item)
        wire_type = item.get("$type")
        if wire_type is None:
            raise bad_request(f"$type is required for custom field {pcf.field.name}")
        kind = pcf.field.kind
        if wire_type != kind.issue_type and wire_type not in kind.also_accepted:
            # YouTrack answers a wrong field $type with a 500, not a 400 (devportal
            # api-troubleshoot-incorrect-field-type: "500 Server Error When Updating a
            # Custom Field"), saying "Incompatible field type: <field id>".
            raise ApiError(500, "server_error", f"Incompatible field type: {pcf.id}")
        if "value" not in item:
            continue
        _check_value_types(pcf, item["value"])
        try:
            out[pcf.id] = parse_wire_value(store, pcf, item["value"])
        except _Invalid as problem:
            problems.append(str(problem))
    if problems:
        raise invalid_properties(problems)
    return out


def _locate(store: Store, project: Project, item: dict[str, Any]) -> ProjectCustomField:
    keys: list[str] = []
    for key in ("id", "name"):
        if isinstance(item.get(key), str):
            keys.append(item[key])
    ref = item.get("projectCustomField")
    if isinstance(ref, dict):
        if isinstance(ref.get("id"), str):
            keys.append(ref["id"])
        inner = ref.get("field")
        if isinstance(inner, dict) and isinstance(inner.get("name"), str):
            keys.append(inner["name"])
    if not keys:
        raise bad_request("A custom field must be given by name or id")
    for key in keys:
        pcf = project.custom_field(key)
        if pcf is not None:
            return pcf
    name = item.get("name")
    if isinstance(name, str):
        # A name the project lacks is a 500 with this code on a real server (live logs
        # in ryancheley/yt-cli issues #372, #442 and PR #420; other clients match the
        # same "incompatible-issue-custom-field-name-Subsystem" text).
        raise ApiError(500, "server_error", f"incompatible-issue-custom-field-name-{name}")
    _check_id(store, item, keys[0])
    raise bad_request(f"Unknown custom field: {keys[0]} in project {project.short_name}")


def _check_value_types(pcf: ProjectCustomField, raw: Any) -> None:
    """400 when a bundle value's ``$type`` is not the field's element type.

    A real server checks the value's ``$type``, not only the field's: an
    ``EnumBundleElement`` on a state field is refused whatever the field's ``$type``
    (live-server logs in ryancheley/yt-cli issues #425, #455 and PRs #458, #469),
    quoting the proxy class it built for the value.
    """
    expected = pcf.field.kind.element_type
    if expected is None:
        return
    for value in raw if isinstance(raw, list) else [raw]:
        sent = value.get("$type") if isinstance(value, dict) else None
        if isinstance(sent, str) and sent != expected:
            raise bad_request(
                "The value provided for the null property doesn't match the expected "
                f"format.; The API expects {expected}-type values but encountered "
                f"{sent}MegaProxy-type instead."
            )


def parse_wire_value(store: Store, pcf: ProjectCustomField, raw: Any) -> Any:
    """The stored value of a wire ``value`` for ``pcf``; _Invalid if unacceptable."""
    kind = pcf.field.kind
    name = pcf.field.name
    if raw is None or (kind.multi and raw == []):
        if not pcf.can_be_empty:
            raise _Invalid(f"Field {name} is required")
        return [] if kind.multi else None
    if kind.multi:
        if not isinstance(raw, list):
            raise _Invalid(f"Field {name} takes an array of values")
        values = [_wire_single(store, pcf, item) for item in raw]
        return list(dict.fromkeys(values))
    return _wire_single(store, pcf, raw)


def _wire_single(store: Store, pcf: ProjectCustomField, raw: Any) -> Any:
    kind = pcf.field.kind
    name = pcf.field.name
    value_type = kind.value_type
    if kind.has_elements:
        key = _ref_key(raw, ("id", "name"), name)
        assert pcf.bundle is not None
        element = pcf.bundle.element(key)
        if element is None:
            _check_id(store, raw, key)
            raise _Invalid(f"Unknown value {key!r} for field {name}")
        return element
    if value_type == "user":
        key = _ref_key(raw, ("id", "login", "ringId"), name)
        return _bundle_user(store, pcf, key, by_id=key == raw.get("id"))
    if value_type == "group":
        key = _ref_key(raw, ("id", "name"), name)
        group = _group(store, key)
        if group is None:
            _check_id(store, raw, key)
            raise _Invalid(f"Unknown value {key!r} for field {name}")
        return group
    if value_type == "period":
        minutes = wire_minutes(raw, schedule_of(store))
        if minutes is None:
            raise _Invalid(
                f"Field {name} takes a PeriodValue with minutes or presentation "
                "(at most a 32-bit int of minutes)"
            )
        return minutes
    if value_type == "text":
        if isinstance(raw, dict) and isinstance(raw.get("text"), str):
            return raw["text"]
        raise _Invalid(f"Field {name} takes a TextFieldValue with text")
    if value_type == "string":
        if isinstance(raw, str):
            return raw
        raise _Invalid(f"Field {name} takes a string")
    if value_type == "float":
        if is_int(raw) or isinstance(raw, float):
            return float(raw)
        raise _Invalid(f"Field {name} takes a number")
    if is_int(raw):
        if value_type != "date":
            return raw
        if not FIRST_DAY_MS <= raw <= LAST_DAY_MS:
            raise _Invalid(f"Field {name} takes a date of years 1 to 9999")
        return midday(raw)
    raise _Invalid(f"Field {name} takes an integer")


def _ref_key(raw: Any, keys: tuple[str, ...], name: str) -> str:
    if isinstance(raw, dict):
        for key in keys:
            if isinstance(raw.get(key), str):
                return str(raw[key])
    wanted = " or ".join(keys)
    raise _Invalid(f"Field {name} takes an object with {wanted}")


def _check_id(store: Store, raw: dict[str, Any], key: str) -> None:
    """A value named by an ``id`` that is no entity id is a 400 "Invalid structure of
    entity id" (``Store.by_id``), not an unknown value."""
    if key == raw.get("id"):
        store.check_entity_id(key)


def _bundle_user(store: Store, pcf: ProjectCustomField, key: str, *, by_id: bool) -> User:
    low = key.lower()
    allowed = pcf.bundle.users() if pcf.bundle is not None else list(store.users.values())
    for user in allowed:
        # A ring id is a Hub id: found as ``ringId``, never as ``id`` (semantics.md).
        if key == user.id or (key == user.ring_id and not by_id) or user.login.lower() == low:
            return user
    if by_id:
        store.check_entity_id(key)
    raise _Invalid(f"Unknown value {key!r} for field {pcf.field.name}")


def _group(store: Store, key: str) -> Group | None:
    low = key.lower()
    for group in store.groups.values():
        if group.id == key or group.name.lower() == low:
            return group
    return None


def parse_plain(store: Store, pcf: ProjectCustomField, value: Any) -> Any:
    """The stored value of a plain Python value; ValueError if unacceptable.

    Accepts names (or elements) for bundle fields, logins (or users), group names,
    minutes / ``"2h"`` / timedelta for periods, str for text and string fields,
    numbers (or numeric strings), ``date``/``"YYYY-MM-DD"``/ms for dates and
    ``datetime``/ISO strings/ms for date-and-time; lists for multi-value fields.
    """
    kind = pcf.field.kind
    if value is None or (kind.multi and value in ([], ())):
        if not pcf.can_be_empty:
            raise ValueError(f"Field {pcf.field.name} is required")
        return [] if kind.multi else None
    if kind.multi:
        items = value if isinstance(value, list | tuple | set | frozenset) else [value]
        return list(dict.fromkeys(_plain_single(store, pcf, item) for item in items))
    return _plain_single(store, pcf, value)


def _plain_single(store: Store, pcf: ProjectCustomField, value: Any) -> Any:
    kind = pcf.field.kind
    value_type = kind.value_type
    name = pcf.field.name
    try:
        if kind.has_elements:
            if isinstance(value, BundleElement):
                value = value.name
            return _wire_single(store, pcf, {"name": str(value)})
        if value_type == "user":
            login = value.login if isinstance(value, User) else str(value)
            return _wire_single(store, pcf, {"login": login})
        if value_type == "group":
            group = value.name if isinstance(value, Group) else str(value)
            return _wire_single(store, pcf, {"name": group})
    except _Invalid as problem:
        raise ValueError(str(problem)) from None
    if value_type == "period":
        return _plain_period(value, name, schedule_of(store))
    if value_type in ("text", "string"):
        return str(value)
    if value_type == "integer":
        return int(value)
    if value_type == "float":
        return float(value)
    if value_type == "date":
        return _plain_date(value)
    return _plain_datetime(value)


def _plain_period(value: Any, name: str, schedule: Schedule) -> int:
    if isinstance(value, dt.timedelta):
        return int(value.total_seconds() // 60)
    if is_int(value):
        return int(value)
    parsed = parse_period(str(value), schedule)
    if parsed is None:
        raise ValueError(f"{value!r} is not a period for field {name}")
    return parsed


def _plain_date(value: Any) -> int:
    if is_int(value):
        return midday(int(value))
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    if isinstance(value, dt.date):
        start = dt.datetime(value.year, value.month, value.day, 12, tzinfo=dt.timezone.utc)
        return int(start.timestamp() * 1000)
    raise ValueError(f"{value!r} is not a date")


def _plain_datetime(value: Any) -> int:
    if is_int(value):
        return int(value)
    if isinstance(value, str):
        value = int(value) if value.isdigit() else dt.datetime.fromisoformat(value)
        if isinstance(value, int):
            return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return int(value.timestamp() * 1000)
    raise ValueError(f"{value!r} is not a date and time")
