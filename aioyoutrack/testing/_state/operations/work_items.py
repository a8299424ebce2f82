"""Spent time: adding, changing and deleting work items."""

from __future__ import annotations

from typing import Any

from ..custom_fields import WorkDuration
from ..descriptors import day_start
from ..history import UNSET, WORK_ITEMS, record, record_listed
from ..issues import (
    Issue,
    WorkItem,
    WorkItemType,
)
from ..settings import time_zone_of
from ..store import Store
from ..users import User


def add_work_item(
    store: Store,
    author: User,
    issue: Issue,
    minutes: int,
    *,
    date: int | None = None,
    text: str | None = None,
    item_type: WorkItemType | None = None,
    creator: User | None = None,
    created: int | None = None,
) -> WorkItem:
    """Log spent time on an issue; its ``updated`` stays None until
    :func:`update_work_item` changes it.

    ``date`` (epoch ms; default: now) becomes the midnight that starts its day in the
    time zone of ``creator``, the user who sends it (semantics.md, "Dates and times")."""
    stamp = store.now() if created is None else created
    zone = time_zone_of(store, creator or author)
    item = WorkItem(
        id=store.new_id("workitem"),
        issue=issue,
        author=author,
        creator=creator or author,
        minutes=minutes,
        date=day_start(stamp if date is None else date, zone),
        created=stamp,
        text=text,
        type=item_type,
    )
    issue.work_items.append(item)
    store.work_items[item.id] = item
    record_listed(store, "workItems", item.creator, item, issue, item, timestamp=stamp)
    store.touch()
    return item


def update_work_item(
    store: Store,
    author: User,
    item: WorkItem,
    *,
    minutes: int | None = None,
    date: int | None = None,
    text: Any = UNSET,
    item_type: Any = UNSET,
    owner: User | None = None,
) -> None:
    """Change a work item (``date`` as :func:`add_work_item` takes it, in the time zone
    of ``author``, who sends the change)."""
    stamp = store.now()
    if minutes is not None and minutes != item.minutes:
        record(
            store,
            "WorkItemDurationActivityItem",
            "WorkItemDurationCategory",
            author,
            item,
            item.issue,
            added=WorkDuration(minutes, "DurationValue"),
            removed=WorkDuration(item.minutes, "DurationValue"),
            timestamp=stamp,
        )
        item.minutes = minutes
    if date is not None:
        item.date = day_start(date, time_zone_of(store, author))
    if text is not UNSET:
        item.text = text
    if item_type is not UNSET:
        item.type = item_type
    if owner is not None:
        item.author = owner
    item.updated = stamp
    store.touch()


def delete_work_item(store: Store, author: User, item: WorkItem) -> None:
    """Remove a work item."""
    WORK_ITEMS.remove(store, author, item)
