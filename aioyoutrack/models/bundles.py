"""Bundles (the value sets of custom fields) and their elements."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import attrs

from . import _refs
from .users import User, UserGroup

__all__ = [
    "BaseBundle",
    "BuildBundle",
    "BuildBundleElement",
    "Bundle",
    "BundleElement",
    "EnumBundle",
    "EnumBundleElement",
    "FieldStyle",
    "LocalizableBundleElement",
    "OwnedBundle",
    "OwnedBundleElement",
    "StateBundle",
    "StateBundleElement",
    "UserBundle",
    "VersionBundle",
    "VersionBundleElement",
]


@attrs.define(kw_only=True, slots=True)
class FieldStyle:
    """The colours of a field value or tag (``background``/``foreground`` as CSS colours)."""

    id: str | None = None
    background: str | None = None
    foreground: str | None = None


# --- elements -----------------------------------------------------------------------


@attrs.define(kw_only=True, slots=True)
class BundleElement:
    """A value of a bundle (an enum value, a state, a version, ...): ``$type`` tells which."""

    id: str | None = None
    name: str | None = None
    description: str | None = None
    archived: bool | None = None
    ordinal: int | None = None
    color: FieldStyle | None = None
    has_running_job: bool | None = None


@attrs.define(kw_only=True, slots=True)
class LocalizableBundleElement(BundleElement):
    """A bundle element whose name can be shown translated (``localized_name``)."""

    localized_name: str | None = None


@attrs.define(kw_only=True, slots=True)
class EnumBundleElement(LocalizableBundleElement):
    """A value of an enum field (Priority, Type, ...)."""


@attrs.define(kw_only=True, slots=True)
class StateBundleElement(LocalizableBundleElement):
    """A state; ``is_resolved`` marks the states that resolve an issue."""

    is_resolved: bool | None = None


@attrs.define(kw_only=True, slots=True)
class VersionBundleElement(BundleElement):
    """A version; dates are UTC datetimes."""

    released: bool | None = None
    release_date: datetime | None = None
    start_date: datetime | None = None


@attrs.define(kw_only=True, slots=True)
class BuildBundleElement(BundleElement):
    """A build number."""

    assemble_date: datetime | None = None


@attrs.define(kw_only=True, slots=True)
class OwnedBundleElement(BundleElement):
    """A value with an owner (subsystems)."""

    owner: User | None = attrs.field(default=None, metadata=_refs.USER)


# --- bundles ------------------------------------------------------------------------


@attrs.define(kw_only=True, slots=True)
class Bundle:
    """A set of values for custom fields; ``$type`` tells the kind.

    ``name`` is returned by the server (see the enum-bundle sample) though the 2025.3
    OpenAPI document does not list it.
    """

    id: str | None = None
    name: str | None = None
    is_updateable: bool | None = None


@attrs.define(kw_only=True, slots=True)
class BaseBundle(Bundle):
    """A bundle that holds its values as elements."""

    values: Sequence[BundleElement] | None = None


@attrs.define(kw_only=True, slots=True)
class EnumBundle(BaseBundle):
    """The values of enum fields."""

    values: list[EnumBundleElement] | None = None


@attrs.define(kw_only=True, slots=True)
class StateBundle(BaseBundle):
    """The states of state fields."""

    values: list[StateBundleElement] | None = None


@attrs.define(kw_only=True, slots=True)
class VersionBundle(BaseBundle):
    """The versions of version fields."""

    values: list[VersionBundleElement] | None = None


@attrs.define(kw_only=True, slots=True)
class BuildBundle(BaseBundle):
    """The builds of build fields."""

    values: list[BuildBundleElement] | None = None


@attrs.define(kw_only=True, slots=True)
class OwnedBundle(BaseBundle):
    """The values of owned fields (subsystems)."""

    values: list[OwnedBundleElement] | None = None


@attrs.define(kw_only=True, slots=True)
class UserBundle(Bundle):
    """The users a user field accepts: groups plus individuals (``aggregated_users`` is
    the resulting set; it is left out of the default projection as it can be large)."""

    groups: list[UserGroup] | None = attrs.field(default=None, metadata=_refs.GROUP)
    individuals: list[User] | None = attrs.field(default=None, metadata=_refs.USER)
