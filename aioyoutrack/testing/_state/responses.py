"""Response wrappers that are no stored entity: the issue count and the parsed command list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .._wire.projection import Entity, Getter, as_constant, as_stored
from .issues import Issue


@dataclass(slots=True, eq=False)
class CountResponse(Entity):
    """``IssueCountResponse``."""

    wire_type: ClassVar[str] = "IssueCountResponse"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        **as_stored("count query unresolved_only"),
        **as_constant(None, "id folder"),
    }

    count: int
    query: str | None
    unresolved_only: bool = False


@dataclass(slots=True, eq=False)
class ParsedCommand(Entity):
    """One parsed part of a command."""

    wire_type: ClassVar[str] = "ParsedCommand"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        **as_stored("description error delete"),
        "id": lambda o, v: None,
    }

    description: str
    error: bool = False
    delete: bool = False


@dataclass(slots=True, eq=False)
class CommandList(Entity):
    """The echo of an applied command."""

    wire_type: ClassVar[str] = "CommandList"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        **as_stored("query comment silent issues commands"),
        **as_constant(None, "id runAs visibility"),
        "caret": lambda o, v: len(o.query),
        "suggestions": lambda o, v: [],
    }

    query: str
    comment: str | None
    silent: bool
    issues: list[Issue]
    commands: list[ParsedCommand]
