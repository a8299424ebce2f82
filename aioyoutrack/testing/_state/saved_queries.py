"""Saved queries."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import ClassVar

from .._wire.projection import Entity, Getter, as_stored
from .users import SHARING_WIRE, Group, SharingSettings, User


@dataclass(slots=True, eq=False)
class SavedQuery(Entity):
    """A saved search; ``issues`` evaluates the query for the viewer."""

    wire_type: ClassVar[str] = "SavedQuery"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        **as_stored("id name query owner", SHARING_WIRE),
        "issues": lambda o, v: v.store.search(o.query, v.user),
    }

    id: str
    name: str
    query: str
    owner: User
    visible_for: Group | None = None
    updateable_by: Group | None = None
    read_sharing_settings: SharingSettings = dc_field(default_factory=SharingSettings)
    update_sharing_settings: SharingSettings = dc_field(default_factory=SharingSettings)
