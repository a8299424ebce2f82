"""Knowledge-base articles, their comments and attachments."""

from __future__ import annotations

from datetime import datetime

import attrs

from .._fields import field_metadata
from . import _refs
from .projects import Project
from .tags import Tag
from .users import User
from .visibility import Visibility

__all__ = ["Article", "ArticleAttachment", "ArticleComment", "BaseArticle"]

_ARTICLE = "id,id_readable,summary"


@attrs.define(kw_only=True, slots=True)
class BaseArticle:
    """An article or article draft; ``$type`` tells which."""

    id: str | None = None
    summary: str | None = None
    content: str | None = None
    reporter: User | None = attrs.field(default=None, metadata=_refs.USER)
    visibility: Visibility | None = None


@attrs.define(kw_only=True, slots=True)
class Article(BaseArticle):
    """A knowledge-base article. Comments, attachments and child articles have their own
    resources."""

    id_readable: str | None = None
    created: datetime | None = None
    updated: datetime | None = None
    updated_by: User | None = attrs.field(default=None, metadata=_refs.USER)
    project: Project | None = attrs.field(default=None, metadata=_refs.PROJECT)
    parent_article: Article | None = attrs.field(
        default=None, metadata=field_metadata(fields=_ARTICLE)
    )
    has_children: bool | None = None
    has_star: bool | None = None
    ordinal: int | None = None
    tags: list[Tag] | None = attrs.field(default=None, metadata=_refs.NAMED)


@attrs.define(kw_only=True, slots=True)
class ArticleComment:
    """A comment on an article."""

    id: str | None = None
    text: str | None = None
    author: User | None = attrs.field(default=None, metadata=_refs.USER)
    created: datetime | None = None
    updated: datetime | None = None
    pinned: bool | None = None
    visibility: Visibility | None = None
    article: Article | None = attrs.field(default=None, metadata=field_metadata(fields=_ARTICLE))


@attrs.define(kw_only=True, slots=True)
class ArticleAttachment:
    """A file attached to an article; ``url`` is relative to the service root."""

    id: str | None = None
    name: str | None = None
    author: User | None = attrs.field(default=None, metadata=_refs.USER)
    created: datetime | None = None
    updated: datetime | None = None
    size: int | None = None
    extension: str | None = None
    charset: str | None = None
    mime_type: str | None = None
    meta_data: str | None = None
    draft: bool | None = None
    removed: bool | None = None
    url: str | None = None
    visibility: Visibility | None = None
