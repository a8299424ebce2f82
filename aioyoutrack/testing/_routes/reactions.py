"""Reactions on issue and article comments."""

from __future__ import annotations

from typing import Any

from .._http.errors import forbidden, not_found
from .._http.registry import Ctx, route
from .._state.articles import Article
from .._state.resources import Reaction, add_reaction, extras
from .._wire.refs import req_str


def _issue_comment(ctx: Ctx) -> tuple[str, Any]:
    issue = ctx.issue()
    for comment in issue.comments:
        if comment.id == ctx.arg("commentId") and ctx.store.can_see_comment(ctx.user, comment):
            return comment.id, issue.project
    raise not_found(ctx.arg("commentId"))


def _article_comment(ctx: Ctx) -> tuple[str, Any]:
    store = ctx.store
    article: Article | None = store.articles.get(ctx.arg("id"))
    if article is None:
        key = ctx.arg("id").lower()
        article = next(
            (
                a
                for a in store.articles.values()
                if f"{a.project.short_name}-A-{a.number}".lower() == key
            ),
            None,
        )
    if article is None or not store.can_read(ctx.user, article.project):
        raise not_found(ctx.arg("id"))
    for comment in article.comments:
        if comment.id == ctx.arg("commentId") and store.can_see_comment(ctx.user, comment):
            return comment.id, article.project
    raise not_found(ctx.arg("commentId"))


def _reaction_routes(base: str, find: Any) -> None:
    @route("GET", f"{base}/reactions")
    async def list_reactions(ctx: Ctx) -> Any:
        """The reactions on a comment."""
        comment_id, _ = find(ctx)
        return ctx.render_page(extras(ctx.store).reactions.get(comment_id, []))

    @route("POST", f"{base}/reactions")
    async def react(ctx: Ctx) -> Any:
        """React ``{"reaction": name}``; the same reaction twice by one user is one."""
        comment_id, project = find(ctx)
        if not ctx.store.can_read(ctx.user, project) or ctx.user.guest:
            raise forbidden("You cannot react to this comment")
        name = req_str(await ctx.body_object(), "reaction")
        return ctx.render(add_reaction(ctx.store, comment_id, name, ctx.user))

    @route("GET", f"{base}/reactions/{{reactionId}}")
    async def get_reaction(ctx: Ctx) -> Any:
        """One reaction."""
        comment_id, _ = find(ctx)
        return ctx.render(_reaction(ctx, comment_id))

    @route("DELETE", f"{base}/reactions/{{reactionId}}")
    async def remove_reaction(ctx: Ctx) -> Any:
        """Remove one's own reaction (an administrator may remove any)."""
        comment_id, _ = find(ctx)
        reaction = _reaction(ctx, comment_id)
        if reaction.author is not ctx.user and not ctx.user.admin:
            raise forbidden("You can remove only your own reactions")
        extras(ctx.store).reactions[comment_id].remove(reaction)
        return ctx.changed()


def _reaction(ctx: Ctx, comment_id: str) -> Reaction:
    for reaction in extras(ctx.store).reactions.get(comment_id, []):
        if reaction.id == ctx.arg("reactionId"):
            return reaction
    raise not_found(ctx.arg("reactionId"))


_reaction_routes("issues/{id}/comments/{commentId}", _issue_comment)


_reaction_routes("articles/{id}/comments/{commentId}", _article_comment)
