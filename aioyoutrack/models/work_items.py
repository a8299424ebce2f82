"""Time tracking: work items and their types."""

from __future__ import annotations

import datetime as _dt
from datetime import datetime

import attrs

from .._fields import field_metadata
from . import _refs
from .issue_custom_fields import minutes_timedelta
from .issues import Issue
from .users import User

__all__ = [
    "BaseWorkItem",
    "DurationValue",
    "IssueWorkItem",
    "WorkItemAttribute",
    "WorkItemAttributeValue",
    "WorkItemType",
]


@attrs.define(kw_only=True, slots=True)
class DurationValue:
    """A duration: ``minutes`` and the server's ``presentation`` (``"1h 30m"``).

    ``minutes`` is a 32-bit int in the spec: a response with minutes outside that range
    is refused while structuring (``ResponseValidationError`` with the path).
    """

    id: str | None = None
    minutes: int | None = attrs.field(default=None, metadata=_refs.MINUTES)
    presentation: str | None = None

    @property
    def timedelta(self) -> _dt.timedelta | None:
        """``minutes`` as a ``timedelta``: None when there are no minutes (or, on an
        instance built by hand, ``minutes`` is not an int a ``timedelta`` can hold)."""
        return minutes_timedelta(self.minutes)


@attrs.define(kw_only=True, slots=True)
class WorkItemType:
    """A kind of work (Development, Testing, ...)."""

    id: str | None = None
    name: str | None = None
    auto_attached: bool | None = None


@attrs.define(kw_only=True, slots=True)
class WorkItemAttributeValue:
    """A value of a work-item attribute."""

    id: str | None = None
    name: str | None = None
    description: str | None = None
    auto_attach: bool | None = None


@attrs.define(kw_only=True, slots=True)
class WorkItemAttribute:
    """An attribute of a work item and its value."""

    id: str | None = None
    name: str | None = None
    value: WorkItemAttributeValue | None = attrs.field(default=None, metadata=_refs.NAMED)


@attrs.define(kw_only=True, slots=True)
class BaseWorkItem:
    """A work item; ``$type`` tells the kind."""

    id: str | None = None


@attrs.define(kw_only=True, slots=True)
class IssueWorkItem(BaseWorkItem):
    """Time spent on an issue.

    ``date`` is the day of the work: the server sets its time part to midnight in the
    time zone of the user who set it, so read the day in that zone
    (``item.date.astimezone(zone).date()``); ``created``/``updated`` are when the
    record changed.
    """

    author: User | None = attrs.field(default=None, metadata=_refs.USER)
    creator: User | None = attrs.field(default=None, metadata=_refs.USER)
    text: str | None = None
    type: WorkItemType | None = None
    created: datetime | None = None
    updated: datetime | None = None
    duration: DurationValue | None = None
    date: datetime | None = None
    issue: Issue | None = attrs.field(
        default=None, metadata=field_metadata(fields="id,id_readable")
    )
    attributes: list[WorkItemAttribute] | None = None
