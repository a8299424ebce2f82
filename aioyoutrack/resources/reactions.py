"""Reactions on comments: ``yt.issues.reactions`` and ``yt.articles.comments.reactions``.

Both are the same generic collection on two paths: ``list(owner, comment)``,
``get(owner, comment, reaction_id)``, ``add(owner, comment, reaction="thumbs-up")`` and
``remove(owner, comment, reaction_id)``.
"""

from __future__ import annotations

from typing import Any, overload

from ..models.reactions import Reaction
from ._common import M, check_text
from ._generic import Endpoint, GetOp, ListOp, Params, RemoveOp, pick_model

__all__ = ["ArticleCommentReactions", "IssueCommentReactions", "ReactOp"]


class ReactOp(Endpoint[Reaction]):
    """``add(*ids, reaction=...)``: react to a comment."""

    __slots__ = ()
    _op = ("POST", "add", False)

    @overload
    async def add(self, *ids: str, reaction: str, params: Params | None = None) -> Reaction: ...
    @overload
    async def add(
        self, *ids: str, reaction: str, model: type[M], params: Params | None = None
    ) -> M: ...

    async def add(
        self, *ids: str, reaction: str, model: Any = None, params: Params | None = None
    ) -> Any:
        """Add the token user's ``reaction`` (a name such as ``"thumbs-up"``)."""
        path = self._path(ids, False, "add")
        body = {"reaction": check_text("reaction", reaction)}
        return await self._yt.request(
            "POST", path, params=params, json=body, model=pick_model(model, self.model)
        )


class IssueCommentReactions(ListOp[Reaction], GetOp[Reaction], ReactOp, RemoveOp[Reaction]):
    """Reactions on an issue comment (``/api/issues/{id}/comments/{commentId}/reactions``)."""

    __slots__ = ()
    path = "/issues/{id}/comments/{issueCommentId}/reactions"
    item = "reactionId"
    model = Reaction


class ArticleCommentReactions(ListOp[Reaction], GetOp[Reaction], ReactOp, RemoveOp[Reaction]):
    """Reactions on an article comment
    (``/api/articles/{id}/comments/{articleCommentId}/reactions``)."""

    __slots__ = ()
    path = "/articles/{id}/comments/{articleCommentId}/reactions"
    item = "reactionId"
    model = Reaction
