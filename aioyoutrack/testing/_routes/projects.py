"""Projects: ``/api/admin/projects`` and their custom fields, issues and articles."""

from __future__ import annotations

import re
from typing import Any

from .._http.errors import bad_request, found, not_found
from .._http.registry import Ctx, route, serve_list, serve_one
from .._state.custom_fields import Bundle, ProjectCustomField
from .._state.issues import Issue
from .._state.operations.issues import delete_issue
from .._state.projects import Project
from .._state.schema import STANDARD_FIELDS, add_bundle, add_project, attach_field, attach_spec
from .._state.store import Store
from .._wire.kinds import FIELD_KINDS
from .._wire.refs import opt_str, ref_entity, ref_user, req_bool, req_str
from .issues import create_in, delete_one, update_from

_SHORT_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,49}$")


def _project(ctx: Ctx) -> Project:
    return ctx.store.find_project(ctx.arg("id"), ctx.user)


@route("GET", "admin/projects")
async def list_projects(ctx: Ctx) -> Any:
    """Projects the caller can see, by name (as samples 001/002 list them); ``query``
    filters by name or short name."""
    store = ctx.store
    projects = [p for p in store.projects.values() if store.can_read(ctx.user, p)]
    projects.sort(key=lambda p: p.name.casefold())
    query = (ctx.param("query") or "").strip().lower()
    if query:
        projects = [p for p in projects if query in p.name.lower() or query in p.short_name.lower()]
    return ctx.render_page(projects)


@route("POST", "admin/projects")
async def create_project(ctx: Ctx) -> Any:
    """Create a project (admin) with the standard Priority/Type/State/Assignee fields."""
    ctx.store.require_admin(ctx.user)
    body = await ctx.body_object()
    short_name = req_str(body, "shortName")
    name = req_str(body, "name")
    if not _SHORT_NAME.match(short_name):
        raise bad_request(f"Invalid project short name: {short_name}")
    leader = ref_user(ctx.store, body["leader"], ctx.user) if body.get("leader") else ctx.user
    try:
        project = add_project(
            ctx.store, short_name, name, leader=leader, description=opt_str(body, "description")
        )
    except ValueError as error:
        raise bad_request(str(error)) from None
    for field_name in ("Priority", "Type", "State", "Assignee"):
        attach_spec(ctx.store, project, STANDARD_FIELDS[field_name])
    return ctx.render(project)


serve_one("admin/projects/{id}", _project)


@route("POST", "admin/projects/{id}")
async def update_project(ctx: Ctx) -> Any:
    """Change name, description, archived or leader (admin)."""
    ctx.store.require_admin(ctx.user)
    project = _project(ctx)
    body = await ctx.body_into(project, name=req_str, description=opt_str, archived=req_bool)
    if body.get("leader"):
        project.leader = ref_user(ctx.store, body["leader"], ctx.user)
    return ctx.changed(project)


@route("DELETE", "admin/projects/{id}")
async def delete_project(ctx: Ctx) -> Any:
    """Delete a project and its issues (admin)."""
    store = ctx.store
    store.require_admin(ctx.user)
    project = _project(ctx)
    for issue in [i for i in store.issues.values() if i.project is project]:
        delete_issue(store, issue)
    for pcf in project.fields:
        pcf.field.instances.remove(pcf)
    store.groups.pop(project.team.id, None)
    del store.projects[project.id]
    return ctx.changed()


@route("GET", "admin/projects/{id}/issues", custom_fields=True)
async def project_issues(ctx: Ctx) -> Any:
    """The project's issues in creation order."""
    project = _project(ctx)
    return ctx.render_page([i for i in ctx.store.issues.values() if i.project is project])


def _project_issue(ctx: Ctx) -> Issue:
    project = _project(ctx)
    issue = ctx.store.find_issue(ctx.arg("issueId"), ctx.user)
    if issue.project is not project:
        raise not_found(ctx.arg("issueId"))
    return issue


@route("POST", "admin/projects/{id}/issues")
async def create_project_issue(ctx: Ctx) -> Any:
    """Create an issue in the project (a body's ``project`` is not needed)."""
    project = _project(ctx)
    return create_in(ctx, project, await ctx.body_object())


serve_one("admin/projects/{id}/issues/{issueId}", _project_issue)


@route("POST", "admin/projects/{id}/issues/{issueId}")
async def update_project_issue(ctx: Ctx) -> Any:
    """Change an issue of the project (as ``POST issues/{id}``)."""
    issue = _project_issue(ctx)
    return update_from(ctx, issue, await ctx.body_object())


@route("DELETE", "admin/projects/{id}/issues/{issueId}")
async def delete_project_issue(ctx: Ctx) -> Any:
    """Delete an issue of the project."""
    return delete_one(ctx, _project_issue(ctx))


serve_list("admin/projects/{id}/customFields", lambda ctx: _project(ctx).fields)


def _pcf(ctx: Ctx) -> ProjectCustomField:
    return ctx.member(_project(ctx).fields, "fieldId")


serve_one("admin/projects/{id}/customFields/{fieldId}", _pcf)


# A project field's bundle is not in the 2025.3 spec, but real servers serve it:
# ryancheley/yt-cli resolves state values through it.
serve_one(
    "admin/projects/{id}/customFields/{fieldId}/bundle",
    lambda ctx: found(_pcf(ctx).bundle, f"{ctx.arg('fieldId')}/bundle"),
)


def _bundle_by_id(store: Store, key: str) -> Bundle | None:
    """The bundle a body names by ``{"id"}``: None when no bundle has that (well-formed)
    id, a 400 for a key that is no entity id (see ``Store.by_id``)."""
    found = store.bundles.get(key)
    if found is None:
        store.check_entity_id(key)
    return found


@route("POST", "admin/projects/{id}/customFields")
async def attach_project_field(ctx: Ctx) -> Any:
    """Attach a global field (``{"field": {"id"|"name"}, "$type", "bundle"?}``; admin)."""
    store = ctx.store
    store.require_admin(ctx.user)
    project = _project(ctx)
    body = await ctx.body_object()
    custom = ref_entity(store, body.get("field"), ("id", "name"), "field", store.find_field)
    if body.get("$type") not in (None, custom.kind.project_type):
        raise bad_request(f"Incompatible field type: {custom.id}")
    bundle = None
    kind = custom.kind.bundle
    if kind is not None:
        bundle_ref = body.get("bundle")
        if isinstance(bundle_ref, dict) and isinstance(bundle_ref.get("id"), str):
            bundle = _bundle_by_id(store, bundle_ref["id"])
            if bundle is None or bundle.kind != kind:
                raise bad_request(f"Invalid bundle for field {custom.name}")
        else:
            bundle = add_bundle(store, kind, f"{project.short_name}: {custom.name}")
            if kind == "user":
                bundle.groups.append(project.team)
    can_be_empty = body.get("canBeEmpty", True)
    try:
        pcf = attach_field(store, project, custom, bundle=bundle, can_be_empty=can_be_empty is True)
    except ValueError as error:
        raise bad_request(str(error)) from None
    if isinstance(body.get("emptyFieldText"), str):
        pcf.empty_text = body["emptyFieldText"]
    return ctx.render(pcf)


@route("POST", "admin/projects/{id}/customFields/{fieldId}")
async def update_project_field(ctx: Ctx) -> Any:
    """Change ``canBeEmpty``, ``emptyFieldText`` or ``bundle`` of a project field (admin)."""
    ctx.store.require_admin(ctx.user)
    pcf = _pcf(ctx)
    body = await ctx.body_object()
    if isinstance(body.get("canBeEmpty"), bool):
        pcf.can_be_empty = body["canBeEmpty"]
    if isinstance(body.get("emptyFieldText"), str):
        pcf.empty_text = body["emptyFieldText"]
    bundle_ref = body.get("bundle")
    if isinstance(bundle_ref, dict) and isinstance(bundle_ref.get("id"), str):
        bundle = _bundle_by_id(ctx.store, bundle_ref["id"])
        if bundle is None or bundle.kind != pcf.kind.bundle:
            raise bad_request(f"Invalid bundle for field {pcf.field.name}")
        pcf.bundle = bundle
    return ctx.changed(pcf)


@route("DELETE", "admin/projects/{id}/customFields/{fieldId}")
async def detach_project_field(ctx: Ctx) -> Any:
    """Remove a field from a project (its values go too; admin)."""
    ctx.store.require_admin(ctx.user)
    pcf = _pcf(ctx)
    pcf.project.fields.remove(pcf)
    pcf.field.instances.remove(pcf)
    for issue in ctx.store.issues.values():
        if issue.project is pcf.project:
            issue.values.pop(pcf.id, None)
    return ctx.changed()


@route("GET", "admin/customFieldSettings/types")
async def field_types(ctx: Ctx) -> Any:
    """Every custom field type."""
    from .._state.custom_fields import field_type

    return ctx.render_page([field_type(type_id) for type_id in FIELD_KINDS])
