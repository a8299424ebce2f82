"""Linking and unlinking issues."""

from __future__ import annotations

from ..history import record_listed, touch_issue
from ..issues import (
    BOTH,
    INWARD,
    OUTWARD,
    Issue,
    LinkType,
)
from ..store import Store
from ..users import User


def opposite(direction: str) -> str:
    """The direction of a link seen from the other issue."""
    return {OUTWARD: INWARD, INWARD: OUTWARD}.get(direction, BOTH)


def _way(link_type: LinkType, direction: str) -> str:
    """``direction`` for a directed type; an undirected type's links have one, BOTH."""
    return direction if link_type.directed else BOTH


def link_issues(
    store: Store, author: User, issue: Issue, link_type: LinkType, direction: str, other: Issue
) -> bool:
    """Link ``issue`` to ``other`` (``issue`` <phrase of direction> ``other``)."""
    direction = _way(link_type, direction)
    slot = issue.links.setdefault((link_type.id, direction), [])
    if other in slot:
        return False
    slot.append(other)
    back = opposite(direction)
    other.links.setdefault((link_type.id, back), []).append(issue)
    _record_both_ends(store, author, issue, link_type, direction, other, removed=False)
    return True


def unlink_issues(
    store: Store, author: User, issue: Issue, link_type: LinkType, direction: str, other: Issue
) -> bool:
    """Remove the link ``issue`` <direction> ``other``; False if there was none."""
    direction = _way(link_type, direction)
    slot = issue.links.get((link_type.id, direction), [])
    if other not in slot:
        return False
    slot.remove(other)
    back = opposite(direction)
    peers = other.links.get((link_type.id, back), [])
    if issue in peers:
        peers.remove(issue)
    _record_both_ends(store, author, issue, link_type, direction, other, removed=True)
    return True


def _record_both_ends(
    store: Store,
    author: User,
    issue: Issue,
    link_type: LinkType,
    direction: str,
    other: Issue,
    *,
    removed: bool,
) -> None:
    """A link is in the history of both issues, each seeing it from its own end."""
    stamp = store.now()
    ends = ((issue, other, direction), (other, issue, opposite(direction)))
    for source, target, way in ends:
        record_listed(
            store,
            "links",
            author,
            source,
            source,
            target,
            removed=removed,
            member=link_type.phrase(way),
            timestamp=stamp,
        )
        touch_issue(store, source, author, stamp)
