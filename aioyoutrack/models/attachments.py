"""Issue attachments."""

from __future__ import annotations

from datetime import datetime

import attrs

from .._fields import field_metadata
from . import _refs
from .comments import IssueComment
from .users import User
from .visibility import Visibility

__all__ = ["IssueAttachment"]


@attrs.define(kw_only=True, slots=True)
class IssueAttachment:
    """A file attached to an issue or comment.

    ``url`` is a signed path relative to the service root: prefix the base URL to
    download it. The inline ``base64Content`` is not part of the model (it would fetch
    every file with every listing).
    """

    id: str | None = None
    name: str | None = None
    author: User | None = attrs.field(default=None, metadata=_refs.USER)
    created: datetime | None = None
    updated: datetime | None = None
    size: int | None = None
    extension: str | None = None
    charset: str | None = None
    mime_type: str | None = None
    meta_data: str | None = None
    draft: bool | None = None
    removed: bool | None = None
    url: str | None = None
    thumbnail_url: str | None = attrs.field(
        default=None, metadata=field_metadata(wire_name="thumbnailURL")
    )
    visibility: Visibility | None = None
    comment: IssueComment | None = attrs.field(default=None, metadata=_refs.ID)
