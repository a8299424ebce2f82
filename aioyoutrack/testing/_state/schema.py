"""Building the schema: users, groups, bundles, custom fields, projects, link types.

Used by the seed, by FakeYouTrack's setup helpers and by the admin routes.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from ...errors import ConfigurationError
from .._wire.kinds import FIELD_KINDS
from .custom_fields import (
    PALETTE,
    Bundle,
    BundleElement,
    CustomField,
    ProjectCustomField,
    field_style,
    field_type,
)
from .issues import LinkType, WorkItemType
from .projects import Project
from .store import Store, require_unused
from .users import Group, User

__all__ = [
    "STANDARD_FIELDS",
    "FieldSpec",
    "add_bundle",
    "add_element",
    "add_field",
    "add_group",
    "add_link_type",
    "add_project",
    "add_user",
    "add_work_item_type",
    "attach_field",
    "ensure_basics",
]


@dataclass(frozen=True)
class FieldSpec:
    """A custom field to attach to a project (see ``FakeYouTrack.add_project``).

    ``type`` is a ``fieldType.id`` (``enum[1]``, ``user[*]``, ``period``, ...);
    ``values`` names the bundle elements (versions, builds, ...); ``resolved`` the
    state values that count as resolved; ``default`` the value(s) new issues get.
    """

    name: str
    type: str
    values: Sequence[str] = ()
    resolved: Sequence[str] = ()
    can_be_empty: bool = True
    default: str | Sequence[str] | None = None
    aliases: str | None = None


_STATES: Final = (
    ("Submitted", False),
    ("Open", False),
    ("In Progress", False),
    ("To be discussed", False),
    ("Reopened", False),
    ("Can't Reproduce", True),
    ("Duplicate", True),
    ("Fixed", True),
    ("Won't fix", True),
    ("Incomplete", True),
    ("Obsolete", True),
    ("Verified", True),
)

#: Fields every project may use by name; ``add_project(fields=None)`` takes the first four.
STANDARD_FIELDS: Final[dict[str, FieldSpec]] = {
    spec.name: spec
    for spec in (
        FieldSpec(
            "Priority",
            "enum[1]",
            ("Show-stopper", "Critical", "Major", "Normal", "Minor"),
            can_be_empty=False,
            default="Normal",
        ),
        FieldSpec(
            "Type",
            "enum[1]",
            (
                "Bug",
                "Cosmetics",
                "Exception",
                "Feature",
                "Task",
                "Usability Problem",
                "Performance Problem",
                "Epic",
            ),
            can_be_empty=False,
            default="Bug",
        ),
        FieldSpec(
            "State",
            "state[1]",
            tuple(name for name, _ in _STATES),
            resolved=tuple(name for name, done in _STATES if done),
            can_be_empty=False,
            default="Submitted",
        ),
        FieldSpec("Assignee", "user[1]", aliases="for, assigned to"),
        FieldSpec("Subsystem", "ownedField[1]", ("Backend", "Frontend", "Documentation")),
        FieldSpec("Fix versions", "version[*]", ("1.0", "1.1", "2.0")),
        FieldSpec("Affected versions", "version[*]", ("1.0", "1.1", "2.0")),
        FieldSpec("Fixed in build", "build[1]", ("100", "101", "102")),
        FieldSpec("Estimation", "period"),
        FieldSpec("Spent time", "period"),
        FieldSpec("Due Date", "date"),
    )
}


def make_token(store: Store, user_id: str, login: str) -> str:
    """A permanent token in YouTrack's shape, deterministic per store salt and login."""
    digest = hashlib.sha256(f"{store.salt}:{login}".encode()).hexdigest()[:30]
    b64_login = base64.b64encode(login.encode()).decode("ascii")
    b64_id = base64.b64encode(user_id.encode()).decode("ascii")
    return f"perm:{b64_login}.{b64_id}.{digest}"


def _ring_id(store: Store, kind: str, key: str) -> str:
    digest = hashlib.md5(f"{store.salt}:{kind}:{key}".encode()).hexdigest()
    return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"


def add_user(
    store: Store,
    login: str,
    *,
    full_name: str | None = None,
    email: str | None = None,
    admin: bool = False,
    banned: bool = False,
    guest: bool = False,
) -> User:
    """Create a user with a permanent token; ValueError if the login is taken."""
    if login.lower() in store.users_by_login:
        raise ConfigurationError(f"user {login!r} exists already")
    user_id = store.new_id("user")
    user = User(
        id=user_id,
        login=login,
        full_name=full_name or login,
        email=email,
        ring_id=_ring_id(store, "user", login),
        token=make_token(store, user_id, login),
        admin=admin,
        guest=guest,
        banned=banned,
    )
    store.users[user.id] = user
    store.users_by_login[login.lower()] = user
    if not guest:
        store.tokens[user.token] = user
    if store.all_users is not None and not guest:
        store.all_users.members[user] = None
    store.touch()
    return user


def add_group(store: Store, name: str, members: Iterable[User] = ()) -> Group:
    """Create a user group."""
    group = Group(id=store.new_id("group"), name=name, ring_id=_ring_id(store, "group", name))
    group.members.update(dict.fromkeys(members))
    return store.keep(store.groups, group)


def ensure_basics(store: Store) -> User:
    """The guest, the All Users group and the ``root`` admin; returns root."""
    if "root" in store.users_by_login:
        return store.users_by_login["root"]
    add_user(store, "guest", full_name="Guest", guest=True, banned=True)
    group = add_group(store, "All Users")
    group.all_users = True
    store.all_users = group
    root = add_user(store, "root", full_name="John Smith", email="root@example.com", admin=True)
    # The four default types as a real /api server has them (moneymeets/youtrack-sdk
    # tests/responses/issue_link_types.json, recorded from a live server): the legacy
    # /rest documentation has Depend and Duplicate the other way round.
    for name, s2t, t2s, directed, aggregation, read_only in (
        ("Relates", "relates to", "", False, False, False),
        ("Depend", "is required for", "depends on", True, False, False),
        ("Duplicate", "is duplicated by", "duplicates", True, True, True),
        ("Subtask", "parent for", "subtask of", True, True, True),
    ):
        add_link_type(
            store,
            name,
            s2t,
            t2s,
            directed=directed,
            aggregation=aggregation,
            read_only=read_only,
        )
    for name in ("Development", "Testing", "Documentation"):
        add_work_item_type(store, name)
    return root


def add_link_type(
    store: Store,
    name: str,
    source_to_target: str,
    target_to_source: str = "",
    *,
    directed: bool = False,
    aggregation: bool = False,
    read_only: bool = False,
) -> LinkType:
    """Create an issue link type (``read_only``: a built-in type that cannot be
    changed or deleted)."""
    link_type = LinkType(
        id=store.new_id("linktype"),
        name=name,
        source_to_target=source_to_target,
        target_to_source=target_to_source if directed else "",
        directed=directed,
        aggregation=aggregation,
        read_only=read_only,
    )
    return store.keep(store.link_types, link_type)


def add_work_item_type(store: Store, name: str) -> WorkItemType:
    """Create a work item type."""
    item_type = WorkItemType(id=store.new_id("workitemtype"), name=name)
    return store.keep(store.work_item_types, item_type)


def add_bundle(store: Store, kind: str, name: str, values: Iterable[str] = ()) -> Bundle:
    """Create a bundle of ``kind`` (``enum``, ``state``, ``version``, ..., ``user``)."""
    bundle = Bundle(id=store.new_id("bundle"), name=name, kind=kind)
    store.bundles[bundle.id] = bundle
    for value in values:
        add_element(store, bundle, value)
    store.touch()
    return bundle


def add_element(store: Store, bundle: Bundle, name: str, **attrs: Any) -> BundleElement:
    """Add a value to an element bundle; ValueError if the name exists."""
    if bundle.element(name) is not None:
        raise ConfigurationError(f"{bundle.name} already has a value {name!r}")
    ordinal = len(bundle.values)
    element = BundleElement(
        id=store.new_id("element"),
        name=name,
        kind=bundle.kind,
        bundle=bundle,
        ordinal=ordinal,
        color=field_style(str(ordinal % len(PALETTE))),
        **attrs,
    )
    bundle.values.append(element)
    return store.keep(store.elements, element)


def add_field(store: Store, name: str, type_id: str, *, aliases: str | None = None) -> CustomField:
    """Create a global custom field; ValueError for an unknown type or a taken name."""
    if type_id not in FIELD_KINDS:
        raise ConfigurationError(f"unknown custom field type {type_id!r}")
    require_unused((f.name for f in store.fields.values()), name, "custom field")
    custom = CustomField(
        id=store.new_id("field"),
        name=name,
        field_type=field_type(type_id),
        ordinal=len(store.fields),
        aliases=aliases,
    )
    return store.keep(store.fields, custom)


def attach_field(
    store: Store,
    project: Project,
    custom: CustomField,
    *,
    bundle: Bundle | None = None,
    can_be_empty: bool = True,
    defaults: Sequence[Any] = (),
) -> ProjectCustomField:
    """Attach a global field to a project (ValueError if attached already)."""
    if any(p.field is custom for p in project.fields):
        raise ConfigurationError(f"{custom.name} is attached to {project.short_name} already")
    kind = custom.kind
    if kind.bundle is not None and (bundle is None or bundle.kind != kind.bundle):
        raise ConfigurationError(f"{custom.name} needs a {kind.bundle} bundle")
    pcf = ProjectCustomField(
        id=store.new_id("pcf"),
        field=custom,
        project=project,
        bundle=bundle,
        can_be_empty=can_be_empty,
        empty_text="Unassigned" if kind.value_type == "user" else "No " + custom.name.lower(),
        ordinal=len(project.fields),
        default_values=list(defaults),
    )
    project.fields.append(pcf)
    custom.instances.append(pcf)
    store.touch()
    return pcf


def add_project(
    store: Store,
    short_name: str,
    name: str,
    *,
    leader: User,
    description: str | None = None,
) -> Project:
    """Create a project (no fields yet) with a team group led by ``leader``."""
    require_unused((p.short_name for p in store.projects.values()), short_name, "project")
    team = add_group(store, f"{name} Team", [leader])
    project = Project(
        id=store.new_id("project"),
        name=name,
        short_name=short_name,
        leader=leader,
        created_by=leader,
        team=team,
        ring_id=_ring_id(store, "project", short_name),
        description=description,
    )
    team.team_for = project
    return store.keep(store.projects, project)


def attach_spec(store: Store, project: Project, spec: FieldSpec | str) -> ProjectCustomField:
    """Attach a field described by ``spec`` (or a standard/existing field's name)."""
    if isinstance(spec, str):
        existing = next((f for f in store.fields.values() if f.name.lower() == spec.lower()), None)
        if spec in STANDARD_FIELDS:
            spec = STANDARD_FIELDS[spec]
        elif existing is not None:
            spec = FieldSpec(existing.name, existing.kind.type_id)
        else:
            raise ConfigurationError(f"unknown field {spec!r}: pass a FieldSpec")
    custom = next((f for f in store.fields.values() if f.name.lower() == spec.name.lower()), None)
    if custom is None:
        custom = add_field(store, spec.name, spec.type, aliases=spec.aliases)
    elif custom.kind.type_id != spec.type:
        raise ConfigurationError(f"field {spec.name!r} is a {custom.kind.type_id} field")
    kind = custom.kind
    bundle = None
    if kind.bundle == "user":
        bundle = add_bundle(store, "user", f"{project.short_name}: {spec.name}")
        bundle.groups.append(project.team)
    elif kind.bundle is not None:
        bundle = _shared_bundle(store, custom, spec)
        for index, value in enumerate(spec.values):
            if bundle.element(value) is None:
                extra = {"is_resolved": value in spec.resolved} if kind.bundle == "state" else {}
                if kind.bundle == "version":
                    extra = {"released": index < len(spec.values) - 1}
                add_element(store, bundle, value, **extra)
    defaults = _defaults(store, project, bundle, spec)
    return attach_field(
        store, project, custom, bundle=bundle, can_be_empty=spec.can_be_empty, defaults=defaults
    )


def _shared_bundle(store: Store, custom: CustomField, spec: FieldSpec) -> Bundle:
    # Enum and state bundles are shared by every project using the field (like the
    # stock Priorities/States bundles); versions, builds and owned values per project.
    kind = custom.kind.bundle
    assert kind is not None
    if kind in ("enum", "state") and custom.instances:
        existing = custom.instances[0].bundle
        if existing is not None:
            return existing
    if spec.name.endswith("s"):
        plural = spec.name
    elif spec.name.endswith("y"):
        plural = spec.name[:-1] + "ies"
    else:
        plural = spec.name + "s"
    if kind == "state":
        plural = "States"
    elif kind != "enum":
        plural = f"{custom.name} ({len(store.bundles)})"

    return add_bundle(store, kind, plural)


def _defaults(store: Store, project: Project, bundle: Bundle | None, spec: FieldSpec) -> list[Any]:
    if spec.default is None:
        return []
    names = [spec.default] if isinstance(spec.default, str) else list(spec.default)
    out: list[Any] = []
    for name in names:
        if bundle is not None and bundle.kind != "user":
            element = bundle.element(name)
            if element is None:
                raise ConfigurationError(f"default {name!r} is not a value of {spec.name}")
            out.append(element)
        elif bundle is not None:
            out.append(store.find_user(name))
        else:
            out.append(store.find_group(name))
    return out
