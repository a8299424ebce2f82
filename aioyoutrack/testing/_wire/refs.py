"""Resolving entity references in request bodies (``{"id": ...}``, ``{"login": ...}``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, TypeGuard, TypeVar

from .._http.errors import bad_request
from .._state.issues import UNLIMITED
from .._state.projects import Project
from .._state.store import Store
from .._state.users import Group, SharingSettings, User, Visibility
from .projection import wire_name

_T = TypeVar("_T")

__all__ = [
    "Reader",
    "any_str",
    "assign",
    "blank_or_str",
    "given",
    "opt_list",
    "opt_str",
    "ref_entity",
    "ref_group",
    "ref_key",
    "ref_project",
    "ref_user",
    "req_bool",
    "req_str",
    "take",
    "visibility",
]


def ref_key(ref: Any, keys: tuple[str, ...], what: str) -> str:
    """The first of ``keys`` present as a string in the object ``ref``; 400 otherwise."""
    if isinstance(ref, dict):
        for key in keys:
            value = ref.get(key)
            if isinstance(value, str) and value:
                return value
    raise bad_request(f"{what} must be an object with {' or '.join(keys)}")


def ref_entity(
    store: Store, ref: Any, keys: tuple[str, ...], what: str, find: Callable[[str], _T]
) -> _T:
    """The entity ``find`` finds by the first of ``keys`` that the object ``ref`` has
    (see :func:`ref_key`); an ``id`` that finds nothing and is no entity id is a 400
    (:meth:`Store.by_id`)."""
    key = ref_key(ref, keys, what)
    return store.by_id(key, find) if key == ref.get("id") else find(key)


def ref_user(store: Store, ref: Any, me: User | None = None) -> User:
    """A user named by ``{"id"}``, ``{"login"}`` or ``{"ringId"}``; a ring id given as
    ``id`` is no entity id (a 400, as on a real server), only as ``ringId``."""
    key = ref_key(ref, ("id", "login", "ringId"), "A user")
    if key == ref.get("id"):
        return store.by_id(key, lambda found: store.find_user(found, me, ring_id=False))
    return store.find_user(key, me)


def ref_group(store: Store, ref: Any) -> Group:
    """A group named by ``{"id"}`` or ``{"name"}``."""
    return ref_entity(store, ref, ("id", "name"), "A group", store.find_group)


def ref_project(store: Store, ref: Any, user: User | None = None) -> Project:
    """A project named by ``{"id"}`` (entity id) or ``{"shortName"}``."""
    if isinstance(ref, dict) and isinstance(ref.get("id"), str):
        store.check_entity_id(ref["id"])
        return store.find_project(ref["id"], user)
    return store.find_project(ref_key(ref, ("id", "shortName"), "A project"), user)


#: The $types of the spec's Visibility discriminator, and of CommandVisibility's (a
#: command's comment; sample 028).
_VISIBILITY_TYPES: Final = frozenset(
    {
        None,
        "Visibility",
        "UnlimitedVisibility",
        "LimitedVisibility",
        "CommandVisibility",
        "CommandUnlimitedVisibility",
        "CommandLimitedVisibility",
    }
)


def visibility(store: Store, raw: Any) -> Visibility:
    """A ``Visibility`` from ``{"$type", "permittedGroups", "permittedUsers"}``."""
    if raw is None:
        return UNLIMITED
    if not isinstance(raw, dict):
        raise bad_request("visibility must be an object")
    if raw.get("$type") not in _VISIBILITY_TYPES:
        raise bad_request(f"Unknown visibility $type {raw['$type']!r}")
    groups = [ref_group(store, g) for g in raw.get("permittedGroups") or []]
    users = [ref_user(store, u) for u in raw.get("permittedUsers") or []]
    if not groups and not users:
        return UNLIMITED
    return Visibility(groups=groups, users=users)


#: A sharing settings object's wire name -> the attribute keeping it.
_SHARING_OBJECTS: Final = {
    "readSharingSettings": "read_sharing_settings",
    "updateSharingSettings": "update_sharing_settings",
    "tagSharingSettings": "tag_sharing",
}


def sharing(store: Store, body: dict[str, Any], target: object) -> dict[str, Any]:
    """The sharing attributes ``body`` gives for ``target`` (a tag, saved query or board,
    made with its defaults for a create), each read, or refused with a 400, before any
    is set: ``visibleFor``/``updateableBy`` a group or null; ``readSharingSettings``,
    ``updateSharingSettings`` (and a tag's ``tagSharingSettings``) objects whose
    ``permittedGroups``/``permittedUsers`` replace the lists they name."""
    out: dict[str, Any] = {}
    for key in ("visibleFor", "updateableBy"):
        if key in body:
            raw = body[key]
            attribute = "visible_for" if key == "visibleFor" else "updateable_by"
            out[attribute] = None if raw is None else ref_group(store, raw)
    for key, attribute in _SHARING_OBJECTS.items():
        if key not in body or not hasattr(target, attribute):
            continue
        raw = body[key] if body[key] is not None else {}
        if not isinstance(raw, dict):
            raise bad_request(f"{key} must be an object")
        current: SharingSettings = getattr(target, attribute)
        groups, users = current.groups, current.users
        if "permittedGroups" in raw:
            groups = [ref_group(store, g) for g in opt_list(raw, "permittedGroups")]
        if "permittedUsers" in raw:
            users = [ref_user(store, u) for u in opt_list(raw, "permittedUsers")]
        out[attribute] = SharingSettings(groups=groups, users=users, type_name=current.type_name)
    return out


def req_str(body: dict[str, Any], key: str, what: str | None = None) -> str:
    """A required non-empty string attribute; 400 otherwise."""
    value = body.get(key)
    if not isinstance(value, str) or not value.strip():
        raise bad_request(f"{what or key} is required")
    return value


def _string(value: Any, key: str) -> str:
    if isinstance(value, str):
        return value
    raise bad_request(f"{key} must be a string")


def opt_str(body: dict[str, Any], key: str) -> str | None:
    """An optional string attribute (None when absent or null); 400 for other types."""
    value = body.get(key)
    return None if value is None else _string(value, key)


def any_str(body: dict[str, Any], key: str) -> str:
    """A string attribute, empty allowed; 400 for anything else (null included)."""
    return _string(body.get(key), key)


def blank_or_str(body: dict[str, Any], key: str) -> str:
    """A string attribute that may be left out: ``""`` when it is absent or any false
    value (null, ``false``, ``0``); 400 for anything else that is not a string."""
    return _string(body.get(key) or "", key)


def req_bool(body: dict[str, Any], key: str) -> bool:
    """A boolean attribute; 400 for anything else (null included)."""
    value = body.get(key)
    if isinstance(value, bool):
        return value
    raise bad_request(f"{key} must be a boolean")


def is_int(value: object) -> TypeGuard[int]:
    """Whether a JSON value is an integer (``true`` is a bool to JSON, though Python's
    bool is an int)."""
    return isinstance(value, int) and not isinstance(value, bool)


def req_int(body: dict[str, Any], key: str) -> int:
    """An integer attribute; 400 for anything else (null and booleans included)."""
    value = body.get(key)
    if is_int(value):
        return value
    raise bad_request(f"{key} must be an integer")


def opt_list(body: dict[str, Any], key: str) -> list[Any]:
    """An array attribute (absent or null: empty); 400 for anything else."""
    value = body.get(key)
    if value is None:
        return []
    if isinstance(value, list):
        return value
    raise bad_request(f"{key} must be an array")


#: Reads one attribute of a request body: ``(body, wire key) -> value``, 400 if bad.
Reader = Callable[[dict[str, Any], str], Any]


def given(body: dict[str, Any], **readers: Reader) -> dict[str, Any]:
    """Each attribute that ``body`` gives, read by its reader: ``name=req_str`` maps
    ``"name"`` to ``req_str(body, "name")`` when the body has ``"name"`` (the key is the
    attribute's camelCase wire name). Nothing is set: a write reads every value first,
    so a bad one (a 400) leaves the entity as it was."""
    return {
        attribute: read(body, key)
        for attribute, read in readers.items()
        if (key := wire_name(attribute)) in body
    }


def assign(target: object, values: dict[str, Any]) -> None:
    """Set the attributes of ``target`` that ``values`` (from :func:`given`) names."""
    for attribute, value in values.items():
        setattr(target, attribute, value)


def take(body: dict[str, Any], target: object, **readers: Reader) -> None:
    """Set each attribute of ``target`` that ``body`` gives (see :func:`given`), once
    all of them have been read; absent keys leave the attribute as it is, as an update
    by YouTrack does."""
    assign(target, given(body, **readers))
