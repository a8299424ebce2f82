"""Time-tracking settings: global, per project, and per issue."""

from __future__ import annotations

import attrs

from .._fields import field_metadata
from . import _refs
from .custom_fields import ProjectCustomField
from .projects import Project
from .work_items import IssueWorkItem, WorkItemAttributeValue, WorkItemType

__all__ = [
    "GlobalTimeTrackingSettings",
    "IssueTimeTracker",
    "ProjectTimeTrackingSettings",
    "WorkItemAttributePrototype",
    "WorkItemProjectAttribute",
    "WorkTimeSettings",
]

#: A project field in time-tracking settings: enough to recognise it.
_PROJECT_FIELD = "id,field(id,name)"


@attrs.define(kw_only=True, slots=True)
class WorkTimeSettings:
    """The working week: ``minutes_a_day``, ``work_days`` (1 = Monday ... 7 = Sunday)."""

    id: str | None = None
    minutes_a_day: int | None = attrs.field(
        default=None, metadata=field_metadata(wire_name="minutesADay")
    )
    work_days: list[int] | None = None
    first_day_of_week: int | None = None
    days_a_week: int | None = attrs.field(
        default=None, metadata=field_metadata(wire_name="daysAWeek")
    )


@attrs.define(kw_only=True, slots=True)
class WorkItemAttributePrototype:
    """A work-item attribute defined globally."""

    id: str | None = None
    name: str | None = None


@attrs.define(kw_only=True, slots=True)
class GlobalTimeTrackingSettings:
    """Work item types, the working week and work-item attributes of the installation."""

    id: str | None = None
    work_item_types: list[WorkItemType] | None = None
    work_time_settings: WorkTimeSettings | None = None
    attribute_prototypes: list[WorkItemAttributePrototype] | None = None


@attrs.define(kw_only=True, slots=True)
class WorkItemProjectAttribute:
    """A work-item attribute as a project uses it, with its values."""

    id: str | None = None
    name: str | None = None
    ordinal: int | None = None
    prototype: WorkItemAttributePrototype | None = attrs.field(default=None, metadata=_refs.NAMED)
    values: list[WorkItemAttributeValue] | None = None


@attrs.define(kw_only=True, slots=True)
class ProjectTimeTrackingSettings:
    """Whether a project tracks time, and its estimate and spent-time fields."""

    id: str | None = None
    enabled: bool | None = None
    estimate: ProjectCustomField | None = attrs.field(
        default=None, metadata=field_metadata(fields=_PROJECT_FIELD)
    )
    time_spent: ProjectCustomField | None = attrs.field(
        default=None, metadata=field_metadata(fields=_PROJECT_FIELD)
    )
    work_item_types: list[WorkItemType] | None = None
    project: Project | None = attrs.field(default=None, metadata=_refs.PROJECT)
    attributes: list[WorkItemProjectAttribute] | None = None


@attrs.define(kw_only=True, slots=True)
class IssueTimeTracker:
    """An issue's time tracking: whether it is enabled, and the work items."""

    id: str | None = None
    enabled: bool | None = None
    work_items: list[IssueWorkItem] | None = None
