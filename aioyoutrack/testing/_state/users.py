"""Users, groups, and who may see or update something (visibility, sharing)."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import TYPE_CHECKING, ClassVar, Final

from .._wire.projection import OMIT, Entity, Getter, NamedType, as_stored
from .settings import PROFILES, profile_of

if TYPE_CHECKING:
    from .projects import Project


@dataclass(slots=True, eq=False)
class User(Entity):
    """A user account; ``token`` and ``admin`` are the fake's own (never rendered)."""

    SHARED: ClassVar[bool] = True

    wire_type: ClassVar[str] = "User"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        **as_stored("id login full_name email ring_id guest banned"),
        "name": "full_name",
        "online": lambda o, v: False,
        "avatarUrl": lambda o, v: f"/hub/api/rest/avatar/{o.ring_id}?s=48",
        "tags": lambda o, v: [t for t in v.store.tags.values() if t.owner is o],
        "savedQueries": lambda o, v: [q for q in v.store.saved_queries.values() if q.owner is o],
        "profiles": lambda o, v: UserProfiles(o),
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


def _profile(kind: str) -> Getter:
    return lambda o, v: profile_of(v.store, o.user, kind)


@dataclass(slots=True, eq=False)
class UserProfiles(Entity):
    """``User.profiles``: the same records ``/api/users/{id}/profiles/<kind>`` serves
    (``general``, ``notifications``, ``timetracking``), so a change through one shows
    in the other."""

    wire_type: ClassVar[str] = "UserProfiles"
    WIRE: ClassVar[dict[str, str | Getter]] = {
        "id": lambda o, v: o.user.id,
        **{kind: _profile(kind) for kind in PROFILES},
    }

    user: User


@dataclass(slots=True, eq=False)
class Group(Entity):
    """A user group; a project's team is a group with ``team_for`` set."""

    SHARED: ClassVar[bool] = True

    WIRE: ClassVar[dict[str, str | Getter]] = {
        **as_stored("id name ring_id"),
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


#: The sharing attributes of tags, saved queries and boards, as they are kept (the spec
#: makes visibleFor and updateableBy writable, and the permittedGroups and permittedUsers
#: of the ...SharingSettings objects; stored and returned, though the fake shares nothing
#: by them: every tag, saved query and board is visible to whoever sees its projects).
SHARING_WIRE: Final = "visible_for updateable_by read_sharing_settings update_sharing_settings"


@dataclass(slots=True, eq=False)
class SharingSettings(NamedType):
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
