"""Activities (issue history): lists and cursor pages.

``categories`` is required (400 without), as YouTrack requires it on issue activities.
Cursor pages (``/activitiesPage``) run oldest first, or newest first with
``reverse=true``; pass ``cursor=<afterCursor>`` (same ``reverse``) for the next page,
or ``cursor=<beforeCursor>`` with the opposite ``reverse`` to go back. ``$top`` sets
the page size (42 by default); ``activityId`` centres a page on one activity.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from .._http.errors import bad_request, not_found
from .._http.registry import DEFAULT_TOP, Ctx, route
from .._state.activities import Activity, ActivityPage


def _filtered(ctx: Ctx, source: list[Activity]) -> list[Activity]:
    raw = ctx.param("categories")
    if not raw:
        raise bad_request("Parameter 'categories' should be set")
    categories = {c.strip() for c in raw.split(",") if c.strip()}
    start = ctx.int_param("start", 0) or 0
    end = ctx.int_param("end")
    who = ctx.param("author")
    store = ctx.store
    author = store.find_user(who, ctx.user) if who else None
    user = ctx.user
    out = []
    for activity in source:
        if activity.category.id not in categories or activity.timestamp < start:
            continue
        if end is not None and activity.timestamp > end:
            continue
        if author is not None and activity.author is not author:
            continue
        issue = activity.issue
        if issue is not None and not store.can_read(user, issue.project):
            continue
        out.append(activity)
    return out


def _global_source(ctx: Ctx) -> list[Activity]:
    query = ctx.param("issueQuery")
    activities = ctx.store.activities
    if not query:
        return activities
    wanted = set(ctx.store.search(query, ctx.user))
    return [a for a in activities if a.issue in wanted]


@route("GET", "issues/{id}/activities")
async def issue_activities(ctx: Ctx) -> Any:
    """An issue's activities in the given ``categories``, paged by ``$skip``/``$top``."""
    items = _filtered(ctx, ctx.issue().history)
    if ctx.bool_param("reverse"):
        items.reverse()
    return ctx.render_page(items)


@route("GET", "issues/{id}/activities/{activityId}")
async def issue_activity(ctx: Ctx) -> Any:
    """One activity of an issue."""
    issue = ctx.issue()
    activity = ctx.store.activities_by_id.get(ctx.arg("activityId"))
    if activity is None or activity.issue is not issue:
        raise not_found(ctx.arg("activityId"))
    return ctx.render(activity)


@route("GET", "activities")
async def activities(ctx: Ctx) -> Any:
    """Activities across issues (``issueQuery`` narrows them), paged by ``$skip``/``$top``."""
    items = _filtered(ctx, _global_source(ctx))
    if ctx.bool_param("reverse"):
        items.reverse()
    return ctx.render_page(items)


@route("GET", "activities/{activityId}")
async def activity(ctx: Ctx) -> Any:
    """One activity."""
    found = ctx.store.activities_by_id.get(ctx.arg("activityId"))
    if found is None or (
        found.issue is not None and not ctx.store.can_read(ctx.user, found.issue.project)
    ):
        raise not_found(ctx.arg("activityId"))
    return ctx.render(found)


@route("GET", "issues/{id}/activitiesPage")
async def issue_page(ctx: Ctx) -> Any:
    """A cursor page of an issue's activities."""
    return ctx.render(_page(ctx, _filtered(ctx, ctx.issue().history)))


@route("GET", "activitiesPage")
async def global_page(ctx: Ctx) -> Any:
    """A cursor page of activities across issues."""
    return ctx.render(_page(ctx, _filtered(ctx, _global_source(ctx))))


def _encode(boundary: int) -> str:
    return base64.urlsafe_b64encode(f"yt:{boundary}".encode()).decode("ascii").rstrip("=")


def _decode(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        if text.startswith("yt:"):
            return int(text[3:])
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise bad_request(f"Invalid cursor: {cursor}")


def _page(ctx: Ctx, items: list[Activity]) -> ActivityPage:
    # A boundary b sits just before the activity with seq b: forward pages take the
    # items at or after it, reverse pages the items before it.
    reverse = ctx.bool_param("reverse")
    top = ctx.int_param("$top", DEFAULT_TOP) or DEFAULT_TOP
    if top < 0:
        top = len(items) or 1
    cursor = ctx.param("cursor")
    anchor = ctx.param("activityId")
    ordered = list(reversed(items)) if reverse else items
    if anchor:
        index = next((i for i, a in enumerate(ordered) if a.id == anchor), None)
        if index is None:
            raise not_found(anchor)
        first = max(0, index - top // 2)
    elif cursor:
        boundary = _decode(cursor)
        if reverse:
            first = next((i for i, a in enumerate(ordered) if a.seq < boundary), len(ordered))
        else:
            first = next((i for i, a in enumerate(ordered) if a.seq >= boundary), len(ordered))
    else:
        first = 0
    chosen = ordered[first : first + top]
    if chosen:
        after = chosen[-1].seq if reverse else chosen[-1].seq + 1
        before = chosen[0].seq + 1 if reverse else chosen[0].seq
    else:
        edge = _decode(cursor) if cursor else (len(ctx.store.activities) if reverse else 0)
        after = before = edge
    return ActivityPage(
        activities=chosen,
        after_cursor=_encode(after),
        before_cursor=_encode(before),
        has_after=first + len(chosen) < len(ordered),
        has_before=first > 0,
        reverse=reverse,
    )
