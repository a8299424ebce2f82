"""Knowledge-base articles, their attachments and comments."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import ClassVar

from .._wire.projection import Entity, Getter, as_stored
from .issues import FILE_WIRE, UNLIMITED, StoredFile
from .projects import Project
from .resources import article_tags_of, reactions_of
from .users import User, Visibility


@dataclass(slots=True, eq=False)
class Article(Entity):
    """A knowledge base article (``SP-A-1``)."""

    wire_type: ClassVar[str] = "Article"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        **as_stored(
            "id summary content project reporter created updated", "updated_by comments attachments"
        ),
        "idReadable": lambda o, v: f"{o.project.short_name}-A-{o.number}",
        "parentArticle": "parent",
        "childArticles": lambda o, v: [a for a in v.store.articles.values() if a.parent is o],
        "hasChildren": lambda o, v: any(a.parent is o for a in v.store.articles.values()),
        "pinnedComments": lambda o, v: [
            c for c in o.comments if c.pinned and v.store.can_see_comment(v.user, c)
        ],
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
class ArticleAttachment(StoredFile, Entity):
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


@dataclass(slots=True, eq=False)
class ArticleComment(Entity):
    """A comment on an article."""

    wire_type: ClassVar[str] = "ArticleComment"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        **as_stored("id article author text created updated visibility pinned"),
        "attachments": lambda o, v: [],
        "reactions": lambda o, v: reactions_of(v, o.id),
    }

    id: str
    article: Article
    author: User
    text: str
    created: int
    updated: int | None = None
    visibility: Visibility = UNLIMITED
    # Writable (spec: ArticleComment.pinned readOnly false); unlike IssueComment, the
    # spec gives ArticleComment no ``deleted``.
    pinned: bool = False
