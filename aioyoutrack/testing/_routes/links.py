"""Issue links (``/api/issues/{id}/links``) and link types (``/api/issueLinkTypes``)."""

from __future__ import annotations

from typing import Any

from .._http.errors import bad_request, not_found
from .._http.registry import EMPTY, Ctx, route, serve_list, serve_one
from .._state.issues import BOTH, INWARD, OUTWARD, Issue, IssueLink, LinkType, link_id
from .._state.operations.links import link_issues, unlink_issues
from .._state.schema import add_link_type
from .._wire.refs import assign, given, req_bool, req_str


def _slots(ctx: Ctx, issue: Issue) -> list[IssueLink]:
    """One entry per link type and direction, even when it holds no issues."""
    out: list[IssueLink] = []
    for link_type in ctx.store.link_types.values():
        directions = (OUTWARD, INWARD) if link_type.directed else (BOTH,)
        out.extend(IssueLink(issue, link_type, d) for d in directions)
    return out


def _slot(ctx: Ctx, issue: Issue) -> IssueLink:
    """The slot of the path's ``linkId``: ``<type id>s``, ``<type id>t``, or the type id
    when the type is undirected."""
    key = ctx.arg("linkId")
    for slot in _slots(ctx, issue):
        if link_id(slot.link_type, slot.direction) == key:
            return slot
    raise not_found(key)


serve_list("issues/{id}/links", lambda ctx: _slots(ctx, ctx.issue()))


serve_one("issues/{id}/links/{linkId}", lambda ctx: _slot(ctx, ctx.issue()))


@route("GET", "issues/{id}/links/{linkId}/issues")
async def link_slot_issues(ctx: Ctx) -> Any:
    """The issues in one link slot."""
    issue = ctx.issue()
    slot = _slot(ctx, issue)
    store = ctx.store
    linked = issue.links.get((slot.link_type.id, slot.direction), [])
    return ctx.render_page([i for i in linked if store.can_read(ctx.user, i.project)])


@route("POST", "issues/{id}/links/{linkId}/issues")
async def add_link(ctx: Ctx) -> Any:
    """Link an issue given as ``{"id"}`` or ``{"idReadable"}`` into the slot."""
    store = ctx.store
    issue = ctx.issue(to_update=True)
    slot = _slot(ctx, issue)
    other = store.issue_ref(await ctx.body_object(), ctx.user)
    if other is issue:
        raise bad_request("An issue cannot be linked to itself")
    link_issues(store, ctx.user, issue, slot.link_type, slot.direction, other)
    return ctx.render(other)


@route("DELETE", "issues/{id}/links/{linkId}/issues/{issueId}")
async def remove_link(ctx: Ctx) -> Any:
    """Remove one linked issue from the slot."""
    store = ctx.store
    issue = ctx.issue(to_update=True)
    slot = _slot(ctx, issue)
    other = store.find_issue(ctx.arg("issueId"), ctx.user)
    if not unlink_issues(store, ctx.user, issue, slot.link_type, slot.direction, other):
        raise not_found(ctx.arg("issueId"))
    return EMPTY


serve_list("issueLinkTypes", lambda ctx: list(ctx.store.link_types.values()))


@route("POST", "issueLinkTypes")
async def create_link_type(ctx: Ctx) -> Any:
    """Create a link type ``{name, sourceToTarget, targetToSource?, directed?}`` (admin)."""
    ctx.store.require_admin(ctx.user)
    body = await ctx.body_object()
    link_type = add_link_type(
        ctx.store,
        req_str(body, "name"),
        req_str(body, "sourceToTarget"),
        body.get("targetToSource") or "",
        **given(body, directed=req_bool, aggregation=req_bool),
    )
    return ctx.render(link_type)


def _link_type(ctx: Ctx) -> LinkType:
    return ctx.store.find_link_type(ctx.arg("id"))


serve_one("issueLinkTypes/{id}", _link_type)


@route("POST", "issueLinkTypes/{id}")
async def update_link_type(ctx: Ctx) -> Any:
    """Rename a link type or change its phrases (admin)."""
    ctx.store.require_admin(ctx.user)
    link_type = _writable(_link_type(ctx))
    body = await ctx.body_object()
    # Read, and refused when of the wrong type, though a type's kind stays as it is.
    given(body, directed=req_bool, aggregation=req_bool)
    changes = given(body, name=req_str, source_to_target=req_str)
    if link_type.directed and "targetToSource" in body:
        changes["target_to_source"] = req_str(body, "targetToSource")
    assign(link_type, changes)
    return ctx.changed(link_type)


def _writable(link_type: LinkType) -> LinkType:
    """``link_type``, unless it is read-only (Duplicate and Subtask, ``readOnly: true``
    in the moneymeets-youtrack-sdk recording): a 400 then, the fake's choice of status,
    as no source shows what a real server answers."""
    if link_type.read_only:
        raise bad_request(f"Link type {link_type.name} is read-only")
    return link_type


@route("DELETE", "issueLinkTypes/{id}")
async def delete_link_type(ctx: Ctx) -> Any:
    """Delete a link type and its links (admin)."""
    store = ctx.store
    store.require_admin(ctx.user)
    link_type = _writable(_link_type(ctx))
    for issue in store.issues.values():
        for key in [k for k in issue.links if k[0] == link_type.id]:
            del issue.links[key]
    del store.link_types[link_type.id]
    return ctx.changed()
