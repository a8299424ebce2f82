"""Links between issues."""

from __future__ import annotations

import attrs

from .._fields import field_metadata
from .issues import Issue

__all__ = ["IssueLink", "IssueLinkType"]


@attrs.define(kw_only=True, slots=True)
class IssueLinkType:
    """A kind of link (Relates, Depends, Duplicate, Subtask, ...).

    An undirected type has an empty ``target_to_source``.
    """

    id: str | None = None
    name: str | None = None
    localized_name: str | None = None
    source_to_target: str | None = None
    localized_source_to_target: str | None = None
    target_to_source: str | None = None
    localized_target_to_source: str | None = None
    directed: bool | None = None
    aggregation: bool | None = None
    read_only: bool | None = None


@attrs.define(kw_only=True, slots=True)
class IssueLink:
    """The issues linked to one issue by one link type in one ``direction``
    (``OUTWARD``, ``INWARD`` or ``BOTH``); the server lists empty slots too."""

    id: str | None = None
    direction: str | None = None
    link_type: IssueLinkType | None = None
    issues: list[Issue] | None = attrs.field(
        default=None, metadata=field_metadata(fields="id,id_readable,summary,resolved")
    )
