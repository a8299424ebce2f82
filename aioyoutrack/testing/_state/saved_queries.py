"""Saved queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .._wire.projection import Entity, Getter, as_constant, as_stored
from .users import SharingSettings, User


@dataclass(slots=True, eq=False)
class SavedQuery(Entity):
    """A saved search; ``issues`` evaluates the query for the viewer."""

    wire_type: ClassVar[str] = "SavedQuery"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        **as_stored("id name query owner"),
        **as_constant(None, "visibleFor updateableBy"),
        "issues": lambda o, v: v.store.search(o.query, v.user),
        "readSharingSettings": lambda o, v: SharingSettings(),
        "updateSharingSettings": lambda o, v: SharingSettings(),
    }

    id: str
    name: str
    query: str
    owner: User
