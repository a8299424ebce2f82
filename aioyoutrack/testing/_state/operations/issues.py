"""Changes to issues, their fields, comments and tags, each recorded as an activity.

Routes, commands, the seed and FakeYouTrack's setup helpers all change data through
these functions (and :mod:`.links`), so ``/activities`` sees every change.
"""

from __future__ import annotations

from typing import Any

from ..._http.errors import invalid_properties
from ..agiles import FilterField
from ..custom_fields import Project, ProjectCustomField, User, Visibility
from ..history import UNSET, record, touch_issue
from ..issues import UNLIMITED, Comment, Issue, Tag, wire_value
from ..store import Store
from .links import opposite


def create_issue(
    store: Store,
    author: User,
    project: Project,
    summary: str,
    description: str | None = None,
    values: dict[str, Any] | None = None,
    *,
    created: int | None = None,
) -> Issue:
    """Create an issue; fields not in ``values`` get the project defaults."""
    stamp = store.now() if created is None else created
    given = values or {}
    stored: dict[str, Any] = {}
    missing = []
    for pcf in project.fields:
        if pcf.id in given:
            value = given[pcf.id]
        elif pcf.default_values:
            value = list(pcf.default_values) if pcf.kind.multi else pcf.default_values[0]
        else:
            value = None
        if value is None or value == []:
            if not pcf.can_be_empty:
                missing.append(f"Field {pcf.field.name} is required")
            continue
        stored[pcf.id] = value
    if missing:
        raise invalid_properties(missing)
    issue = Issue(
        id=store.new_id("issue"),
        project=project,
        number=project.next_number,
        summary=summary,
        description=description,
        reporter=author,
        updater=author,
        created=stamp,
        updated=stamp,
        values=stored,
    )
    project.next_number += 1
    if _is_resolved(issue):
        issue.resolved = stamp
    store.issues[issue.id] = issue
    store.issues_by_readable[issue.id_readable.upper()] = issue
    record(
        store,
        "IssueCreatedActivityItem",
        "IssueCreatedCategory",
        author,
        issue,
        issue,
        added=(issue,),  # tuples: one per issue, so keep them small
        removed=(),
        timestamp=stamp,
    )
    store.touch()
    return issue


def _is_resolved(issue: Issue) -> bool:
    for pcf in issue.project.fields:
        if pcf.kind.value_type == "state":
            value = issue.values.get(pcf.id)
            if value is not None and value.is_resolved:
                return True
    return False


def update_issue(
    store: Store,
    author: User,
    issue: Issue,
    *,
    summary: str | None = None,
    description: Any = UNSET,
    values: dict[str, Any] | None = None,
) -> None:
    """Change summary, description and/or custom field values (``{pcf id: value}``)."""
    stamp = store.now()
    changed = False
    if summary is not None and summary != issue.summary:
        record(
            store,
            "SimpleValueActivityItem",
            "SummaryCategory",
            author,
            issue,
            issue,
            added=summary,
            removed=issue.summary,
            field=FilterField("summary", "summary"),
            timestamp=stamp,
        )
        issue.summary = summary
        changed = True
    if description is not UNSET and description != issue.description:
        record(
            store,
            "TextMarkupActivityItem",
            "DescriptionCategory",
            author,
            issue,
            issue,
            added=description,
            removed=issue.description,
            field=FilterField("description", "description"),
            timestamp=stamp,
        )
        issue.description = description
        changed = True
    was_resolved = issue.resolved is not None
    by_id = {pcf.id: pcf for pcf in issue.project.fields}
    for pcf_id, value in (values or {}).items():
        changed |= _set_field(store, author, issue, by_id[pcf_id], value, stamp)
    if not changed:
        return
    now_resolved = _is_resolved(issue)
    if now_resolved != was_resolved:
        old = issue.resolved
        issue.resolved = stamp if now_resolved else None
        record(
            store,
            "IssueResolvedActivityItem",
            "IssueResolvedCategory",
            author,
            issue,
            issue,
            added=issue.resolved,
            removed=old,
            timestamp=stamp,
        )
        if now_resolved:
            for tag in [t for t in issue.tags if t.untag_on_resolve]:
                untag_issue(store, author, issue, tag)
    issue.updated = stamp
    issue.updater = author
    store.touch()


def _set_field(
    store: Store, author: User, issue: Issue, pcf: ProjectCustomField, value: Any, stamp: int
) -> bool:
    kind = pcf.kind
    old = issue.values.get(pcf.id, [] if kind.multi else None)
    if value == old or (value is None and old is None):
        return False
    if value is None or value == []:
        issue.values.pop(pcf.id, None)
    else:
        issue.values[pcf.id] = value
    custom = pcf.field
    field = FilterField(custom.id, custom.name, custom)
    if kind.multi:
        new_items: list[Any] = value or []
        old_items: list[Any] = old or []
        added: Any = [v for v in new_items if v not in old_items]
        removed: Any = [v for v in old_items if v not in new_items]
    elif kind.bundle is not None or kind.value_type == "group":
        added = [] if value is None else [value]
        removed = [] if old is None else [old]
    elif kind.value_type == "period":
        added, removed = value, old
    else:
        added, removed = wire_value(pcf, value), wire_value(pcf, old)
        if kind.value_type == "text":
            added, removed = value, old
    type_name = (
        "TextCustomFieldActivityItem" if kind.value_type == "text" else ("CustomFieldActivityItem")
    )
    record(
        store,
        type_name,
        "CustomFieldCategory",
        author,
        issue,
        issue,
        added=added,
        removed=removed,
        field=field,
        timestamp=stamp,
    )
    return True


def delete_issue(store: Store, issue: Issue) -> None:
    """Remove an issue and everything attached to it."""
    del store.issues[issue.id]
    store.issues_by_readable.pop(issue.id_readable.upper(), None)
    for tag in issue.tags:
        tag.issues.pop(issue, None)
    for (type_id, direction), others in issue.links.items():
        back = opposite(direction)
        for other in others:
            peers = other.links.get((type_id, back), [])
            if issue in peers:
                peers.remove(issue)
    for sprint in store.sprints.values():
        sprint.issues.pop(issue, None)
    for comment in issue.comments:
        store.comments.pop(comment.id, None)
    for attachment in issue.attachments:
        store.attachments.pop(attachment.id, None)
    for item in issue.work_items:
        store.work_items.pop(item.id, None)
    store.touch()


def add_comment(
    store: Store,
    author: User,
    issue: Issue,
    text: str,
    visibility: Visibility = UNLIMITED,
    *,
    created: int | None = None,
) -> Comment:
    """Add a comment to an issue."""
    stamp = store.now() if created is None else created
    comment = Comment(
        id=store.new_id("comment"),
        issue=issue,
        author=author,
        text=text,
        created=stamp,
        visibility=visibility,
    )
    issue.comments.append(comment)
    store.comments[comment.id] = comment
    record(
        store,
        "CommentActivityItem",
        "CommentsCategory",
        author,
        comment,
        issue,
        added=[comment],
        removed=[],
        timestamp=stamp,
    )
    touch_issue(store, issue, author, stamp)
    return comment


def update_comment(
    store: Store,
    author: User,
    comment: Comment,
    *,
    text: str | None = None,
    visibility: Visibility | None = None,
) -> None:
    """Edit a comment's text and/or visibility."""
    stamp = store.now()
    if text is not None and text != comment.text:
        record(
            store,
            "TextMarkupActivityItem",
            "CommentTextCategory",
            author,
            comment,
            comment.issue,
            added=text,
            removed=comment.text,
            member="text",
            timestamp=stamp,
        )
        comment.text = text
    if visibility is not None:
        comment.visibility = visibility
    comment.updated = stamp
    store.touch()


def delete_comment(store: Store, author: User, comment: Comment) -> None:
    """Remove a comment."""
    issue = comment.issue
    issue.comments.remove(comment)
    store.comments.pop(comment.id, None)
    record(
        store,
        "CommentActivityItem",
        "CommentsCategory",
        author,
        comment,
        issue,
        added=[],
        removed=[comment],
    )
    store.touch()


def tag_issue(store: Store, author: User, issue: Issue, tag: Tag) -> None:
    """Tag an issue (no-op if tagged already)."""
    if tag in issue.tags:
        return
    issue.tags[tag] = None
    tag.issues[issue] = None
    record(store, "TagsActivityItem", "TagsCategory", author, issue, issue, added=[tag], removed=[])
    store.touch()


def untag_issue(store: Store, author: User, issue: Issue, tag: Tag) -> None:
    """Remove a tag from an issue (no-op if not tagged)."""
    if tag not in issue.tags:
        return
    del issue.tags[tag]
    tag.issues.pop(issue, None)
    record(store, "TagsActivityItem", "TagsCategory", author, issue, issue, added=[], removed=[tag])
    store.touch()
