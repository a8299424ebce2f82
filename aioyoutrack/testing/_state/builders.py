"""Creating tags, agile boards, sprints, saved queries and articles."""

from __future__ import annotations

from collections.abc import Iterable

from .agiles import Agile, Sprint
from .articles import Article, ArticleComment
from .custom_fields import field_style
from .issues import UNLIMITED, Tag
from .projects import Project
from .saved_queries import SavedQuery
from .store import Store, require_unused
from .users import User, Visibility

__all__ = [
    "add_agile",
    "add_article",
    "add_article_comment",
    "add_saved_query",
    "add_sprint",
    "add_tag",
    "ensure_tag",
]


def add_tag(store: Store, name: str, owner: User, *, untag_on_resolve: bool = False) -> Tag:
    """Create a tag; ValueError if the name is taken."""
    require_unused((t.name for t in store.tags.values()), name, "tag")
    index = len(store.tags)
    tag = Tag(
        id=store.new_id("tag"),
        name=name,
        owner=owner,
        color=field_style(str(index % 4)),
        untag_on_resolve=untag_on_resolve,
    )
    return store.keep(store.tags, tag)


def ensure_tag(store: Store, name: str, owner: User) -> Tag:
    """The tag named ``name`` (case-insensitive), created for ``owner`` if missing."""
    low = name.lower()
    for tag in store.tags.values():
        if tag.name.lower() == low:
            return tag
    return add_tag(store, name, owner)


def add_agile(store: Store, name: str, owner: User, projects: Iterable[Project]) -> Agile:
    """Create an agile board over ``projects`` (no sprints yet)."""
    agile = Agile(id=store.new_id("agile"), name=name, owner=owner, projects=list(projects))
    return store.keep(store.agiles, agile)


def add_sprint(
    store: Store,
    agile: Agile,
    name: str,
    *,
    goal: str | None = None,
    start: int | None = None,
    finish: int | None = None,
    archived: bool = False,
) -> Sprint:
    """Add a sprint to a board; the newest unarchived sprint becomes the current one."""
    sprint = Sprint(
        id=store.new_id("sprint"),
        agile=agile,
        name=name,
        goal=goal,
        start=start,
        finish=finish,
        archived=archived,
    )
    agile.sprints.append(sprint)
    if not archived:
        agile.current_sprint = sprint
    return store.keep(store.sprints, sprint)


def add_saved_query(store: Store, name: str, query: str, owner: User) -> SavedQuery:
    """Save a search."""
    saved = SavedQuery(id=store.new_id("savedquery"), name=name, query=query, owner=owner)
    return store.keep(store.saved_queries, saved)


def add_article(
    store: Store,
    project: Project,
    summary: str,
    content: str | None,
    author: User,
    *,
    parent: Article | None = None,
    created: int | None = None,
) -> Article:
    """Create a knowledge base article numbered per project (``SP-A-1``)."""
    stamp = store.now() if created is None else created
    article = Article(
        id=store.new_id("article"),
        project=project,
        number=project.next_article,
        summary=summary,
        content=content,
        reporter=author,
        created=stamp,
        updated=stamp,
        updated_by=author,
        parent=parent,
    )
    project.next_article += 1
    return store.keep(store.articles, article)


def add_article_comment(
    store: Store,
    article: Article,
    text: str,
    author: User,
    visibility: Visibility = UNLIMITED,
    *,
    created: int | None = None,
) -> ArticleComment:
    """Comment on an article."""
    stamp = store.now() if created is None else created
    comment = ArticleComment(
        id=store.new_id("articlecomment"),
        article=article,
        author=author,
        text=text,
        created=stamp,
        visibility=visibility,
    )
    article.comments.append(comment)
    return store.keep(store.article_comments, comment)
