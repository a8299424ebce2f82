"""Knowledge-base extras: one sub-article, adding a sub-article, article tags."""

from __future__ import annotations

from typing import Any

from ._builders import add_article
from ._entities_misc import Article
from ._errors import bad_request, not_found
from ._extras import extras
from ._refs import opt_str, ref_key, req_str
from ._registry import EMPTY, Ctx, route
from ._routes_articles import _article, _find


@route("POST", "articles/{id}/childArticles")
async def add_child_article(ctx: Ctx) -> Any:
    """Make an existing article ``{id|idReadable}`` a sub-article, or create one from
    ``{summary, content?}`` in the parent's project."""
    store = ctx.store
    parent = _article(ctx)
    store.require_update(ctx.user, parent.project)
    body = await ctx.body_object()
    if "id" in body or "idReadable" in body:
        child = _find(ctx, ref_key(body, ("id", "idReadable"), "An article"))
        ancestor: Article | None = parent
        while ancestor is not None:
            if ancestor is child:
                raise bad_request("An article cannot be nested under itself")
            ancestor = ancestor.parent
        child.parent = parent
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


@route("GET", "articles/{id}/tags")
async def article_tags(ctx: Ctx) -> Any:
    """The tags of an article."""
    article = _article(ctx)
    return ctx.render_page(extras(ctx.store).article_tags.get(article.id, []))


@route("POST", "articles/{id}/tags")
async def tag_article(ctx: Ctx) -> Any:
    """Tag an article with an existing tag ``{id|name}``."""
    article = _article(ctx)
    ctx.store.require_update(ctx.user, article.project)
    tag = ctx.store.find_tag(ref_key(await ctx.body_object(), ("id", "name"), "A tag"))
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
            ctx.store.touch()
            return EMPTY
    raise not_found(ctx.arg("tagId"))
