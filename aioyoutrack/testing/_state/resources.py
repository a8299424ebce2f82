"""State and entities for the fake's less central resources: settings objects, user
profiles, comment reactions and VCS changes.

Settings and profiles are :class:`Record` entities: a dict of wire attributes whose
keys are fixed per type (the spec's properties), merged by POST like YouTrack merges an
update. The state lives beside the store (one :class:`Extras` per store), created on
first use, so seeding and the core entities stay untouched.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import TYPE_CHECKING, Any, ClassVar

from .._http.errors import bad_request
from .._wire.projection import Entity, Getter, View

if TYPE_CHECKING:
    from .custom_fields import Project, ProjectCustomField, User
    from .issues import WorkItemType
    from .store import Store


_SCALARS = (str, int, float, bool)


#: Entity-id prefixes of the kinds kept here (distinct from the store's).
_PREFIX = {"reaction": "180", "vcs": "136"}


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
    merge recursively; ``id`` and ``$type`` are ignored. 400 on a mismatch."""
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
            merge_record(current, value, f"{where}.")
        elif isinstance(current, list) or isinstance(value, list):
            if not isinstance(value, list) or not all(isinstance(v, _SCALARS) for v in value):
                raise bad_request(f"{where} must be an array of values")
            record.data[key] = list(value)
        elif value is None or isinstance(value, _SCALARS):
            if (
                current is not None
                and value is not None
                and (type(value) is not type(current) and not _numbers(current, value))
            ):
                raise bad_request(f"{where} must be a {type(current).__name__}")
            record.data[key] = value
        else:
            raise bad_request(f"{where} has a value of the wrong type")


def _numbers(a: object, b: object) -> bool:
    number = (int, float)
    return (
        isinstance(a, number)
        and isinstance(b, number)
        and not isinstance(a, bool)
        and not isinstance(b, bool)
    )


@dataclass(slots=True, eq=False)
class Reaction(Entity):
    """A user's reaction to a comment."""

    wire_type: ClassVar[str] = "Reaction"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": "id",
        "reaction": "reaction",
        "author": "author",
    }

    id: str
    reaction: str
    author: User


@dataclass(slots=True, eq=False)
class VcsChange(Entity):
    """A commit linked to an issue."""

    wire_type: ClassVar[str] = "VcsChange"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": "id",
        "date": "date",
        "fetched": "fetched",
        "files": "files",
        "author": "author",
        "text": "text",
        "urls": "urls",
        "version": "version",
        "state": "state",
        "issue": "issue",
    }

    id: str
    issue: Any
    author: User
    text: str
    version: str
    date: int
    fetched: int
    files: int = 0
    urls: list[str] = dc_field(default_factory=list)
    state: int = 0


@dataclass(slots=True, eq=False)
class ProjectTimeTracking(Entity):
    """A project's time-tracking settings (``ProjectTimeTrackingSettings``)."""

    wire_type: ClassVar[str] = "ProjectTimeTrackingSettings"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": lambda o, v: o.project.id,
        "enabled": "enabled",
        "estimate": "estimate",
        "timeSpent": "time_spent",
        "workItemTypes": "work_item_types",
        "project": "project",
        "attributes": lambda o, v: [],
    }

    project: Project
    work_item_types: list[WorkItemType]
    enabled: bool = False
    estimate: ProjectCustomField | None = None
    time_spent: ProjectCustomField | None = None


@dataclass
class Extras:
    """The fake's state for this module's resources, one per store."""

    #: Settings objects by path (``admin/globalSettings``, ...).
    settings: dict[str, Record] = dc_field(default_factory=dict)
    #: User profiles by (user id, profile kind).
    profiles: dict[tuple[str, str], Record] = dc_field(default_factory=dict)
    #: Reactions by comment id (issue and article comments).
    reactions: dict[str, list[Reaction]] = dc_field(default_factory=dict)
    #: VCS changes by issue id.
    vcs_changes: dict[str, list[VcsChange]] = dc_field(default_factory=dict)
    #: Tags of articles by article id (tags are the store's).
    article_tags: dict[str, list[Any]] = dc_field(default_factory=dict)
    #: Database backup files (``BackupFile`` records); the fake makes none itself.
    backups: list[Record] = dc_field(default_factory=list)
    #: Time-tracking settings by project id (created on first use).
    time_tracking: dict[str, ProjectTimeTracking] = dc_field(default_factory=dict)
    _counters: dict[str, int] = dc_field(default_factory=dict)

    def new_id(self, kind: str) -> str:
        """A fresh entity id for ``kind`` (``reaction``, ``vcs``), in YouTrack's form."""
        number = self._counters.get(kind, 0)
        self._counters[kind] = number + 1
        return f"{_PREFIX[kind]}-{number}"


_EXTRAS: weakref.WeakKeyDictionary[Store, Extras] = weakref.WeakKeyDictionary()


def extras(store: Store) -> Extras:
    """The extra state of ``store`` (created empty on first use)."""
    found = _EXTRAS.get(store)
    if found is None:
        found = _EXTRAS[store] = Extras()
    return found


def time_tracking_of(store: Store, project: Project) -> ProjectTimeTracking:
    """A project's time-tracking settings: off, every work item type, until changed."""
    state = extras(store).time_tracking
    found = state.get(project.id)
    if found is None:
        types = list(store.work_item_types.values())
        found = state[project.id] = ProjectTimeTracking(project, types)
    return found


def article_tags_of(view: View, article_id: str) -> list[Any]:
    """The tags of an article, for rendering its ``tags`` attribute."""
    found = _EXTRAS.get(view.store)
    return list(found.article_tags.get(article_id, ())) if found is not None else []


def reactions_of(view: View, comment_id: str) -> list[Reaction]:
    """The reactions on a comment, for rendering its ``reactions`` attribute."""
    found = _EXTRAS.get(view.store)
    return list(found.reactions.get(comment_id, ())) if found is not None else []


def add_reaction(store: Store, comment_id: str, name: str, author: User) -> Reaction:
    """React to a comment (issue or article comment); one reaction per user and name."""
    mine = extras(store).reactions.setdefault(comment_id, [])
    for reaction in mine:
        if reaction.author is author and reaction.reaction == name:
            return reaction
    reaction = Reaction(extras(store).new_id("reaction"), name, author)
    mine.append(reaction)
    store.touch()
    return reaction


def add_vcs_change(store: Store, issue: Any, author: User, text: str, version: str) -> VcsChange:
    """Link a commit to an issue."""
    stamp = store.now()
    change = VcsChange(
        extras(store).new_id("vcs"), issue, author, text, version, date=stamp, fetched=stamp
    )
    extras(store).vcs_changes.setdefault(issue.id, []).append(change)
    store.touch()
    return change
