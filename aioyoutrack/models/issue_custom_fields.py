"""Custom-field values of one issue: ``IssueCustomField`` and its ``$type`` subclasses.

Every class offers ``plain_value``: the value as plain Python (what ``Issue.fields``
maps each field name to):

============================================  =======================================
kind                                          ``plain_value``
============================================  =======================================
enum, state, version, build, owned (single)   the element's ``name`` (``str``) or None
the same, multi-value                         ``list[str]`` (``[]`` when empty)
user / group (single)                         :class:`User` / :class:`UserGroup` or None
user / group (multi-value)                    ``list[User]`` / ``list[UserGroup]``
period                                        ``timedelta`` or None
date                                          ``datetime.date`` or None
date and time (a simple field)                aware UTC ``datetime`` when the field's
                                              type is known, else epoch ms (``int``)
float (a simple field)                        ``float`` (a whole number sent as ``2``
                                              too, when the field's type is known; an
                                              int no float holds stays an int)
integer, string (simple fields)               the scalar or None
text                                          ``str`` or None
unknown or family ``$type`` (or none)         read by shape: ``login`` -> User,
                                              ``minutes`` -> timedelta (or the
                                              ``presentation``), ``text`` -> str,
                                              ``name`` -> str; lists element-wise
============================================  =======================================

The type of a simple field is known when ``project_custom_field.field.field_type`` is
set. The default projection does not ask for it (that chain would cost about half of an
issue page's bytes); the client sets it from the project's cached schema on issues it
returns whose simple fields hold integers (see ``YouTrack.request``).
"""

from __future__ import annotations

import datetime as _dt
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

import attrs

from .._dates import MAX_DATETIME_MS, MIN_DATETIME_MS, from_ms
from .._fields import field_metadata
from .._values import fits_float
from . import _refs
from .bundles import (
    BuildBundleElement,
    BundleElement,
    EnumBundleElement,
    OwnedBundleElement,
    StateBundleElement,
    VersionBundleElement,
)
from .users import User, UserGroup

if TYPE_CHECKING:
    from .custom_fields import ProjectCustomField

__all__ = [
    "DateIssueCustomField",
    "IssueCustomField",
    "MultiBuildIssueCustomField",
    "MultiEnumIssueCustomField",
    "MultiGroupIssueCustomField",
    "MultiOwnedIssueCustomField",
    "MultiUserIssueCustomField",
    "MultiValueIssueCustomField",
    "MultiVersionIssueCustomField",
    "PeriodIssueCustomField",
    "PeriodValue",
    "SimpleIssueCustomField",
    "SingleBuildIssueCustomField",
    "SingleEnumIssueCustomField",
    "SingleGroupIssueCustomField",
    "SingleOwnedIssueCustomField",
    "SingleUserIssueCustomField",
    "SingleValueIssueCustomField",
    "SingleVersionIssueCustomField",
    "StateIssueCustomField",
    "StateMachineIssueCustomField",
    "TextFieldValue",
    "TextIssueCustomField",
]

#: The field type id of simple fields whose epoch-ms value is an instant.
DATE_AND_TIME = "date and time"
#: The field type id of simple float fields (JSON sends 2.0 as 2).
FLOAT = "float"
_ENUM = "id,name,localized_name"
_STATE = "id,name,localized_name,is_resolved"
_ELEMENT = "id,name"

_MINUTE = timedelta(minutes=1)
#: The most minutes a ``timedelta`` holds.
_MAX_TIMEDELTA_MINUTES = timedelta.max // _MINUTE


def minutes_timedelta(minutes: object) -> _dt.timedelta | None:
    """``minutes`` (an int) as a ``timedelta``; None for None, a value that is not an
    int, or one beyond what a ``timedelta`` holds (about 2.7 million years)."""
    if type(minutes) is not int or abs(minutes) > _MAX_TIMEDELTA_MINUTES:
        return None
    return timedelta(minutes=minutes)


@attrs.define(kw_only=True, slots=True)
class PeriodValue:
    """The value of a period field: ``minutes`` and the server's ``presentation``
    (``"1w 2d 3h"``, formatted per the global period format).

    ``minutes`` is a 32-bit int in the spec: a response with minutes outside that range
    is refused while structuring (``ResponseValidationError`` with the path).
    """

    id: str | None = None
    minutes: int | None = attrs.field(default=None, metadata=_refs.MINUTES)
    presentation: str | None = None

    @property
    def timedelta(self) -> _dt.timedelta | None:
        """``minutes`` as a ``timedelta``: None when there are no minutes (or, on an
        instance built by hand, ``minutes`` is not an int a ``timedelta`` can hold)."""
        return minutes_timedelta(self.minutes)


@attrs.define(kw_only=True, slots=True)
class TextFieldValue:
    """The value of a text field: ``text`` (and ``markdown_text``, the rendered form)."""

    id: str | None = None
    text: str | None = None
    markdown_text: str | None = None


@attrs.define(kw_only=True, slots=True)
class IssueCustomField:
    """A custom field's value in one issue; ``$type`` tells the kind.

    An unknown ``$type`` structures to this class, with ``value`` the raw JSON.
    """

    id: str | None = None
    name: str | None = None
    #: The project's settings of this field: not fetched by default; set by the client
    #: (``id`` and ``field(id, name, field_type)``) on simple fields holding integers.
    project_custom_field: ProjectCustomField | None = attrs.field(
        default=None, metadata=field_metadata(fields="field(field_type)", fetch=False)
    )
    value: Any = attrs.field(default=None, metadata=_refs.FIELD_VALUE)

    @property
    def plain_value(self) -> Any:
        """The value as plain Python (see the module documentation).

        Here ``value`` is untyped JSON (an unknown ``$type``, a ``$type`` that names
        only the family, or none at all, as in some documented responses), so it is read
        by the shape of each value: a user by its ``login``, a bundle element or group
        by its ``name``, a period by its ``minutes``, text by its ``text``.
        """
        return _plain_json(self.value)

    @property
    def field_type(self) -> str | None:
        """The field's type id (``"enum[1]"``, ...) when known (see the module
        documentation), else None."""
        # getattr: an instance built by hand may hold anything here (read, not refused).
        field = getattr(self.project_custom_field, "field", None)
        kind = getattr(getattr(field, "field_type", None), "id", None)
        return kind if isinstance(kind, str) else None


_USER_TYPES = frozenset({"User", "Me", "VcsUnresolvedUser"})
_GROUP_TYPES = frozenset(
    {"UserGroup", "AllUsersGroup", "RegisteredUsersGroup", "NestedGroup", "ProjectTeam"}
)


def _plain_json(value: Any) -> Any:
    """Untyped JSON of a custom-field value -> the plain Python ``Issue.fields`` gives.

    A list (a multi-value field) is read element by element, one level deep: lists
    nested in it are no YouTrack shape and are kept raw, as is anything that does not
    fit the shape it seems to have (a ``$type`` that is not a string, a user whose
    ``login`` is not a string, minutes no ``timedelta`` holds).
    """
    if isinstance(value, list):
        return [item if isinstance(item, list) else _plain_one(item) for item in value]
    return _plain_one(value)


def _plain_one(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    kind = value.get("$type")
    if not isinstance(kind, str):
        kind = None
    if kind in _USER_TYPES or (kind is None and "login" in value):
        return _structure_as(value, User)
    if kind in _GROUP_TYPES:
        return _structure_as(value, UserGroup)
    if kind == "PeriodValue" or (kind is None and "minutes" in value):
        period = minutes_timedelta(value.get("minutes"))
        if period is not None:
            return period
        # The server's own words for a period no timedelta holds; without them, the
        # value as sent (None would lose it).
        presentation = value.get("presentation")
        return presentation if isinstance(presentation, str) else value
    if kind == "TextFieldValue" or (kind is None and "text" in value and "name" not in value):
        return value.get("text")
    if "name" in value:
        return value["name"]
    return value


def _structure_as(value: dict[str, Any], cls: type) -> Any:
    # Imported here: the converter (and cattrs with it) loads with the first body or
    # answer, not with the models (see tests/core/test_startup.py).
    from .._convert import structure
    from ..errors import ResponseValidationError

    try:
        return structure(value, cls)
    except ResponseValidationError:
        return value


# Models are not checked when built by hand, so a typed field's value may be of another
# shape (``value="Critical"`` on an enum field): such a value is read as untyped JSON is,
# by its shape (a str or a number as it is), never refused with a foreign exception.


def _name(element: object) -> str | None:
    if isinstance(element, BundleElement):
        return element.name
    plain: str | None = _plain_json(element)  # None, or a value built by hand
    return plain


def _names(elements: object) -> list[str | None]:
    if elements is None:
        return []
    if isinstance(elements, (list, tuple)):
        return [_name(e) for e in elements]
    plain: list[str | None] = _plain_json(elements)  # built by hand: by its shape
    return plain


def _listed(values: object) -> list[Any]:
    if values is None:
        return []
    if isinstance(values, (list, tuple)):
        return list(values)
    return cast("list[Any]", values)  # built by hand: as it is


# --- simple kinds ---------------------------------------------------------------------


@attrs.define(kw_only=True, slots=True)
class SimpleIssueCustomField(IssueCustomField):
    """An integer, float, string or date-and-time field; ``value`` is the raw scalar
    (date and time: epoch milliseconds)."""

    value: int | float | str | None = None

    @property
    def plain_value(self) -> int | float | str | datetime | None:
        """The scalar; a date-and-time value becomes an aware UTC ``datetime`` (one
        beyond the years 1 to 9999, which ``datetime`` cannot hold, stays an int), and a
        whole number in a float field a ``float`` when a float holds it exactly (one it
        cannot, such as ``2**53 + 1`` or ``10**400``, stays an int: a float would change
        it, or make it ``inf``), when the field's type is known."""
        value = self.value
        if type(value) is int:
            kind = self.field_type
            if kind == DATE_AND_TIME:
                if MIN_DATETIME_MS <= value <= MAX_DATETIME_MS:
                    return from_ms(value)
                return value
            if kind == FLOAT and fits_float(value) and float(value) == value:
                return float(value)
        return value


@attrs.define(kw_only=True, slots=True)
class DateIssueCustomField(IssueCustomField):
    """A date field; ``value`` is a ``datetime.date`` (midday UTC on the wire).

    (The spec derives it from ``SimpleIssueCustomField``; here it derives from
    ``IssueCustomField`` so that ``SimpleIssueCustomField.value`` keeps a scalar type.)
    """

    value: date | None = None

    @property
    def plain_value(self) -> date | None:
        """The date."""
        return self.value


@attrs.define(kw_only=True, slots=True)
class PeriodIssueCustomField(IssueCustomField):
    """A period field (Estimation, Spent time)."""

    value: PeriodValue | None = attrs.field(
        default=None, metadata=field_metadata(fields="id,minutes,presentation")
    )

    @property
    def plain_value(self) -> timedelta | None:
        """The period as a ``timedelta``."""
        value = self.value
        return value.timedelta if isinstance(value, PeriodValue) else _plain_json(value)


@attrs.define(kw_only=True, slots=True)
class TextIssueCustomField(IssueCustomField):
    """A text field."""

    value: TextFieldValue | None = attrs.field(
        default=None, metadata=field_metadata(fields="id,text")
    )

    @property
    def plain_value(self) -> str | None:
        """The text."""
        value = self.value
        return value.text if isinstance(value, TextFieldValue) else _plain_json(value)


# --- single-value kinds ----------------------------------------------------------------


@attrs.define(kw_only=True, slots=True)
class SingleValueIssueCustomField(IssueCustomField):
    """A single-value field backed by entities (spec schema
    ``DatabaseSingleValueIssueCustomField``)."""


@attrs.define(kw_only=True, slots=True)
class SingleEnumIssueCustomField(SingleValueIssueCustomField):
    """A single-value enum field."""

    value: EnumBundleElement | None = attrs.field(
        default=None, metadata=field_metadata(fields=_ENUM)
    )

    @property
    def plain_value(self) -> str | None:
        """The value's name."""
        return _name(self.value)


@attrs.define(kw_only=True, slots=True)
class StateIssueCustomField(SingleValueIssueCustomField):
    """A state field."""

    value: StateBundleElement | None = attrs.field(
        default=None, metadata=field_metadata(fields=_STATE)
    )

    @property
    def plain_value(self) -> str | None:
        """The state's name."""
        return _name(self.value)


@attrs.define(kw_only=True, slots=True)
class StateMachineIssueCustomField(SingleValueIssueCustomField):
    """A state field governed by a state-machine workflow."""

    value: BundleElement | None = attrs.field(
        default=None, metadata=field_metadata(fields=_ELEMENT)
    )

    @property
    def plain_value(self) -> str | None:
        """The state's name."""
        return _name(self.value)


@attrs.define(kw_only=True, slots=True)
class SingleVersionIssueCustomField(SingleValueIssueCustomField):
    """A single-value version field."""

    value: VersionBundleElement | None = attrs.field(
        default=None, metadata=field_metadata(fields=_ELEMENT)
    )

    @property
    def plain_value(self) -> str | None:
        """The version's name."""
        return _name(self.value)


@attrs.define(kw_only=True, slots=True)
class SingleBuildIssueCustomField(SingleValueIssueCustomField):
    """A single-value build field."""

    value: BuildBundleElement | None = attrs.field(
        default=None, metadata=field_metadata(fields=_ELEMENT)
    )

    @property
    def plain_value(self) -> str | None:
        """The build's name."""
        return _name(self.value)


@attrs.define(kw_only=True, slots=True)
class SingleOwnedIssueCustomField(SingleValueIssueCustomField):
    """A single-value owned field (Subsystem)."""

    value: OwnedBundleElement | None = attrs.field(
        default=None, metadata=field_metadata(fields=_ELEMENT)
    )

    @property
    def plain_value(self) -> str | None:
        """The value's name."""
        return _name(self.value)


@attrs.define(kw_only=True, slots=True)
class SingleUserIssueCustomField(SingleValueIssueCustomField):
    """A single-value user field (Assignee)."""

    value: User | None = attrs.field(default=None, metadata=_refs.USER)

    @property
    def plain_value(self) -> User | None:
        """The user."""
        return self.value


@attrs.define(kw_only=True, slots=True)
class SingleGroupIssueCustomField(SingleValueIssueCustomField):
    """A single-value group field."""

    value: UserGroup | None = attrs.field(default=None, metadata=_refs.GROUP)

    @property
    def plain_value(self) -> UserGroup | None:
        """The group."""
        return self.value


# --- multi-value kinds -----------------------------------------------------------------


@attrs.define(kw_only=True, slots=True)
class MultiValueIssueCustomField(IssueCustomField):
    """A multi-value field backed by entities (spec schema
    ``DatabaseMultiValueIssueCustomField``)."""


@attrs.define(kw_only=True, slots=True)
class MultiEnumIssueCustomField(MultiValueIssueCustomField):
    """A multi-value enum field."""

    value: list[EnumBundleElement] | None = attrs.field(
        default=None, metadata=field_metadata(fields=_ENUM)
    )

    @property
    def plain_value(self) -> list[str | None]:
        """The values' names."""
        return _names(self.value)


@attrs.define(kw_only=True, slots=True)
class MultiVersionIssueCustomField(MultiValueIssueCustomField):
    """A multi-value version field (Fix versions, Affected versions)."""

    value: list[VersionBundleElement] | None = attrs.field(
        default=None, metadata=field_metadata(fields=_ELEMENT)
    )

    @property
    def plain_value(self) -> list[str | None]:
        """The versions' names."""
        return _names(self.value)


@attrs.define(kw_only=True, slots=True)
class MultiBuildIssueCustomField(MultiValueIssueCustomField):
    """A multi-value build field."""

    value: list[BuildBundleElement] | None = attrs.field(
        default=None, metadata=field_metadata(fields=_ELEMENT)
    )

    @property
    def plain_value(self) -> list[str | None]:
        """The builds' names."""
        return _names(self.value)


@attrs.define(kw_only=True, slots=True)
class MultiOwnedIssueCustomField(MultiValueIssueCustomField):
    """A multi-value owned field."""

    value: list[OwnedBundleElement] | None = attrs.field(
        default=None, metadata=field_metadata(fields=_ELEMENT)
    )

    @property
    def plain_value(self) -> list[str | None]:
        """The values' names."""
        return _names(self.value)


@attrs.define(kw_only=True, slots=True)
class MultiUserIssueCustomField(MultiValueIssueCustomField):
    """A multi-value user field."""

    value: list[User] | None = attrs.field(default=None, metadata=_refs.USER)

    @property
    def plain_value(self) -> list[User]:
        """The users."""
        return _listed(self.value)


@attrs.define(kw_only=True, slots=True)
class MultiGroupIssueCustomField(MultiValueIssueCustomField):
    """A multi-value group field."""

    value: list[UserGroup] | None = attrs.field(default=None, metadata=_refs.GROUP)

    @property
    def plain_value(self) -> list[UserGroup]:
        """The groups."""
        return _listed(self.value)
