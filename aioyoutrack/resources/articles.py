"""``yt.articles``: the knowledge base, with comments, attachments, sub-articles and tags.

Articles are addressed by readable id (``"SP-A-1"``) or entity id. Sub-resources:
``yt.articles.comments`` (with ``.reactions``), ``.attachments``, ``.children`` (the
``childArticles`` of an article) and ``.tags``.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from typing_extensions import TypeVar

from .._constants import DEFAULT_CHUNK_SIZE, DEFAULT_PAGE_SIZE
from .._pagination import Pager
from ..errors import InvalidRequestError
from ..models.articles import Article, ArticleAttachment, ArticleComment
from ..models.commands import CommandVisibility
from ..models.tags import Tag
from ..models.visibility import Visibility
from ._base import Params, Resource, at, default_model, route
from ._common import Body, check_text, is_database_id, optional_body, renamed
from ._values import project_id
from .attachments import (
    Timeout,
    attachment_source,
    open_download,
    save_attachment,
)
from .comments import post_comment
from .reactions import ArticleCommentReactions

if TYPE_CHECKING:
    from .._client import YouTrack

__all__ = [
    "ArticleAttachments",
    "ArticleChildren",
    "ArticleCommentsResource",
    "ArticleTags",
    "ArticlesResource",
]

VisibilityArg = Visibility | CommandVisibility | dict[str, Any] | None

ArticleT = TypeVar("ArticleT", default=Article)
AttachmentT = TypeVar("AttachmentT", default=ArticleAttachment)
CommentT = TypeVar("CommentT", default=ArticleComment)
TagT = TypeVar("TagT", default=Tag)

_ATTACHMENTS = "articles/{}/attachments"
_ATTACHMENT = "articles/{}/attachments/{}"
_CHILDREN = "articles/{}/childArticles"
_CHILD = "articles/{}/childArticles/{}"
_TAGS = "articles/{}/tags"
_COMMENTS = "articles/{}/comments"
_COMMENT = "articles/{}/comments/{}"


def _article_ref(value: str, name: str) -> dict[str, str]:
    text = check_text(name, value)
    return {"id": text} if is_database_id(text) else {"idReadable": text}


def _texts(data: dict[str, Any], summary: str | None, content: str | None) -> dict[str, Any]:
    """``data`` with the article's ``summary`` and ``content`` when given."""
    if summary is not None:
        data["summary"] = check_text("summary", summary)
    if content is not None:
        data["content"] = check_text("content", content, allow_empty=True)
    return data


class ArticleAttachments(Resource):
    """Files attached to an article (``/api/articles/{id}/attachments``).

    ``create(article_id, body=...)`` takes an ``ArticleAttachment`` JSON (the spec's
    form: ``{"name": ..., "base64Content": "data:<type>;base64,<data>"}``).
    """

    __slots__ = ()

    @route("GET", "/articles/{id}/attachments")
    def list(
        self,
        article_id: str,
        *,
        model: type[AttachmentT] = default_model(AttachmentT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
        params: Params | None = None,
    ) -> Pager[AttachmentT]:
        """The article's attachments."""
        path = at(_ATTACHMENTS, article_id=article_id)
        return self._pager(path, model, params=params, page_size=page_size, limit=limit)

    @route("GET", "/articles/{id}/attachments/{articleAttachmentId}")
    async def get(
        self,
        article_id: str,
        attachment_id: str,
        *,
        model: type[AttachmentT] = default_model(AttachmentT),
        params: Params | None = None,
    ) -> AttachmentT:
        """One attachment of the article."""
        path = at(_ATTACHMENT, article_id=article_id, attachment_id=attachment_id)
        return await self._call("GET", path, params=params, model=model)

    @route("POST", "/articles/{id}/attachments")
    async def create(
        self,
        article_id: str,
        *,
        body: Body,
        model: type[AttachmentT] = default_model(AttachmentT),
        params: Params | None = None,
        notify: bool = True,
    ) -> AttachmentT:
        """Attach the file described by ``body`` (an ``ArticleAttachment`` or its JSON)
        and return it. Never retried once sent."""
        path = at(_ATTACHMENTS, article_id=article_id)
        return await self._call("POST", path, body=body, params=params, model=model, notify=notify)

    @route("POST", "/articles/{id}/attachments/{articleAttachmentId}")
    async def update(
        self,
        article_id: str,
        attachment_id: str,
        *,
        name: str | None = None,
        body: Body = None,
        model: type[AttachmentT] = default_model(AttachmentT),
        params: Params | None = None,
        notify: bool = True,
    ) -> AttachmentT:
        """Rename an attachment (``name``) or change other attributes (``body``: a model
        instance or JSON mapping)."""
        path = at(_ATTACHMENT, article_id=article_id, attachment_id=attachment_id)
        data = renamed(name, body)
        mute = "POST /articles/{id}/attachments/{articleAttachmentId}"
        return await self._call(
            "POST", path, json=data, params=params, model=model, notify=notify, cannot_mute=mute
        )

    @route("DELETE", "/articles/{id}/attachments/{articleAttachmentId}")
    async def delete(
        self, article_id: str, attachment_id: str, *, params: Params | None = None
    ) -> None:
        """Delete an attachment."""
        path = at(_ATTACHMENT, article_id=article_id, attachment_id=attachment_id)
        await self._call("DELETE", path, params=params)

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
        return open_download(
            self._yt,
            attachment,
            owner=article_id,
            owner_arg="article_id",
            item=_ATTACHMENT,
            chunk_size=chunk_size,
            timeout=timeout,
        )

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
        source = attachment_source(
            attachment, owner=article_id, owner_arg="article_id", item=_ATTACHMENT
        )
        return await save_attachment(self._yt, source, path, timeout)


class ArticleChildren(Resource):
    """Sub-articles of an article (``/api/articles/{id}/childArticles``)."""

    __slots__ = ()

    @route("GET", "/articles/{id}/childArticles")
    def list(
        self,
        article_id: str,
        *,
        model: type[ArticleT] = default_model(ArticleT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
        params: Params | None = None,
    ) -> Pager[ArticleT]:
        """The article's sub-articles."""
        path = at(_CHILDREN, article_id=article_id)
        return self._pager(path, model, params=params, page_size=page_size, limit=limit)

    @route("GET", "/articles/{id}/childArticles/{articleId}")
    async def get(
        self,
        article_id: str,
        child_id: str,
        *,
        model: type[ArticleT] = default_model(ArticleT),
        params: Params | None = None,
    ) -> ArticleT:
        """One sub-article of the article."""
        path = at(_CHILD, article_id=article_id, child_id=child_id)
        return await self._call("GET", path, params=params, model=model)

    @route("POST", "/articles/{id}/childArticles")
    async def create(
        self,
        article_id: str,
        *,
        body: Body,
        model: type[ArticleT] = default_model(ArticleT),
        params: Params | None = None,
        notify: bool = True,
    ) -> ArticleT:
        """Make a sub-article: a new one from ``body`` (an :class:`Article` or its
        JSON), or an existing one moved here (``body={"id": ...}``). Never retried."""
        path = at(_CHILDREN, article_id=article_id)
        return await self._call("POST", path, body=body, params=params, model=model, notify=notify)

    @route("POST", "/articles/{id}/childArticles/{articleId}")
    async def update(
        self,
        article_id: str,
        child_id: str,
        *,
        body: Body,
        model: type[ArticleT] = default_model(ArticleT),
        params: Params | None = None,
        notify: bool = True,
    ) -> ArticleT:
        """Send the attributes in ``body`` to a sub-article (others stay as they are)."""
        path = at(_CHILD, article_id=article_id, child_id=child_id)
        return await self._call("POST", path, body=body, params=params, model=model, notify=notify)

    @route("DELETE", "/articles/{id}/childArticles/{articleId}")
    async def delete(self, article_id: str, child_id: str, *, params: Params | None = None) -> None:
        """Delete a sub-article."""
        path = at(_CHILD, article_id=article_id, child_id=child_id)
        await self._call("DELETE", path, params=params)


class ArticleTags(Resource):
    """Tags of an article (``/api/articles/{id}/tags``): ``add(article_id, tag_id)``,
    ``remove(article_id, tag_id)``."""

    __slots__ = ()

    @route("GET", "/articles/{id}/tags")
    def list(
        self,
        article_id: str,
        *,
        model: type[TagT] = default_model(TagT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
        params: Params | None = None,
    ) -> Pager[TagT]:
        """The article's tags."""
        path = at(_TAGS, article_id=article_id)
        return self._pager(path, model, params=params, page_size=page_size, limit=limit)

    @route("GET", "/articles/{id}/tags/{tagId}")
    async def get(
        self,
        article_id: str,
        tag_id: str,
        *,
        model: type[TagT] = default_model(TagT),
        params: Params | None = None,
    ) -> TagT:
        """One tag of the article."""
        path = at(_TAGS + "/{}", article_id=article_id, tag_id=tag_id)
        return await self._call("GET", path, params=params, model=model)

    @route("POST", "/articles/{id}/tags")
    async def add(
        self,
        article_id: str,
        tag_id: str,
        *,
        model: type[TagT] = default_model(TagT),
        params: Params | None = None,
    ) -> TagT:
        """Tag the article with the tag ``tag_id``; returns the tag."""
        path = at(_TAGS, article_id=article_id)
        body = {"id": check_text("tag_id", tag_id)}
        return await self._call("POST", path, json=body, params=params, model=model)

    @route("DELETE", "/articles/{id}/tags/{tagId}")
    async def remove(self, article_id: str, tag_id: str, *, params: Params | None = None) -> None:
        """Take the tag off the article (the tag itself stays)."""
        path = at(_TAGS + "/{}", article_id=article_id, tag_id=tag_id)
        await self._call("DELETE", path, params=params)


class ArticleCommentsResource(Resource):
    """Comments of an article (``/api/articles/{id}/comments``); ``.reactions`` on them."""

    __slots__ = ("reactions",)

    def __init__(self, client: YouTrack) -> None:
        super().__init__(client)
        #: Reactions on article comments.
        self.reactions = ArticleCommentReactions(client)

    @route("GET", "/articles/{id}/comments")
    def list(
        self,
        article_id: str,
        *,
        model: type[CommentT] = default_model(CommentT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[CommentT]:
        """The article's comments, oldest first."""
        path = at(_COMMENTS, article_id=article_id)
        return self._pager(path, model, page_size=page_size, limit=limit)

    @route("GET", "/articles/{id}/comments/{articleCommentId}")
    async def get(
        self, article_id: str, comment_id: str, *, model: type[CommentT] = default_model(CommentT)
    ) -> CommentT:
        """One comment of the article."""
        path = at(_COMMENT, article_id=article_id, comment_id=comment_id)
        return await self._call("GET", path, model=model)

    @route("POST", "/articles/{id}/comments")
    async def add(
        self,
        article_id: str,
        text: str,
        *,
        visibility: VisibilityArg = None,
        model: type[CommentT] = default_model(CommentT),
        notify: bool = True,
    ) -> CommentT:
        """Comment on an article and return the new comment (``visibility`` restricts
        who sees it: a ``LimitedVisibility`` or the JSON)."""
        path = at(_COMMENTS, article_id=article_id)
        return await post_comment(self, path, text, visibility, model, notify)

    @route("POST", "/articles/{id}/comments/{articleCommentId}")
    async def update(
        self,
        article_id: str,
        comment_id: str,
        text: str,
        *,
        visibility: VisibilityArg = None,
        model: type[CommentT] = default_model(CommentT),
        notify: bool = True,
    ) -> CommentT:
        """Replace a comment's text (and visibility, when given)."""
        path = at(_COMMENT, article_id=article_id, comment_id=comment_id)
        return await post_comment(self, path, text, visibility, model, notify)

    @route("DELETE", "/articles/{id}/comments/{articleCommentId}")
    async def delete(self, article_id: str, comment_id: str) -> None:
        """Delete a comment."""
        await self._call("DELETE", at(_COMMENT, article_id=article_id, comment_id=comment_id))


class ArticlesResource(Resource):
    """Knowledge-base articles (``/api/articles``): :meth:`list`, :meth:`get`,
    :meth:`create`, :meth:`update`, :meth:`delete`, :meth:`parent`; and
    ``.comments``, ``.attachments``, ``.children``, ``.tags``."""

    __slots__ = ("attachments", "children", "comments", "tags")

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

    @route("GET", "/articles")
    @route("GET", "/admin/projects/{id}/articles")
    def list(
        self,
        project: str | None = None,
        *,
        model: type[ArticleT] = default_model(ArticleT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[ArticleT]:
        """Every article visible to the token's user, or those of one ``project`` (id
        or short name)."""
        if project is None:
            path = at("articles")
        else:
            path = at("admin/projects/{}/articles", project=project)
        return self._pager(path, model, page_size=page_size, limit=limit)

    @route("GET", "/articles/{id}")
    async def get(
        self,
        article_id: str,
        *,
        model: type[ArticleT] = default_model(ArticleT),
        params: Params | None = None,
    ) -> ArticleT:
        """One article by readable id (``"SP-A-1"``) or entity id. Raises
        ``NotFoundError`` if absent."""
        path = at("articles/{}", article_id=article_id)
        return await self._call("GET", path, params=params, model=model)

    @route("GET", "/articles/{id}/parentArticle")
    async def parent(
        self, article_id: str, *, model: type[ArticleT] = default_model(ArticleT)
    ) -> ArticleT:
        """The parent of an article."""
        path = at("articles/{}/parentArticle", article_id=article_id)
        return await self._call("GET", path, model=model)

    @route("POST", "/articles")
    async def create(
        self,
        project: str,
        summary: str,
        *,
        content: str | None = None,
        parent: str | None = None,
        body: Any = None,
        model: type[ArticleT] = default_model(ArticleT),
        params: Params | None = None,
        notify: bool = True,
    ) -> ArticleT:
        """Create an article in ``project`` (entity id ``"0-0"``, or a short name, which
        is looked up first) and return it. ``parent`` (article id) nests it; ``body``
        adds attributes; ``params`` e.g. ``{"draftId": ...}``."""
        # Everything refused before the project is looked up: a bad call sends nothing.
        check_text("summary", summary)  # required: None must not be sent as "no summary"
        data = _texts(optional_body(body), summary, content)
        if parent is not None:
            data["parentArticle"] = _article_ref(parent, "parent")
        self._check(model, notify, params=params, json=data)
        data["project"] = {"id": await project_id(self._yt, project)}
        path = at("articles")
        return await self._call("POST", path, json=data, params=params, model=model, notify=notify)

    @route("POST", "/articles/{id}")
    async def update(
        self,
        article_id: str,
        *,
        summary: str | None = None,
        content: str | None = None,
        body: Any = None,
        model: type[ArticleT] = default_model(ArticleT),
        notify: bool = True,
    ) -> ArticleT:
        """Change an article's summary, content or other attributes (``body``)."""
        data = _texts(optional_body(body), summary, content)
        if not data:
            raise InvalidRequestError("nothing to update: pass summary, content or body")
        path = at("articles/{}", article_id=article_id)
        return await self._call("POST", path, json=data, model=model, notify=notify)

    @route("DELETE", "/articles/{id}")
    async def delete(self, article_id: str, *, params: Params | None = None) -> None:
        """Delete an article."""
        await self._call("DELETE", at("articles/{}", article_id=article_id), params=params)
