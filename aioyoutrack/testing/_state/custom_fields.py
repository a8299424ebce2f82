"""Entities of the fake's schema: users, groups, projects, custom fields and bundles.

Plain slotted dataclasses holding direct references to each other; ``WIRE`` says how
each renders (see :mod:`.._wire.projection`). Identity equality (``eq=False``) so they can
live in sets and dict keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import TYPE_CHECKING, Any, ClassVar

from .._wire.kinds import BUNDLE_ELEMENT_TYPES, BUNDLE_TYPES, FIELD_KINDS, FieldKind, format_period
from .._wire.projection import OMIT, Entity, Getter, View

if TYPE_CHECKING:
    pass


@dataclass(slots=True, eq=False)
class User(Entity):
    """A user account; ``token`` and ``admin`` are the fake's own (never rendered)."""

    SHARED: ClassVar[bool] = True

    wire_type: ClassVar[str] = "User"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": "id",
        "login": "login",
        "fullName": "full_name",
        "name": "full_name",
        "email": "email",
        "ringId": "ring_id",
        "guest": "guest",
        "online": lambda o, v: False,
        "banned": "banned",
        "avatarUrl": lambda o, v: f"/hub/api/rest/avatar/{o.ring_id}?s=48",
        "tags": lambda o, v: [t for t in v.store.tags.values() if t.owner is o],
        "savedQueries": lambda o, v: [q for q in v.store.saved_queries.values() if q.owner is o],
    }

    id: str
    login: str
    full_name: str
    email: str | None
    ring_id: str
    token: str
    admin: bool = False
    guest: bool = False
    banned: bool = False


@dataclass(slots=True, eq=False)
class Group(Entity):
    """A user group; a project's team is a group with ``team_for`` set."""

    SHARED: ClassVar[bool] = True

    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": "id",
        "name": "name",
        "ringId": "ring_id",
        "usersCount": lambda o, v: len(o.members),
        "icon": lambda o, v: None,
        "allUsersGroup": "all_users",
        "teamForProject": "team_for",
        "project": lambda o, v: OMIT if o.team_for is None else o.team_for,
    }

    id: str
    name: str
    ring_id: str
    members: dict[User, None] = dc_field(default_factory=dict)
    all_users: bool = False
    team_for: Project | None = None

    @property
    def wire_type(self) -> str:  # type: ignore[override]
        """``ProjectTeam`` for a project's team, else ``UserGroup``."""
        return "ProjectTeam" if self.team_for is not None else "UserGroup"


@dataclass(slots=True, eq=False)
class FieldStyle(Entity):
    """A colour of a bundle element or tag."""

    SHARED: ClassVar[bool] = True

    wire_type: ClassVar[str] = "FieldStyle"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": "id",
        "background": "background",
        "foreground": "foreground",
    }

    id: str
    background: str = "#ffffff"
    foreground: str = "#444444"


@dataclass(slots=True, eq=False)
class Visibility(Entity):
    """``UnlimitedVisibility`` (no groups or users) or ``LimitedVisibility``."""

    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": lambda o, v: None,
        "permittedGroups": lambda o, v: o.groups if o.limited else OMIT,
        "permittedUsers": lambda o, v: o.users if o.limited else OMIT,
    }

    groups: list[Group] = dc_field(default_factory=list)
    users: list[User] = dc_field(default_factory=list)

    @property
    def limited(self) -> bool:
        """True when access is restricted to some groups or users."""
        return bool(self.groups or self.users)

    @property
    def wire_type(self) -> str:  # type: ignore[override]
        """``LimitedVisibility`` or ``UnlimitedVisibility``."""
        return "LimitedVisibility" if self.limited else "UnlimitedVisibility"


@dataclass(slots=True, eq=False)
class SharingSettings(Entity):
    """Who may read or update a tag, saved query or board (nobody extra by default).

    ``type_name`` is the spec's schema for the attribute holding it: boards use
    ``AgileSharingSettings``, ``Tag.tagSharingSettings`` is ``TagSharingSettings``.
    """

    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": lambda o, v: None,
        "permittedGroups": "groups",
        "permittedUsers": "users",
    }

    groups: list[Group] = dc_field(default_factory=list)
    users: list[User] = dc_field(default_factory=list)
    type_name: str = "WatchFolderSharingSettings"

    @property
    def wire_type(self) -> str:  # type: ignore[override]
        """``WatchFolderSharingSettings``, ``TagSharingSettings`` or ``AgileSharingSettings``."""
        return self.type_name


@dataclass(slots=True, eq=False)
class FieldType(Entity):
    """``fieldType`` of a custom field: ``enum[1]``, ``date and time``, ..."""

    SHARED: ClassVar[bool] = True

    wire_type: ClassVar[str] = "FieldType"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": lambda o, v: o.kind.type_id,
        "valueType": lambda o, v: o.kind.value_type,
        "isMultiValue": lambda o, v: o.kind.multi,
        "presentation": lambda o, v: o.kind.type_id,
    }

    kind: FieldKind


_FIELD_TYPES = {type_id: FieldType(kind) for type_id, kind in FIELD_KINDS.items()}


def field_type(type_id: str) -> FieldType:
    """The shared FieldType entity of a type id (KeyError if unknown)."""
    return _FIELD_TYPES[type_id]


def _element_only(kind: str, attr: str) -> Getter:
    def get(obj: Any, view: View) -> Any:
        return getattr(obj, attr) if obj.kind == kind else OMIT

    return get


@dataclass(slots=True, eq=False)
class BundleElement(Entity):
    """A value of an enum/state/version/build/owned bundle."""

    SHARED: ClassVar[bool] = True

    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": "id",
        "name": "name",
        "localizedName": lambda o, v: None if o.kind in ("enum", "state") else OMIT,
        "description": "description",
        "archived": "archived",
        "ordinal": "ordinal",
        "color": "color",
        "bundle": "bundle",
        "hasRunningJob": lambda o, v: False,
        "isResolved": _element_only("state", "is_resolved"),
        "released": _element_only("version", "released"),
        "releaseDate": _element_only("version", "release_date"),
        "startDate": _element_only("version", "start_date"),
        "assembleDate": _element_only("build", "assemble_date"),
        "owner": _element_only("ownedField", "owner"),
    }

    id: str
    name: str
    kind: str
    bundle: Bundle
    ordinal: int = 0
    description: str | None = None
    archived: bool = False
    color: FieldStyle | None = None
    is_resolved: bool = False
    released: bool = False
    release_date: int | None = None
    start_date: int | None = None
    assemble_date: int | None = None
    owner: User | None = None

    @property
    def wire_type(self) -> str:  # type: ignore[override]
        """``EnumBundleElement``, ``StateBundleElement``, ..."""
        return BUNDLE_ELEMENT_TYPES[self.kind]


def _user_bundle_users(bundle: Bundle) -> list[User]:
    seen: dict[User, None] = dict.fromkeys(bundle.individuals)
    for group in bundle.groups:
        seen.update(group.members)
    return list(seen)


@dataclass(slots=True, eq=False)
class Bundle(Entity):
    """A set of values a bundle-typed field can take (or users, for user fields)."""

    SHARED: ClassVar[bool] = True

    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": "id",
        "name": "name",
        "isUpdateable": lambda o, v: True,
        "values": lambda o, v: o.values if o.kind != "user" else OMIT,
        "individuals": lambda o, v: o.individuals if o.kind == "user" else OMIT,
        "groups": lambda o, v: o.groups if o.kind == "user" else OMIT,
        "aggregatedUsers": lambda o, v: _user_bundle_users(o) if o.kind == "user" else OMIT,
    }

    id: str
    name: str
    kind: str
    values: list[BundleElement] = dc_field(default_factory=list)
    individuals: list[User] = dc_field(default_factory=list)
    groups: list[Group] = dc_field(default_factory=list)

    @property
    def wire_type(self) -> str:  # type: ignore[override]
        """``EnumBundle``, ``UserBundle``, ..."""
        return BUNDLE_TYPES[self.kind]

    def element(self, key: str) -> BundleElement | None:
        """The element named ``key`` (case-insensitive) or with id ``key``."""
        low = key.lower()
        for element in self.values:
            if element.id == key or element.name.lower() == low:
                return element
        return None

    def users(self) -> list[User]:
        """Every user a user field with this bundle may hold."""
        return _user_bundle_users(self)


@dataclass(slots=True, eq=False)
class CustomField(Entity):
    """A global custom field definition."""

    SHARED: ClassVar[bool] = True

    wire_type: ClassVar[str] = "CustomField"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": "id",
        "name": "name",
        "localizedName": lambda o, v: None,
        "fieldType": "field_type",
        "aliases": "aliases",
        "isAutoAttached": "auto_attached",
        "isDisplayedInIssueList": lambda o, v: True,
        "ordinal": "ordinal",
        "hasRunningJob": lambda o, v: False,
        "isUpdateable": lambda o, v: True,
        "instances": "instances",
    }

    id: str
    name: str
    field_type: FieldType
    ordinal: int = 0
    aliases: str | None = None
    auto_attached: bool = False
    instances: list[ProjectCustomField] = dc_field(default_factory=list)

    @property
    def kind(self) -> FieldKind:
        """The field's kind (type id, multi, wire types)."""
        return self.field_type.kind


def _pcf_bundle(obj: ProjectCustomField, view: View) -> Any:
    return obj.bundle if obj.field.kind.bundle is not None else OMIT


def _pcf_defaults(obj: ProjectCustomField, view: View) -> Any:
    return obj.default_values if obj.field.kind.bundle is not None or obj.is_group else OMIT


@dataclass(slots=True, eq=False)
class ProjectCustomField(Entity):
    """A custom field attached to a project, with its bundle and settings."""

    SHARED: ClassVar[bool] = True

    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": "id",
        "field": "field",
        "project": "project",
        "canBeEmpty": "can_be_empty",
        "emptyFieldText": "empty_text",
        "ordinal": "ordinal",
        "isPublic": lambda o, v: True,
        "hasRunningJob": lambda o, v: False,
        "condition": lambda o, v: None,
        "bundle": _pcf_bundle,
        "defaultValues": _pcf_defaults,
    }

    id: str
    field: CustomField
    project: Project
    bundle: Bundle | None = None
    can_be_empty: bool = True
    empty_text: str = "No value"
    ordinal: int = 0
    default_values: list[Any] = dc_field(default_factory=list)

    @property
    def wire_type(self) -> str:  # type: ignore[override]
        """``EnumProjectCustomField``, ``SimpleProjectCustomField``, ..."""
        return self.field.kind.project_type

    @property
    def kind(self) -> FieldKind:
        """The kind of the underlying field."""
        return self.field.kind

    @property
    def name(self) -> str:
        """The field's name."""
        return self.field.name

    @property
    def is_group(self) -> bool:
        """True for group-typed fields (which have no bundle)."""
        return self.field.kind.value_type == "group"


@dataclass(slots=True, eq=False)
class Project(Entity):
    """A project: issues are numbered per project (``SP-1``)."""

    SHARED: ClassVar[bool] = True

    wire_type: ClassVar[str] = "Project"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": "id",
        "name": "name",
        "shortName": "short_name",
        "description": "description",
        "leader": "leader",
        "createdBy": "created_by",
        "archived": "archived",
        "customFields": "fields",
        "team": "team",
        "ringId": "ring_id",
        "template": lambda o, v: False,
        "startingNumber": lambda o, v: 1,
        "iconUrl": lambda o, v: None,
        "fromEmail": lambda o, v: None,
        "replyToEmail": lambda o, v: None,
        "issues": lambda o, v: [i for i in v.store.issues.values() if i.project is o],
    }

    id: str
    name: str
    short_name: str
    leader: User
    created_by: User
    team: Group
    ring_id: str
    description: str | None = None
    archived: bool = False
    fields: list[ProjectCustomField] = dc_field(default_factory=list)
    next_number: int = 1
    next_article: int = 1

    def custom_field(self, name: str) -> ProjectCustomField | None:
        """The project field named ``name`` (case-insensitive) or with pcf id ``name``."""
        low = name.lower()
        for pcf in self.fields:
            if pcf.id == name or pcf.field.name.lower() == low:
                return pcf
        return None


@dataclass(slots=True, eq=False)
class WorkDuration(Entity):
    """``PeriodValue`` of a period field or ``DurationValue`` of a work item."""

    WIRE: ClassVar[dict[str, str | Getter]] = {
        # A real server's id is the minutes as a string ("100"): moneymeets/youtrack-sdk
        # tests/responses/issue_work_items.json and issue.json, recorded from live servers.
        "id": lambda o, v: str(o.minutes),
        "minutes": "minutes",
        "presentation": lambda o, v: format_period(o.minutes),
    }

    minutes: int
    type_name: str = "PeriodValue"

    @property
    def wire_type(self) -> str:  # type: ignore[override]
        """``PeriodValue`` or ``DurationValue``."""
        return self.type_name


@dataclass(slots=True, eq=False)
class TextValue(Entity):
    """``TextFieldValue`` of a text field."""

    wire_type: ClassVar[str] = "TextFieldValue"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": lambda o, v: None,
        "text": "text",
        "markdownText": "text",
    }

    text: str
