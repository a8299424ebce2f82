"""Agile boards and their sprints."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any, ClassVar

from .._wire.projection import Entity, Getter, View, as_constant, as_stored
from .custom_fields import CustomField
from .issues import Issue
from .projects import Project
from .users import SHARING_WIRE, Group, SharingSettings, User

_AGILE_SHARING = "AgileSharingSettings"


def _visible(issues: Any, view: View) -> list[Issue]:
    return [i for i in issues if view.store.can_read(view.user, i.project)]


@dataclass(slots=True, eq=False)
class SprintsSettings(Entity):
    """How an agile board uses sprints."""

    wire_type: ClassVar[str] = "SprintsSettings"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        **as_constant(None, "id explicitQuery sprintSyncField"),
        **as_constant(False, "cardOnSeveralSprints disableSprints hideSubtasksOfCards"),
        # The sprint marked isDefault, if any: none is on the recorded boards
        # (moneymeets-youtrack-sdk agiles.json, sprints.json), whose current sprint is
        # not a default one.
        "defaultSprint": lambda o, v: next((s for s in o.agile.sprints if s.is_default), None),
        "isExplicit": lambda o, v: True,
    }

    agile: Agile


@dataclass(slots=True, eq=False)
class Agile(Entity):
    """An agile board."""

    wire_type: ClassVar[str] = "Agile"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        **as_stored("id name owner projects sprints current_sprint", "estimation_field"),
        **as_stored(SHARING_WIRE),
        **as_constant(None, "originalEstimationField"),
        **as_constant(True, "visibleForProjectBased updateableByProjectBased"),
        **as_constant(False, "orphansAtTheTop hideOrphansSwimlane"),
        "sprintsSettings": lambda o, v: SprintsSettings(o),
    }

    id: str
    name: str
    owner: User
    projects: list[Project] = dc_field(default_factory=list)
    sprints: list[Sprint] = dc_field(default_factory=list)
    current_sprint: Sprint | None = None
    estimation_field: CustomField | None = None
    visible_for: Group | None = None
    updateable_by: Group | None = None
    read_sharing_settings: SharingSettings = dc_field(
        default_factory=lambda: SharingSettings(type_name=_AGILE_SHARING)
    )
    update_sharing_settings: SharingSettings = dc_field(
        default_factory=lambda: SharingSettings(type_name=_AGILE_SHARING)
    )


def _previous_sprint(sprint: Sprint, view: View) -> Sprint | None:
    sprints = sprint.agile.sprints
    index = sprints.index(sprint) if sprint in sprints else 0
    return sprints[index - 1] if index > 0 else None


@dataclass(slots=True, eq=False)
class Sprint(Entity):
    """A sprint of an agile board; ``issues`` is an ordered set."""

    wire_type: ClassVar[str] = "Sprint"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        **as_stored("id agile name goal start finish archived is_default"),
        "issues": lambda o, v: _visible(o.issues, v),
        "unresolvedIssuesCount": lambda o, v: sum(
            1 for i in _visible(o.issues, v) if i.resolved is None
        ),
        "previousSprint": _previous_sprint,
    }

    id: str
    agile: Agile
    name: str
    goal: str | None = None
    start: int | None = None
    finish: int | None = None
    archived: bool = False
    is_default: bool = False
    issues: dict[Issue, None] = dc_field(default_factory=dict)
