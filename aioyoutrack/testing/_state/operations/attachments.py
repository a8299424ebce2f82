"""Attaching files to issues and removing them."""

from __future__ import annotations

from ..history import ATTACHMENTS
from ..issues import (
    Attachment,
    Comment,
    Issue,
)
from ..store import Store
from ..users import User


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
    return ATTACHMENTS.add(store, author, attachment, stamp)


def delete_attachment(store: Store, author: User, attachment: Attachment) -> None:
    """Remove an attachment."""
    ATTACHMENTS.remove(store, author, attachment)
