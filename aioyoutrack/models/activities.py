"""Issue history: activity items (``$type`` tells the kind), pages and categories.

``added``/``removed`` hold what changed, typed by the subtype: a list or a single value
(comments, issues, tags, users, bundle elements, ...; custom fields: :data:`FieldChange`);
``target`` is the entity the change happened to. An unknown future ``$type`` structures
to :class:`ActivityItem` (or the known parent it names) with the raw JSON in those
attributes, as do the parents whose values the spec leaves open (``SingleValue``,
``MultiValue``, ``SimpleValue``...).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from .._fields import field_metadata
from . import _refs
from .agiles import Sprint
from .attachments import IssueAttachment
from .bundles import BundleElement
from .comments import IssueComment
from .custom_fields import CustomField
from .issue_custom_fields import PeriodValue, TextFieldValue
from .issues import Issue
from .projects import Project
from .tags import Tag
from .users import User, UserGroup
from .work_items import DurationValue, IssueWorkItem, WorkItemType

__all__ = [
    "ActivityCategory",
    "ActivityCursorPage",
    "ActivityItem",
    "AttachmentActivityItem",
    "CommentActivityItem",
    "CommentAttachmentsActivityItem",
    "CreatedDeletedActivityItem",
    "CustomFieldActivityItem",
    "CustomFilterField",
    "FieldChange",
    "FieldValue",
    "FilterField",
    "IssueCreatedActivityItem",
    "IssueKey",
    "IssueResolvedActivityItem",
    "LinksActivityItem",
    "MultiValueActivityItem",
    "PredefinedFilterField",
    "ProjectActivityItem",
    "SimpleValueActivityItem",
    "SingleValueActivityItem",
    "SprintActivityItem",
    "TagsActivityItem",
    "TextCustomFieldActivityItem",
    "TextMarkupActivityItem",
    "UsesMarkupActivityItem",
    "VcsChange",
    "VcsChangeActivityItem",
    "VisibilityActivityItem",
    "VisibilityGroupActivityItem",
    "VisibilityUserActivityItem",
    "VotersActivityItem",
    "WorkItemActivityItem",
    "WorkItemAuthorActivityItem",
    "WorkItemDurationActivityItem",
    "WorkItemTypeActivityItem",
]

_ISSUE = "id,id_readable"
_COMMENT = "id,text"
_ATTACHMENT = "id,name"
_WORK_ITEM = "id,date,duration,text,type"
#: The attributes of every kind of field value (an attribute a kind lacks is absent).
_FIELD_CHANGE = field_metadata(
    fields="id,name,localized_name,is_resolved,login,full_name,minutes,presentation,text"
)


@attrs.define(kw_only=True, slots=True)
class ActivityCategory:
    """A category of activities (``id`` such as ``"CommentsCategory"``)."""

    id: str | None = None


@attrs.define(kw_only=True, slots=True)
class FilterField:
    """The attribute an activity changed; ``$type`` tells whether it is a custom field."""

    id: str | None = None
    presentation: str | None = None
    name: str | None = None


@attrs.define(kw_only=True, slots=True)
class PredefinedFilterField(FilterField):
    """A built-in issue attribute (summary, description, links, ...)."""


@attrs.define(kw_only=True, slots=True)
class CustomFilterField(FilterField):
    """A custom field."""

    custom_field: CustomField | None = attrs.field(default=None, metadata=_refs.NAMED)


@attrs.define(kw_only=True, slots=True)
class IssueKey:
    """An issue's project and number (before or after a move)."""

    id: str | None = None
    project: Project | None = attrs.field(default=None, metadata=_refs.PROJECT)
    number_in_project: int | None = None


@attrs.define(kw_only=True, slots=True)
class VcsChange:
    """A commit or pull request linked to an issue."""

    id: str | None = None
    date: datetime | None = None
    fetched: datetime | None = None
    files: int | None = None
    author: User | None = attrs.field(default=None, metadata=_refs.USER)
    text: str | None = None
    urls: list[str] | None = None
    version: str | None = None
    state: int | None = None


@attrs.define(kw_only=True, slots=True)
class ActivityItem:
    """One change in an issue's history; ``$type`` tells the kind."""

    id: str | None = None
    timestamp: datetime | None = None
    author: User | None = attrs.field(default=None, metadata=_refs.USER)
    category: ActivityCategory | None = None
    field: FilterField | None = None
    target_member: str | None = None
    target: Any = None
    added: Any = None
    removed: Any = None


@attrs.define(kw_only=True, slots=True)
class CreatedDeletedActivityItem(ActivityItem):
    """An entity was created or deleted."""


@attrs.define(kw_only=True, slots=True)
class AttachmentActivityItem(CreatedDeletedActivityItem):
    """Attachments were added or removed."""

    target: IssueAttachment | None = attrs.field(
        default=None, metadata=field_metadata(fields=_ATTACHMENT)
    )
    added: list[IssueAttachment] | None = attrs.field(
        default=None, metadata=field_metadata(fields=_ATTACHMENT)
    )
    removed: list[IssueAttachment] | None = attrs.field(
        default=None, metadata=field_metadata(fields=_ATTACHMENT)
    )


@attrs.define(kw_only=True, slots=True)
class CommentActivityItem(CreatedDeletedActivityItem):
    """A comment was added, edited or deleted."""

    target: IssueComment | None = attrs.field(default=None, metadata=_refs.ID)
    added: list[IssueComment] | None = attrs.field(
        default=None, metadata=field_metadata(fields=_COMMENT)
    )
    removed: list[IssueComment] | None = attrs.field(
        default=None, metadata=field_metadata(fields=_COMMENT)
    )
    author_group: UserGroup | None = attrs.field(default=None, metadata=_refs.GROUP)


@attrs.define(kw_only=True, slots=True)
class IssueCreatedActivityItem(CreatedDeletedActivityItem):
    """The issue was created (or deleted)."""

    target: Issue | None = attrs.field(default=None, metadata=field_metadata(fields=_ISSUE))
    added: list[Issue] | None = attrs.field(default=None, metadata=_refs.ISSUE)
    removed: list[Issue] | None = attrs.field(default=None, metadata=_refs.ISSUE)


@attrs.define(kw_only=True, slots=True)
class VcsChangeActivityItem(CreatedDeletedActivityItem):
    """VCS changes were linked or unlinked."""

    added: list[VcsChange] | None = None
    removed: list[VcsChange] | None = None


@attrs.define(kw_only=True, slots=True)
class WorkItemActivityItem(CreatedDeletedActivityItem):
    """A work item was added or removed."""

    target: IssueWorkItem | None = attrs.field(default=None, metadata=_refs.ID)
    added: list[IssueWorkItem] | None = attrs.field(
        default=None, metadata=field_metadata(fields=_WORK_ITEM)
    )
    removed: list[IssueWorkItem] | None = attrs.field(
        default=None, metadata=field_metadata(fields=_WORK_ITEM)
    )


@attrs.define(kw_only=True, slots=True)
class SingleValueActivityItem(ActivityItem):
    """A single-valued attribute changed."""


@attrs.define(kw_only=True, slots=True)
class SimpleValueActivityItem(SingleValueActivityItem):
    """A scalar attribute changed."""


@attrs.define(kw_only=True, slots=True)
class IssueResolvedActivityItem(SimpleValueActivityItem):
    """The issue's resolution time changed (resolved or reopened)."""

    added: datetime | None = None
    removed: datetime | None = None


@attrs.define(kw_only=True, slots=True)
class TextMarkupActivityItem(SimpleValueActivityItem):
    """A text (summary, description, comment text) changed; ``markup`` is its format."""

    added: str | None = None
    removed: str | None = None
    markup: str | None = None


@attrs.define(kw_only=True, slots=True)
class UsesMarkupActivityItem(SimpleValueActivityItem):
    """Whether a text uses Markdown changed."""

    added: bool | None = None
    removed: bool | None = None
    markup: str | None = None


@attrs.define(kw_only=True, slots=True)
class ProjectActivityItem(SingleValueActivityItem):
    """The issue moved to another project."""

    target: Issue | None = attrs.field(default=None, metadata=field_metadata(fields=_ISSUE))
    added: IssueKey | None = None
    removed: IssueKey | None = None


@attrs.define(kw_only=True, slots=True)
class WorkItemAuthorActivityItem(SingleValueActivityItem):
    """A work item's author changed."""

    target: IssueWorkItem | None = attrs.field(default=None, metadata=_refs.ID)
    added: User | None = attrs.field(default=None, metadata=_refs.USER)
    removed: User | None = attrs.field(default=None, metadata=_refs.USER)


@attrs.define(kw_only=True, slots=True)
class WorkItemDurationActivityItem(SingleValueActivityItem):
    """A work item's duration changed."""

    target: IssueWorkItem | None = attrs.field(default=None, metadata=_refs.ID)
    added: DurationValue | None = None
    removed: DurationValue | None = None


@attrs.define(kw_only=True, slots=True)
class MultiValueActivityItem(ActivityItem):
    """Values were added to or removed from a multi-valued attribute."""


@attrs.define(kw_only=True, slots=True)
class CommentAttachmentsActivityItem(MultiValueActivityItem):
    """A comment's attachments changed."""

    target: IssueComment | None = attrs.field(default=None, metadata=_refs.ID)
    added: list[IssueAttachment] | None = attrs.field(
        default=None, metadata=field_metadata(fields=_ATTACHMENT)
    )
    removed: list[IssueAttachment] | None = attrs.field(
        default=None, metadata=field_metadata(fields=_ATTACHMENT)
    )


@attrs.define(kw_only=True, slots=True)
class LinksActivityItem(MultiValueActivityItem):
    """Links to other issues changed."""

    target: Issue | None = attrs.field(default=None, metadata=field_metadata(fields=_ISSUE))
    added: list[Issue] | None = attrs.field(default=None, metadata=_refs.ISSUE)
    removed: list[Issue] | None = attrs.field(default=None, metadata=_refs.ISSUE)


@attrs.define(kw_only=True, slots=True)
class TagsActivityItem(MultiValueActivityItem):
    """Tags changed."""

    target: Issue | None = attrs.field(default=None, metadata=field_metadata(fields=_ISSUE))
    added: list[Tag] | None = attrs.field(default=None, metadata=_refs.NAMED)
    removed: list[Tag] | None = attrs.field(default=None, metadata=_refs.NAMED)


@attrs.define(kw_only=True, slots=True)
class VotersActivityItem(MultiValueActivityItem):
    """Votes changed."""

    target: Issue | None = attrs.field(default=None, metadata=field_metadata(fields=_ISSUE))
    added: list[User] | None = attrs.field(default=None, metadata=_refs.USER)
    removed: list[User] | None = attrs.field(default=None, metadata=_refs.USER)


@attrs.define(kw_only=True, slots=True)
class SprintActivityItem(MultiValueActivityItem):
    """The issue's sprints changed."""

    target: Issue | None = attrs.field(default=None, metadata=field_metadata(fields=_ISSUE))
    added: list[Sprint] | None = attrs.field(default=None, metadata=_refs.NAMED)
    removed: list[Sprint] | None = attrs.field(default=None, metadata=_refs.NAMED)


@attrs.define(kw_only=True, slots=True)
class WorkItemTypeActivityItem(MultiValueActivityItem):
    """A work item's type changed."""

    target: IssueWorkItem | None = attrs.field(default=None, metadata=_refs.ID)
    added: list[WorkItemType] | None = attrs.field(default=None, metadata=_refs.NAMED)
    removed: list[WorkItemType] | None = attrs.field(default=None, metadata=_refs.NAMED)


@attrs.define(kw_only=True, slots=True)
class VisibilityActivityItem(MultiValueActivityItem):
    """Visibility changed (``target_member``/``target_sub_member`` say of what)."""

    target_sub_member: str | None = None


@attrs.define(kw_only=True, slots=True)
class VisibilityGroupActivityItem(VisibilityActivityItem):
    """Groups were permitted or no longer permitted."""

    added: list[UserGroup] | None = attrs.field(default=None, metadata=_refs.GROUP)
    removed: list[UserGroup] | None = attrs.field(default=None, metadata=_refs.GROUP)


@attrs.define(kw_only=True, slots=True)
class VisibilityUserActivityItem(VisibilityActivityItem):
    """Users were permitted or no longer permitted."""

    added: list[User] | None = attrs.field(default=None, metadata=_refs.USER)
    removed: list[User] | None = attrs.field(default=None, metadata=_refs.USER)


#: A value a custom field took or lost, as the class its ``$type`` names: a bundle
#: element (enum, state, version, build, owned), a user, a group, a period or a text. A
#: ``$type`` newer than the library becomes the member its keys fit best (an element by
#: its ``name``, a user by its ``login``).
FieldValue = BundleElement | User | UserGroup | PeriodValue | TextFieldValue

#: What ``CustomFieldActivityItem.added``/``removed`` hold: a list of values (bundle and
#: user fields), one value, or a scalar as sent (numbers, strings; dates as epoch ms).
FieldChange = list[FieldValue] | FieldValue | int | float | str | bool | None


@attrs.define(kw_only=True, slots=True)
class CustomFieldActivityItem(ActivityItem):
    """A custom field's value changed; ``added``/``removed`` are typed by their
    ``$type`` (see :data:`FieldChange`): ``[EnumBundleElement(name="Major")]``,
    ``[User(login="jane.doe")]``, or a scalar for simple fields."""

    target: Issue | None = attrs.field(default=None, metadata=field_metadata(fields=_ISSUE))
    added: FieldChange = attrs.field(default=None, metadata=_FIELD_CHANGE)
    removed: FieldChange = attrs.field(default=None, metadata=_FIELD_CHANGE)


@attrs.define(kw_only=True, slots=True)
class TextCustomFieldActivityItem(CustomFieldActivityItem):
    """A text custom field changed."""

    added: str | None = None
    removed: str | None = None
    markup: str | None = None


@attrs.define(kw_only=True, slots=True)
class ActivityCursorPage:
    """A page of activities; pass ``after_cursor`` as ``cursor`` for the next page."""

    id: str | None = None
    activities: list[ActivityItem] | None = None
    after_cursor: str | None = None
    before_cursor: str | None = None
    has_after: bool | None = None
    has_before: bool | None = None
    reverse: bool | None = None
