"""Adding, changing and deleting issue comments."""

from __future__ import annotations

from ..history import COMMENTS, record
from ..issues import UNLIMITED, Comment, Issue
from ..store import Store
from ..users import User, Visibility


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
    return COMMENTS.add(store, author, comment, stamp)


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
    COMMENTS.remove(store, author, comment)
