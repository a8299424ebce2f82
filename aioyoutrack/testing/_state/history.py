"""The activity stream: every change to an issue is recorded here."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import Any, Final, Generic, TypeVar

from .._wire.projection import Entity
from .activities import Activity, ActivityCategory, FilterField
from .issues import Attachment, Comment, Issue, WorkItem
from .store import Store
from .users import User

__all__ = [
    "ATTACHMENTS",
    "CATEGORIES",
    "COMMENTS",
    "LIST_ACTIVITIES",
    "UNSET",
    "WORK_ITEMS",
    "OwnList",
    "record",
    "record_joined",
    "record_listed",
    "touch_issue",
]

#: Activity categories the fake records (and accepts in ``categories=``).
CATEGORIES: Final = {
    name: ActivityCategory(name)
    for name in (
        "IssueCreatedCategory",
        "CustomFieldCategory",
        "SummaryCategory",
        "DescriptionCategory",
        "IssueResolvedCategory",
        "CommentsCategory",
        "CommentTextCategory",
        "TagsCategory",
        "LinksCategory",
        "AttachmentsCategory",
        "WorkItemCategory",
        "WorkItemDurationCategory",
        "SprintCategory",
        "ProjectCategory",
    )
}
#: The activity (``$type``, category) of a change to each list an issue has.
LIST_ACTIVITIES: Final = {
    "comments": ("CommentActivityItem", "CommentsCategory"),
    "attachments": ("AttachmentActivityItem", "AttachmentsCategory"),
    "workItems": ("WorkItemActivityItem", "WorkItemCategory"),
    "sprints": ("SprintActivityItem", "SprintCategory"),
    "links": ("LinksActivityItem", "LinksCategory"),
    "tags": ("TagsActivityItem", "TagsCategory"),
}
#: Marker of an argument that was not given (None is a value).
UNSET: Final[Any] = object()


def record(
    store: Store,
    type_name: str,
    category: str,
    author: User,
    target: Entity,
    issue: Issue | None,
    *,
    added: Any = None,
    removed: Any = None,
    field: FilterField | None = None,
    member: str | None = None,
    timestamp: int | None = None,
) -> Activity:
    """Append an activity to the global stream (and to the issue's history)."""
    activity = Activity(
        id=store.new_id("activity"),
        seq=len(store.activities),
        type_name=type_name,
        category=CATEGORIES[category],
        timestamp=store.now() if timestamp is None else timestamp,
        author=author,
        target=target,
        issue=issue,
        added=added,
        removed=removed,
        field=field,
        target_member=member,
    )
    store.activities.append(activity)
    store.activities_by_id[activity.id] = activity
    if issue is not None:
        issue.history.append(activity)
    return activity


def record_listed(
    store: Store,
    kind: str,
    author: User,
    target: Entity,
    issue: Issue,
    item: Entity,
    *,
    removed: bool = False,
    member: str | None = None,
    timestamp: int | None = None,
) -> Activity:
    """Record ``item`` added to (``removed=True``: taken from) the ``issue``'s list of
    ``kind`` (a key of ``LIST_ACTIVITIES``); YouTrack sends such a change as a list of
    what was added and a list of what was removed, one of them empty."""
    type_name, category = LIST_ACTIVITIES[kind]
    listed = [item]
    added, gone = ([], listed) if removed else (listed, [])
    return record(
        store,
        type_name,
        category,
        author,
        target,
        issue,
        added=added,
        removed=gone,
        member=member,
        timestamp=timestamp,
    )


def record_joined(
    store: Store, kind: str, author: User, issue: Issue, group: Entity, *, left: bool = False
) -> None:
    """Record that ``issue`` joined (``left=True``: left) ``group``, a tag or a sprint:
    the change is in the issue's history as a change to its list ``kind`` whose target
    is the issue itself, not the group."""
    record_listed(store, kind, author, issue, issue, group, removed=left)
    store.touch()


def touch_issue(store: Store, issue: Issue, author: User, stamp: int) -> None:
    """Mark ``issue`` as updated by ``author`` at ``stamp``."""
    issue.updated = stamp
    issue.updater = author
    store.touch()


#: What an issue keeps in a list of its own and the store registers by id.
_ListedT = TypeVar("_ListedT", Comment, Attachment, WorkItem)


@dataclass(frozen=True, slots=True)
class OwnList(Generic[_ListedT]):
    """A list an issue keeps of entities of its own (its comments, attachments, work
    items) that the store also registers by id: a change to it is recorded as ``kind``
    (a key of ``LIST_ACTIVITIES``)."""

    kind: str
    of_issue: Callable[[Issue], list[_ListedT]]
    in_store: Callable[[Store], MutableMapping[str, Any]]

    def add(self, store: Store, author: User, item: _ListedT, stamp: int) -> _ListedT:
        """Put a new ``item`` in its issue's list and the store, record it as added, and
        mark the issue updated by ``author`` at ``stamp``."""
        issue = item.issue
        self.of_issue(issue).append(item)
        self.in_store(store)[item.id] = item
        record_listed(store, self.kind, author, item, issue, item, timestamp=stamp)
        touch_issue(store, issue, author, stamp)
        return item

    def remove(self, store: Store, author: User, item: _ListedT) -> None:
        """Take ``item`` out of its issue's list and the store and record it as removed;
        the issue's ``updated`` stays as it was."""
        issue = item.issue
        self.of_issue(issue).remove(item)
        self.in_store(store).pop(item.id, None)
        record_listed(store, self.kind, author, item, issue, item, removed=True)
        store.touch()


COMMENTS: Final[OwnList[Comment]] = OwnList("comments", lambda i: i.comments, lambda s: s.comments)
ATTACHMENTS: Final[OwnList[Attachment]] = OwnList(
    "attachments", lambda i: i.attachments, lambda s: s.attachments
)
WORK_ITEMS: Final[OwnList[WorkItem]] = OwnList(
    "workItems", lambda i: i.work_items, lambda s: s.work_items
)
