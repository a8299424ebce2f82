"""``yt.issues.comments``: the comments of an issue."""

from __future__ import annotations

from typing import Any, overload

from .._constants import DEFAULT_PAGE_SIZE
from .._pagination import Pager
from ..models.commands import CommandVisibility
from ..models.comments import IssueComment
from ..models.visibility import Visibility
from ._base import Resource, api_path, route
from ._common import M, check_model, check_text, list_pager, notify_params
from ._names import visibility_json

__all__ = ["IssueCommentsResource"]

#: What ``visibility=`` takes: ``LimitedVisibility(permitted_groups=[UserGroup(name=...)])``
#: and friends, or the JSON itself.
VisibilityArg = Visibility | CommandVisibility | dict[str, Any] | None


class IssueCommentsResource(Resource):
    """Comments of an issue (``/api/issues/{id}/comments``), oldest first."""

    __slots__ = ()

    @overload
    async def get(self, issue_id: str, comment_id: str) -> IssueComment: ...
    @overload
    async def get(self, issue_id: str, comment_id: str, *, model: type[M]) -> M: ...

    @route("GET", "/issues/{id}/comments/{issueCommentId}")
    async def get(self, issue_id: str, comment_id: str, *, model: Any = IssueComment) -> Any:
        """One comment of an issue."""
        check_model(model)
        path = api_path(
            "issues/{}/comments/{}",
            check_text("issue_id", issue_id),
            check_text("comment_id", comment_id),
        )
        return await self._yt.request("GET", path, model=model)

    @overload
    async def add(
        self,
        issue_id: str,
        text: str,
        *,
        visibility: VisibilityArg = None,
        notify: bool = True,
    ) -> IssueComment: ...
    @overload
    async def add(
        self,
        issue_id: str,
        text: str,
        *,
        visibility: VisibilityArg = None,
        model: type[M],
        notify: bool = True,
    ) -> M: ...

    @route("POST", "/issues/{id}/comments")
    async def add(
        self,
        issue_id: str,
        text: str,
        *,
        visibility: VisibilityArg = None,
        model: Any = IssueComment,
        notify: bool = True,
    ) -> Any:
        """Comment on an issue and return the new comment.

        ``visibility`` restricts who sees it, e.g.
        ``LimitedVisibility(permitted_groups=[UserGroup(name="Developers")])``: groups
        and users by object, name (login) or id, names looked up once per client.
        ``notify=False`` adds it without notifications.
        """
        quiet = notify_params(notify)
        check_model(model)
        path = api_path("issues/{}/comments", check_text("issue_id", issue_id))
        body: dict[str, Any] = {"text": check_text("text", text)}
        shown = await visibility_json(self._yt, visibility)
        if shown is not None:
            body["visibility"] = shown
        return await self._yt.request("POST", path, params=quiet, json=body, model=model)

    @overload
    async def update(
        self,
        issue_id: str,
        comment_id: str,
        text: str,
        *,
        visibility: VisibilityArg = None,
        notify: bool = True,
    ) -> IssueComment: ...
    @overload
    async def update(
        self,
        issue_id: str,
        comment_id: str,
        text: str,
        *,
        visibility: VisibilityArg = None,
        model: type[M],
        notify: bool = True,
    ) -> M: ...

    @route("POST", "/issues/{id}/comments/{issueCommentId}")
    async def update(
        self,
        issue_id: str,
        comment_id: str,
        text: str,
        *,
        visibility: VisibilityArg = None,
        model: Any = IssueComment,
        notify: bool = True,
    ) -> Any:
        """Replace a comment's text (and its visibility, when given); returns it."""
        quiet = notify_params(notify)
        check_model(model)
        path = api_path(
            "issues/{}/comments/{}",
            check_text("issue_id", issue_id),
            check_text("comment_id", comment_id),
        )
        body: dict[str, Any] = {"text": check_text("text", text)}
        shown = await visibility_json(self._yt, visibility)
        if shown is not None:
            body["visibility"] = shown
        return await self._yt.request("POST", path, params=quiet, json=body, model=model)

    @route("DELETE", "/issues/{id}/comments/{issueCommentId}")
    async def delete(self, issue_id: str, comment_id: str) -> None:
        """Delete a comment."""
        path = api_path(
            "issues/{}/comments/{}",
            check_text("issue_id", issue_id),
            check_text("comment_id", comment_id),
        )
        await self._yt.request("DELETE", path)

    @overload
    def list(
        self, issue_id: str, *, page_size: int = DEFAULT_PAGE_SIZE, limit: int | None = None
    ) -> Pager[IssueComment]: ...
    @overload
    def list(
        self,
        issue_id: str,
        *,
        model: type[M],
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[M]: ...

    @route("GET", "/issues/{id}/comments")
    def list(
        self,
        issue_id: str,
        *,
        model: Any = IssueComment,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[Any]:
        """The comments of an issue the token's user may see, oldest first."""
        path = api_path("issues/{}/comments", check_text("issue_id", issue_id))
        return list_pager(self._yt, path, model, page_size=page_size, limit=limit)
