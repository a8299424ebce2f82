"""Global custom fields and bundles: ``/api/admin/customFieldSettings/...``."""

from __future__ import annotations

from typing import Any

from .._http.errors import bad_request, not_found
from .._http.registry import Ctx, route, serve_list, serve_one
from .._state.custom_fields import (
    Bundle,
    BundleElement,
    CustomField,
    FieldDefaults,
    field_defaults_of,
)
from .._state.records import merge_record
from .._state.schema import add_bundle, add_element, add_field
from .._state.users import Group, User
from .._wire.kinds import BUNDLE_ELEMENT_TYPES
from .._wire.refs import (
    Reader,
    assign,
    given,
    opt_list,
    opt_str,
    ref_group,
    ref_key,
    ref_user,
    req_bool,
    req_int,
    req_str,
)

_BASE = "admin/customFieldSettings"
_KINDS = "{kind:enum|state|version|build|ownedField}"


def _field(ctx: Ctx) -> CustomField:
    return ctx.store.find_field(ctx.arg("id"))


serve_list(f"{_BASE}/customFields", lambda ctx: list(ctx.store.fields.values()))


#: The writable attributes of a field besides ``name``, ``fieldType`` and ``aliases``
#: (spec: ``CustomField``, ``readOnly: false``), read from a create or update body.
_FIELD_SETTINGS: dict[str, Reader] = {
    "localized_name": opt_str,
    "is_auto_attached": req_bool,
    "is_displayed_in_issue_list": req_bool,
    "ordinal": req_int,
}


@route("POST", f"{_BASE}/customFields")
async def create_field(ctx: Ctx) -> Any:
    """Create a field ``{name, fieldType: {id}}`` with its other writable attributes
    (admin)."""
    ctx.store.require_admin(ctx.user)
    body = await ctx.body_object()
    type_id = ref_key(body.get("fieldType"), ("id",), "fieldType")
    settings = given(body, **_FIELD_SETTINGS)  # all read before anything is created
    try:
        custom = add_field(
            ctx.store, req_str(body, "name"), type_id, aliases=opt_str(body, "aliases")
        )
    except ValueError as error:
        raise bad_request(str(error)) from None
    assign(custom, settings)
    return ctx.render(custom)


serve_one(f"{_BASE}/customFields/{{id}}", _field)


def _defaults(ctx: Ctx) -> FieldDefaults:
    return field_defaults_of(ctx.store, _field(ctx))


serve_one(f"{_BASE}/customFields/{{id}}/fieldDefaults", _defaults)


@route("POST", f"{_BASE}/customFields/{{id}}/fieldDefaults")
async def update_field_defaults(ctx: Ctx) -> Any:
    """Change ``canBeEmpty``, ``emptyFieldText`` or ``isPublic`` (admin)."""
    ctx.store.require_admin(ctx.user)
    defaults = _defaults(ctx)
    body = await ctx.body_object()
    merge_record(defaults.settings, {k: v for k, v in body.items() if k != "parent"})
    return ctx.changed(defaults)


@route("POST", f"{_BASE}/customFields/{{id}}")
async def update_field(ctx: Ctx) -> Any:
    """Rename a field, or change its aliases or other writable attributes (admin)."""
    ctx.store.require_admin(ctx.user)
    custom = _field(ctx)
    await ctx.body_into(custom, name=req_str, aliases=opt_str, **_FIELD_SETTINGS)
    return ctx.changed(custom)


@route("DELETE", f"{_BASE}/customFields/{{id}}")
async def delete_field(ctx: Ctx) -> Any:
    """Delete a field that no project uses (admin)."""
    ctx.store.require_admin(ctx.user)
    custom = _field(ctx)
    if custom.instances:
        raise bad_request(f"Field {custom.name} is used in projects")
    del ctx.store.fields[custom.id]
    return ctx.changed()


serve_list(f"{_BASE}/customFields/{{id}}/instances", lambda ctx: _field(ctx).instances)


def _bundle(ctx: Ctx, kind: str) -> Bundle:
    bundle = ctx.store.bundles.get(ctx.arg("id"))
    if bundle is None or bundle.kind != kind:
        raise not_found(ctx.arg("id"))
    return bundle


def _element(ctx: Ctx, bundle: Bundle) -> BundleElement:
    return ctx.member(bundle.values, "valueId")


_ELEMENT_ATTRS = {
    "description": ("description", str),
    "archived": ("archived", bool),
    "isResolved": ("is_resolved", bool),
    "released": ("released", bool),
    "releaseDate": ("release_date", int),
    "startDate": ("start_date", int),
    "assembleDate": ("assemble_date", int),
}


def _element_attrs(ctx: Ctx, kind: str, raw: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, (attr, wanted) in _ELEMENT_ATTRS.items():
        if raw.get(key) is not None:
            if not isinstance(raw[key], wanted):
                raise bad_request(f"{key} has a wrong type")
            out[attr] = raw[key]
    if kind == "ownedField" and raw.get("owner"):
        out["owner"] = ref_user(ctx.store, raw["owner"], ctx.user)
    return out


def _check_element_type(kind: str, raw: dict[str, Any]) -> None:
    wire_type = raw.get("$type")
    if wire_type is not None and wire_type != BUNDLE_ELEMENT_TYPES[kind]:
        raise bad_request(f"Incompatible bundle element type: {wire_type}")


def _new_element(ctx: Ctx, bundle: Bundle, raw: Any) -> BundleElement:
    if not isinstance(raw, dict):
        raise bad_request("A bundle value must be an object")
    _check_element_type(bundle.kind, raw)
    try:
        return add_element(
            ctx.store, bundle, req_str(raw, "name"), **_element_attrs(ctx, bundle.kind, raw)
        )
    except ValueError as error:
        raise bad_request(str(error)) from None


@route("GET", f"{_BASE}/bundles/{_KINDS}")
async def list_bundles(ctx: Ctx) -> Any:
    """The bundles of one kind."""
    kind = ctx.arg("kind")
    return ctx.render_page([b for b in ctx.store.bundles.values() if b.kind == kind])


@route("POST", f"{_BASE}/bundles/{_KINDS}")
async def create_bundle(ctx: Ctx) -> Any:
    """Create a bundle ``{name, values: [{name, ...}]}`` (admin)."""
    ctx.store.require_admin(ctx.user)
    kind = ctx.arg("kind")
    body = await ctx.body_object()
    name = req_str(body, "name")
    values = opt_list(body, "values")
    bundle = add_bundle(ctx.store, kind, name)
    for raw in values:
        _new_element(ctx, bundle, raw)
    return ctx.render(bundle)


serve_one(f"{_BASE}/bundles/{_KINDS}/{{id}}", lambda ctx: _bundle(ctx, ctx.arg("kind")))


@route("POST", f"{_BASE}/bundles/{_KINDS}/{{id}}")
async def update_bundle(ctx: Ctx) -> Any:
    """Rename a bundle or add values to it (admin)."""
    ctx.store.require_admin(ctx.user)
    bundle = _bundle(ctx, ctx.arg("kind"))
    body = await ctx.body_into(bundle, name=req_str)
    for raw in opt_list(body, "values"):
        named = isinstance(raw, dict) and isinstance(raw.get("name"), str)
        if named and bundle.element(raw["name"]) is None:
            _new_element(ctx, bundle, raw)
    return ctx.changed(bundle)


@route("DELETE", f"{_BASE}/bundles/{_KINDS}/{{id}}")
async def delete_bundle(ctx: Ctx) -> Any:
    """Delete a bundle no project field uses (admin)."""
    ctx.store.require_admin(ctx.user)
    return _delete_bundle(ctx, _bundle(ctx, ctx.arg("kind")))


def _delete_bundle(ctx: Ctx, bundle: Bundle) -> Any:
    store = ctx.store
    for custom in store.fields.values():
        if any(pcf.bundle is bundle for pcf in custom.instances):
            raise bad_request(f"Bundle {bundle.name} is used by field {custom.name}")
    del store.bundles[bundle.id]
    return ctx.changed()


serve_list(
    f"{_BASE}/bundles/{_KINDS}/{{id}}/values", lambda ctx: _bundle(ctx, ctx.arg("kind")).values
)


@route("POST", f"{_BASE}/bundles/{_KINDS}/{{id}}/values")
async def add_value(ctx: Ctx) -> Any:
    """Add a value ``{name, ...}`` to a bundle (admin)."""
    ctx.store.require_admin(ctx.user)
    bundle = _bundle(ctx, ctx.arg("kind"))
    return ctx.render(_new_element(ctx, bundle, await ctx.body_object()))


serve_one(
    f"{_BASE}/bundles/{_KINDS}/{{id}}/values/{{valueId}}",
    lambda ctx: _element(ctx, _bundle(ctx, ctx.arg("kind"))),
)


@route("POST", f"{_BASE}/bundles/{_KINDS}/{{id}}/values/{{valueId}}")
async def update_value(ctx: Ctx) -> Any:
    """Rename a value or change its attributes (admin)."""
    ctx.store.require_admin(ctx.user)
    bundle = _bundle(ctx, ctx.arg("kind"))
    element = _element(ctx, bundle)
    body = await ctx.body_object()
    _check_element_type(bundle.kind, body)
    if "name" in body:
        name = req_str(body, "name")
        other = bundle.element(name)
        if other is not None and other is not element:
            raise bad_request(f"{bundle.name} already has a value {name!r}")
        element.name = name
    for attr, value in _element_attrs(ctx, bundle.kind, body).items():
        setattr(element, attr, value)
    return ctx.changed(element)


@route("DELETE", f"{_BASE}/bundles/{_KINDS}/{{id}}/values/{{valueId}}")
async def delete_value(ctx: Ctx) -> Any:
    """Remove a value from a bundle; issues holding it lose it (admin)."""
    store = ctx.store
    store.require_admin(ctx.user)
    bundle = _bundle(ctx, ctx.arg("kind"))
    element = _element(ctx, bundle)
    bundle.values.remove(element)
    store.elements.pop(element.id, None)
    for issue in store.issues.values():
        for key, value in list(issue.values.items()):
            if value is element:
                del issue.values[key]
            elif isinstance(value, list) and element in value:
                value.remove(element)
    return ctx.changed()


@route("GET", f"{_BASE}/bundles/user")
async def list_user_bundles(ctx: Ctx) -> Any:
    """The user bundles."""
    return ctx.render_page([b for b in ctx.store.bundles.values() if b.kind == "user"])


def _set_members(ctx: Ctx, bundle: Bundle, body: dict[str, Any]) -> None:
    """Replace the bundle's ``individuals``/``groups`` when the body names them (all
    references resolved before anything changes)."""
    members: dict[str, list[Any]] = {}
    for key, resolve in (
        ("individuals", lambda ref: ref_user(ctx.store, ref, ctx.user)),
        ("groups", lambda ref: ref_group(ctx.store, ref)),
    ):
        if key in body:
            refs = body[key]
            if not isinstance(refs, list):
                raise bad_request(f"{key} must be an array")
            members[key] = list(dict.fromkeys(resolve(ref) for ref in refs))
    if "individuals" in members:
        bundle.individuals = members["individuals"]
    if "groups" in members:
        bundle.groups = members["groups"]


@route("POST", f"{_BASE}/bundles/user")
async def create_user_bundle(ctx: Ctx) -> Any:
    """Create a user bundle ``{name, individuals?: [{id|login}], groups?: [{id|name}]}``
    (admin)."""
    ctx.store.require_admin(ctx.user)
    body = await ctx.body_object()
    name = req_str(body, "name")
    probe = Bundle(id="", name=name, kind="user")
    _set_members(ctx, probe, body)
    bundle = add_bundle(ctx.store, "user", name)
    bundle.individuals, bundle.groups = probe.individuals, probe.groups
    return ctx.render(bundle)


@route("POST", f"{_BASE}/bundles/user/{{id}}")
async def update_user_bundle(ctx: Ctx) -> Any:
    """Rename a user bundle or replace its individuals or groups (admin)."""
    ctx.store.require_admin(ctx.user)
    bundle = _bundle(ctx, "user")
    body = await ctx.body_object()
    name = req_str(body, "name") if "name" in body else bundle.name
    _set_members(ctx, bundle, body)
    bundle.name = name
    return ctx.changed(bundle)


@route("DELETE", f"{_BASE}/bundles/user/{{id}}")
async def delete_user_bundle(ctx: Ctx) -> Any:
    """Delete a user bundle no project field uses (admin)."""
    ctx.store.require_admin(ctx.user)
    return _delete_bundle(ctx, _bundle(ctx, "user"))


serve_one(f"{_BASE}/bundles/user/{{id}}", lambda ctx: _bundle(ctx, "user"))


def _include(ctx: Ctx, members: list[Any], member: User | Group) -> Any:
    """Add ``member`` to a user bundle's ``members`` unless it is there already."""
    if member not in members:
        members.append(member)
        ctx.store.touch()
    return ctx.render(member)


serve_list(f"{_BASE}/bundles/user/{{id}}/individuals", lambda ctx: _bundle(ctx, "user").individuals)


@route("POST", f"{_BASE}/bundles/user/{{id}}/individuals")
async def add_individual(ctx: Ctx) -> Any:
    """Add a user ``{id|login}`` to a user bundle (admin)."""
    ctx.store.require_admin(ctx.user)
    members = _bundle(ctx, "user").individuals
    return _include(ctx, members, ref_user(ctx.store, await ctx.body_object(), ctx.user))


serve_list(f"{_BASE}/bundles/user/{{id}}/groups", lambda ctx: _bundle(ctx, "user").groups)


@route("POST", f"{_BASE}/bundles/user/{{id}}/groups")
async def add_bundle_group(ctx: Ctx) -> Any:
    """Add a group ``{id|name}`` to a user bundle (admin)."""
    ctx.store.require_admin(ctx.user)
    members = _bundle(ctx, "user").groups
    return _include(ctx, members, ref_group(ctx.store, await ctx.body_object()))


serve_list(f"{_BASE}/bundles/user/{{id}}/aggregatedUsers", lambda ctx: _bundle(ctx, "user").users())


_BUNDLES = "admin/customFieldSettings/bundles/user/{id}"


def _exclude(ctx: Ctx, members: list[Any], name: str) -> Any:
    """Take the member the path parameter ``name`` names out of a user bundle's list."""
    members.remove(ctx.member(members, name))
    return ctx.changed()


serve_one(
    f"{_BUNDLES}/individuals/{{userId}}",
    lambda ctx: ctx.member(_bundle(ctx, "user").individuals, "userId"),
)


@route("DELETE", f"{_BUNDLES}/individuals/{{userId}}")
async def remove_individual(ctx: Ctx) -> Any:
    """Take a user out of the bundle (admin)."""
    ctx.store.require_admin(ctx.user)
    return _exclude(ctx, _bundle(ctx, "user").individuals, "userId")


serve_one(
    f"{_BUNDLES}/groups/{{groupId}}", lambda ctx: ctx.member(_bundle(ctx, "user").groups, "groupId")
)


@route("DELETE", f"{_BUNDLES}/groups/{{groupId}}")
async def remove_bundle_group(ctx: Ctx) -> Any:
    """Take a group out of the bundle (admin)."""
    ctx.store.require_admin(ctx.user)
    return _exclude(ctx, _bundle(ctx, "user").groups, "groupId")
