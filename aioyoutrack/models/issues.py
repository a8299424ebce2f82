"""Issues."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from ..errors import UnknownCustomFieldError
from . import _refs
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

        Empty when ``custom_fields`` was not fetched. Built on each access: keep the
        result when reading several fields.
        """
        if not self.custom_fields:
            return {}
        return {cf.name: cf.plain_value for cf in self.custom_fields if cf.name is not None}

    def custom_field(self, name: str) -> IssueCustomField:
        """The typed custom field called ``name``.

        Raises :class:`~aioyoutrack.errors.CustomFieldError` (also a ``KeyError``) naming
        the fields the issue has when there is none by that name.
        """
        for cf in self.custom_fields or ():
            if cf.name == name:
                return cf
        known = sorted(cf.name for cf in self.custom_fields or () if cf.name is not None)
        where = f" in {self.id_readable or self.id}" if (self.id_readable or self.id) else ""
        detail = f"; it has {', '.join(map(repr, known))}" if known else ""
        if self.custom_fields is None:
            detail = "; custom fields were not fetched"
        raise UnknownCustomFieldError(f"no custom field {name!r}{where}{detail}", field=name)


@attrs.define(kw_only=True, slots=True)
class IssueCountResponse:
    """The body and answer of ``POST /api/issuesGetter/count``; ``count`` is -1 while
    the server is still counting."""

    id: str | None = None
    count: int | None = None
    unresolved_only: bool | None = None
    query: str | None = None
    folder: IssueFolder | None = attrs.field(default=None, metadata=_refs.NAMED)
