"""Tagging and untagging issues."""

from __future__ import annotations

from ..history import record_joined
from ..issues import Issue, Tag
from ..store import Store
from ..users import User


def tag_issue(store: Store, author: User, issue: Issue, tag: Tag) -> None:
    """Tag an issue (no-op if tagged already)."""
    if tag in issue.tags:
        return
    issue.tags[tag] = None
    tag.issues[issue] = None
    record_joined(store, "tags", author, issue, tag)


def untag_issue(store: Store, author: User, issue: Issue, tag: Tag) -> None:
    """Remove a tag from an issue (no-op if not tagged)."""
    if tag not in issue.tags:
        return
    del issue.tags[tag]
    tag.issues.pop(issue, None)
    record_joined(store, "tags", author, issue, tag, left=True)
