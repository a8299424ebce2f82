"""Saved searches."""

from __future__ import annotations

import attrs

from .tags import WatchFolder

__all__ = ["SavedQuery"]


@attrs.define(kw_only=True, slots=True)
class SavedQuery(WatchFolder):
    """A saved search: ``query`` in YouTrack's search syntax."""

    query: str | None = None
