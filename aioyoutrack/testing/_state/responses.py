"""Response wrappers that are no stored entity: the issue count and the parsed command list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .._wire.projection import Entity, Getter, as_stored
from .issues import Issue


@dataclass(slots=True, eq=False)
class CountResponse(Entity):
    """``IssueCountResponse``."""

    wire_type: ClassVar[str] = "IssueCountResponse"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        **as_stored("count query unresolved_only"),
        "id": lambda o, v: None,
        "folder": lambda o, v: None,
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
        "id": lambda o, v: None,
        "caret": lambda o, v: len(o.query),
        "runAs": lambda o, v: None,
        "suggestions": lambda o, v: [],
        "visibility": lambda o, v: None,
    }

    query: str
    comment: str | None
    silent: bool
    issues: list[Issue]
    commands: list[ParsedCommand]
