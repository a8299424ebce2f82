"""Projects: their team, leader and custom fields."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import ClassVar

from .._wire.projection import Entity, Getter, as_constant, as_stored
from .custom_fields import ProjectCustomField
from .users import Group, User


@dataclass(slots=True, eq=False)
class Project(Entity):
    """A project: issues are numbered per project (``SP-1``)."""

    SHARED: ClassVar[bool] = True

    wire_type: ClassVar[str] = "Project"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        **as_stored("id name short_name description leader created_by archived", "team ring_id"),
        **as_constant(None, "iconUrl fromEmail replyToEmail"),
        "customFields": "fields",
        "startingNumber": lambda o, v: 1,
        "issues": lambda o, v: [i for i in v.store.issues.values() if i.project is o],
        "template": lambda o, v: False,
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
