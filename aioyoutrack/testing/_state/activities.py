"""Activities: the history of issues and articles, and pages of it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Final

from .._markup import render_inline
from .._wire.projection import OMIT, Entity, Getter, NamedType, View, as_stored
from .custom_fields import CustomField
from .issues import Issue
from .projects import Project
from .users import User


@dataclass(slots=True, eq=False)
class ActivityCategory(Entity):
    """``CustomFieldCategory``, ``CommentsCategory``, ..."""

    wire_type: ClassVar[str] = "ActivityCategory"
    WIRE: ClassVar[dict[str, str | Getter]] = {"id": "id"}

    id: str


@dataclass(slots=True, eq=False)
class FilterField(Entity):
    """What an activity changed: a custom field or a predefined attribute."""

    WIRE: ClassVar[dict[str, str | Getter]] = {
        **as_stored("id name"),
        "presentation": "name",
        # Only CustomFilterField has it in the spec; a predefined field leaves it out.
        "customField": lambda o, v: OMIT if o.custom_field is None else o.custom_field,
    }

    id: str
    name: str
    custom_field: CustomField | None = None

    @property
    def wire_type(self) -> str:  # type: ignore[override]
        """``CustomFilterField`` or ``PredefinedFilterField``."""
        return "CustomFilterField" if self.custom_field is not None else "PredefinedFilterField"


@dataclass(slots=True, eq=False)
class IssueKey(Entity):
    """Where an issue was (``removed``) or is (``added``) in a ``ProjectActivityItem``:
    the project and the issue's number in it at the time of the move."""

    wire_type: ClassVar[str] = "IssueKey"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": lambda o, v: None,
        "project": "project",
        "numberInProject": "number",
    }

    project: Project
    number: int


#: The activity item types with ``markup``, the rendered text after the change (spec).
_MARKUP_TYPES: Final = frozenset({"TextMarkupActivityItem", "TextCustomFieldActivityItem"})


def _markup(activity: Activity, view: View) -> Any:
    if activity.type_name not in _MARKUP_TYPES:
        return OMIT
    added = activity.added
    return render_inline(added) if isinstance(added, str) else None


@dataclass(slots=True, eq=False)
class Activity(NamedType):
    """One recorded change; ``seq`` orders activities and backs the cursors."""

    WIRE: ClassVar[dict[str, str | Getter]] = {
        **as_stored("id added removed author category field target target_member", "timestamp"),
        # Only CommentActivityItem has it in the spec; the fake keeps no author group
        # for comments, so it is null there, as for a comment by a user in none.
        "authorGroup": lambda o, v: None if o.type_name == "CommentActivityItem" else OMIT,
        "markup": _markup,
    }

    id: str
    seq: int
    type_name: str
    category: ActivityCategory
    timestamp: int
    author: User
    target: Entity
    issue: Issue | None
    added: Any = None
    removed: Any = None
    field: FilterField | None = None
    target_member: str | None = None


@dataclass(slots=True, eq=False)
class ActivityPage(Entity):
    """``ActivityCursorPage``."""

    wire_type: ClassVar[str] = "ActivityCursorPage"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        **as_stored("activities after_cursor before_cursor has_after has_before", "reverse"),
        "id": lambda o, v: None,
    }

    activities: list[Activity]
    after_cursor: str | None
    before_cursor: str | None
    has_after: bool
    has_before: bool
    reverse: bool
