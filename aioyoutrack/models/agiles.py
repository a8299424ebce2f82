"""Agile boards and sprints."""

from __future__ import annotations

from datetime import datetime

import attrs

from . import _refs
from .custom_fields import CustomField
from .projects import Project
from .users import User, UserGroup

__all__ = [
    "Agile",
    "AgileColumn",
    "AgileColumnFieldValue",
    "AgileSharingSettings",
    "AgileStatus",
    "ColumnSettings",
    "DatabaseAttributeValue",
    "Sprint",
    "SprintsSettings",
    "WIPLimit",
]


@attrs.define(kw_only=True, slots=True)
class Sprint:
    """A sprint of an agile board; ``start``/``finish`` are UTC datetimes.

    Its issues are listed by the sprint's ``issues`` resource, not fetched by default.
    """

    id: str | None = None
    name: str | None = None
    goal: str | None = None
    start: datetime | None = None
    finish: datetime | None = None
    archived: bool | None = None
    is_default: bool | None = None
    unresolved_issues_count: int | None = None
    agile: Agile | None = attrs.field(default=None, metadata=_refs.NAMED)
    previous_sprint: Sprint | None = attrs.field(default=None, metadata=_refs.NAMED)


@attrs.define(kw_only=True, slots=True)
class AgileSharingSettings:
    """Which groups and users may read or update a board."""

    id: str | None = None
    permitted_groups: list[UserGroup] | None = attrs.field(default=None, metadata=_refs.GROUP)
    permitted_users: list[User] | None = attrs.field(default=None, metadata=_refs.USER)


@attrs.define(kw_only=True, slots=True)
class DatabaseAttributeValue:
    """A field value a board column or swimlane stands for; ``$type`` tells the kind."""

    id: str | None = None


@attrs.define(kw_only=True, slots=True)
class AgileColumnFieldValue(DatabaseAttributeValue):
    """A value of the column field, mapped to a board column."""

    name: str | None = None
    is_resolved: bool | None = None


@attrs.define(kw_only=True, slots=True)
class WIPLimit:
    """Work-in-progress limits of a column."""

    id: str | None = None
    max: int | None = None
    min: int | None = None


@attrs.define(kw_only=True, slots=True)
class AgileColumn:
    """A column of a board."""

    id: str | None = None
    presentation: str | None = None
    is_resolved: bool | None = None
    ordinal: int | None = None
    wip_limit: WIPLimit | None = None
    field_values: list[AgileColumnFieldValue] | None = None


@attrs.define(kw_only=True, slots=True)
class ColumnSettings:
    """The field a board's columns stand for, and the columns."""

    id: str | None = None
    field: CustomField | None = attrs.field(default=None, metadata=_refs.NAMED)
    columns: list[AgileColumn] | None = None


@attrs.define(kw_only=True, slots=True)
class SprintsSettings:
    """How a board uses sprints."""

    id: str | None = None
    is_explicit: bool | None = None
    card_on_several_sprints: bool | None = None
    default_sprint: Sprint | None = attrs.field(default=None, metadata=_refs.NAMED)
    disable_sprints: bool | None = None
    explicit_query: str | None = None
    sprint_sync_field: CustomField | None = attrs.field(default=None, metadata=_refs.NAMED)
    hide_subtasks_of_cards: bool | None = None


@attrs.define(kw_only=True, slots=True)
class AgileStatus:
    """Whether a board's settings are valid, with the problems found."""

    id: str | None = None
    valid: bool | None = None
    has_jobs: bool | None = None
    errors: list[str] | None = None
    warnings: list[str] | None = None


@attrs.define(kw_only=True, slots=True)
class Agile:
    """An agile board. Swimlane and colour-coding settings are not modelled here."""

    id: str | None = None
    name: str | None = None
    owner: User | None = attrs.field(default=None, metadata=_refs.USER)
    projects: list[Project] | None = attrs.field(default=None, metadata=_refs.PROJECT)
    sprints: list[Sprint] | None = attrs.field(default=None, metadata=_refs.NAMED)
    current_sprint: Sprint | None = attrs.field(default=None, metadata=_refs.NAMED)
    estimation_field: CustomField | None = attrs.field(default=None, metadata=_refs.NAMED)
    original_estimation_field: CustomField | None = attrs.field(default=None, metadata=_refs.NAMED)
    orphans_at_the_top: bool | None = None
    hide_orphans_swimlane: bool | None = None
    read_sharing_settings: AgileSharingSettings | None = None
    update_sharing_settings: AgileSharingSettings | None = None
    column_settings: ColumnSettings | None = None
    sprints_settings: SprintsSettings | None = None
    status: AgileStatus | None = None
