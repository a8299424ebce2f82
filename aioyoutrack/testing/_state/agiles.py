"""Entities beyond issues: agile boards and sprints, saved queries, articles, activities,
and the response wrappers (count, command list, activity page)."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any, ClassVar

from .._wire.projection import OMIT, Entity, Getter, View
from .custom_fields import CustomField, Project, SharingSettings, User, Visibility
from .issues import FILE_WIRE, UNLIMITED, Issue, data_uri
from .resources import article_tags_of, reactions_of

_AGILE_SHARING = "AgileSharingSettings"


def _visible(issues: Any, view: View) -> list[Issue]:
    return [i for i in issues if view.store.can_read(view.user, i.project)]


@dataclass(slots=True, eq=False)
class SprintsSettings(Entity):
    """How an agile board uses sprints."""

    wire_type: ClassVar[str] = "SprintsSettings"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": lambda o, v: None,
        "isExplicit": lambda o, v: True,
        "cardOnSeveralSprints": lambda o, v: False,
        "defaultSprint": lambda o, v: o.agile.current_sprint,
        "disableSprints": lambda o, v: False,
        "explicitQuery": lambda o, v: None,
        "sprintSyncField": lambda o, v: None,
        "hideSubtasksOfCards": lambda o, v: False,
    }

    agile: Agile


@dataclass(slots=True, eq=False)
class Agile(Entity):
    """An agile board."""

    wire_type: ClassVar[str] = "Agile"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": "id",
        "name": "name",
        "owner": "owner",
        "projects": "projects",
        "sprints": "sprints",
        "currentSprint": "current_sprint",
        "visibleFor": lambda o, v: None,
        "visibleForProjectBased": lambda o, v: True,
        "updateableBy": lambda o, v: None,
        "updateableByProjectBased": lambda o, v: True,
        "readSharingSettings": lambda o, v: SharingSettings(type_name=_AGILE_SHARING),
        "updateSharingSettings": lambda o, v: SharingSettings(type_name=_AGILE_SHARING),
        "orphansAtTheTop": lambda o, v: False,
        "hideOrphansSwimlane": lambda o, v: False,
        "estimationField": "estimation_field",
        "originalEstimationField": lambda o, v: None,
        "sprintsSettings": lambda o, v: SprintsSettings(o),
    }

    id: str
    name: str
    owner: User
    projects: list[Project] = dc_field(default_factory=list)
    sprints: list[Sprint] = dc_field(default_factory=list)
    current_sprint: Sprint | None = None
    estimation_field: CustomField | None = None


def _previous_sprint(sprint: Sprint, view: View) -> Sprint | None:
    sprints = sprint.agile.sprints
    index = sprints.index(sprint) if sprint in sprints else 0
    return sprints[index - 1] if index > 0 else None


@dataclass(slots=True, eq=False)
class Sprint(Entity):
    """A sprint of an agile board; ``issues`` is an ordered set."""

    wire_type: ClassVar[str] = "Sprint"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": "id",
        "agile": "agile",
        "name": "name",
        "goal": "goal",
        "start": "start",
        "finish": "finish",
        "archived": "archived",
        "isDefault": "is_default",
        "issues": lambda o, v: _visible(o.issues, v),
        "unresolvedIssuesCount": lambda o, v: sum(
            1 for i in _visible(o.issues, v) if i.resolved is None
        ),
        "previousSprint": _previous_sprint,
    }

    id: str
    agile: Agile
    name: str
    goal: str | None = None
    start: int | None = None
    finish: int | None = None
    archived: bool = False
    is_default: bool = False
    issues: dict[Issue, None] = dc_field(default_factory=dict)


@dataclass(slots=True, eq=False)
class SavedQuery(Entity):
    """A saved search; ``issues`` evaluates the query for the viewer."""

    wire_type: ClassVar[str] = "SavedQuery"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": "id",
        "name": "name",
        "query": "query",
        "owner": "owner",
        "issues": lambda o, v: v.store.search(o.query, v.user),
        "visibleFor": lambda o, v: None,
        "updateableBy": lambda o, v: None,
        "readSharingSettings": lambda o, v: SharingSettings(),
        "updateSharingSettings": lambda o, v: SharingSettings(),
    }

    id: str
    name: str
    query: str
    owner: User


@dataclass(slots=True, eq=False)
class Article(Entity):
    """A knowledge base article (``SP-A-1``)."""

    wire_type: ClassVar[str] = "Article"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": "id",
        "idReadable": lambda o, v: f"{o.project.short_name}-A-{o.number}",
        "summary": "summary",
        "content": "content",
        "project": "project",
        "reporter": "reporter",
        "created": "created",
        "updated": "updated",
        "updatedBy": "updated_by",
        "parentArticle": "parent",
        "childArticles": lambda o, v: [a for a in v.store.articles.values() if a.parent is o],
        "hasChildren": lambda o, v: any(a.parent is o for a in v.store.articles.values()),
        "comments": "comments",
        "pinnedComments": lambda o, v: [],
        "attachments": "attachments",
        "tags": lambda o, v: article_tags_of(v, o.id),
        "hasStar": lambda o, v: False,
        "ordinal": "number",
        "visibility": lambda o, v: UNLIMITED,
        "externalArticle": lambda o, v: None,
    }

    id: str
    project: Project
    number: int
    summary: str
    content: str | None
    reporter: User
    created: int
    updated: int
    updated_by: User
    parent: Article | None = None
    comments: list[ArticleComment] = dc_field(default_factory=list)
    attachments: list[ArticleAttachment] = dc_field(default_factory=list)


@dataclass(slots=True, eq=False)
class ArticleAttachment(Entity):
    """A file attached to an article."""

    wire_type: ClassVar[str] = "ArticleAttachment"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        **FILE_WIRE,
        "article": "article",
        "comment": lambda o, v: None,
    }

    id: str
    article: Article
    name: str
    author: User
    created: int
    updated: int
    mime_type: str
    data: bytes
    visibility: Visibility = UNLIMITED

    def data_uri(self) -> str:
        """``data:<mime>;base64,<data>``."""
        return data_uri(self.mime_type, self.data)


@dataclass(slots=True, eq=False)
class ArticleComment(Entity):
    """A comment on an article."""

    wire_type: ClassVar[str] = "ArticleComment"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": "id",
        "article": "article",
        "author": "author",
        "text": "text",
        "created": "created",
        "updated": "updated",
        "pinned": lambda o, v: False,
        "attachments": lambda o, v: [],
        "reactions": lambda o, v: reactions_of(v, o.id),
        "visibility": "visibility",
    }

    id: str
    article: Article
    author: User
    text: str
    created: int
    updated: int | None = None
    visibility: Visibility = UNLIMITED


@dataclass(slots=True, eq=False)
class ActivityCategory(Entity):
    """``CustomFieldCategory``, ``CommentsCategory``, ..."""

    wire_type: ClassVar[str] = "ActivityCategory"
    WIRE: ClassVar[dict[str, str | Getter]] = {"id": "id"}

    id: str


@dataclass(slots=True, eq=False)
class FilterField(Entity):
    """What an activity changed: a custom field or a predefined attribute."""

    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": "id",
        "name": "name",
        "presentation": "name",
        # Only CustomFilterField has it in the spec; a predefined field leaves it out.
        "customField": lambda o, v: OMIT if o.custom_field is None else o.custom_field,
    }

    id: str
    name: str
    custom_field: CustomField | None = None

    @property
    def wire_type(self) -> str:  # type: ignore[override]
        """``CustomFilterField`` or ``PredefinedFilterField``."""
        return "CustomFilterField" if self.custom_field is not None else "PredefinedFilterField"


@dataclass(slots=True, eq=False)
class IssueKey(Entity):
    """Where an issue was (``removed``) or is (``added``) in a ``ProjectActivityItem``:
    the project and the issue's number in it at the time of the move."""

    wire_type: ClassVar[str] = "IssueKey"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": lambda o, v: None,
        "project": "project",
        "numberInProject": "number",
    }

    project: Project
    number: int


@dataclass(slots=True, eq=False)
class Activity(Entity):
    """One recorded change; ``seq`` orders activities and backs the cursors."""

    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": "id",
        "added": "added",
        "removed": "removed",
        "author": "author",
        "category": "category",
        "field": "field",
        "target": "target",
        "targetMember": "target_member",
        "timestamp": "timestamp",
    }

    id: str
    seq: int
    type_name: str
    category: ActivityCategory
    timestamp: int
    author: User
    target: Entity
    issue: Issue | None
    added: Any = None
    removed: Any = None
    field: FilterField | None = None
    target_member: str | None = None

    @property
    def wire_type(self) -> str:  # type: ignore[override]
        """``CustomFieldActivityItem``, ``CommentActivityItem``, ..."""
        return self.type_name


@dataclass(slots=True, eq=False)
class ActivityPage(Entity):
    """``ActivityCursorPage``."""

    wire_type: ClassVar[str] = "ActivityCursorPage"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": lambda o, v: None,
        "activities": "activities",
        "afterCursor": "after_cursor",
        "beforeCursor": "before_cursor",
        "hasAfter": "has_after",
        "hasBefore": "has_before",
        "reverse": "reverse",
    }

    activities: list[Activity]
    after_cursor: str | None
    before_cursor: str | None
    has_after: bool
    has_before: bool
    reverse: bool


@dataclass(slots=True, eq=False)
class CountResponse(Entity):
    """``IssueCountResponse``."""

    wire_type: ClassVar[str] = "IssueCountResponse"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": lambda o, v: None,
        "count": "count",
        "query": "query",
        "unresolvedOnly": "unresolved_only",
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
        "id": lambda o, v: None,
        "description": "description",
        "error": "error",
        "delete": "delete",
    }

    description: str
    error: bool = False
    delete: bool = False


@dataclass(slots=True, eq=False)
class CommandList(Entity):
    """The echo of an applied command."""

    wire_type: ClassVar[str] = "CommandList"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": lambda o, v: None,
        "query": "query",
        "comment": "comment",
        "silent": "silent",
        "caret": lambda o, v: len(o.query),
        "runAs": lambda o, v: None,
        "issues": "issues",
        "commands": "commands",
        "suggestions": lambda o, v: [],
        "visibility": lambda o, v: None,
    }

    query: str
    comment: str | None
    silent: bool
    issues: list[Issue]
    commands: list[ParsedCommand]
