"""Entities around issues: issues, their custom field values, comments, tags, links,
attachments and work items."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import TYPE_CHECKING, Any, ClassVar, Final

from .._markup import render_inline, render_work_item
from .._wire.projection import Entity, Getter, View, as_constant, as_stored
from .custom_fields import FieldStyle, ProjectCustomField, TextValue, WorkDuration
from .projects import Project
from .records import new_record
from .resources import reactions_of
from .users import SHARING_WIRE, Group, SharingSettings, User, Visibility

if TYPE_CHECKING:
    from .activities import Activity

__all__ = [
    "BOTH",
    "INWARD",
    "OUTWARD",
    "Attachment",
    "Comment",
    "Issue",
    "IssueField",
    "IssueLink",
    "LinkType",
    "StoredFile",
    "Tag",
    "WorkItem",
    "WorkItemType",
    "wire_value",
]

OUTWARD: Final = "OUTWARD"
INWARD: Final = "INWARD"
BOTH: Final = "BOTH"

#: Shared value of every entity without visibility restrictions.
UNLIMITED: Final = Visibility()


def wire_value(pcf: ProjectCustomField, value: Any) -> Any:
    """The wire form of a stored custom field value."""
    kind = pcf.field.kind
    if kind.multi:
        return value if value is not None else []
    if value is None:
        return None
    if kind.value_type == "period":
        return WorkDuration(value)
    if kind.value_type == "text":
        return TextValue(value)
    return value


def _issue_fields(issue: Issue, view: View) -> list[IssueField]:
    wanted = view.cf_filter
    return [
        IssueField(issue, pcf)
        for pcf in issue.project.fields
        if wanted is None or pcf.field.name.lower() in wanted
    ]


def _visible_comments(issue: Issue, view: View) -> list[Comment]:
    return [c for c in issue.comments if view.store.can_see_comment(view.user, c)]


def _links(issue: Issue, view: View) -> list[IssueLink]:
    out = []
    for link_type in view.store.link_types.values():
        if link_type.directed:
            out.append(IssueLink(issue, link_type, OUTWARD))
            out.append(IssueLink(issue, link_type, INWARD))
        else:
            out.append(IssueLink(issue, link_type, BOTH))
    return out


def _nobody(wire_type: str, flag: str, lists: str) -> Getter:
    """An issue's ``watchers`` or ``voters`` when no one watches or votes: the viewer's
    ``flag`` false and each of ``lists`` (space-separated wire names) empty."""

    def get(issue: Issue, view: View) -> Any:
        values = {"id": issue.id, flag: False, **{name: [] for name in lists.split()}}
        return new_record(wire_type, values)

    return get


def _subtask_slot(direction: str) -> Getter:
    def get(issue: Issue, view: View) -> Any:
        link_type = view.store.subtask_type()
        return IssueLink(issue, link_type, direction) if link_type is not None else None

    return get


@dataclass(slots=True, eq=False)
class Issue(Entity):
    """An issue; ``values`` maps a project custom field id to its stored value."""

    wire_type: ClassVar[str] = "Issue"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        **as_stored(
            "id summary description created updated resolved reporter", "updater project visibility"
        ),
        **as_constant(None, "draftOwner externalIssue"),
        "idReadable": lambda o, v: o.id_readable,
        "numberInProject": "number",
        "wikifiedDescription": lambda o, v: render_inline(o.description),
        "customFields": _issue_fields,
        "comments": _visible_comments,
        "commentsCount": lambda o, v: len(_visible_comments(o, v)),
        "tags": lambda o, v: list(o.tags),
        "links": _links,
        "parent": _subtask_slot(INWARD),
        "subtasks": _subtask_slot(OUTWARD),
        "attachments": lambda o, v: [a for a in o.attachments if a.comment is None],
        "pinnedComments": lambda o, v: [c for c in _visible_comments(o, v) if c.pinned],
        "isDraft": lambda o, v: False,
        "votes": lambda o, v: 0,
        # The fake models no stars (watching) and no votes (``votes`` is 0): no one
        # watches or votes, as on a new issue. (A real server stars an issue for its
        # reporter when their profile says ``autoWatchOnCreate``; the fake does not.)
        "watchers": _nobody("IssueWatchers", "hasStar", "issueWatchers duplicateWatchers"),
        "voters": _nobody("IssueVoters", "hasVote", "original duplicate"),
    }

    id: str
    project: Project
    number: int
    summary: str
    description: str | None
    reporter: User
    updater: User
    created: int
    updated: int
    resolved: int | None = None
    values: dict[str, Any] = dc_field(default_factory=dict)
    tags: dict[Tag, None] = dc_field(default_factory=dict)
    comments: list[Comment] = dc_field(default_factory=list)
    attachments: list[Attachment] = dc_field(default_factory=list)
    work_items: list[WorkItem] = dc_field(default_factory=list)
    links: dict[tuple[str, str], list[Issue]] = dc_field(default_factory=dict)
    #: Activities targeting this issue (or its comments, attachments, work items).
    history: list[Activity] = dc_field(default_factory=list)
    #: Who may see the issue: stored and rendered; the fake does not hide the issue.
    visibility: Visibility = UNLIMITED

    @property
    def id_readable(self) -> str:
        """``SP-8``."""
        return f"{self.project.short_name}-{self.number}"

    def field_value(self, name: str) -> Any:
        """The stored value of the field ``name`` (elements, users, minutes, ...)."""
        pcf = self.project.custom_field(name)
        if pcf is None:
            raise KeyError(name)
        return self.values.get(pcf.id, [] if pcf.field.kind.multi else None)

    def value_of(self, name: str) -> Any:
        """The plain value of field ``name``: a name, login, list, minutes, text, ms."""
        value = self.field_value(name)
        if isinstance(value, list):
            return [_plain(v) for v in value]
        return _plain(value)


def _plain(value: Any) -> Any:
    if isinstance(value, User):
        return value.login
    name = getattr(value, "name", None)
    if isinstance(name, str):
        return name
    return value


@dataclass(slots=True, eq=False)
class IssueField(Entity):
    """The view of one custom field of one issue (``IssueCustomField``)."""

    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": lambda o, v: o.pcf.id,
        "name": lambda o, v: o.pcf.field.name,
        "projectCustomField": "pcf",
        "value": lambda o, v: wire_value(o.pcf, o.issue.values.get(o.pcf.id)),
    }

    issue: Issue
    pcf: ProjectCustomField

    @property
    def wire_type(self) -> str:  # type: ignore[override]
        """``SingleEnumIssueCustomField``, ``DateIssueCustomField``, ..."""
        return self.pcf.field.kind.issue_type


@dataclass(slots=True, eq=False)
class Comment(Entity):
    """An issue comment."""

    wire_type: ClassVar[str] = "IssueComment"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        **as_stored("id text author created updated issue visibility deleted pinned"),
        "textPreview": lambda o, v: render_inline(o.text),
        "attachments": lambda o, v: [a for a in o.issue.attachments if a.comment is o],
        "reactions": lambda o, v: reactions_of(v, o.id),
    }

    id: str
    issue: Issue
    author: User
    text: str
    created: int
    updated: int | None = None
    visibility: Visibility = UNLIMITED
    # Both writable (spec: IssueComment.deleted/.pinned readOnly false). A deleted
    # comment stays in the issue's list, flagged: realworld-fixtures/moneymeets-youtrack-sdk/
    # issue_comments.json lists one with "deleted": true.
    deleted: bool = False
    pinned: bool = False


def _tag_issues(tag: Tag, view: View) -> list[Issue]:
    return [i for i in tag.issues if view.store.can_read(view.user, i.project)]


@dataclass(slots=True, eq=False)
class Tag(Entity):
    """A tag; ``issues`` is an ordered set."""

    SHARED: ClassVar[bool] = True

    # The 2025.3 spec marks IssueTag "Deprecated. Use `Tag` instead"; the one unedited
    # recording (realworld-fixtures, moneymeets history, get_issue@c81d5a3) is an older
    # server's and says IssueTag. What 2025.3 sends is not recorded: the spec decides.
    wire_type: ClassVar[str] = "Tag"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        **as_stored("id name owner color untag_on_resolve", SHARING_WIRE),
        "tagSharingSettings": "tag_sharing",
        "issues": _tag_issues,
    }

    id: str
    name: str
    owner: User
    color: FieldStyle | None = None
    untag_on_resolve: bool = False
    issues: dict[Issue, None] = dc_field(default_factory=dict)
    visible_for: Group | None = None
    updateable_by: Group | None = None
    read_sharing_settings: SharingSettings = dc_field(default_factory=SharingSettings)
    update_sharing_settings: SharingSettings = dc_field(default_factory=SharingSettings)
    tag_sharing: SharingSettings = dc_field(
        default_factory=lambda: SharingSettings(type_name="TagSharingSettings")
    )


@dataclass(slots=True, eq=False)
class LinkType(Entity):
    """An issue link type; an undirected one has an empty ``targetToSource``."""

    SHARED: ClassVar[bool] = True

    wire_type: ClassVar[str] = "IssueLinkType"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        **as_stored("id name source_to_target target_to_source directed", "aggregation read_only"),
        **as_constant(None, "localizedName localizedSourceToTarget", "localizedTargetToSource"),
    }

    id: str
    name: str
    source_to_target: str
    target_to_source: str = ""
    directed: bool = False
    aggregation: bool = False
    read_only: bool = False

    @property
    def outward(self) -> str:
        """The direction of the side that reads ``sourceToTarget``: OUTWARD, or BOTH for
        an undirected type."""
        return OUTWARD if self.directed else BOTH

    def phrase(self, direction: str) -> str:
        """What one side reads: ``targetToSource`` inward, ``sourceToTarget`` otherwise."""
        return self.target_to_source if direction == INWARD else self.source_to_target

    def phrases(self) -> dict[str, str]:
        """Each lower-cased phrase of the type -> the direction of the side reading it."""
        found = {self.source_to_target.lower(): self.outward}
        if self.target_to_source:
            found[self.target_to_source.lower()] = INWARD
        return found


def link_id(link_type: LinkType, direction: str) -> str:
    """The id of one slot of an issue's links: ``<type id>s``/``t`` or the type id."""
    if direction == OUTWARD:
        return f"{link_type.id}s"
    if direction == INWARD:
        return f"{link_type.id}t"
    return link_type.id


def _link_issues(link: IssueLink, view: View) -> list[Issue]:
    issues = link.issue.links.get((link.link_type.id, link.direction), ())
    return [i for i in issues if view.store.can_read(view.user, i.project)]


@dataclass(slots=True, eq=False)
class IssueLink(Entity):
    """One slot (link type and direction) of an issue's links; may be empty."""

    wire_type: ClassVar[str] = "IssueLink"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        **as_stored("direction link_type"),
        "id": lambda o, v: link_id(o.link_type, o.direction),
        "issues": _link_issues,
        "trimmedIssues": _link_issues,
    }

    issue: Issue
    link_type: LinkType
    direction: str


#: The wire attributes every stored file has (issue and article attachments).
FILE_WIRE: Final[dict[str, str | Getter]] = {
    **as_stored("id name author created updated mime_type visibility"),
    **as_constant(None, "charset metaData"),
    **as_constant(False, "draft removed"),
    "size": lambda o, v: len(o.data),
    "extension": lambda o, v: o.name.rpartition(".")[2] if "." in o.name else None,
    "base64Content": lambda o, v: o.data_uri(),
    "url": lambda o, v: v.store.attachment_url(o, v.root_path),
}


class StoredFile:
    """What every stored file (issue and article attachments) has besides its wire
    attributes: its bytes as the data URI ``base64Content`` carries."""

    __slots__ = ()

    mime_type: str
    data: bytes

    def data_uri(self) -> str:
        """``data:<mime>;base64,<data>``."""
        return f"data:{self.mime_type};base64,{base64.b64encode(self.data).decode('ascii')}"


@dataclass(slots=True, eq=False)
class Attachment(StoredFile, Entity):
    """A file attached to an issue (optionally to one of its comments)."""

    wire_type: ClassVar[str] = "IssueAttachment"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        **FILE_WIRE,
        **as_stored("issue comment"),
        "thumbnailURL": lambda o, v: None,
    }

    id: str
    issue: Issue
    name: str
    author: User
    created: int
    updated: int
    mime_type: str
    data: bytes
    comment: Comment | None = None
    visibility: Visibility = UNLIMITED


@dataclass(slots=True, eq=False)
class WorkItemType(Entity):
    """A type of spent time (Development, Testing, ...)."""

    SHARED: ClassVar[bool] = True

    wire_type: ClassVar[str] = "WorkItemType"
    WIRE: ClassVar[dict[str, str | Getter]] = as_stored("id name auto_attached")

    id: str
    name: str
    auto_attached: bool = True


@dataclass(slots=True, eq=False)
class WorkItem(Entity):
    """Time spent on an issue."""

    wire_type: ClassVar[str] = "IssueWorkItem"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        **as_stored("id author creator text type created updated date issue"),
        "textPreview": lambda o, v: render_work_item(o.text),
        "duration": lambda o, v: WorkDuration(o.minutes, "DurationValue"),
        "attributes": lambda o, v: [],
    }

    id: str
    issue: Issue
    author: User
    creator: User
    minutes: int
    date: int
    created: int
    # None until the item is edited, as a real server sends it
    # (realworld-fixtures/moneymeets-youtrack-sdk/issue_work_items.json: "updated": null).
    updated: int | None = None
    text: str | None = None
    type: WorkItemType | None = None
