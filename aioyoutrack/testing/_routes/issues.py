"""Issues: search, count, create, read, update, delete, and their custom fields."""

from __future__ import annotations

from typing import Any

from .._http.errors import bad_request, invalid_properties, not_found
from .._http.registry import EMPTY, Ctx, route, serve_list, serve_one
from .._state.issues import Issue, IssueField, Tag
from .._state.operations.issues import create_issue, delete_issue, update_issue
from .._state.operations.issues import move_issue as _move_issue
from .._state.operations.tags import tag_issue
from .._state.projects import Project
from .._state.responses import CountResponse
from .._wire.field_values import parse_wire_fields
from .._wire.refs import ref_entity, ref_project, visibility

# Without a query, every issue the caller can read.
serve_list("issues", lambda ctx: ctx.store.search(ctx.param("query"), ctx.user), custom_fields=True)


@route("POST", "issuesGetter/count")
async def count_issues(ctx: Ctx) -> Any:
    """``IssueCountResponse`` for ``{"query": ...}``; ``count`` is -1 while "counting"
    (see count_pending). Like every entity, only ``id``/``$type`` without ``fields``."""
    body = await ctx.body_object()
    query = body.get("query")
    if query is not None and not isinstance(query, str):
        raise bad_request("query must be a string")
    store = ctx.store
    if store.count_pending > 0:
        store.count_pending -= 1
        count = -1
    else:
        issues = store.search(query, ctx.user)
        if body.get("unresolvedOnly") is True:
            issues = [i for i in issues if i.resolved is None]
        count = len(issues)
    return ctx.render(CountResponse(count, query, body.get("unresolvedOnly") is True))


@route("POST", "issues")
async def create(ctx: Ctx) -> Any:
    """Create an issue from ``{project: {id}, summary, description?, customFields?,
    tags?, visibility?}``."""
    body = await ctx.body_object()
    ref = body.get("project")
    if not isinstance(ref, dict) or not isinstance(ref.get("id"), str):
        # YouTrack wants the project's entity id here, not its short name.
        raise invalid_properties(['Project is required (as {"id": "0-0"})'])
    return create_in(ctx, ref_project(ctx.store, ref, ctx.user), body)


def create_in(ctx: Ctx, project: Project, body: dict[str, Any]) -> Any:
    """Create an issue in ``project`` from a create body (its ``project`` aside)."""
    store = ctx.store
    store.require_update(ctx.user, project)
    summary = body.get("summary")
    if not isinstance(summary, str) or not summary.strip():
        raise invalid_properties(["Summary is required"])
    description = body.get("description")
    if description is not None and not isinstance(description, str):
        raise bad_request("description must be a string")
    values = (
        parse_wire_fields(store, project, body["customFields"])
        if body.get("customFields") is not None
        else {}
    )
    tags = _tags_of(ctx, body.get("tags"))
    seen = visibility(store, body.get("visibility"))
    _parse_read_only_users(ctx, body)
    issue = create_issue(store, ctx.user, project, summary, description, values)
    issue.visibility = seen
    for tag in tags:
        tag_issue(store, ctx.user, issue, tag)
    return ctx.render(issue)


def _parse_read_only_users(ctx: Ctx, body: dict[str, Any]) -> None:
    """Check the ``id`` of the ``reporter``/``updater`` a body names, then ignore them:
    both are read-only (the server sets them), but a real server parses every entity id
    of a body, so an ``id`` that is no entity id (a ring id) is a 400 there too. Nothing
    else of them is checked: no source says a real server looks the user up."""
    for key in ("reporter", "updater"):
        user = body.get(key)
        if isinstance(user, dict) and isinstance(user.get("id"), str):
            ctx.store.check_entity_id(user["id"])


def _tags_of(ctx: Ctx, refs: Any) -> list[Tag]:
    """Tags named in a create body (``[{"id"}]``), resolved before anything changes."""
    if refs is None:
        return []
    if not isinstance(refs, list):
        raise bad_request("tags must be an array")
    store = ctx.store
    return [ref_entity(store, ref, ("id", "name"), "A tag", store.find_tag) for ref in refs]


serve_one("issues/{id}", Ctx.issue)


@route("POST", "issues/{id}")
async def update(ctx: Ctx) -> Any:
    """Change summary, description, custom fields and/or visibility."""
    return update_from(ctx, ctx.issue(), await ctx.body_object())


def update_from(ctx: Ctx, issue: Issue, body: dict[str, Any]) -> Any:
    """Apply an update body to ``issue``; the rendered issue."""
    store = ctx.store
    store.require_update(ctx.user, issue.project)
    if "project" in body:
        target = ref_project(store, body["project"], ctx.user)
        if target is not issue.project:
            raise bad_request("Moving issues between projects is not supported by the fake")
    summary = body.get("summary")
    if "summary" in body and (not isinstance(summary, str) or not summary.strip()):
        raise invalid_properties(["Summary is required"])
    kwargs: dict[str, Any] = {}
    if "description" in body:
        description = body["description"]
        if description is not None and not isinstance(description, str):
            raise bad_request("description must be a string")
        kwargs["description"] = description
    values = (
        parse_wire_fields(store, issue.project, body["customFields"])
        if body.get("customFields") is not None
        else {}
    )
    seen = visibility(store, body["visibility"]) if "visibility" in body else None
    _parse_read_only_users(ctx, body)
    update_issue(store, ctx.user, issue, summary=summary, values=values, **kwargs)
    if seen is not None:
        issue.visibility = seen
    return ctx.render(issue)


@route("DELETE", "issues/{id}")
async def delete(ctx: Ctx) -> Any:
    """Delete an issue."""
    return delete_one(ctx, ctx.issue())


def delete_one(ctx: Ctx, issue: Issue) -> Any:
    """Delete ``issue`` if the caller may update its project."""
    ctx.store.require_update(ctx.user, issue.project)
    delete_issue(ctx.store, issue)
    return EMPTY


@route("GET", "issues/{id}/customFields")
async def issue_fields(ctx: Ctx) -> Any:
    """The issue's custom fields with their values."""
    issue = ctx.issue()
    return ctx.render_page([IssueField(issue, pcf) for pcf in issue.project.fields])


def _issue_field(ctx: Ctx, issue: Issue) -> IssueField:
    key = ctx.arg("fieldId")
    pcf = issue.project.custom_field(key)
    if pcf is None:
        raise not_found(key)
    return IssueField(issue, pcf)


serve_one("issues/{id}/customFields/{fieldId}", lambda ctx: _issue_field(ctx, ctx.issue()))


@route("POST", "issues/{id}/customFields/{fieldId}")
async def set_issue_field(ctx: Ctx) -> Any:
    """Set one custom field from ``{"$type", "value"}``."""
    store = ctx.store
    issue = ctx.issue(to_update=True)
    view = _issue_field(ctx, issue)
    body = await ctx.body_object()
    item = {**body, "id": view.pcf.id}
    item.pop("name", None)
    values = parse_wire_fields(store, issue.project, [item])
    update_issue(store, ctx.user, issue, values=values)
    return ctx.render(view)


@route("GET", "issues/{id}/sprints")
async def issue_sprints(ctx: Ctx) -> Any:
    """The sprints the issue is on."""
    issue = ctx.issue()
    return ctx.render_page([s for s in ctx.store.sprints.values() if issue in s.issues])


serve_one("issues/{id}/project", lambda ctx: ctx.issue().project)


@route("POST", "issues/{id}/project")
async def move_issue(ctx: Ctx) -> Any:
    """Move the issue to the project ``{id}`` (see
    :func:`.._state.operations.issues.move_issue`)."""
    store = ctx.store
    issue = ctx.issue()
    target = ref_project(store, await ctx.body_object(), ctx.user)
    store.require_update(ctx.user, issue.project)
    store.require_update(ctx.user, target)
    _move_issue(store, ctx.user, issue, target)
    return ctx.render(target)
