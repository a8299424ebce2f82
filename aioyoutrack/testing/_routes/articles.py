"""Knowledge base: ``/api/articles`` with children and comments."""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from .._http.errors import bad_request, found, not_found
from .._http.registry import Ctx, route, serve_list, serve_one
from .._state.articles import Article, ArticleComment
from .._state.builders import add_article, add_article_comment
from .._state.resources import extras
from .._wire.refs import (
    assign,
    given,
    opt_str,
    ref_entity,
    ref_project,
    req_bool,
    req_str,
    visibility,
)

_READABLE = re.compile(r"^([A-Za-z][A-Za-z0-9_]*)-A-(\d+)$")


def _find(ctx: Ctx, key: str) -> Article:
    store = ctx.store
    article = store.articles.get(key)
    if article is None and (match := _READABLE.match(key)):
        short, number = match.group(1).lower(), int(match.group(2))
        article = next(
            (
                a
                for a in store.articles.values()
                if a.project.short_name.lower() == short and a.number == number
            ),
            None,
        )
    if article is None or not store.can_read(ctx.user, article.project):
        raise not_found(key)
    return article


def _article(ctx: Ctx) -> Article:
    """The article of the path's ``id``: a database id or a readable one (``SP-A-1``)."""
    return _find(ctx, ctx.arg("id"))


def _comment(ctx: Ctx, article: Article) -> ArticleComment:
    return ctx.member(
        article.comments, "commentId", lambda c: ctx.store.can_see_comment(ctx.user, c)
    )


@route("GET", "articles")
async def list_articles(ctx: Ctx) -> Any:
    """The articles the caller can see."""
    store = ctx.store
    return ctx.render_page(
        [a for a in store.articles.values() if store.can_read(ctx.user, a.project)]
    )


@route("GET", "admin/projects/{id}/articles")
async def project_articles(ctx: Ctx) -> Any:
    """The articles of one project."""
    project = ctx.store.find_project(ctx.arg("id"), ctx.user)
    return ctx.render_page([a for a in ctx.store.articles.values() if a.project is project])


@route("POST", "articles")
async def create_article(ctx: Ctx) -> Any:
    """Create an article ``{project: {id}, summary, content?, parentArticle?: {id}}``."""
    store = ctx.store
    body = await ctx.body_object()
    if "project" not in body:
        raise bad_request("project is required")
    project = ref_project(store, body["project"], ctx.user)
    store.require_update(ctx.user, project)
    parent = None
    if isinstance(body.get("parentArticle"), dict):
        keys = ("id", "idReadable")
        parent = ref_entity(store, body["parentArticle"], keys, "An article", partial(_find, ctx))
    article = add_article(
        store,
        project,
        req_str(body, "summary"),
        opt_str(body, "content"),
        ctx.user,
        parent=parent,
    )
    return ctx.render(article)


def _target(ctx: Ctx) -> Article:
    """The article the path names: the sub-article ``articleId`` of the article ``id``
    (a 404 when it is not one of its children), or the article ``id`` itself. A
    sub-article's path reads and changes it as the article's own path does."""
    if "articleId" not in ctx.request.match_info:
        return _article(ctx)
    parent = _article(ctx)
    child = _find(ctx, ctx.arg("articleId"))
    if child.parent is not parent:
        raise not_found(ctx.arg("articleId"))
    return child


serve_one("articles/{id}", _target)
serve_one("articles/{id}/childArticles/{articleId}", _target)


@route("POST", "articles/{id}")
@route("POST", "articles/{id}/childArticles/{articleId}")
async def update_article(ctx: Ctx) -> Any:
    """Change an article's summary or content, or move it (``parentArticle``: an article
    to nest it under, or null for the top level; the spec marks it writable)."""
    article = _target(ctx)
    ctx.store.require_update(ctx.user, article.project)
    body = await ctx.body_object()
    changes = given(body, summary=req_str, content=opt_str)
    if "parentArticle" in body:
        raw = body["parentArticle"]
        parent = None
        if raw is not None:
            found = ref_entity(
                ctx.store, raw, ("id", "idReadable"), "parentArticle", partial(_find, ctx)
            )
            ctx.store.require_update(ctx.user, found.project)  # as childArticles needs
            parent = _under(found, article)
        changes["parent"] = parent
    assign(article, changes)
    article.updated = ctx.store.now()
    article.updated_by = ctx.user
    return ctx.changed(article)


def _under(parent: Article, child: Article) -> Article:
    """``parent``, once it is known not to be ``child`` or below it."""
    ancestor: Article | None = parent
    while ancestor is not None:
        if ancestor is child:
            raise bad_request("An article cannot be nested under itself")
        ancestor = ancestor.parent
    return parent


@route("DELETE", "articles/{id}")
@route("DELETE", "articles/{id}/childArticles/{articleId}")
async def delete_article(ctx: Ctx) -> Any:
    """Delete an article; its children move up to its parent."""
    article = _target(ctx)
    ctx.store.require_update(ctx.user, article.project)
    for child in ctx.store.articles.values():
        if child.parent is article:
            child.parent = article.parent
    for comment in article.comments:
        ctx.store.article_comments.pop(comment.id, None)
    for attachment in article.attachments:
        ctx.store.attachments.pop(attachment.id, None)
    del ctx.store.articles[article.id]
    return ctx.changed()


@route("GET", "articles/{id}/childArticles")
async def child_articles(ctx: Ctx) -> Any:
    """The article's children."""
    article = _article(ctx)
    return ctx.render_page([a for a in ctx.store.articles.values() if a.parent is article])


serve_one(
    "articles/{id}/parentArticle",
    lambda ctx: found(_article(ctx).parent, f"{ctx.arg('id')}/parentArticle"),
)


@route("GET", "articles/{id}/comments")
async def list_comments(ctx: Ctx) -> Any:
    """The article's comments the caller may see."""
    article = _article(ctx)
    store = ctx.store
    return ctx.render_page([c for c in article.comments if store.can_see_comment(ctx.user, c)])


@route("POST", "articles/{id}/comments")
async def create_comment(ctx: Ctx) -> Any:
    """Comment on an article ``{"text", "visibility"?, "pinned"?}``."""
    article = _article(ctx)
    ctx.store.require_update(ctx.user, article.project)
    body = await ctx.body_object()
    seen = visibility(ctx.store, body.get("visibility"))
    text = req_str(body, "text")
    # Spec: ArticleComment.pinned is writable (it has no ``deleted``).
    marks = given(body, pinned=req_bool)
    comment = add_article_comment(ctx.store, article, text, ctx.user, seen)
    assign(comment, marks)
    return ctx.render(comment)


serve_one("articles/{id}/comments/{commentId}", lambda ctx: _comment(ctx, _article(ctx)))


@route("POST", "articles/{id}/comments/{commentId}")
async def update_comment(ctx: Ctx) -> Any:
    """Edit an article comment (its author or an admin)."""
    article = _article(ctx)
    comment = _comment(ctx, article)
    ctx.require_own(comment.author, message="You have no permission to update this comment")
    body = await ctx.body_into(comment, text=req_str, pinned=req_bool)
    if "visibility" in body:
        comment.visibility = visibility(ctx.store, body["visibility"])
    comment.updated = ctx.store.now()
    return ctx.changed(comment)


@route("DELETE", "articles/{id}/comments/{commentId}")
async def delete_comment(ctx: Ctx) -> Any:
    """Delete an article comment (its author or an admin)."""
    article = _article(ctx)
    comment = _comment(ctx, article)
    ctx.require_own(comment.author, message="You have no permission to delete this comment")
    article.comments.remove(comment)
    ctx.store.article_comments.pop(comment.id, None)
    return ctx.changed()


@route("POST", "articles/{id}/childArticles")
async def add_child_article(ctx: Ctx) -> Any:
    """Make an existing article ``{id|idReadable}`` a sub-article, or create one from
    ``{summary, content?}`` in the parent's project."""
    store = ctx.store
    parent = _article(ctx)
    store.require_update(ctx.user, parent.project)
    body = await ctx.body_object()
    if "id" in body or "idReadable" in body:
        child = ref_entity(store, body, ("id", "idReadable"), "An article", partial(_find, ctx))
        child.parent = _under(parent, child)
        store.touch()
    else:
        child = add_article(
            store,
            parent.project,
            req_str(body, "summary"),
            opt_str(body, "content"),
            ctx.user,
            parent=parent,
        )
    return ctx.render(child)


serve_list(
    "articles/{id}/tags", lambda ctx: extras(ctx.store).article_tags.get(_article(ctx).id, [])
)


@route("POST", "articles/{id}/tags")
async def tag_article(ctx: Ctx) -> Any:
    """Tag an article with an existing tag ``{id|name}``."""
    article = _article(ctx)
    ctx.store.require_update(ctx.user, article.project)
    body = await ctx.body_object()
    tag = ref_entity(ctx.store, body, ("id", "name"), "A tag", ctx.store.find_tag)
    tags = extras(ctx.store).article_tags.setdefault(article.id, [])
    if tag not in tags:
        tags.append(tag)
        ctx.store.touch()
    return ctx.render(tag)


@route("GET", "articles/{id}/tags/{tagId}")
async def article_tag(ctx: Ctx) -> Any:
    """One tag of an article."""
    article = _article(ctx)
    for tag in extras(ctx.store).article_tags.get(article.id, []):
        if tag.id == ctx.arg("tagId"):
            return ctx.render(tag)
    raise not_found(ctx.arg("tagId"))


@route("DELETE", "articles/{id}/tags/{tagId}")
async def untag_article(ctx: Ctx) -> Any:
    """Remove a tag from an article."""
    article = _article(ctx)
    ctx.store.require_update(ctx.user, article.project)
    tags = extras(ctx.store).article_tags.get(article.id, [])
    for tag in tags:
        if tag.id == ctx.arg("tagId"):
            tags.remove(tag)
            return ctx.changed()
    raise not_found(ctx.arg("tagId"))
