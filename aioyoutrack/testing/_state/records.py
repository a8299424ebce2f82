"""Entities that are a dict of wire attributes (settings, profiles): ``Record``, made
and merged like YouTrack merges an update."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from .._http.errors import bad_request, not_found
from .._wire.projection import Entity, Getter
from .descriptors import DESCRIPTORS

_SCALARS = (str, int, float, bool)


class Record(Entity):
    """An entity that is a dict of wire attributes (``RecordType`` fixes the keys)."""

    __slots__ = ("data",)

    KEYS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data


def _getter(key: str) -> Getter:
    return lambda obj, view: obj.data.get(key)


_TYPES: dict[str, type[Record]] = {}


def record_type(wire_type: str, keys: tuple[str, ...]) -> type[Record]:
    """The Record subclass rendering ``keys`` (plus ``id``) with ``$type`` ``wire_type``."""
    found = _TYPES.get(wire_type)
    if found is None:
        wire: dict[str, str | Getter] = {key: _getter(key) for key in ("id", *keys)}
        found = type(
            wire_type,
            (Record,),
            {"__slots__": (), "wire_type": wire_type, "WIRE": wire, "KEYS": keys},
        )
        _TYPES[wire_type] = found
    return found


def new_record(wire_type: str, values: Mapping[str, Any]) -> Record:
    """A Record whose keys are those of ``values`` (nested dicts with ``$type`` become
    nested Records)."""
    data: dict[str, Any] = {}
    for key, value in values.items():
        if key == "$type":
            continue
        if isinstance(value, Mapping) and "$type" in value:
            data[key] = new_record(str(value["$type"]), value)
        else:
            data[key] = value
    keys = tuple(k for k in data if k != "id")
    return record_type(wire_type, keys)(data)


def merge_record(record: Record, body: Mapping[str, Any], path: str = "") -> None:
    """Apply an update: known keys only; scalars must keep their type, nested objects
    merge recursively; ``id`` and ``$type`` are ignored. 400 on a mismatch, and then
    nothing is changed: every value is checked before any is set.

    A nested object whose ``id`` names another one is a reference being changed: a
    descriptor (time zone, date format, locale, period format) is swapped for the one
    with that id (404 for an id the fake does not know); any other is a 400, never a
    change silently dropped."""
    changes: list[tuple[Record, str, Any]] = []
    _plan_merge(record, body, path, changes)
    for target, key, value in changes:
        target.data[key] = value


def _plan_merge(
    record: Record, body: Mapping[str, Any], path: str, changes: list[tuple[Record, str, Any]]
) -> None:
    """Add to ``changes`` what merging ``body`` into ``record`` sets; raise on a mismatch."""
    for key, value in body.items():
        if key in ("id", "$type"):
            continue
        where = f"{path}{key}"
        if key not in record.KEYS:
            raise bad_request(f"Unknown attribute {where} of {record.wire_type}")
        current = record.data.get(key)
        if isinstance(current, Record):
            if not isinstance(value, Mapping):
                raise bad_request(f"{where} must be an object")
            wanted = value.get("id")
            if wanted is not None and wanted != current.data.get("id"):
                changes.append((record, key, _swapped(current, wanted, where)))
                continue
            _plan_merge(current, value, f"{where}.", changes)
        elif isinstance(current, list) or isinstance(value, list):
            if not isinstance(value, list) or not all(isinstance(v, _SCALARS) for v in value):
                raise bad_request(f"{where} must be an array of values")
            changes.append((record, key, list(value)))
        elif value is None or isinstance(value, _SCALARS):
            if (
                current is not None
                and value is not None
                and (type(value) is not type(current) and not _numbers(current, value))
            ):
                raise bad_request(f"{where} must be a {type(current).__name__}")
            changes.append((record, key, value))
        else:
            raise bad_request(f"{where} has a value of the wrong type")


def _swapped(current: Record, wanted: object, where: str) -> Record:
    """The descriptor of ``current``'s type with id ``wanted``, for ``where``."""
    find = DESCRIPTORS.get(current.wire_type)
    if find is None:
        raise bad_request(f"{where} cannot be replaced by another {current.wire_type}")
    if not isinstance(wanted, str):
        raise bad_request(f"{where}.id must be a string")
    found = find(wanted)
    if found is None:
        raise not_found(wanted)
    return new_record(current.wire_type, found)


def _numbers(a: object, b: object) -> bool:
    number = (int, float)
    return (
        isinstance(a, number)
        and isinstance(b, number)
        and not isinstance(a, bool)
        and not isinstance(b, bool)
    )
