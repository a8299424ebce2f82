"""Tags: ``/api/tags`` and ``/api/issues/{id}/tags``."""

from __future__ import annotations

from typing import Any

from .._http.errors import bad_request, not_found
from .._http.registry import EMPTY, Ctx, route, serve_list
from .._state.builders import add_tag
from .._state.custom_fields import FieldStyle, field_style
from .._state.issues import Tag
from .._state.operations.tags import tag_issue, untag_issue
from .._wire.refs import assign, given, ref_entity, ref_key, req_bool, req_str, sharing


def _tag(ctx: Ctx, key: str) -> Tag:
    return ctx.store.find_tag(key)


def _may_change(ctx: Ctx, tag: Tag) -> None:
    ctx.require_own(tag.owner, message=f"You have no permission to update tag {tag.name}")


@route("GET", "tags")
@route("GET", "issueTags")
async def list_tags(ctx: Ctx) -> Any:
    """Every tag; ``query`` filters by name (case-insensitive substring).

    Also at ``issueTags``, the older path the 2025.3 spec still lists, which
    youtrack-sdk's ``get_tags`` (moneymeets) reads.
    """
    tags = list(ctx.store.tags.values())
    query = (ctx.param("query") or "").strip().lower()
    if query:
        tags = [t for t in tags if query in t.name.lower()]
    return ctx.render_page(tags)


def _color(body: dict[str, Any], key: str) -> FieldStyle:
    """The colour a body names by id (spec: ``Tag.color`` is writable); 404 for an id
    that is none of the fake's colours."""
    ident = ref_key(body.get(key), ("id",), key)
    style = field_style(ident)
    if style is None:
        raise not_found(ident)
    return style


@route("POST", "tags")
async def create_tag(ctx: Ctx) -> Any:
    """Create a tag ``{"name", "untagOnResolve"?, "color"?}`` owned by the caller."""
    body = await ctx.body_object()
    name = req_str(body, "name")
    # Every attribute read before anything is created.
    changes = given(body, color=_color, untag_on_resolve=req_bool)
    changes |= sharing(ctx.store, body, Tag(id="", name=name, owner=ctx.user))
    try:
        tag = add_tag(ctx.store, name, ctx.user)
    except ValueError as error:
        raise bad_request(str(error)) from None
    assign(tag, changes)
    return ctx.render(tag)


@route("GET", "tags/{id}")
@route("GET", "issueTags/{id}")
async def get_tag(ctx: Ctx) -> Any:
    """One tag by id (also at ``issueTags/{id}``, the older path of sample 034, which the
    2025.3 spec still lists)."""
    return ctx.render(_tag(ctx, ctx.arg("id")))


@route("POST", "tags/{id}")
async def update_tag(ctx: Ctx) -> Any:
    """Rename a tag, recolour it or change ``untagOnResolve`` (its owner or an admin)."""
    tag = _tag(ctx, ctx.arg("id"))
    _may_change(ctx, tag)
    body = await ctx.body_object()
    changes = sharing(ctx.store, body, tag)
    changes |= given(body, name=req_str, color=_color, untag_on_resolve=req_bool)
    assign(tag, changes)
    return ctx.changed(tag)


@route("DELETE", "tags/{id}")
async def delete_tag(ctx: Ctx) -> Any:
    """Delete a tag (its owner or an admin); it leaves every issue."""
    tag = _tag(ctx, ctx.arg("id"))
    _may_change(ctx, tag)
    for issue in list(tag.issues):
        issue.tags.pop(tag, None)
    del ctx.store.tags[tag.id]
    return ctx.changed()


@route("GET", "tags/{id}/issues", custom_fields=True)
async def tag_issues(ctx: Ctx) -> Any:
    """The issues with this tag that the caller can see."""
    tag = _tag(ctx, ctx.arg("id"))
    store = ctx.store
    return ctx.render_page([i for i in tag.issues if store.can_read(ctx.user, i.project)])


serve_list("issues/{id}/tags", lambda ctx: list(ctx.issue().tags))


@route("POST", "issues/{id}/tags")
async def add_issue_tag(ctx: Ctx) -> Any:
    """Tag the issue with an existing tag ``{"id"}`` (or ``{"name"}``)."""
    issue = ctx.issue(to_update=True)
    body = await ctx.body_object()
    tag = ref_entity(ctx.store, body, ("id", "name"), "A tag", ctx.store.find_tag)
    tag_issue(ctx.store, ctx.user, issue, tag)
    return ctx.render(tag)


@route("GET", "issues/{id}/tags/{tagId}")
async def issue_tag(ctx: Ctx) -> Any:
    """One tag of the issue."""
    issue = ctx.issue()
    tag = _tag(ctx, ctx.arg("tagId"))
    if tag not in issue.tags:
        raise not_found(ctx.arg("tagId"))
    return ctx.render(tag)


@route("DELETE", "issues/{id}/tags/{tagId}")
async def remove_issue_tag(ctx: Ctx) -> Any:
    """Untag the issue."""
    issue = ctx.issue(to_update=True)
    tag = _tag(ctx, ctx.arg("tagId"))
    if tag not in issue.tags:
        raise not_found(ctx.arg("tagId"))
    untag_issue(ctx.store, ctx.user, issue, tag)
    return EMPTY
