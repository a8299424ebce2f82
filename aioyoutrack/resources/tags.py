"""``yt.tags`` (tags themselves) and ``yt.issues.tags`` (the tags of an issue).

Methods that take a tag accept its entity id (``"6-1"``), its name, or a :class:`Tag`.
A name is looked up with ``GET /api/tags?query=<name>`` and must match a tag's name
exactly (case-insensitively when only one tag matches that way); a str shaped like an
entity id is taken as an id, so pass ``Tag(name="2024-1")`` for a tag named like one.
"""

from __future__ import annotations

import builtins
import functools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs
from typing_extensions import TypeVar

from .._constants import DEFAULT_PAGE_SIZE
from .._pagination import Pager
from .._values import shown
from ..errors import InvalidRequestError, NotFoundError
from ..models.issues import Issue
from ..models.tags import Tag
from ._base import Name, Resource, at, default_model, route
from ._common import (
    check_flag,
    check_text,
    custom_field_names,
    is_database_id,
    is_many,
    map_ordered,
)
from ._field_types import dates_step

if TYPE_CHECKING:
    from .._client import YouTrack

__all__ = ["IssueTagsResource", "TagArg", "TagsResource", "resolve_tag_ids"]

#: A tag as methods take it: entity id, name, or a Tag (with ``id`` or ``name``).
TagArg = str | Tag

TagT = TypeVar("TagT", default=Tag)
IssueT = TypeVar("IssueT", default=Issue)


class TagsResource(Resource):
    """Tags (``/api/tags``)."""

    __slots__ = ()

    @route("GET", "/tags/{id}")
    async def get(self, tag: TagArg, *, model: type[TagT] = default_model(TagT)) -> TagT:
        """A tag by id, name or :class:`Tag` (a name costs one lookup first)."""
        self._check(model)
        tag_id = await resolve_tag_id(self._yt, tag)
        return await self._call("GET", at("tags/{}", tag=tag_id), model=model)

    @route("GET", "/tags")
    async def find(self, name: str, *, model: type[TagT] = default_model(TagT)) -> TagT | None:
        """The tag called exactly ``name`` (see the module documentation), or None."""
        self._check(model)
        check_text("name", name)
        if "name" not in attrs.fields_dict(model):  # type: ignore[arg-type]
            raise InvalidRequestError(f"model {model.__name__} needs a name attribute")
        candidates = await self.list(name, model=model)
        exact = [t for t in candidates if getattr(t, "name", None) == name]
        if exact:
            return exact[0]
        folded = [t for t in candidates if _folded(getattr(t, "name", None)) == name.casefold()]
        return folded[0] if len(folded) == 1 else None

    @route("POST", "/tags")
    async def create(
        self,
        name: str,
        *,
        untag_on_resolve: bool | None = None,
        model: type[TagT] = default_model(TagT),
    ) -> TagT:
        """Create a tag owned by the token's user; ``untag_on_resolve`` removes it from
        issues when they are resolved."""
        self._check(model)
        body: dict[str, Any] = {"name": check_text("name", name)}
        if untag_on_resolve is not None:
            body["untagOnResolve"] = check_flag("untag_on_resolve", untag_on_resolve)
        return await self._call("POST", "api/tags", json=body, model=model)

    @route("POST", "/tags/{id}")
    async def update(
        self,
        tag: TagArg,
        *,
        name: str | None = None,
        untag_on_resolve: bool | None = None,
        model: type[TagT] = default_model(TagT),
    ) -> TagT:
        """Rename a tag and/or change ``untag_on_resolve``; returns the tag."""
        self._check(model)
        body: dict[str, Any] = {}
        if name is not None:
            body["name"] = check_text("name", name)
        if untag_on_resolve is not None:
            body["untagOnResolve"] = check_flag("untag_on_resolve", untag_on_resolve)
        if not body:
            raise InvalidRequestError("nothing to update: give name or untag_on_resolve")
        tag_id = await resolve_tag_id(self._yt, tag)
        return await self._call("POST", at("tags/{}", tag=tag_id), json=body, model=model)

    @route("DELETE", "/tags/{id}")
    async def delete(self, tag: TagArg) -> None:
        """Delete a tag (it leaves every issue it was on)."""
        tag_id = await resolve_tag_id(self._yt, tag)
        await self._call("DELETE", at("tags/{}", tag=tag_id))

    @route("GET", "/tags")
    @route("GET", "/tags/{id}/issues")
    def issues(
        self,
        tag: TagArg,
        *,
        model: type[IssueT] = default_model(IssueT),
        custom_fields: str | Sequence[str] | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[IssueT]:
        """The issues carrying ``tag`` (id, name or :class:`Tag`) that the token's user
        can see, as a Pager (``async for`` or ``await`` for a list).

        A tag name is looked up when the first page is fetched. ``custom_fields``
        limits the custom fields returned to those names (``customFields=`` per name).
        """
        _check_tag_arg(tag)
        names = custom_field_names(custom_fields)
        params = {"customFields": names} if names else None
        path = at("tags/{}/issues", tag=Name(_tag_id, tag))
        dates = dates_step(self._yt, model)
        return self._pager(path, model, params=params, page_size=page_size, limit=limit, then=dates)

    @route("GET", "/tags")
    def list(
        self,
        query: str | None = None,
        *,
        model: type[TagT] = default_model(TagT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[TagT]:
        """Tags visible to the token's user; ``query`` filters them by name."""
        params = {} if query is None else {"query": check_text("query", query)}
        return self._pager("api/tags", model, params=params, page_size=page_size, limit=limit)


class IssueTagsResource(Resource):
    """The tags of an issue (``/api/issues/{id}/tags``)."""

    __slots__ = ()

    @route("GET", "/tags")
    @route("POST", "/issues/{id}/tags")
    async def add(
        self, issue_id: str, tag: TagArg, *, model: type[TagT] = default_model(TagT)
    ) -> TagT:
        """Tag an issue with an existing tag (id, name or :class:`Tag`); returns the tag."""
        self._check(model)
        path = at("issues/{}/tags", issue_id=issue_id)
        tag_id = await resolve_tag_id(self._yt, tag)
        return await self._call("POST", path, json={"id": tag_id}, model=model)

    @route("GET", "/tags")
    @route("GET", "/issues/{id}/tags/{tagId}")
    async def get(
        self, issue_id: str, tag: TagArg, *, model: type[TagT] = default_model(TagT)
    ) -> TagT:
        """One tag of an issue (id, name or :class:`Tag`): whether the issue has it.

        Raises :class:`~aioyoutrack.errors.NotFoundError` when the issue does not carry
        the tag (or no tag has that name).
        """
        self._check(model)
        check_text("issue_id", issue_id)
        tag_id = await resolve_tag_id(self._yt, tag)
        path = at("issues/{}/tags/{}", issue_id=issue_id, tag=tag_id)
        return await self._call("GET", path, model=model)

    @route("GET", "/tags")
    @route("DELETE", "/issues/{id}/tags/{tagId}")
    async def remove(self, issue_id: str, tag: TagArg) -> None:
        """Remove a tag from an issue (404 when the issue does not have it)."""
        check_text("issue_id", issue_id)
        tag_id = await resolve_tag_id(self._yt, tag)
        await self._call("DELETE", at("issues/{}/tags/{}", issue_id=issue_id, tag=tag_id))

    @route("GET", "/issues/{id}/tags")
    def list(
        self,
        issue_id: str,
        *,
        model: type[TagT] = default_model(TagT),
        page_size: int = DEFAULT_PAGE_SIZE,
        limit: int | None = None,
    ) -> Pager[TagT]:
        """The tags on an issue."""
        path = at("issues/{}/tags", issue_id=issue_id)
        return self._pager(path, model, page_size=page_size, limit=limit)


def _folded(name: object) -> str | None:
    return name.casefold() if isinstance(name, str) else None


def check_tag_args(tags: object) -> builtins.list[TagArg]:
    """The tags of a ``tags=`` argument as a list, each checked (nothing is looked up).

    One tag (a str or a :class:`Tag`) counts as a list of one; anything else must be an
    iterable of them.
    """
    if isinstance(tags, (str, Tag)):
        tags = [tags]
    elif not is_many(tags):
        raise InvalidRequestError(
            f"tags must be a list of tag names, ids or Tag objects, got {type(tags).__name__}"
        )
    result = builtins.list(tags)
    for tag in result:
        _check_tag_arg(tag)
    return result


def _check_tag_arg(tag: object) -> TagArg:
    if isinstance(tag, Tag):
        if not tag.id and not tag.name:
            raise InvalidRequestError("a Tag argument needs an id or a name")
        return tag
    if isinstance(tag, str):
        return check_text("tag", tag)
    raise InvalidRequestError(f"a tag is an id, a name or a Tag, got {type(tag).__name__}")


async def resolve_tag_id(client: YouTrack, tag: object) -> str:
    """The entity id of a tag given by id, name or :class:`Tag` (see the module doc)."""
    tag = _check_tag_arg(tag)
    if isinstance(tag, Tag):
        if tag.id:
            return tag.id
        name = tag.name or ""
    elif is_database_id(tag):
        return tag
    else:
        name = tag
    found = await client.tags.find(name)
    if found is None or not found.id:
        raise NotFoundError(
            f"no tag named {shown(name)} (looked up with GET /api/tags)", status=404
        )
    return found.id


async def _tag_id(client: YouTrack, tag: object, *, fresh: bool = False) -> str:
    """:func:`resolve_tag_id` as a :class:`Name` resolver (a name is always looked up
    afresh: tags are not remembered by name)."""
    return await resolve_tag_id(client, tag)


async def resolve_tag_ids(client: YouTrack, tags: Iterable[TagArg]) -> builtins.list[str]:
    """Entity ids of ``tags`` (names looked up concurrently), in order."""
    one = functools.partial(resolve_tag_id, client)
    return await map_ordered(one, check_tag_args(tags), limit=client.max_concurrency)
