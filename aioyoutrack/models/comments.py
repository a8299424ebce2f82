"""Issue comments."""

from __future__ import annotations

from datetime import datetime

import attrs

from . import _refs
from .users import User
from .visibility import Visibility

__all__ = ["IssueComment"]


@attrs.define(kw_only=True, slots=True)
class IssueComment:
    """A comment on an issue; ``text`` is the source (Markdown or YouTrack wiki)."""

    id: str | None = None
    text: str | None = None
    author: User | None = attrs.field(default=None, metadata=_refs.USER)
    created: datetime | None = None
    updated: datetime | None = None
    deleted: bool | None = None
    pinned: bool | None = None
    visibility: Visibility | None = None
