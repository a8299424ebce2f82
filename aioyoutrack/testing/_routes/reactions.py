"""Smaller resources: comment reactions, VCS changes, moving an issue, an issue's time
tracking, search assistance, user-bundle members, work item type edits."""

from __future__ import annotations

from typing import Any

from .._http.errors import bad_request, forbidden, not_found
from .._http.registry import EMPTY, Ctx, route
from .._state.agiles import Article
from .._state.custom_fields import Bundle, User
from .._state.issues import Issue
from .._state.operations.links import move_issue as _move_issue
from .._state.resources import Reaction, VcsChange, add_reaction, add_vcs_change, extras, new_record
from .._wire.refs import ref_project, req_str

_BUNDLES = "admin/customFieldSettings/bundles/user/{id}"


def _issue_comment(ctx: Ctx) -> tuple[str, Any]:
    issue = ctx.store.find_issue(ctx.arg("id"), ctx.user)
    for comment in issue.comments:
        if comment.id == ctx.arg("commentId") and ctx.store.can_see_comment(ctx.user, comment):
            return comment.id, issue.project
    raise not_found(ctx.arg("commentId"))


def _article_comment(ctx: Ctx) -> tuple[str, Any]:
    store = ctx.store
    article: Article | None = store.articles.get(ctx.arg("id"))
    if article is None:
        key = ctx.arg("id").lower()
        article = next(
            (
                a
                for a in store.articles.values()
                if f"{a.project.short_name}-A-{a.number}".lower() == key
            ),
            None,
        )
    if article is None or not store.can_read(ctx.user, article.project):
        raise not_found(ctx.arg("id"))
    for comment in article.comments:
        if comment.id == ctx.arg("commentId") and store.can_see_comment(ctx.user, comment):
            return comment.id, article.project
    raise not_found(ctx.arg("commentId"))


def _reaction_routes(base: str, find: Any) -> None:
    @route("GET", f"{base}/reactions")
    async def list_reactions(ctx: Ctx) -> Any:
        """The reactions on a comment."""
        comment_id, _ = find(ctx)
        return ctx.render_page(extras(ctx.store).reactions.get(comment_id, []))

    @route("POST", f"{base}/reactions")
    async def react(ctx: Ctx) -> Any:
        """React ``{"reaction": name}``; the same reaction twice by one user is one."""
        comment_id, project = find(ctx)
        if not ctx.store.can_read(ctx.user, project) or ctx.user.guest:
            raise forbidden("You cannot react to this comment")
        name = req_str(await ctx.body_object(), "reaction")
        return ctx.render(add_reaction(ctx.store, comment_id, name, ctx.user))

    @route("GET", f"{base}/reactions/{{reactionId}}")
    async def get_reaction(ctx: Ctx) -> Any:
        """One reaction."""
        comment_id, _ = find(ctx)
        return ctx.render(_reaction(ctx, comment_id))

    @route("DELETE", f"{base}/reactions/{{reactionId}}")
    async def remove_reaction(ctx: Ctx) -> Any:
        """Remove one's own reaction (an administrator may remove any)."""
        comment_id, _ = find(ctx)
        reaction = _reaction(ctx, comment_id)
        if reaction.author is not ctx.user and not ctx.user.admin:
            raise forbidden("You can remove only your own reactions")
        extras(ctx.store).reactions[comment_id].remove(reaction)
        ctx.store.touch()
        return EMPTY


def _reaction(ctx: Ctx, comment_id: str) -> Reaction:
    for reaction in extras(ctx.store).reactions.get(comment_id, []):
        if reaction.id == ctx.arg("reactionId"):
            return reaction
    raise not_found(ctx.arg("reactionId"))


_reaction_routes("issues/{id}/comments/{commentId}", _issue_comment)


_reaction_routes("articles/{id}/comments/{commentId}", _article_comment)


def _issue(ctx: Ctx) -> Issue:
    return ctx.store.find_issue(ctx.arg("id"), ctx.user)


def _change(ctx: Ctx, issue: Issue) -> VcsChange:
    for change in extras(ctx.store).vcs_changes.get(issue.id, []):
        if change.id == ctx.arg("changeId"):
            return change
    raise not_found(ctx.arg("changeId"))


def _apply_change(change: VcsChange, body: dict[str, Any]) -> None:
    for key, wanted in (("text", str), ("version", str), ("files", int), ("state", int)):
        if key in body:
            if not isinstance(body[key], wanted) or isinstance(body[key], bool):
                raise bad_request(f"{key} must be a {wanted.__name__}")
            setattr(change, key, body[key])
    if "urls" in body:
        urls = body["urls"]
        if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
            raise bad_request("urls must be an array of strings")
        change.urls = list(urls)
    if "date" in body:
        if not isinstance(body["date"], int) or isinstance(body["date"], bool):
            raise bad_request("date must be epoch milliseconds")
        change.date = body["date"]


@route("GET", "issues/{id}/vcsChanges")
async def list_changes(ctx: Ctx) -> Any:
    """Commits linked to the issue."""
    return ctx.render_page(extras(ctx.store).vcs_changes.get(_issue(ctx).id, []))


@route("POST", "issues/{id}/vcsChanges")
async def add_change(ctx: Ctx) -> Any:
    """Link a commit ``{text, version, urls?, date?, files?}``."""
    store = ctx.store
    issue = _issue(ctx)
    store.require_update(ctx.user, issue.project)
    body = await ctx.body_object()
    text, version = req_str(body, "text"), req_str(body, "version")
    _apply_change(VcsChange("", issue, ctx.user, text, version, 0, 0), body)  # validate first
    change = add_vcs_change(store, issue, ctx.user, text, version)
    _apply_change(change, body)
    return ctx.render(change)


@route("GET", "issues/{id}/vcsChanges/{changeId}")
async def get_change(ctx: Ctx) -> Any:
    """One linked commit."""
    return ctx.render(_change(ctx, _issue(ctx)))


@route("POST", "issues/{id}/vcsChanges/{changeId}")
async def update_change(ctx: Ctx) -> Any:
    """Change a linked commit's attributes."""
    issue = _issue(ctx)
    ctx.store.require_update(ctx.user, issue.project)
    change = _change(ctx, issue)
    _apply_change(change, await ctx.body_object())
    ctx.store.touch()
    return ctx.render(change)


@route("DELETE", "issues/{id}/vcsChanges/{changeId}")
async def delete_change(ctx: Ctx) -> Any:
    """Unlink a commit."""
    issue = _issue(ctx)
    ctx.store.require_update(ctx.user, issue.project)
    change = _change(ctx, issue)
    extras(ctx.store).vcs_changes[issue.id].remove(change)
    ctx.store.touch()
    return EMPTY


@route("POST", "issues/{id}/project")
async def move_issue(ctx: Ctx) -> Any:
    """Move the issue to the project ``{id}`` (see :func:`.._state.operations.links.move_issue`)."""
    store = ctx.store
    issue = _issue(ctx)
    target = ref_project(store, await ctx.body_object(), ctx.user)
    store.require_update(ctx.user, issue.project)
    store.require_update(ctx.user, target)
    _move_issue(store, ctx.user, issue, target)
    return ctx.render(target)


@route("GET", "issues/{id}/timeTracking")
async def issue_time_tracking(ctx: Ctx) -> Any:
    """Whether time tracking is on (always, in the fake) and the work items."""
    issue = _issue(ctx)
    record = new_record("IssueTimeTracker", {"id": issue.id, "enabled": True, "workItems": None})
    record.data["workItems"] = list(issue.work_items)
    return ctx.render(record)


@route("POST", "search/assist")
async def search_assist(ctx: Ctx) -> Any:
    """Complete the word before ``caret`` with project short names and attribute names."""
    body = await ctx.body_object()
    query = body.get("query") or ""
    if not isinstance(query, str):
        raise bad_request("query must be a string")
    caret = body.get("caret", len(query))
    if isinstance(caret, bool) or not isinstance(caret, int) or not 0 <= caret <= len(query):
        raise bad_request("caret must be a position in the query")
    start = caret
    while start > 0 and not query[start - 1].isspace():
        start -= 1
    word = query[start:caret].lower()
    options = [f"project: {p.short_name}" for p in ctx.store.projects.values()]
    options += ["#Unresolved", "#Resolved", "for: me", "by: me"]
    suggestions = [
        new_record(
            "Suggestion",
            {
                "id": f"suggestion-{n}",
                "option": option,
                "completionStart": start,
                "completionEnd": caret,
                "caret": start + len(option),
                "description": None,
                "prefix": "",
                "suffix": " ",
            },
        )
        for n, option in enumerate(o for o in options if o.lower().startswith(word))
    ]
    answer = new_record(
        "SearchSuggestions",
        {"id": "assist", "query": query, "caret": caret, "suggestions": None},
    )
    answer.data["suggestions"] = suggestions
    return ctx.render(answer)


def _user_bundle(ctx: Ctx) -> Bundle:
    bundle = ctx.store.bundles.get(ctx.arg("id"))
    if bundle is None or bundle.kind != "user":
        raise not_found(ctx.arg("id"))
    return bundle


def _member(members: list[Any], key: str) -> Any:
    for member in members:
        if member.id == key:
            return member
    raise not_found(key)


@route("GET", f"{_BUNDLES}/individuals/{{userId}}")
async def bundle_individual(ctx: Ctx) -> Any:
    """One user added to the bundle."""
    return ctx.render(_member(_user_bundle(ctx).individuals, ctx.arg("userId")))


@route("DELETE", f"{_BUNDLES}/individuals/{{userId}}")
async def remove_individual(ctx: Ctx) -> Any:
    """Take a user out of the bundle (admin)."""
    ctx.store.require_admin(ctx.user)
    bundle = _user_bundle(ctx)
    user: User = _member(bundle.individuals, ctx.arg("userId"))
    bundle.individuals.remove(user)
    ctx.store.touch()
    return EMPTY


@route("GET", f"{_BUNDLES}/groups/{{groupId}}")
async def bundle_group(ctx: Ctx) -> Any:
    """One group of the bundle."""
    return ctx.render(_member(_user_bundle(ctx).groups, ctx.arg("groupId")))


@route("DELETE", f"{_BUNDLES}/groups/{{groupId}}")
async def remove_bundle_group(ctx: Ctx) -> Any:
    """Take a group out of the bundle (admin)."""
    ctx.store.require_admin(ctx.user)
    bundle = _user_bundle(ctx)
    bundle.groups.remove(_member(bundle.groups, ctx.arg("groupId")))
    ctx.store.touch()
    return EMPTY


@route("POST", "admin/timeTrackingSettings/workItemTypes/{typeId}")
async def update_work_item_type(ctx: Ctx) -> Any:
    """Rename a work item type or change ``autoAttached`` (admin)."""
    ctx.store.require_admin(ctx.user)
    item_type = ctx.store.work_item_types.get(ctx.arg("typeId"))
    if item_type is None:
        raise not_found(ctx.arg("typeId"))
    body = await ctx.body_object()
    if "name" in body:
        item_type.name = req_str(body, "name")
    if "autoAttached" in body:
        if not isinstance(body["autoAttached"], bool):
            raise bad_request("autoAttached must be a boolean")
        item_type.auto_attached = body["autoAttached"]
    ctx.store.touch()
    return ctx.render(item_type)


@route("DELETE", "admin/timeTrackingSettings/workItemTypes/{typeId}")
async def delete_work_item_type(ctx: Ctx) -> Any:
    """Delete a work item type; work items of that type keep no type (admin)."""
    store = ctx.store
    store.require_admin(ctx.user)
    item_type = store.work_item_types.pop(ctx.arg("typeId"), None)
    if item_type is None:
        raise not_found(ctx.arg("typeId"))
    for item in store.work_items.values():
        if item.type is item_type:
            item.type = None
    for settings in extras(store).time_tracking.values():
        if item_type in settings.work_item_types:
            settings.work_item_types.remove(item_type)
    store.touch()
    return EMPTY
