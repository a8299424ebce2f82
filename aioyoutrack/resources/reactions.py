"""Reactions on comments: ``yt.issues.reactions`` and ``yt.articles.comments.reactions``.

Both are one collection on two paths: ``list(owner_id, comment_id)``,
``get(owner_id, comment_id, reaction_id)``, ``add(owner_id, comment_id,
reaction="thumbs-up")`` and ``remove(owner_id, comment_id, reaction_id)``, where the
owner is the issue or the article the comment is on.
"""

from __future__ import annotations

from typing import ClassVar

from typing_extensions import TypeVar

from .._constants import DEFAULT_PAGE_SIZE
from .._pagination import Pager
from ..models.reactions import Reaction
from ._base import NamedPath, Params, Resource, at, default_model, route
from ._common import check_text

__all__ = ["ArticleCommentReactions", "CommentReactions", "IssueCommentReactions"]

ReactionT = TypeVar("ReactionT", default=Reaction)

_ISSUES = "/issues/{id}/comments/{issueCommentId}/reactions"
_ARTICLES = "/articles/{id}/comments/{articleCommentId}/reactions"


class CommentReactions(Resource):
    """Reactions (emoji) on the comments of an issue or an article."""

    __slots__ = ()
    #: The spec path of the collection: issue comments' or article comments'.
    _spec: ClassVar[str]

    def _at(self, owner_id: str, comment_id: str) -> str | NamedPath:
        return at(self._spec, owner_id=owner_id, comment_id=comment_id)

    def _one(self, owner_id: str, comment_id: str, reaction_id: str) -> str | NamedPath:
        # A separate method, not _at(reaction_id=None): a None id from the caller
        # must be refused by check_text, never taken to mean "the collection".
        return at(
            self._spec + "/{reactionId}",
            owner_id=owner_id,
            comment_id=comment_id,
            reaction_id=reaction_id,
        )

    @route("GET", _ISSUES)
    @route("GET", _ARTICLES)
    def list(
        self,
        owner_id: str,
        comment_id: str,
        *,
        model: type[ReactionT] = default_model(ReactionT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
        params: Params | None = None,
    ) -> Pager[ReactionT]:
        """The reactions on a comment of the issue or article ``owner_id``."""
        path = self._at(owner_id, comment_id)
        return self._pager(path, model, page_size=page_size, limit=limit, params=params)

    @route("GET", _ISSUES + "/{reactionId}")
    @route("GET", _ARTICLES + "/{reactionId}")
    async def get(
        self,
        owner_id: str,
        comment_id: str,
        reaction_id: str,
        *,
        model: type[ReactionT] = default_model(ReactionT),
        params: Params | None = None,
    ) -> ReactionT:
        """One reaction. Raises ``NotFoundError`` if absent."""
        path = self._one(owner_id, comment_id, reaction_id)
        return await self._call("GET", path, model=model, params=params)

    @route("POST", _ISSUES)
    @route("POST", _ARTICLES)
    async def add(
        self,
        owner_id: str,
        comment_id: str,
        reaction: str,
        *,
        model: type[ReactionT] = default_model(ReactionT),
        params: Params | None = None,
    ) -> ReactionT:
        """Add the token user's ``reaction`` (a name such as ``"thumbs-up"``)."""
        body = {"reaction": check_text("reaction", reaction)}
        path = self._at(owner_id, comment_id)
        return await self._call("POST", path, json=body, model=model, params=params)

    @route("DELETE", _ISSUES + "/{reactionId}")
    @route("DELETE", _ARTICLES + "/{reactionId}")
    async def remove(
        self, owner_id: str, comment_id: str, reaction_id: str, *, params: Params | None = None
    ) -> None:
        """Remove a reaction from the comment."""
        await self._call("DELETE", self._one(owner_id, comment_id, reaction_id), params=params)


class IssueCommentReactions(CommentReactions):
    """Reactions on an issue comment (``/api/issues/{id}/comments/{commentId}/reactions``)."""

    __slots__ = ()
    _spec = _ISSUES


class ArticleCommentReactions(CommentReactions):
    """Reactions on an article comment
    (``/api/articles/{id}/comments/{articleCommentId}/reactions``)."""

    __slots__ = ()
    _spec = _ARTICLES
