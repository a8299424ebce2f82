"""Time tracking: issue work items, ``/api/workItems`` and work item types."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from .._http.errors import bad_request, found, not_found
from .._http.registry import EMPTY, Ctx, route, serve_list, serve_one
from .._state.descriptors import midnight_of
from .._state.issues import Issue, WorkItem, WorkItemType
from .._state.operations.work_items import add_work_item, delete_work_item, update_work_item
from .._state.records import new_record
from .._state.resources import (
    ProjectTimeTracking,
    extras,
    time_tracking_of,
)
from .._state.schema import add_work_item_type
from .._state.settings import schedule_of, time_zone_of
from .._wire.kinds import FIRST_DAY_MS, LAST_DAY_MS, wire_minutes
from .._wire.refs import is_int, opt_str, ref_entity, ref_user, req_bool, req_str


def _item(ctx: Ctx, issue: Issue) -> WorkItem:
    return ctx.member(issue.work_items, "itemId")


def _minutes(ctx: Ctx, raw: Any) -> int:
    minutes = wire_minutes(raw, schedule_of(ctx.store))
    if minutes is None:
        raise bad_request(
            "duration must be an object with minutes or presentation "
            "(at most a 32-bit int of minutes)"
        )
    return minutes


def _type(ctx: Ctx, raw: Any) -> WorkItemType | None:
    if raw is None:
        return None
    return ref_entity(ctx.store, raw, ("id", "name"), "A work item type", partial(_type_named, ctx))


def _type_named(ctx: Ctx, key: str) -> WorkItemType:
    for item_type in ctx.store.work_item_types.values():
        if item_type.id == key or item_type.name.lower() == key.lower():
            return item_type
    raise not_found(key)


def _date(raw: Any) -> int:
    if not is_int(raw):
        raise bad_request("date must be epoch milliseconds")
    if not FIRST_DAY_MS <= raw <= LAST_DAY_MS:
        raise bad_request(f"date is out of range: {raw}")
    return raw


serve_list("issues/{id}/timeTracking/workItems", lambda ctx: ctx.issue().work_items)


@route("POST", "issues/{id}/timeTracking/workItems")
async def create_item(ctx: Ctx) -> Any:
    """Log time: ``{duration: {minutes|presentation}, date?, text?, type?, author?}``."""
    store = ctx.store
    issue = ctx.issue(to_update=True)
    body = await ctx.body_object()
    if "duration" not in body:
        raise bad_request("duration is required")
    minutes = _minutes(ctx, body["duration"])
    author = ref_user(store, body["author"], ctx.user) if body.get("author") else ctx.user
    text = body.get("text")
    if text is not None and not isinstance(text, str):
        raise bad_request("text must be a string")
    item = add_work_item(
        store,
        author,
        issue,
        minutes,
        date=_date(body["date"]) if body.get("date") is not None else None,
        text=text,
        item_type=_type(ctx, body.get("type")),
        creator=ctx.user,
    )
    return ctx.render(item)


serve_one("issues/{id}/timeTracking/workItems/{itemId}", lambda ctx: _item(ctx, ctx.issue()))


@route("POST", "issues/{id}/timeTracking/workItems/{itemId}")
async def edit_item(ctx: Ctx) -> Any:
    """Change a work item's duration, date, text, type or author."""
    store = ctx.store
    issue = ctx.issue()
    item = _item(ctx, issue)
    ctx.require_own(
        item.creator, item.author, message="You have no permission to update this work item"
    )
    body = await ctx.body_object()
    kwargs: dict[str, Any] = {}
    if "duration" in body:
        kwargs["minutes"] = _minutes(ctx, body["duration"])
    if body.get("date") is not None:
        kwargs["date"] = _date(body["date"])
    if "text" in body:
        kwargs["text"] = opt_str(body, "text")  # null clears it; 5 is a 400, as on create
    if "type" in body:
        kwargs["item_type"] = _type(ctx, body["type"])
    if body.get("author"):
        kwargs["owner"] = ref_user(store, body["author"], ctx.user)
    update_work_item(store, ctx.user, item, **kwargs)
    return ctx.render(item)


@route("DELETE", "issues/{id}/timeTracking/workItems/{itemId}")
async def remove_item(ctx: Ctx) -> Any:
    """Delete a work item."""
    issue = ctx.issue()
    item = _item(ctx, issue)
    ctx.require_own(
        item.creator, item.author, message="You have no permission to delete this work item"
    )
    delete_work_item(ctx.store, ctx.user, item)
    return EMPTY


def _day(ctx: Ctx, name: str) -> int | None:
    raw = ctx.param(name)
    if not raw:
        return None
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise bad_request(f"Invalid value of parameter {name}: {raw}") from None
    # The day as the user sees it: work items start theirs at midnight in their zone.
    return midnight_of(day, time_zone_of(ctx.store, ctx.user))


@route("GET", "workItems")
async def all_items(ctx: Ctx) -> Any:
    """Work items across issues, filtered by ``query``, ``author``, ``creator`` and dates."""
    store = ctx.store
    user = ctx.user
    items = [i for i in store.work_items.values() if store.can_read(user, i.issue.project)]
    query = ctx.param("query")
    if query:
        wanted = set(store.search(query, user))
        items = [i for i in items if i.issue in wanted]
    for name, attr in (("author", "author"), ("creator", "creator")):
        key = ctx.param(name)
        if key:
            person = store.find_user(key, user)
            items = [i for i in items if getattr(i, attr) is person]
    bounds = (
        ("start", "date", ctx.int_param("start")),
        ("end", "date", ctx.int_param("end")),
        ("startDate", "date", _day(ctx, "startDate")),
        ("endDate", "date", _day(ctx, "endDate")),
        ("createdStart", "created", ctx.int_param("createdStart")),
        ("createdEnd", "created", ctx.int_param("createdEnd")),
        ("updatedStart", "updated", ctx.int_param("updatedStart")),
        ("updatedEnd", "updated", ctx.int_param("updatedEnd")),
    )
    for name, attr, bound in bounds:
        if bound is None:
            continue
        # An item never edited has no ``updated`` (null): it was not updated within any
        # interval (spec: "the interval during which work items were updated").
        if name.startswith("start") or name.endswith("Start"):
            items = [i for i in items if (at := getattr(i, attr)) is not None and at >= bound]
        else:
            items = [i for i in items if (at := getattr(i, attr)) is not None and at <= bound]
    return ctx.render_page(items)


@route("GET", "workItems/{itemId}")
async def any_item(ctx: Ctx) -> Any:
    """One work item by id."""
    item = ctx.store.work_items.get(ctx.arg("itemId"))
    if item is None or not ctx.store.can_read(ctx.user, item.issue.project):
        raise not_found(ctx.arg("itemId"))
    return ctx.render(item)


serve_list(
    "admin/timeTrackingSettings/workItemTypes", lambda ctx: list(ctx.store.work_item_types.values())
)


@route("POST", "admin/timeTrackingSettings/workItemTypes")
async def create_type(ctx: Ctx) -> Any:
    """Create a work item type ``{"name"}`` (admin)."""
    ctx.store.require_admin(ctx.user)
    body = await ctx.body_object()
    return ctx.render(add_work_item_type(ctx.store, req_str(body, "name")))


def _work_item_type(ctx: Ctx, key: str) -> WorkItemType:
    return found(ctx.store.work_item_types.get(key), key)


def _type_ref(ctx: Ctx, ref: Any) -> WorkItemType:
    """A work item type a body names by ``{"id"}``."""
    return ref_entity(ctx.store, ref, ("id",), "A work item type", partial(_work_item_type, ctx))


serve_one(
    "admin/timeTrackingSettings/workItemTypes/{typeId}",
    lambda ctx: _work_item_type(ctx, ctx.arg("typeId")),
)


# --- a project's time tracking ----------------------------------------------------------


def _settings(ctx: Ctx) -> ProjectTimeTracking:
    """Whether the project tracks time, its estimate and spent-time fields and types."""
    return time_tracking_of(ctx.store, ctx.store.find_project(ctx.arg("id"), ctx.user))


def _period_field(ctx: Ctx, settings: ProjectTimeTracking, raw: Any, name: str) -> Any:
    """The project's period field ``raw`` names (``{id}`` or ``{field: {name}}``), or None."""
    if raw is None:
        return None
    key = raw.get("id") if isinstance(raw, dict) else None
    field = raw.get("field") if isinstance(raw, dict) else None
    if key is None and isinstance(field, dict):
        key = field.get("name")
    pcf = settings.project.custom_field(key) if isinstance(key, str) else None
    if pcf is None and isinstance(key, str) and key == raw.get("id"):
        ctx.store.check_entity_id(key)
    if pcf is None or pcf.field.kind.value_type != "period":
        raise bad_request(f"{name} must be a period field of the project")
    return pcf


serve_one("admin/projects/{id}/timeTrackingSettings", _settings)


@route("POST", "admin/projects/{id}/timeTrackingSettings")
async def update_project_time_tracking(ctx: Ctx) -> Any:
    """Change ``enabled``, ``estimate``/``timeSpent`` (``{id}`` of a period field, or
    null) and ``workItemTypes`` (``[{id}]``); admin."""
    ctx.store.require_admin(ctx.user)
    settings = _settings(ctx)
    body = await ctx.body_object()
    enabled = body.get("enabled", settings.enabled)
    if not isinstance(enabled, bool):
        raise bad_request("enabled must be a boolean")
    estimate = _period_field(ctx, settings, body.get("estimate"), "estimate")
    spent = _period_field(ctx, settings, body.get("timeSpent"), "timeSpent")
    types = settings.work_item_types
    if "workItemTypes" in body:
        refs = body["workItemTypes"]
        if not isinstance(refs, list):
            raise bad_request("workItemTypes must be an array")
        types = [_type_ref(ctx, ref) for ref in refs]
    settings.enabled = enabled
    if "estimate" in body:
        settings.estimate = estimate
    if "timeSpent" in body:
        settings.time_spent = spent
    settings.work_item_types = list(dict.fromkeys(types))
    return ctx.changed(settings)


serve_list(
    "admin/projects/{id}/timeTrackingSettings/workItemTypes",
    lambda ctx: _settings(ctx).work_item_types,
)


@route("POST", "admin/projects/{id}/timeTrackingSettings/workItemTypes")
async def add_project_type(ctx: Ctx) -> Any:
    """Let the project use one more work item type ``{id}`` (admin)."""
    ctx.store.require_admin(ctx.user)
    settings = _settings(ctx)
    body = await ctx.body_object()
    item_type = _type_ref(ctx, body)
    if item_type not in settings.work_item_types:
        settings.work_item_types.append(item_type)
        ctx.store.touch()
    return ctx.render(item_type)


def _project_type(ctx: Ctx, settings: ProjectTimeTracking) -> WorkItemType:
    for item_type in settings.work_item_types:
        if item_type.id == ctx.arg("typeId"):
            return item_type
    raise not_found(ctx.arg("typeId"))


serve_one(
    "admin/projects/{id}/timeTrackingSettings/workItemTypes/{typeId}",
    lambda ctx: _project_type(ctx, _settings(ctx)),
)


@route("DELETE", "admin/projects/{id}/timeTrackingSettings/workItemTypes/{typeId}")
async def remove_project_type(ctx: Ctx) -> Any:
    """Stop the project using a work item type (admin)."""
    ctx.store.require_admin(ctx.user)
    settings = _settings(ctx)
    settings.work_item_types.remove(_project_type(ctx, settings))
    return ctx.changed()


@route("GET", "issues/{id}/timeTracking")
async def issue_time_tracking(ctx: Ctx) -> Any:
    """Whether the issue's project tracks time, and the issue's work items.

    ``enabled`` is the project's setting (``timeTrackingSettings``, off until an admin
    turns it on): openapi.json describes this sub-resource as the "time tracking status in
    the issue's project". The work items are listed whatever the setting: neither
    semantics.md nor the spec says a project that stopped tracking time hides them."""
    issue = ctx.issue()
    enabled = time_tracking_of(ctx.store, issue.project).enabled
    record = new_record("IssueTimeTracker", {"id": issue.id, "enabled": enabled, "workItems": None})
    record.data["workItems"] = list(issue.work_items)
    return ctx.render(record)


@route("POST", "admin/timeTrackingSettings/workItemTypes/{typeId}")
async def update_work_item_type(ctx: Ctx) -> Any:
    """Rename a work item type or change ``autoAttached`` (admin)."""
    ctx.store.require_admin(ctx.user)
    item_type = _work_item_type(ctx, ctx.arg("typeId"))
    await ctx.body_into(item_type, name=req_str, auto_attached=req_bool)
    return ctx.changed(item_type)


@route("DELETE", "admin/timeTrackingSettings/workItemTypes/{typeId}")
async def delete_work_item_type(ctx: Ctx) -> Any:
    """Delete a work item type; work items of that type keep no type (admin)."""
    store = ctx.store
    store.require_admin(ctx.user)
    item_type = store.work_item_types.pop(_work_item_type(ctx, ctx.arg("typeId")).id)
    for item in store.work_items.values():
        if item.type is item_type:
            item.type = None
    for settings in extras(store).time_tracking.values():
        if item_type in settings.work_item_types:
            settings.work_item_types.remove(item_type)
    return ctx.changed()
