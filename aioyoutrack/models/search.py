"""Search-query completion (``POST /api/search/assist``)."""

from __future__ import annotations

import attrs

from . import _refs
from .commands import Suggestion
from .projects import IssueFolder

__all__ = ["SearchSuggestions"]


@attrs.define(kw_only=True, slots=True)
class SearchSuggestions:
    """Completions for a search query at ``caret``, and the folders it searches in."""

    id: str | None = None
    query: str | None = None
    caret: int | None = None
    ignore_unresolved_setting: bool | None = None
    suggestions: list[Suggestion] | None = None
    folders: list[IssueFolder] | None = attrs.field(default=None, metadata=_refs.NAMED)
