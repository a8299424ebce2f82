"""Custom-field definitions: global fields (``CustomField``) and per-project settings.

Three levels: :class:`CustomField` is the global definition, :class:`ProjectCustomField`
holds a project's settings for it (bundle, ``can_be_empty``, defaults) and
``IssueCustomField`` (in :mod:`.issue_custom_fields`) holds one issue's value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from .._fields import field_metadata
from . import _refs
from .bundles import (
    BuildBundle,
    BuildBundleElement,
    BundleElement,
    EnumBundle,
    EnumBundleElement,
    OwnedBundle,
    OwnedBundleElement,
    StateBundle,
    StateBundleElement,
    UserBundle,
    VersionBundle,
    VersionBundleElement,
)
from .users import User, UserGroup

if TYPE_CHECKING:
    from .projects import Project

__all__ = [
    "BuildBundleCustomFieldDefaults",
    "BuildProjectCustomField",
    "BundleCustomFieldDefaults",
    "BundleProjectCustomField",
    "CustomField",
    "CustomFieldCondition",
    "CustomFieldDefaults",
    "EnumBundleCustomFieldDefaults",
    "EnumProjectCustomField",
    "FieldBasedCondition",
    "FieldType",
    "GroupProjectCustomField",
    "OwnedBundleCustomFieldDefaults",
    "OwnedProjectCustomField",
    "PeriodProjectCustomField",
    "ProjectCustomField",
    "SimpleProjectCustomField",
    "StateBundleCustomFieldDefaults",
    "StateProjectCustomField",
    "TextProjectCustomField",
    "UserCustomFieldDefaults",
    "UserProjectCustomField",
    "VersionBundleCustomFieldDefaults",
    "VersionProjectCustomField",
]

#: Bundle projections in a project's field settings: the values, to check names locally.
_VALUES = "id,name,values(id,name,archived)"
_STATES = "id,name,values(id,name,archived,is_resolved)"
_ELEMENTS = "id,name"
#: The global field as a project's field settings need it (its type decides the shapes).
_FIELD = "id,name,localized_name,field_type"
#: A condition as a project's field settings show it: the field it depends on by id and
#: name (not its settings, which have a condition of their own) and the values.
_CONDITION = "$type,id,field(id,field(name)),values(id,name),show_for_null_value"


@attrs.define(kw_only=True, slots=True)
class FieldType:
    """The type of a custom field; ``id`` is e.g. ``"enum[1]"``, ``"user[*]"``,
    ``"integer"``, ``"date and time"``, ``"period"`` (``[1]`` single, ``[*]`` multi)."""

    id: str | None = None


# --- global field defaults ---------------------------------------------------------


@attrs.define(kw_only=True, slots=True)
class CustomFieldDefaults:
    """Settings a global field gives the projects it is added to."""

    id: str | None = None
    can_be_empty: bool | None = None
    empty_field_text: str | None = None
    is_public: bool | None = None


@attrs.define(kw_only=True, slots=True)
class BundleCustomFieldDefaults(CustomFieldDefaults):
    """Defaults of a field that takes its values from a bundle."""


@attrs.define(kw_only=True, slots=True)
class EnumBundleCustomFieldDefaults(BundleCustomFieldDefaults):
    """Defaults of an enum field."""

    bundle: EnumBundle | None = attrs.field(default=None, metadata=_refs.NAMED)
    default_values: list[EnumBundleElement] | None = attrs.field(
        default=None, metadata=field_metadata(fields=_ELEMENTS)
    )


@attrs.define(kw_only=True, slots=True)
class StateBundleCustomFieldDefaults(BundleCustomFieldDefaults):
    """Defaults of a state field."""

    bundle: StateBundle | None = attrs.field(default=None, metadata=_refs.NAMED)
    default_values: list[StateBundleElement] | None = attrs.field(
        default=None, metadata=field_metadata(fields=_ELEMENTS)
    )


@attrs.define(kw_only=True, slots=True)
class VersionBundleCustomFieldDefaults(BundleCustomFieldDefaults):
    """Defaults of a version field."""

    bundle: VersionBundle | None = attrs.field(default=None, metadata=_refs.NAMED)
    default_values: list[VersionBundleElement] | None = attrs.field(
        default=None, metadata=field_metadata(fields=_ELEMENTS)
    )


@attrs.define(kw_only=True, slots=True)
class BuildBundleCustomFieldDefaults(BundleCustomFieldDefaults):
    """Defaults of a build field."""

    bundle: BuildBundle | None = attrs.field(default=None, metadata=_refs.NAMED)
    default_values: list[BuildBundleElement] | None = attrs.field(
        default=None, metadata=field_metadata(fields=_ELEMENTS)
    )


@attrs.define(kw_only=True, slots=True)
class OwnedBundleCustomFieldDefaults(BundleCustomFieldDefaults):
    """Defaults of an owned field."""

    bundle: OwnedBundle | None = attrs.field(default=None, metadata=_refs.NAMED)
    default_values: list[OwnedBundleElement] | None = attrs.field(
        default=None, metadata=field_metadata(fields=_ELEMENTS)
    )


@attrs.define(kw_only=True, slots=True)
class UserCustomFieldDefaults(CustomFieldDefaults):
    """Defaults of a user field."""

    bundle: UserBundle | None = attrs.field(default=None, metadata=_refs.NAMED)
    default_values: list[User] | None = attrs.field(default=None, metadata=_refs.USER)


# --- global field -------------------------------------------------------------------


@attrs.define(kw_only=True, slots=True)
class CustomField:
    """A custom field as defined globally (``/api/admin/customFieldSettings/customFields``).

    ``instances`` are the projects' settings of this field.
    """

    id: str | None = None
    name: str | None = None
    localized_name: str | None = None
    field_type: FieldType | None = None
    is_auto_attached: bool | None = None
    is_displayed_in_issue_list: bool | None = None
    ordinal: int | None = None
    aliases: str | None = None
    field_defaults: CustomFieldDefaults | None = None
    has_running_job: bool | None = None
    is_updateable: bool | None = None
    instances: list[ProjectCustomField] | None = attrs.field(
        default=None, metadata=field_metadata(fields=f"id,project({_refs.PROJECT_FIELDS})")
    )


# --- project settings of a field -----------------------------------------------------


@attrs.define(kw_only=True, slots=True)
class ProjectCustomField:
    """A project's settings of a custom field; ``$type`` tells the field kind.

    ``field.field_type.id`` (``"enum[1]"``, ...) decides the value shapes an issue of the
    project accepts; ``can_be_empty`` whether the value may be cleared.
    """

    id: str | None = None
    field: CustomField | None = attrs.field(default=None, metadata=field_metadata(fields=_FIELD))
    project: Project | None = attrs.field(default=None, metadata=_refs.PROJECT)
    can_be_empty: bool | None = None
    empty_field_text: str | None = None
    ordinal: int | None = None
    is_public: bool | None = None
    has_running_job: bool | None = None
    #: When the field is shown (and may be set): see :class:`FieldBasedCondition`.
    condition: CustomFieldCondition | None = attrs.field(
        default=None, metadata=field_metadata(fields=_CONDITION)
    )


@attrs.define(kw_only=True, slots=True)
class CustomFieldCondition:
    """The condition under which a project's field is shown; ``$type`` tells its kind."""

    id: str | None = None


@attrs.define(kw_only=True, slots=True)
class FieldBasedCondition(CustomFieldCondition):
    """A conditional field: shown, and settable, only while the project's ``field``
    holds one of ``values`` (or is empty, when ``show_for_null_value``). Setting it on an
    issue that hides it is a 400 (:class:`~aioyoutrack.errors.BadRequestError`):
    "You can only update the value for the ... field when the value for the ... field
    is ...". Set one with ``yt.admin.projects.custom_fields.update(..., body={"condition":
    {"$type": "FieldBasedCondition", "field": {"id": ...}, "values": [{"id": ...}]}})``.
    """

    field: BundleProjectCustomField | None = None
    values: list[BundleElement] | None = None
    show_for_null_value: bool | None = None


@attrs.define(kw_only=True, slots=True)
class BundleProjectCustomField(ProjectCustomField):
    """A project field whose values come from a bundle."""


@attrs.define(kw_only=True, slots=True)
class EnumProjectCustomField(BundleProjectCustomField):
    """A project's enum field (Priority, Type, ...)."""

    bundle: EnumBundle | None = attrs.field(default=None, metadata=field_metadata(fields=_VALUES))
    default_values: list[EnumBundleElement] | None = attrs.field(
        default=None, metadata=field_metadata(fields=_ELEMENTS)
    )


@attrs.define(kw_only=True, slots=True)
class StateProjectCustomField(BundleProjectCustomField):
    """A project's state field."""

    bundle: StateBundle | None = attrs.field(default=None, metadata=field_metadata(fields=_STATES))
    default_values: list[StateBundleElement] | None = attrs.field(
        default=None, metadata=field_metadata(fields=_ELEMENTS)
    )


@attrs.define(kw_only=True, slots=True)
class VersionProjectCustomField(BundleProjectCustomField):
    """A project's version field (Fix versions, Affected versions, ...)."""

    bundle: VersionBundle | None = attrs.field(
        default=None, metadata=field_metadata(fields=_VALUES)
    )
    default_values: list[VersionBundleElement] | None = attrs.field(
        default=None, metadata=field_metadata(fields=_ELEMENTS)
    )


@attrs.define(kw_only=True, slots=True)
class BuildProjectCustomField(BundleProjectCustomField):
    """A project's build field."""

    bundle: BuildBundle | None = attrs.field(default=None, metadata=field_metadata(fields=_VALUES))
    default_values: list[BuildBundleElement] | None = attrs.field(
        default=None, metadata=field_metadata(fields=_ELEMENTS)
    )


@attrs.define(kw_only=True, slots=True)
class OwnedProjectCustomField(BundleProjectCustomField):
    """A project's owned field (Subsystem)."""

    bundle: OwnedBundle | None = attrs.field(default=None, metadata=field_metadata(fields=_VALUES))
    default_values: list[OwnedBundleElement] | None = attrs.field(
        default=None, metadata=field_metadata(fields=_ELEMENTS)
    )


@attrs.define(kw_only=True, slots=True)
class UserProjectCustomField(BundleProjectCustomField):
    """A project's user field (Assignee, ...)."""

    bundle: UserBundle | None = attrs.field(default=None, metadata=_refs.NAMED)
    default_values: list[User] | None = attrs.field(default=None, metadata=_refs.USER)


@attrs.define(kw_only=True, slots=True)
class GroupProjectCustomField(ProjectCustomField):
    """A project's group field."""

    default_values: list[UserGroup] | None = attrs.field(default=None, metadata=_refs.GROUP)


@attrs.define(kw_only=True, slots=True)
class PeriodProjectCustomField(ProjectCustomField):
    """A project's period field (Estimation, Spent time)."""


@attrs.define(kw_only=True, slots=True)
class SimpleProjectCustomField(ProjectCustomField):
    """A project's simple field: integer, float, string, date or date and time."""


@attrs.define(kw_only=True, slots=True)
class TextProjectCustomField(SimpleProjectCustomField):
    """A project's text field."""
