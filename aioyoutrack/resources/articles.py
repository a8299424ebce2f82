"""``yt.articles``: the knowledge base, with comments, attachments, sub-articles and tags.

Articles are addressed by readable id (``"SP-A-1"``) or entity id. Sub-resources:
``yt.articles.comments`` (with ``.reactions``), ``.attachments``, ``.children`` (the
``childArticles`` of an article) and ``.tags``.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, overload

from .._constants import DEFAULT_CHUNK_SIZE, DEFAULT_PAGE_SIZE
from .._pagination import Pager
from ..errors import InvalidRequestError
from ..models.articles import Article, ArticleAttachment, ArticleComment
from ..models.commands import CommandVisibility
from ..models.tags import Tag
from ..models.visibility import Visibility
from ._base import Resource, api_path, route
from ._common import (
    M,
    check_model,
    check_text,
    is_database_id,
    list_pager,
    notify_params,
)
from ._generic import (
    AddOp,
    CreateOp,
    DeleteOp,
    GetOp,
    ListOp,
    Params,
    ReadOp,
    RemoveOp,
    UpdateOp,
    json_body,
)
from ._names import visibility_json
from ._values import project_id
from .attachments import (
    AttachmentSource,
    Timeout,
    attachment_source,
    download_attachment,
    save_attachment,
)
from .reactions import ArticleCommentReactions

if TYPE_CHECKING:
    from .._client import YouTrack

__all__ = [
    "ArticleAttachments",
    "ArticleChildren",
    "ArticleCommentsResource",
    "ArticleParent",
    "ArticleTags",
    "ArticlesResource",
]

VisibilityArg = Visibility | CommandVisibility | dict[str, Any] | None


def _article_ref(value: str, name: str) -> dict[str, str]:
    text = check_text(name, value)
    return {"id": text} if is_database_id(text) else {"idReadable": text}


class ArticleAttachments(
    ListOp[ArticleAttachment],
    GetOp[ArticleAttachment],
    CreateOp[ArticleAttachment],
    UpdateOp[ArticleAttachment],
    DeleteOp[ArticleAttachment],
):
    """Files attached to an article (``/api/articles/{id}/attachments``).

    ``create(article_id, body=...)`` takes an ``ArticleAttachment`` JSON (the spec's
    form: ``{"name": ..., "base64Content": "data:<type>;base64,<data>"}``).
    """

    __slots__ = ()
    path = "/articles/{id}/attachments"
    item = "articleAttachmentId"
    model = ArticleAttachment

    @route("GET", "/articles/{id}/attachments/{articleAttachmentId}")
    def download(
        self,
        attachment: ArticleAttachment | str,
        *,
        article_id: str | None = None,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        timeout: Timeout = None,
    ) -> AsyncIterator[bytes]:
        """The attachment's bytes, chunk by chunk (see
        ``yt.issues.attachments.download``: the same rules for ``attachment``, with
        ``article_id=`` to look one up by its id, and the same checks of the body)."""
        if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
            raise InvalidRequestError(f"chunk_size must be a positive int, got {chunk_size!r}")
        source = self._source(attachment, article_id)
        return download_attachment(self._yt, source, chunk_size, timeout)

    @route("GET", "/articles/{id}/attachments/{articleAttachmentId}")
    async def save(
        self,
        attachment: ArticleAttachment | str,
        path: str | os.PathLike[str],
        *,
        article_id: str | None = None,
        timeout: Timeout = None,
    ) -> int:
        """Download the attachment to ``path``; returns the number of bytes. As
        ``yt.issues.attachments.save``: ``path`` changes only once the whole attachment
        has arrived, and never to a body that is not the attachment."""
        return await save_attachment(self._yt, self._source(attachment, article_id), path, timeout)

    @staticmethod
    def _source(attachment: object, article_id: str | None) -> AttachmentSource:
        return attachment_source(
            attachment, owner=article_id, owner_arg="article_id", item="articles/{}/attachments/{}"
        )


class ArticleChildren(
    ListOp[Article], GetOp[Article], CreateOp[Article], UpdateOp[Article], DeleteOp[Article]
):
    """Sub-articles of an article (``/api/articles/{id}/childArticles``)."""

    __slots__ = ()
    path = "/articles/{id}/childArticles"
    item = "articleId"
    model = Article


class ArticleTags(ListOp[Tag], GetOp[Tag], AddOp[Tag], RemoveOp[Tag]):
    """Tags of an article (``/api/articles/{id}/tags``): ``add(article_id, tag_id)``,
    ``remove(article_id, tag_id)``."""

    __slots__ = ()
    path = "/articles/{id}/tags"
    item = "tagId"
    model = Tag


class ArticleParent(ReadOp[Article]):
    """The parent of an article (``/api/articles/{id}/parentArticle``)."""

    __slots__ = ()
    path = "/articles/{id}/parentArticle"
    model = Article


class ArticleCommentsResource(Resource):
    """Comments of an article (``/api/articles/{id}/comments``); ``.reactions`` on them."""

    __slots__ = ("reactions",)

    def __init__(self, client: YouTrack) -> None:
        super().__init__(client)
        #: Reactions on article comments.
        self.reactions = ArticleCommentReactions(client)

    @overload
    def list(
        self, article_id: str, *, page_size: int = DEFAULT_PAGE_SIZE, limit: int | None = None
    ) -> Pager[ArticleComment]: ...
    @overload
    def list(
        self,
        article_id: str,
        *,
        model: type[M],
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[M]: ...

    @route("GET", "/articles/{id}/comments")
    def list(
        self,
        article_id: str,
        *,
        model: Any = ArticleComment,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[Any]:
        """The article's comments, oldest first."""
        path = api_path("articles/{}/comments", check_text("article_id", article_id))
        return list_pager(self._yt, path, model, page_size=page_size, limit=limit)

    @overload
    async def get(self, article_id: str, comment_id: str) -> ArticleComment: ...
    @overload
    async def get(self, article_id: str, comment_id: str, *, model: type[M]) -> M: ...

    @route("GET", "/articles/{id}/comments/{articleCommentId}")
    async def get(self, article_id: str, comment_id: str, *, model: Any = ArticleComment) -> Any:
        """One comment of the article."""
        check_model(model)
        return await self._yt.request("GET", self._item(article_id, comment_id), model=model)

    @overload
    async def add(
        self,
        article_id: str,
        text: str,
        *,
        visibility: VisibilityArg = None,
        notify: bool = True,
    ) -> ArticleComment: ...
    @overload
    async def add(
        self,
        article_id: str,
        text: str,
        *,
        visibility: VisibilityArg = None,
        model: type[M],
        notify: bool = True,
    ) -> M: ...

    @route("POST", "/articles/{id}/comments")
    async def add(
        self,
        article_id: str,
        text: str,
        *,
        visibility: VisibilityArg = None,
        model: Any = ArticleComment,
        notify: bool = True,
    ) -> Any:
        """Comment on an article and return the new comment (``visibility`` restricts
        who sees it: a ``LimitedVisibility`` or the JSON)."""
        check_model(model)
        quiet = notify_params(notify)
        body: dict[str, Any] = {"text": check_text("text", text)}
        shown = await visibility_json(self._yt, visibility)
        if shown is not None:
            body["visibility"] = shown
        path = api_path("articles/{}/comments", check_text("article_id", article_id))
        return await self._yt.request("POST", path, params=quiet, json=body, model=model)

    @overload
    async def update(
        self,
        article_id: str,
        comment_id: str,
        text: str,
        *,
        visibility: VisibilityArg = None,
        notify: bool = True,
    ) -> ArticleComment: ...
    @overload
    async def update(
        self,
        article_id: str,
        comment_id: str,
        text: str,
        *,
        visibility: VisibilityArg = None,
        model: type[M],
        notify: bool = True,
    ) -> M: ...

    @route("POST", "/articles/{id}/comments/{articleCommentId}")
    async def update(
        self,
        article_id: str,
        comment_id: str,
        text: str,
        *,
        visibility: VisibilityArg = None,
        model: Any = ArticleComment,
        notify: bool = True,
    ) -> Any:
        """Replace a comment's text (and visibility, when given)."""
        check_model(model)
        quiet = notify_params(notify)
        body: dict[str, Any] = {"text": check_text("text", text)}
        shown = await visibility_json(self._yt, visibility)
        if shown is not None:
            body["visibility"] = shown
        path = self._item(article_id, comment_id)
        return await self._yt.request("POST", path, params=quiet, json=body, model=model)

    @route("DELETE", "/articles/{id}/comments/{articleCommentId}")
    async def delete(self, article_id: str, comment_id: str) -> None:
        """Delete a comment."""
        await self._yt.request("DELETE", self._item(article_id, comment_id))

    @staticmethod
    def _item(article_id: str, comment_id: str) -> str:
        return api_path(
            "articles/{}/comments/{}",
            check_text("article_id", article_id),
            check_text("comment_id", comment_id),
        )


class ArticlesResource(GetOp[Article], DeleteOp[Article]):
    """Knowledge-base articles (``/api/articles``): :meth:`list`, ``get(article_id)``,
    :meth:`create`, :meth:`update`, ``delete(article_id)``, :meth:`parent`; and
    ``.comments``, ``.attachments``, ``.children``, ``.tags``."""

    __slots__ = ("_parent", "attachments", "children", "comments", "tags")
    path = "/articles"
    item = "id"
    model = Article

    def __init__(self, client: YouTrack) -> None:
        super().__init__(client)
        #: Comments (and their reactions).
        self.comments = ArticleCommentsResource(client)
        #: Attached files.
        self.attachments = ArticleAttachments(client)
        #: Sub-articles.
        self.children = ArticleChildren(client)
        #: Tags.
        self.tags = ArticleTags(client)
        self._parent = ArticleParent(client)

    @overload
    def list(
        self,
        project: str | None = None,
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[Article]: ...
    @overload
    def list(
        self,
        project: str | None = None,
        *,
        model: type[M],
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[M]: ...

    @route("GET", "/articles")
    @route("GET", "/admin/projects/{id}/articles")
    def list(
        self,
        project: str | None = None,
        *,
        model: Any = Article,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[Any]:
        """Every article visible to the token's user, or those of one ``project`` (id
        or short name)."""
        if project is None:
            path = "api/articles"
        else:
            path = api_path("admin/projects/{}/articles", check_text("project", project))
        return list_pager(self._yt, path, model, page_size=page_size, limit=limit)

    @overload
    async def parent(self, article_id: str) -> Article: ...
    @overload
    async def parent(self, article_id: str, *, model: type[M]) -> M: ...

    @route("GET", "/articles/{id}/parentArticle")
    async def parent(self, article_id: str, *, model: Any = Article) -> Any:
        """The parent of an article."""
        return await self._parent.get(article_id, model=model)

    @overload
    async def create(
        self,
        project: str,
        summary: str,
        *,
        content: str | None = None,
        parent: str | None = None,
        body: Any = None,
        params: Params | None = None,
        notify: bool = True,
    ) -> Article: ...
    @overload
    async def create(
        self,
        project: str,
        summary: str,
        *,
        content: str | None = None,
        parent: str | None = None,
        body: Any = None,
        model: type[M],
        params: Params | None = None,
        notify: bool = True,
    ) -> M: ...

    @route("POST", "/articles")
    async def create(
        self,
        project: str,
        summary: str,
        *,
        content: str | None = None,
        parent: str | None = None,
        body: Any = None,
        model: Any = Article,
        params: Params | None = None,
        notify: bool = True,
    ) -> Any:
        """Create an article in ``project`` (entity id ``"0-0"``, or a short name, which
        is looked up first) and return it. ``parent`` (article id) nests it; ``body``
        adds attributes; ``params`` e.g. ``{"draftId": ...}``."""
        check_model(model)
        quiet = notify_params(notify)
        data: dict[str, Any] = {} if body is None else json_body(body)
        data["project"] = {"id": await project_id(self._yt, project)}
        data["summary"] = check_text("summary", summary)
        if content is not None:
            data["content"] = check_text("content", content, allow_empty=True)
        if parent is not None:
            data["parentArticle"] = _article_ref(parent, "parent")
        params = {**(params or {}), **quiet}
        return await self._yt.request("POST", "api/articles", params=params, json=data, model=model)

    @overload
    async def update(
        self,
        article_id: str,
        *,
        summary: str | None = None,
        content: str | None = None,
        body: Any = None,
        notify: bool = True,
    ) -> Article: ...
    @overload
    async def update(
        self,
        article_id: str,
        *,
        summary: str | None = None,
        content: str | None = None,
        body: Any = None,
        model: type[M],
        notify: bool = True,
    ) -> M: ...

    @route("POST", "/articles/{id}")
    async def update(
        self,
        article_id: str,
        *,
        summary: str | None = None,
        content: str | None = None,
        body: Any = None,
        model: Any = Article,
        notify: bool = True,
    ) -> Any:
        """Change an article's summary, content or other attributes (``body``)."""
        check_model(model)
        quiet = notify_params(notify)
        data: dict[str, Any] = {} if body is None else json_body(body)
        if summary is not None:
            data["summary"] = check_text("summary", summary)
        if content is not None:
            data["content"] = check_text("content", content, allow_empty=True)
        if not data:
            raise InvalidRequestError("nothing to update: pass summary, content or body")
        path = api_path("articles/{}", check_text("article_id", article_id))
        return await self._yt.request("POST", path, params=quiet, json=data, model=model)
