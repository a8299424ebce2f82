"""Reactions (emoji) on comments."""

from __future__ import annotations

import attrs

from . import _refs
from .users import User

__all__ = ["Reaction"]


@attrs.define(kw_only=True, slots=True)
class Reaction:
    """One user's reaction to a comment; ``reaction`` names it (``"thumbs-up"``)."""

    id: str | None = None
    reaction: str | None = None
    author: User | None = attrs.field(default=None, metadata=_refs.USER)
