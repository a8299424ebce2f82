"""Changes to links, attachments, work items and sprints, recorded as activities."""

from __future__ import annotations

from typing import Any

from ..agiles import FilterField, IssueKey, Sprint
from ..custom_fields import Project, User, WorkDuration
from ..history import UNSET, record, touch_issue
from ..issues import (
    BOTH,
    INWARD,
    OUTWARD,
    Attachment,
    Comment,
    Issue,
    LinkType,
    WorkItem,
    WorkItemType,
)
from ..store import Store


def opposite(direction: str) -> str:
    """The direction of a link seen from the other issue."""
    return {OUTWARD: INWARD, INWARD: OUTWARD}.get(direction, BOTH)


def _phrase(link_type: LinkType, direction: str) -> str:
    return link_type.target_to_source if direction == INWARD else link_type.source_to_target


def link_issues(
    store: Store, author: User, issue: Issue, link_type: LinkType, direction: str, other: Issue
) -> bool:
    """Link ``issue`` to ``other`` (``issue`` <phrase of direction> ``other``)."""
    if not link_type.directed:
        direction = BOTH
    slot = issue.links.setdefault((link_type.id, direction), [])
    if other in slot:
        return False
    slot.append(other)
    back = opposite(direction)
    other.links.setdefault((link_type.id, back), []).append(issue)
    stamp = store.now()
    for source, target, way in ((issue, other, direction), (other, issue, back)):
        record(
            store,
            "LinksActivityItem",
            "LinksCategory",
            author,
            source,
            source,
            added=[target],
            removed=[],
            member=_phrase(link_type, way),
            timestamp=stamp,
        )
        touch_issue(store, source, author, stamp)
    return True


def unlink_issues(
    store: Store, author: User, issue: Issue, link_type: LinkType, direction: str, other: Issue
) -> bool:
    """Remove the link ``issue`` <direction> ``other``; False if there was none."""
    if not link_type.directed:
        direction = BOTH
    slot = issue.links.get((link_type.id, direction), [])
    if other not in slot:
        return False
    slot.remove(other)
    back = opposite(direction)
    peers = other.links.get((link_type.id, back), [])
    if issue in peers:
        peers.remove(issue)
    stamp = store.now()
    for source, target, way in ((issue, other, direction), (other, issue, back)):
        record(
            store,
            "LinksActivityItem",
            "LinksCategory",
            author,
            source,
            source,
            added=[],
            removed=[target],
            member=_phrase(link_type, way),
            timestamp=stamp,
        )
        touch_issue(store, source, author, stamp)
    return True


def add_attachment(
    store: Store,
    author: User,
    issue: Issue,
    name: str,
    data: bytes,
    mime_type: str = "application/octet-stream",
    *,
    comment: Comment | None = None,
    created: int | None = None,
) -> Attachment:
    """Attach a file (bytes kept in memory) to an issue."""
    stamp = store.now() if created is None else created
    attachment = Attachment(
        id=store.new_id("attachment"),
        issue=issue,
        name=name,
        author=author,
        created=stamp,
        updated=stamp,
        mime_type=mime_type,
        data=data,
        comment=comment,
    )
    issue.attachments.append(attachment)
    store.attachments[attachment.id] = attachment
    record(
        store,
        "AttachmentActivityItem",
        "AttachmentsCategory",
        author,
        attachment,
        issue,
        added=[attachment],
        removed=[],
        timestamp=stamp,
    )
    touch_issue(store, issue, author, stamp)
    return attachment


def delete_attachment(store: Store, author: User, attachment: Attachment) -> None:
    """Remove an attachment."""
    issue = attachment.issue
    issue.attachments.remove(attachment)
    store.attachments.pop(attachment.id, None)
    record(
        store,
        "AttachmentActivityItem",
        "AttachmentsCategory",
        author,
        attachment,
        issue,
        added=[],
        removed=[attachment],
    )
    store.touch()


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
    """Log spent time on an issue (``date`` defaults to today, midnight UTC)."""
    stamp = store.now() if created is None else created
    item = WorkItem(
        id=store.new_id("workitem"),
        issue=issue,
        author=author,
        creator=creator or author,
        minutes=minutes,
        date=stamp // 86_400_000 * 86_400_000 if date is None else date,
        created=stamp,
        updated=stamp,
        text=text,
        type=item_type,
    )
    issue.work_items.append(item)
    store.work_items[item.id] = item
    record(
        store,
        "WorkItemActivityItem",
        "WorkItemCategory",
        item.creator,
        item,
        issue,
        added=[item],
        removed=[],
        timestamp=stamp,
    )
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
    """Change a work item."""
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
        item.date = date
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
    item.issue.work_items.remove(item)
    store.work_items.pop(item.id, None)
    record(
        store,
        "WorkItemActivityItem",
        "WorkItemCategory",
        author,
        item,
        item.issue,
        added=[],
        removed=[item],
    )
    store.touch()


def add_to_sprint(store: Store, author: User, sprint: Sprint, issue: Issue) -> None:
    """Put an issue on a sprint (no-op if there already)."""
    if issue in sprint.issues:
        return
    sprint.issues[issue] = None
    record(
        store,
        "SprintActivityItem",
        "SprintCategory",
        author,
        issue,
        issue,
        added=[sprint],
        removed=[],
    )
    store.touch()


def remove_from_sprint(store: Store, author: User, sprint: Sprint, issue: Issue) -> None:
    """Take an issue off a sprint (no-op if not there)."""
    if issue not in sprint.issues:
        return
    del sprint.issues[issue]
    record(
        store,
        "SprintActivityItem",
        "SprintCategory",
        author,
        issue,
        issue,
        added=[],
        removed=[sprint],
    )
    store.touch()


def move_issue(store: Store, author: User, issue: Issue, target: Project) -> bool:
    """Move ``issue`` to ``target``: a new number there; field values kept where the
    target has the same field with the same bundle, else its defaults. Records a
    ``ProjectActivityItem`` (``removed``/``added``: the old and new ``IssueKey``). The old
    readable id still finds the issue, as in YouTrack. False when already there."""
    if target is issue.project:
        return False
    old_fields = {pcf.field.id: pcf for pcf in issue.project.fields}
    values: dict[str, Any] = {}
    for pcf in target.fields:
        old = old_fields.get(pcf.field.id)
        value = issue.values.get(old.id) if old is not None else None
        if old is not None and old.bundle is pcf.bundle and value is not None:
            values[pcf.id] = value
        elif pcf.default_values:
            values[pcf.id] = list(pcf.default_values) if pcf.kind.multi else pcf.default_values[0]
    removed = IssueKey(issue.project, issue.number)
    issue.project = target
    issue.number = target.next_number
    target.next_number += 1
    issue.values = values
    stamp = store.now()
    record(
        store,
        "ProjectActivityItem",
        "ProjectCategory",
        author,
        issue,
        issue,
        added=IssueKey(target, issue.number),
        removed=removed,
        field=FilterField("project", "project"),
        timestamp=stamp,
    )
    store.issues_by_readable[issue.id_readable.upper()] = issue
    touch_issue(store, issue, author, stamp)
    return True
