"""Issues."""

from __future__ import annotations

from datetime import datetime
from typing import Any, SupportsIndex

import attrs

from .._values import shown
from ..errors import UnknownCustomFieldError
from . import _refs
from ._deep import shallow_repr
from .issue_custom_fields import IssueCustomField
from .projects import IssueFolder, Project
from .tags import Tag
from .users import User

__all__ = ["Issue", "IssueCountResponse"]


@attrs.define(kw_only=True, slots=True)
class Issue:
    """An issue.

    The default projection asks for what a reader typically needs: ids, summary,
    description, the project (id, name, short name), dates, reporter and updater, counts,
    tag names and every custom field with its value. Comments, attachments, links and
    work items have their own resources (``yt.issues.comments``, ...). To fetch more in
    one request, subclass it::

        @attrs.define(kw_only=True, slots=True)
        class IssueWithComments(Issue):
            comments: list[IssueComment] | None = None

    ``custom_fields`` is the typed list; :attr:`fields` maps names to plain values.
    """

    id: str | None = None
    id_readable: str | None = None
    number_in_project: int | None = None
    summary: str | None = None
    description: str | None = None
    project: Project | None = attrs.field(default=None, metadata=_refs.PROJECT)
    created: datetime | None = None
    updated: datetime | None = None
    resolved: datetime | None = None
    reporter: User | None = attrs.field(default=None, metadata=_refs.USER)
    updater: User | None = attrs.field(default=None, metadata=_refs.USER)
    comments_count: int | None = None
    votes: int | None = None
    tags: list[Tag] | None = attrs.field(default=None, metadata=_refs.NAMED)
    custom_fields: list[IssueCustomField] | None = None

    @property
    def fields(self) -> dict[str, Any]:
        """Custom-field name -> plain Python value (see ``IssueCustomField.plain_value``).

        Empty when ``custom_fields`` was not fetched. A name the issue does not have
        raises :class:`~aioyoutrack.errors.UnknownCustomFieldError` (also a
        ``KeyError``, so ``.get()`` and ``in`` work as for any dict) naming the fields
        it has. Built on each access: keep the result when reading several fields.
        """
        values = _FieldValues(self)
        for cf in _custom_fields(self):
            if isinstance(cf.name, str):
                values[cf.name] = cf.plain_value
        return values

    def custom_field(self, name: str) -> IssueCustomField:
        """The typed custom field called ``name``.

        Raises :class:`~aioyoutrack.errors.CustomFieldError` (also a ``KeyError``) naming
        the fields the issue has when there is none by that name.
        """
        for cf in _custom_fields(self):
            if cf.name == name:
                return cf
        raise _no_field(self, name)


def _custom_fields(issue: Issue) -> list[IssueCustomField]:
    """The issue's custom fields: on an instance built by hand (not checked when built),
    only the items that read as custom fields (a ``plain_value`` and a ``name``)."""
    held = issue.custom_fields
    if not isinstance(held, (list, tuple)):
        return []
    return [cf for cf in held if hasattr(type(cf), "plain_value") and hasattr(cf, "name")]


def _no_field(issue: Issue, name: object) -> UnknownCustomFieldError:
    """The error for a custom field ``name`` that ``issue`` does not have."""
    known = sorted(cf.name for cf in _custom_fields(issue) if isinstance(cf.name, str))
    key = issue.id_readable or issue.id
    where = f" in {key}" if isinstance(key, str) and key else ""
    detail = f"; it has {', '.join(map(repr, known))}" if known else ""
    held: object = issue.custom_fields
    if held is None:
        detail = "; custom fields were not fetched"
    elif not isinstance(held, (list, tuple)):
        detail = f"; custom_fields holds {shown(held)}, not a list"
    field = name if isinstance(name, str) else None
    return UnknownCustomFieldError(f"no custom field {shown(name)}{where}{detail}", field=field)


class _FieldValues(dict[str, Any]):
    """``Issue.fields``: a dict whose missing names raise ``UnknownCustomFieldError``."""

    __slots__ = ("_issue",)

    def __init__(self, issue: Issue) -> None:
        super().__init__()
        self._issue = issue

    def __missing__(self, name: str) -> Any:
        raise _no_field(self._issue, name)

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        # Pickled or copied, the values as a plain dict (any protocol; not the issue).
        return (dict, (dict(self),))

    def __repr__(self) -> str:
        # A value may nest deeper than repr has stack for (a hostile server's custom
        # field of 990 nested lists): that value shows as its type and "...".
        try:
            return dict.__repr__(self)
        except RecursionError:
            pass  # shown below, outside the handler: the deep stack is not chained
        shown = (f"{name!r}: {shallow_repr(value)}" for name, value in self.items())
        return "{" + ", ".join(shown) + "}"


@attrs.define(kw_only=True, slots=True)
class IssueCountResponse:
    """The body and answer of ``POST /api/issuesGetter/count``; ``count`` is -1 while
    the server is still counting."""

    id: str | None = None
    count: int | None = None
    unresolved_only: bool | None = None
    query: str | None = None
    folder: IssueFolder | None = attrs.field(default=None, metadata=_refs.NAMED)
