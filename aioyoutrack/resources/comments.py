"""``yt.issues.comments``: the comments of an issue."""

from __future__ import annotations

from typing import Any

from typing_extensions import TypeVar

from .._constants import DEFAULT_PAGE_SIZE
from .._pagination import Pager
from ..models.commands import CommandVisibility
from ..models.comments import IssueComment
from ..models.visibility import Visibility
from ._base import NamedPath, Resource, at, default_model, route
from ._names import comment_body

__all__ = ["IssueCommentsResource"]

#: What ``visibility=`` takes: ``LimitedVisibility(permitted_groups=[UserGroup(name=...)])``
#: and friends, or the JSON itself.
VisibilityArg = Visibility | CommandVisibility | dict[str, Any] | None

T = TypeVar("T")


async def post_comment(
    on: Resource,
    path: str | NamedPath,
    text: str,
    visibility: object,
    model: type[T],
    notify: bool,
) -> T:
    """POST the comment ``text`` with its ``visibility`` to ``path`` (an issue's or an
    article's comment). ``model`` and ``notify`` are checked before a group in
    ``visibility`` is looked up."""
    on._check(model, notify)
    body = await comment_body(on._yt, text, visibility)
    return await on._call("POST", path, json=body, model=model, notify=notify)


CommentT = TypeVar("CommentT", default=IssueComment)


class IssueCommentsResource(Resource):
    """Comments of an issue (``/api/issues/{id}/comments``), oldest first."""

    __slots__ = ()

    @route("GET", "/issues/{id}/comments/{issueCommentId}")
    async def get(
        self, issue_id: str, comment_id: str, *, model: type[CommentT] = default_model(CommentT)
    ) -> CommentT:
        """One comment of an issue."""
        path = at("issues/{}/comments/{}", issue_id=issue_id, comment_id=comment_id)
        return await self._call("GET", path, model=model)

    @route("POST", "/issues/{id}/comments")
    async def add(
        self,
        issue_id: str,
        text: str,
        *,
        visibility: VisibilityArg = None,
        model: type[CommentT] = default_model(CommentT),
        notify: bool = True,
    ) -> CommentT:
        """Comment on an issue and return the new comment.

        ``visibility`` restricts who sees it, e.g.
        ``LimitedVisibility(permitted_groups=[UserGroup(name="Developers")])``: groups
        and users by object, name (login) or id, names looked up once per client.
        ``notify=False`` adds it without notifications.
        """
        path = at("issues/{}/comments", issue_id=issue_id)
        return await post_comment(self, path, text, visibility, model, notify)

    @route("POST", "/issues/{id}/comments/{issueCommentId}")
    async def update(
        self,
        issue_id: str,
        comment_id: str,
        text: str,
        *,
        visibility: VisibilityArg = None,
        model: type[CommentT] = default_model(CommentT),
        notify: bool = True,
    ) -> CommentT:
        """Replace a comment's text (and its visibility, when given); returns it."""
        path = at("issues/{}/comments/{}", issue_id=issue_id, comment_id=comment_id)
        return await post_comment(self, path, text, visibility, model, notify)

    @route("DELETE", "/issues/{id}/comments/{issueCommentId}")
    async def delete(self, issue_id: str, comment_id: str) -> None:
        """Delete a comment."""
        path = at("issues/{}/comments/{}", issue_id=issue_id, comment_id=comment_id)
        await self._call("DELETE", path)

    @route("GET", "/issues/{id}/comments")
    def list(
        self,
        issue_id: str,
        *,
        model: type[CommentT] = default_model(CommentT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[CommentT]:
        """The comments of an issue the token's user may see, oldest first."""
        path = at("issues/{}/comments", issue_id=issue_id)
        return self._pager(path, model, page_size=page_size, limit=limit)
