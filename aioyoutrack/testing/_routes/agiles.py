"""Agile boards and sprints: ``/api/agiles[/{id}[/sprints[/{sprintId}]]]``."""

from __future__ import annotations

from typing import Any

from .._http.errors import bad_request, not_found
from .._http.registry import Ctx, route, serve_list, serve_one
from .._state.agiles import Agile, Sprint
from .._state.builders import add_agile, add_sprint
from .._state.issues import Issue
from .._state.operations.sprints import add_to_sprint, remove_from_sprint
from .._state.projects import Project
from .._wire.refs import (
    assign,
    given,
    is_int,
    opt_str,
    ref_project,
    req_bool,
    req_str,
    sharing,
)


def _visible(ctx: Ctx, agile: Agile) -> bool:
    store = ctx.store
    return (
        ctx.user.admin
        or agile.owner is ctx.user
        or any(store.can_read(ctx.user, p) for p in agile.projects)
    )


def _agile(ctx: Ctx) -> Agile:
    agile = ctx.store.agiles.get(ctx.arg("id"))
    if agile is None or not _visible(ctx, agile):
        raise not_found(ctx.arg("id"))
    return agile


def _may_change(ctx: Ctx, agile: Agile) -> None:
    ctx.require_own(agile.owner, message=f"You have no permission to update board {agile.name}")


def _sprint(ctx: Ctx, agile: Agile) -> Sprint:
    """The board's sprint of the path's ``sprintId`` (``current`` names the current one)."""
    key = ctx.arg("sprintId")
    for sprint in agile.sprints:
        if sprint.id == key or (key == "current" and sprint is agile.current_sprint):
            return sprint
    raise not_found(key)


def _opt_ms(body: dict[str, Any], key: str) -> int | None:
    value = body.get(key)
    if value is None or is_int(value):
        return value
    raise bad_request(f"{key} must be epoch milliseconds")


@route("GET", "agiles")
async def list_agiles(ctx: Ctx) -> Any:
    """The boards the caller can see."""
    return ctx.render_page([a for a in ctx.store.agiles.values() if _visible(ctx, a)])


@route("POST", "agiles")
async def create_agile(ctx: Ctx) -> Any:
    """Create a board ``{name, projects: [{id}]}`` owned by the caller."""
    body = await ctx.body_object()
    name = req_str(body, "name")
    projects = _projects(ctx, body)
    shared = sharing(ctx.store, body, Agile(id="", name=name, owner=ctx.user))
    agile = add_agile(ctx.store, name, ctx.user, projects)
    assign(agile, shared)
    return ctx.render(agile)


serve_one("agiles/{id}", _agile)


@route("POST", "agiles/{id}")
async def update_agile(ctx: Ctx) -> Any:
    """Rename a board or change its projects."""
    agile = _agile(ctx)
    _may_change(ctx, agile)
    body = await ctx.body_object()
    changes = sharing(ctx.store, body, agile) | given(body, name=req_str)
    if "projects" in body:
        changes["projects"] = _projects(ctx, body)
    assign(agile, changes)
    return ctx.changed(agile)


def _projects(ctx: Ctx, body: dict[str, Any]) -> list[Project]:
    """A board's ``projects`` from a body: a non-empty array of project references."""
    refs = body.get("projects")
    if not isinstance(refs, list) or not refs:
        raise bad_request("projects must be a non-empty array")
    return [ref_project(ctx.store, ref, ctx.user) for ref in refs]


@route("DELETE", "agiles/{id}")
async def delete_agile(ctx: Ctx) -> Any:
    """Delete a board and its sprints."""
    agile = _agile(ctx)
    _may_change(ctx, agile)
    for sprint in agile.sprints:
        ctx.store.sprints.pop(sprint.id, None)
    del ctx.store.agiles[agile.id]
    return ctx.changed()


serve_list("agiles/{id}/sprints", lambda ctx: _agile(ctx).sprints)


#: What a sprint body changes: its attributes, and its issues (None: left as they are).
_SprintChanges = tuple[dict[str, Any], list[Issue] | None]


def _sprint_changes(ctx: Ctx, body: dict[str, Any]) -> _SprintChanges:
    """What a sprint body sets, every value read (a 400 if one is bad) before anything
    changes."""
    changes = given(
        body,
        name=req_str,
        goal=opt_str,
        start=_opt_ms,
        finish=_opt_ms,
        archived=req_bool,
        is_default=req_bool,
    )
    refs = body.get("issues")
    if refs is None:
        return changes, None
    if not isinstance(refs, list):
        raise bad_request("issues must be an array")
    return changes, [ctx.store.issue_ref(ref, ctx.user) for ref in refs]


def _apply_sprint(ctx: Ctx, agile: Agile, sprint: Sprint, changes: _SprintChanges) -> None:
    values, wanted = changes
    if values.get("is_default"):  # one default sprint a board
        for other in agile.sprints:
            other.is_default = False
    assign(sprint, values)
    if wanted is not None:
        for issue in [i for i in sprint.issues if i not in wanted]:
            remove_from_sprint(ctx.store, ctx.user, sprint, issue)
        for issue in wanted:
            add_to_sprint(ctx.store, ctx.user, sprint, issue)
    if sprint.archived and agile.current_sprint is sprint:
        _choose_current(agile)


def _choose_current(agile: Agile) -> None:
    """The board's newest sprint not archived becomes current (None: no such sprint)."""
    agile.current_sprint = next((s for s in reversed(agile.sprints) if not s.archived), None)


@route("POST", "agiles/{id}/sprints")
async def create_sprint(ctx: Ctx) -> Any:
    """Add a sprint ``{name, goal?, start?, finish?, issues?: [{id}]}``."""
    agile = _agile(ctx)
    _may_change(ctx, agile)
    body = await ctx.body_object()
    name = req_str(body, "name")
    changes = _sprint_changes(ctx, body)
    sprint = add_sprint(ctx.store, agile, name)
    _apply_sprint(ctx, agile, sprint, changes)
    return ctx.render(sprint)


serve_one("agiles/{id}/sprints/{sprintId}", lambda ctx: _sprint(ctx, _agile(ctx)))


@route("POST", "agiles/{id}/sprints/{sprintId}")
async def update_sprint(ctx: Ctx) -> Any:
    """Change a sprint; ``issues`` replaces its issues."""
    agile = _agile(ctx)
    _may_change(ctx, agile)
    sprint = _sprint(ctx, agile)
    _apply_sprint(ctx, agile, sprint, _sprint_changes(ctx, await ctx.body_object()))
    return ctx.changed(sprint)


@route("DELETE", "agiles/{id}/sprints/{sprintId}")
async def delete_sprint(ctx: Ctx) -> Any:
    """Delete a sprint."""
    agile = _agile(ctx)
    _may_change(ctx, agile)
    sprint = _sprint(ctx, agile)
    agile.sprints.remove(sprint)
    if agile.current_sprint is sprint:
        _choose_current(agile)
    ctx.store.sprints.pop(sprint.id, None)
    return ctx.changed()
