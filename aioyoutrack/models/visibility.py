"""Who may see an issue, comment or attachment."""

from __future__ import annotations

import attrs

from . import _refs
from .users import User, UserGroup

__all__ = ["LimitedVisibility", "UnlimitedVisibility", "Visibility"]


@attrs.define(kw_only=True, slots=True)
class Visibility:
    """Visibility settings; ``$type`` tells the kind."""

    id: str | None = None


@attrs.define(kw_only=True, slots=True)
class UnlimitedVisibility(Visibility):
    """Visible to everyone who can see the parent entity."""


@attrs.define(kw_only=True, slots=True)
class LimitedVisibility(Visibility):
    """Visible only to the given groups and users."""

    permitted_groups: list[UserGroup] | None = attrs.field(default=None, metadata=_refs.GROUP)
    permitted_users: list[User] | None = attrs.field(default=None, metadata=_refs.USER)
