"""Custom fields: field types, bundles and their elements, global and project fields,
and the values that are entities (periods, text)."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import TYPE_CHECKING, Any, ClassVar, Final

from .._wire.kinds import BUNDLE_ELEMENT_TYPES, BUNDLE_TYPES, FIELD_KINDS, FieldKind, format_period
from .._wire.projection import OMIT, Entity, Getter, NamedType, View, as_constant, as_stored
from .records import Record, new_record
from .resources import extras
from .settings import schedule_of
from .users import Group, User

if TYPE_CHECKING:
    from .projects import Project
    from .store import Store


@dataclass(slots=True, eq=False)
class FieldStyle(Entity):
    """A colour of a bundle element or tag."""

    SHARED: ClassVar[bool] = True

    wire_type: ClassVar[str] = "FieldStyle"
    WIRE: ClassVar[dict[str, str | Getter]] = as_stored("id background foreground")

    id: str
    background: str = "#ffffff"
    foreground: str = "#444444"


#: The fake's colours: ``FieldStyle`` id ``"n"`` is the n-th. A real server has a
#: larger fixed palette whose values are not documented; an id means one colour here,
#: whether a bundle value or a tag wears it.
PALETTE: Final = ("#e30000", "#e6a700", "#1a8f00", "#0070e0", "#8d3ac4", "#777777")


def field_style(ident: str) -> FieldStyle | None:
    """The colour with id ``ident`` (None: not one of :data:`PALETTE`'s)."""
    if not ident.isdigit() or int(ident) >= len(PALETTE):
        return None
    return FieldStyle(id=ident, background=PALETTE[int(ident)])


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
        **as_stored("id name description archived ordinal color bundle"),
        "localizedName": lambda o, v: None if o.kind in ("enum", "state") else OMIT,
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
        **as_stored("id name"),
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
        **as_stored(
            "id name localized_name field_type aliases ordinal instances"
            " is_auto_attached is_displayed_in_issue_list"
        ),
        **as_constant(True, "isUpdateable"),
        "hasRunningJob": lambda o, v: False,
        "fieldDefaults": lambda o, v: field_defaults_of(v.store, o),
    }

    id: str
    name: str
    field_type: FieldType
    ordinal: int = 0
    aliases: str | None = None
    localized_name: str | None = None
    is_auto_attached: bool = False
    is_displayed_in_issue_list: bool = True
    instances: list[ProjectCustomField] = dc_field(default_factory=list)

    @property
    def kind(self) -> FieldKind:
        """The field's kind (type id, multi, wire types)."""
        return self.field_type.kind


def _first_instance(defaults: FieldDefaults, attribute: str) -> Any:
    # The fake keeps no field-level bundle or default values: it answers those of the
    # project the field was first attached to (a real server keeps the ones the field
    # was created with, which new projects start from), and none before any project.
    if defaults.field.kind.bundle is None:
        return OMIT  # CustomFieldDefaults itself (simple and group fields) has neither
    first = defaults.field.instances[0] if defaults.field.instances else None
    if attribute == "bundle":
        return first.bundle if first is not None else None
    return list(first.default_values) if first is not None else []


def _setting(key: str) -> Getter:
    return lambda o, v: o.settings.data.get(key)


@dataclass(slots=True, eq=False)
class FieldDefaults(Entity):
    """``CustomField.fieldDefaults``: the settings a project gets when the field is
    attached (``$type`` per field kind: ``EnumBundleCustomFieldDefaults``, ...).

    ``settings`` holds what ``POST .../fieldDefaults`` changes (``canBeEmpty``,
    ``emptyFieldText``, ``isPublic``); ``bundle`` and ``defaultValues`` are read from
    the field's projects.
    """

    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": lambda o, v: o.field.id,
        **{key: _setting(key) for key in ("canBeEmpty", "emptyFieldText", "isPublic")},
        "parent": "field",
        "bundle": lambda o, v: _first_instance(o, "bundle"),
        "defaultValues": lambda o, v: _first_instance(o, "defaultValues"),
    }

    field: CustomField
    settings: Record

    @property
    def wire_type(self) -> str:  # type: ignore[override]
        """``CustomFieldDefaults`` or the subtype of the field's kind."""
        return self.field.kind.defaults_type


def _pcf_bundle(obj: ProjectCustomField, view: View) -> Any:
    return obj.bundle if obj.field.kind.bundle is not None else OMIT


def _pcf_defaults(obj: ProjectCustomField, view: View) -> Any:
    return obj.default_values if obj.field.kind.bundle is not None or obj.is_group else OMIT


@dataclass(slots=True, eq=False)
class ProjectCustomField(Entity):
    """A custom field attached to a project, with its bundle and settings."""

    SHARED: ClassVar[bool] = True

    WIRE: ClassVar[dict[str, str | Getter]] = {
        **as_stored("id field project can_be_empty ordinal is_public condition"),
        "emptyFieldText": "empty_text",
        "hasRunningJob": lambda o, v: False,
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
    is_public: bool = True
    condition: FieldCondition | None = None
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
class FieldCondition(Entity):
    """The ``FieldBasedCondition`` of a project field (``parent``): the field is shown,
    and may be set, only while ``field`` holds one of ``values`` (or is empty, when
    ``show_for_null``). A real server refuses to set a hidden field (devportal
    api-troubleshoot-updating-conditional-field.html)."""

    wire_type: ClassVar[str] = "FieldBasedCondition"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        **as_stored("id parent field values"),
        "showForNullValue": "show_for_null",
    }

    id: str
    parent: ProjectCustomField
    field: ProjectCustomField
    values: list[BundleElement]
    show_for_null: bool = False

    def shows(self, values: dict[str, Any]) -> bool:
        """Whether an issue with these values (``{pcf id: value}``) shows the field."""
        held = values.get(self.field.id)
        items = held if isinstance(held, list) else ([] if held is None else [held])
        if not items:
            return self.show_for_null
        return any(item in self.values for item in items)

    @property
    def refusal(self) -> str:
        """What a real server says to a write of the hidden field (the devportal page's
        words, the values joined by "or")."""
        names = [value.name for value in self.values] + ["empty"] * self.show_for_null
        shown = " or ".join(names) if names else "one the condition names (it names none)"
        return (
            f"You can only update the value for the {self.parent.name} field when the "
            f"value for the {self.field.name} field is {shown}"
        )


@dataclass(slots=True, eq=False)
class WorkDuration(NamedType):
    """``PeriodValue`` of a period field or ``DurationValue`` of a work item."""

    WIRE: ClassVar[dict[str, str | Getter]] = {
        # A real server's id is the minutes as a string ("100"): moneymeets/youtrack-sdk
        # tests/responses/issue_work_items.json and issue.json, recorded from live servers.
        "id": lambda o, v: str(o.minutes),
        "minutes": "minutes",
        "presentation": lambda o, v: format_period(o.minutes, schedule_of(v.store)),
    }

    minutes: int
    type_name: str = "PeriodValue"


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


def field_defaults_of(store: Store, custom: CustomField) -> FieldDefaults:
    """The ``fieldDefaults`` of a global field; its settings are made with a fresh
    field's values (can be empty, "No value", public) on first use and kept."""
    state = extras(store).field_defaults
    found = state.get(custom.id)
    if found is None:
        values = {"id": custom.id, "canBeEmpty": True, "emptyFieldText": "No value"}
        found = state[custom.id] = new_record(
            custom.kind.defaults_type, {**values, "isPublic": True}
        )
    return FieldDefaults(custom, found)
