"""Projects: ``/api/admin/projects`` and their custom fields, issues and articles."""

from __future__ import annotations

import re
from typing import Any

from .._http.errors import bad_request, found, not_found
from .._http.registry import Ctx, route, serve_list, serve_one
from .._state.custom_fields import Bundle, BundleElement, FieldCondition, ProjectCustomField
from .._state.issues import Issue
from .._state.operations.issues import delete_issue
from .._state.projects import Project
from .._state.schema import STANDARD_FIELDS, add_bundle, add_project, attach_field, attach_spec
from .._state.store import Store
from .._wire.kinds import FIELD_KINDS
from .._wire.refs import (
    any_str,
    assign,
    given,
    opt_list,
    opt_str,
    ref_entity,
    ref_key,
    ref_user,
    req_bool,
    req_int,
    req_str,
)
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
    settings = _settings(project, body)  # all read before the field is attached
    try:
        pcf = attach_field(store, project, custom, bundle=bundle)
    except ValueError as error:
        raise bad_request(str(error)) from None
    _apply(store, pcf, settings)
    return ctx.render(pcf)


@route("POST", "admin/projects/{id}/customFields/{fieldId}")
async def update_project_field(ctx: Ctx) -> Any:
    """Change the settings of a project field (see :func:`_settings`) or its ``bundle``
    (admin); what the body leaves out stays as it was."""
    ctx.store.require_admin(ctx.user)
    pcf = _pcf(ctx)
    body = await ctx.body_object()
    settings = _settings(pcf.project, body, pcf)
    bundle_ref = body.get("bundle")
    if isinstance(bundle_ref, dict) and isinstance(bundle_ref.get("id"), str):
        bundle = _bundle_by_id(ctx.store, bundle_ref["id"])
        if bundle is None or bundle.kind != pcf.kind.bundle:
            raise bad_request(f"Invalid bundle for field {pcf.field.name}")
        if bundle is not pcf.bundle:
            settings["bundle"] = bundle
    _apply(ctx.store, pcf, settings)
    if "bundle" in settings:
        _drop_conditions_on(pcf)  # their values are of the bundle it had
    return ctx.changed(pcf)


def _drop_conditions_on(pcf: ProjectCustomField) -> None:
    """Remove the conditions that depend on ``pcf`` (detached, or given another bundle):
    they could never show their fields again. The fake's choice: no source says what a
    real server does."""
    for other in pcf.project.fields:
        if other.condition is not None and other.condition.field is pcf:
            other.condition = None


#: ``condition`` not in the body: the field keeps the one it has.
_UNCHANGED: Any = object()

#: A condition read from a body: the field it depends on, its values, showForNullValue.
_Condition = tuple[ProjectCustomField, list[BundleElement], bool]


def _settings(
    project: Project, body: dict[str, Any], own: ProjectCustomField | None = None
) -> dict[str, Any]:
    """The writable attributes of ``ProjectCustomField`` (openapi.json: ``canBeEmpty``,
    ``emptyFieldText``, ``ordinal``, ``isPublic``, ``condition``) that ``body`` gives,
    each read, or refused with a 400, before any is set."""
    settings = given(body, can_be_empty=req_bool, is_public=req_bool, ordinal=_ordinal)
    if "emptyFieldText" in body:
        settings["empty_text"] = any_str(body, "emptyFieldText")
    if "condition" in body:
        settings["condition"] = _condition(project, body["condition"], own)
    return settings


def _ordinal(body: dict[str, Any], key: str) -> int:
    """An ``ordinal``: an int32 (the spec's format) of 0 or more."""
    value = req_int(body, key)
    if not 0 <= value < 2**31:
        raise bad_request(f"{key} must be from 0 to 2147483647, got {value}")
    return value


def _condition(project: Project, raw: Any, own: ProjectCustomField | None) -> _Condition | None:
    """A ``FieldBasedCondition`` body (``{"field": {"id"}, "values": [{"id"|"name"}],
    "showForNullValue"}``) read against the project's fields; null removes it."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise bad_request("condition must be an object")
    if raw.get("$type") not in (None, "FieldBasedCondition"):
        raise bad_request(f"Unknown condition $type {raw['$type']!r}: use FieldBasedCondition")
    key = ref_key(raw.get("field"), ("id", "name"), "condition.field")
    target = project.custom_field(key)
    if target is None or target is own or not target.kind.has_elements:
        raise bad_request(
            f"condition.field {key!r} is not another field of project "
            f"{project.short_name} with a set of values"
        )
    depends = target
    for _ in project.fields:  # a field shown by a field it shows would hide both
        if depends.condition is None:
            break
        depends = depends.condition.field
        if depends is own:
            raise bad_request(f"condition.field {target.name} depends on this field itself")
    assert target.bundle is not None  # a field with elements has a bundle
    values = []
    for item in opt_list(raw, "values"):
        value_key = ref_key(item, ("id", "name"), "condition value")
        element = target.bundle.element(value_key)
        if element is None:
            raise bad_request(f"Unknown value {value_key!r} for field {target.name}")
        values.append(element)
    show_for_null = req_bool(raw, "showForNullValue") if "showForNullValue" in raw else False
    return target, values, show_for_null


def _apply(store: Store, pcf: ProjectCustomField, settings: dict[str, Any]) -> None:
    """Set what :func:`_settings` read; a new ``ordinal`` is the field's place among the
    project's fields, which are numbered again from 0."""
    condition = settings.pop("condition", _UNCHANGED)
    assign(pcf, settings)
    if condition is None:
        pcf.condition = None
    elif condition is not _UNCHANGED:
        target, values, show_for_null = condition
        ident = pcf.condition.id if pcf.condition is not None else store.new_id("condition")
        pcf.condition = FieldCondition(ident, pcf, target, values, show_for_null)
    if "ordinal" in settings:  # the field moves there; the others keep their order
        fields = pcf.project.fields
        fields.remove(pcf)
        fields.insert(max(0, min(pcf.ordinal, len(fields))), pcf)
        for position, field in enumerate(fields):
            field.ordinal = position


@route("DELETE", "admin/projects/{id}/customFields/{fieldId}")
async def detach_project_field(ctx: Ctx) -> Any:
    """Remove a field from a project (its values go too; admin)."""
    ctx.store.require_admin(ctx.user)
    pcf = _pcf(ctx)
    pcf.project.fields.remove(pcf)
    pcf.field.instances.remove(pcf)
    _drop_conditions_on(pcf)
    for issue in ctx.store.issues.values():
        if issue.project is pcf.project:
            issue.values.pop(pcf.id, None)
    return ctx.changed()


@route("GET", "admin/customFieldSettings/types")
async def field_types(ctx: Ctx) -> Any:
    """Every custom field type."""
    from .._state.custom_fields import field_type

    return ctx.render_page([field_type(type_id) for type_id in FIELD_KINDS])
