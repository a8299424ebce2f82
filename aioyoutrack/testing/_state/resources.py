"""State of the fake's less central resources, kept beside the store: settings and
profiles, comment reactions, VCS changes, article tags, a project's time tracking and
backup files."""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import TYPE_CHECKING, Any, ClassVar

from .._wire.projection import Entity, Getter, View, as_stored
from .records import Record

if TYPE_CHECKING:
    from .custom_fields import ProjectCustomField
    from .issues import WorkItemType
    from .projects import Project
    from .store import Store
    from .users import User


#: Entity-id prefixes of the kinds kept here (distinct from the store's).
_PREFIX = {"reaction": "180", "vcs": "136"}


@dataclass(slots=True, eq=False)
class Reaction(Entity):
    """A user's reaction to a comment."""

    wire_type: ClassVar[str] = "Reaction"
    WIRE: ClassVar[dict[str, str | Getter]] = as_stored("id reaction author")

    id: str
    reaction: str
    author: User


@dataclass(slots=True, eq=False)
class VcsChange(Entity):
    """A commit linked to an issue."""

    wire_type: ClassVar[str] = "VcsChange"
    WIRE: ClassVar[dict[str, str | Getter]] = as_stored(
        "id date fetched files author text urls version state issue"
    )

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
        **as_stored("enabled estimate time_spent work_item_types project"),
        "id": lambda o, v: o.project.id,
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
    #: The ``fieldDefaults`` settings of global custom fields, by field id.
    field_defaults: dict[str, Record] = dc_field(default_factory=dict)
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
