"""The fake's in-memory database: collections, ids, lookups, permissions, search cache."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Final, Protocol, TypeVar

from ...errors import ConfigurationError
from .._http.errors import ApiError, bad_request, forbidden, not_found
from .activities import Activity
from .agiles import Agile, Sprint
from .articles import Article, ArticleAttachment, ArticleComment
from .custom_fields import Bundle, CustomField
from .issues import Attachment, Comment, Issue, LinkType, Tag, WorkItem, WorkItemType
from .projects import Project
from .saved_queries import SavedQuery
from .users import Group, User

if TYPE_CHECKING:
    from .custom_fields import BundleElement

__all__ = ["ENTITY_ID", "PREFIX", "Store", "require_unused"]

#: Database id prefix per entity kind (the part before ``-``).
PREFIX: Final = {
    "project": "0",
    "user": "1",
    "issue": "2",
    "group": "3",
    "comment": "4",
    "tag": "6",
    "attachment": "7",
    "linktype": "9",
    "workitemtype": "10",
    "workitem": "11",
    "field": "58",
    "element": "67",
    "savedquery": "81",
    "bundle": "86",
    "pcf": "92",
    "condition": "93",
    "activity": "98",
    "style": "99",
    "agile": "108",
    "sprint": "109",
    "article": "171",
    "articlecomment": "172",
}
#: What a YouTrack entity id looks like; anything else is "Invalid structure".
ENTITY_ID: Final = re.compile(r"^\d+-\d+$")
_QUERY_CACHE_SIZE: Final = 64


class Store:
    """All entities of one fake, by id, plus the indexes lookups need.

    Every mutation goes through :meth:`touch`, which bumps :attr:`version` and so
    invalidates cached search results.
    """

    def __init__(self, *, salt: str = "aioyoutrack-fake") -> None:
        self.version = 0
        self.salt = salt
        self.secret = os.urandom(16)
        self._counters: dict[str, int] = {}
        self._clock = 0
        self._step = 0
        self.users: dict[str, User] = {}
        self.users_by_login: dict[str, User] = {}
        self.tokens: dict[str, User] = {}
        self.groups: dict[str, Group] = {}
        #: The group every registered user belongs to (made by ``ensure_basics``).
        self.all_users: Group | None = None
        self.projects: dict[str, Project] = {}
        self.fields: dict[str, CustomField] = {}
        self.bundles: dict[str, Bundle] = {}
        self.elements: dict[str, BundleElement] = {}
        self.issues: dict[str, Issue] = {}
        self.issues_by_readable: dict[str, Issue] = {}
        self.comments: dict[str, Comment] = {}
        self.tags: dict[str, Tag] = {}
        self.link_types: dict[str, LinkType] = {}
        #: Every stored file by id (issue and article attachments), for downloads.
        self.attachments: dict[str, Attachment | ArticleAttachment] = {}
        self.work_items: dict[str, WorkItem] = {}
        self.work_item_types: dict[str, WorkItemType] = {}
        self.agiles: dict[str, Agile] = {}
        self.sprints: dict[str, Sprint] = {}
        self.saved_queries: dict[str, SavedQuery] = {}
        self.articles: dict[str, Article] = {}
        self.article_comments: dict[str, ArticleComment] = {}
        self.activities: list[Activity] = []
        self.activities_by_id: dict[str, Activity] = {}
        self._search_cache: OrderedDict[tuple[str, str], tuple[int, list[Issue]]] = OrderedDict()
        #: How many of the next ``issuesGetter/count`` calls answer -1 ("not ready").
        self.count_pending = 0

    # --- ids and time -----------------------------------------------------------------
    def new_id(self, kind: str) -> str:
        """A fresh database id such as ``2-17`` for ``kind`` (a :data:`PREFIX` key)."""
        number = self._counters.get(kind, 0)
        self._counters[kind] = number + 1
        return f"{PREFIX[kind]}-{number}"

    def now(self) -> int:
        """Epoch ms, strictly increasing so that timestamps order changes."""
        if self._step:
            self._clock += self._step
            return self._clock
        stamp = max(int(time.time() * 1000), self._clock + 1)
        self._clock = stamp
        return stamp

    def freeze_clock(self, start: int, step: int) -> None:
        """Make :meth:`now` count from ``start`` in ``step`` ms (deterministic seeding)."""
        self._clock = start
        self._step = step

    def unfreeze_clock(self) -> None:
        """Back to wall-clock time (still never going backwards)."""
        self._step = 0

    def keep(self, registry: dict[str, _KeptT], entity: _KeptT) -> _KeptT:
        """Register a new ``entity`` by its id in ``registry`` (one of the store's
        dicts), mark the store changed, and return the entity."""
        registry[entity.id] = entity
        self.touch()
        return entity

    def touch(self) -> None:
        """Record that data changed (drops cached search results)."""
        self.version += 1

    # --- users and permissions ----------------------------------------------------------
    @property
    def guest(self) -> User:
        """The guest account (requests without a token run as guest)."""
        return self.users_by_login["guest"]

    def user_by_token(self, token: str) -> User | None:
        """The user a permanent token belongs to."""
        return self.tokens.get(token)

    def find_user(self, key: str, me: User | None = None, *, ring_id: bool = True) -> User:
        """A user by id, login or (unless ``ring_id`` is false) ring id (``me`` for the
        caller); 404 if unknown."""
        if key == "me" and me is not None:
            return me
        user = self.users.get(key) or self.users_by_login.get(key.lower())
        if user is None and ring_id:
            user = next((u for u in self.users.values() if u.ring_id == key), None)
        if user is None:
            raise not_found(key)
        return user

    def can_read(self, user: User, project: Project) -> bool:
        """True when ``user`` may see the project's issues."""
        return user.admin or user in project.team.members

    def can_update(self, user: User, project: Project) -> bool:
        """True when ``user`` may change the project's issues."""
        return (user.admin or user in project.team.members) and not user.guest

    def can_see_comment(self, user: User, comment: Comment | ArticleComment) -> bool:
        """True when the comment's visibility lets ``user`` read it."""
        visibility = comment.visibility
        if not visibility.limited or user.admin or comment.author is user:
            return True
        if user in visibility.users:
            return True
        return any(user in group.members for group in visibility.groups)

    def require_admin(self, user: User) -> None:
        """403 unless ``user`` is an administrator."""
        if not user.admin:
            raise forbidden("You have no permission to administer this instance")

    def require_update(self, user: User, project: Project) -> None:
        """403 unless ``user`` may update issues of ``project``."""
        if not self.can_update(user, project):
            raise forbidden(f"You have no permission to update issues in {project.short_name}")

    # --- lookups ------------------------------------------------------------------------
    def find_project(self, key: str, user: User | None = None) -> Project:
        """A project by id or short name; 404 if unknown, 403 if ``user`` cannot see it."""
        project = self.projects.get(key)
        if project is None:
            low = key.lower()
            project = next((p for p in self.projects.values() if p.short_name.lower() == low), None)
        if project is None:
            raise not_found(key)
        if user is not None and not self.can_read(user, project):
            raise forbidden(f"You have no permission to read project {project.short_name}")
        return project

    def find_issue(self, key: str, user: User | None = None) -> Issue:
        """An issue by readable or database id; 404 if unknown, 403 if not visible."""
        issue = self.issues.get(key)
        if issue is None:
            issue = self.issues_by_readable.get(key.upper())
        if issue is None:
            raise not_found(key)
        if user is not None and not self.can_read(user, issue.project):
            raise forbidden(f"You have no permission to read issue {issue.id_readable}")
        return issue

    def issue_ref(self, ref: object, user: User) -> Issue:
        """An issue named by a JSON reference ``{"id"}`` or ``{"idReadable"}``."""
        if not isinstance(ref, dict):
            raise bad_request("An issue must be given as an object with id or idReadable")
        key = ref.get("id") or ref.get("idReadable")
        if not isinstance(key, str):
            raise bad_request("An issue must be given as an object with id or idReadable")
        if key == ref.get("id"):
            return self.by_id(key, lambda found: self.find_issue(found, user))
        return self.find_issue(key, user)

    def check_entity_id(self, key: str) -> None:
        """400 ``bad_request`` for a string that is not a YouTrack entity id."""
        if not ENTITY_ID.match(key):
            raise bad_request(f"Invalid structure of entity id: {key}")

    def by_id(self, key: str, find: Callable[[str], _FoundT]) -> _FoundT:
        """``find(key)`` for a ``key`` a request body gives as an entity's ``id``.

        Where nothing is found and ``key`` is not shaped like an entity id (a Hub ring
        id, anything else), the answer is the 400 of a real server's generic entity-id
        parser, "Invalid structure of entity id: <key>" (sample 036; semantics.md,
        Users: a ring id is never a YouTrack entity id), not a 404. What YouTrack takes
        instead of an id and ``find`` finds (a readable id, a login, a name) still works.
        """
        try:
            return find(key)
        except ApiError as error:
            if error.status == 404:
                self.check_entity_id(key)
            raise

    def find_tag(self, key: str) -> Tag:
        """A tag by id or name (case-insensitive); 404 if unknown."""
        return _by_id_or_name(self.tags, key)

    def find_group(self, key: str) -> Group:
        """A group by id or name (case-insensitive); 404 if unknown."""
        return _by_id_or_name(self.groups, key)

    def find_link_type(self, key: str) -> LinkType:
        """A link type by id or name; 404 if unknown."""
        return _by_id_or_name(self.link_types, key)

    def find_field(self, key: str) -> CustomField:
        """A global custom field by id or name; 404 if unknown."""
        return _by_id_or_name(self.fields, key)

    def subtask_type(self) -> LinkType | None:
        """The link type behind ``parent``/``subtasks``: the built-in Subtask (Duplicate
        is an aggregation too on a real server), else the first aggregation type."""
        kinds = [t for t in self.link_types.values() if t.aggregation]
        return next((t for t in kinds if t.name == "Subtask"), kinds[0] if kinds else None)

    # --- search ---------------------------------------------------------------------------
    def search(self, query: str | None, user: User) -> list[Issue]:
        """The issues ``query`` finds for ``user``, sorted; cached until data changes."""
        from .._language.query import run_query  # the query module depends on this one

        key = (query or "", user.id)
        cached = self._search_cache.get(key)
        if cached is not None and cached[0] == self.version:
            self._search_cache.move_to_end(key)
            return cached[1]
        result = run_query(self, query or "", user)
        self._search_cache[key] = (self.version, result)
        self._search_cache.move_to_end(key)
        if len(self._search_cache) > _QUERY_CACHE_SIZE:
            self._search_cache.popitem(last=False)
        return result

    # --- attachments ----------------------------------------------------------------------
    def sign(self, attachment: Attachment | ArticleAttachment) -> str:
        """The signature that authorises downloading ``attachment`` without a token."""
        message = f"{attachment.id}:{attachment.updated}".encode()
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()[:40]

    def attachment_url(self, attachment: Attachment | ArticleAttachment, root_path: str) -> str:
        """Signed download path relative to the origin (context path included)."""
        return (
            f"{root_path}api/files/{attachment.id}"
            f"?sign={self.sign(attachment)}&updated={attachment.updated}"
        )

    def check_sign(self, attachment: Attachment | ArticleAttachment, sign: str) -> bool:
        """True when ``sign`` is the attachment's current signature."""
        return hmac.compare_digest(self.sign(attachment), sign)


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


_KeptT = TypeVar("_KeptT", bound=_Identified)
_FoundT = TypeVar("_FoundT")


class _Named(Protocol):
    @property
    def name(self) -> str: ...


_NamedT = TypeVar("_NamedT", bound=_Named)


def _by_id_or_name(registry: Mapping[str, _NamedT], key: str) -> _NamedT:
    """The entity with id ``key``, else the one named ``key`` (case-insensitive); a 404
    naming ``key`` when there is neither."""
    found = registry.get(key)
    if found is None:
        low = key.lower()
        found = next((e for e in registry.values() if e.name.lower() == low), None)
    if found is None:
        raise not_found(key)
    return found


def require_unused(names: Iterable[str], name: str, what: str) -> None:
    """ValueError unless ``name`` differs from each of ``names`` ignoring case, the way
    tag, custom field and project short names are kept unique."""
    low = name.lower()
    if any(taken.lower() == low for taken in names):
        raise ConfigurationError(f"{what} {name!r} exists already")
