"""Commands (``POST /api/commands``) and their visibility."""

from __future__ import annotations

import attrs

from .._fields import field_metadata
from . import _refs
from .issues import Issue
from .users import User, UserGroup

__all__ = [
    "CommandLimitedVisibility",
    "CommandList",
    "CommandUnlimitedVisibility",
    "CommandVisibility",
    "ParsedCommand",
    "Suggestion",
]


@attrs.define(kw_only=True, slots=True)
class CommandVisibility:
    """Who may see the comment a command adds; ``$type`` tells the kind."""

    id: str | None = None


@attrs.define(kw_only=True, slots=True)
class CommandUnlimitedVisibility(CommandVisibility):
    """The comment is visible to everyone who can see the issue."""


@attrs.define(kw_only=True, slots=True)
class CommandLimitedVisibility(CommandVisibility):
    """The comment is visible only to the given groups and users."""

    permitted_groups: list[UserGroup] | None = attrs.field(default=None, metadata=_refs.GROUP)
    permitted_users: list[User] | None = attrs.field(default=None, metadata=_refs.USER)


@attrs.define(kw_only=True, slots=True)
class ParsedCommand:
    """One command the server recognised in a query; ``error`` marks one it could not
    apply."""

    id: str | None = None
    description: str | None = None
    error: bool | None = None
    delete: bool | None = None


@attrs.define(kw_only=True, slots=True)
class Suggestion:
    """A completion the server suggests for a command or search query."""

    id: str | None = None
    completion_start: int | None = None
    completion_end: int | None = None
    matching_start: int | None = None
    matching_end: int | None = None
    caret: int | None = None
    description: str | None = None
    option: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    group: str | None = None
    icon: str | None = None
    auxiliary_icon: str | None = None
    class_name: str | None = None


@attrs.define(kw_only=True, slots=True)
class CommandList:
    """A command to apply to issues (the request body) and what the server made of it.

    ``query`` is the command text; ``issues`` are addressed by ``id`` or ``id_readable``;
    ``silent`` suppresses notifications; ``comment`` (with ``visibility``) is added to
    each issue.
    """

    id: str | None = None
    query: str | None = None
    issues: list[Issue] | None = attrs.field(
        default=None, metadata=field_metadata(fields="id,id_readable")
    )
    comment: str | None = None
    visibility: CommandVisibility | None = None
    caret: int | None = None
    silent: bool | None = None
    run_as: str | None = None
    commands: list[ParsedCommand] | None = None
    suggestions: list[Suggestion] | None = None
