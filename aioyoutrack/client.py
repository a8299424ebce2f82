"""The public client: :class:`YouTrack`, the core (``_client.BaseClient``: configuration,
lifecycle, ``request``, ``stream``) plus one attribute per YouTrack URL subtree.

Each resource is made the first time its attribute is read (a cached property), and its
module is imported only then: a program that uses ``yt.issues`` never loads the
articles or the bundles, and ``from aioyoutrack import YouTrack`` costs little more than
aiohttp. The core modules (``aioyoutrack/_*.py``) never import the resources; this
module is where the two meet.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ._client import BaseClient

if TYPE_CHECKING:
    from .resources.activities import ActivitiesResource
    from .resources.admin import AdminResource
    from .resources.agiles import AgilesResource
    from .resources.articles import ArticlesResource
    from .resources.bundles import BundlesResource
    from .resources.commands import CommandsResource
    from .resources.custom_fields import CustomFieldsResource
    from .resources.groups import GroupsResource
    from .resources.issues import IssuesResource
    from .resources.links import LinkTypesResource
    from .resources.projects import ProjectsResource
    from .resources.saved_queries import SavedQueriesResource
    from .resources.search import SearchResource
    from .resources.tags import TagsResource
    from .resources.user_profiles import UserProfilesResource
    from .resources.users import UsersResource
    from .resources.work_items import WorkItemsResource

__all__ = ["YouTrack"]


class YouTrack(BaseClient):
    """An asyncio client of one YouTrack instance.

    ``url`` is the service root (``https://example.youtrack.cloud``, or with a context
    path like ``https://host/youtrack``; a trailing ``/api`` is accepted) and ``token``
    a permanent token; both fall back to ``YOUTRACK_URL`` / ``YOUTRACK_TOKEN``.

    ``max_concurrency`` bounds requests in flight; ``timeout`` is seconds per attempt or
    an ``aiohttp.ClientTimeout`` (default: 60 s in all, 10 s to connect; streamed
    downloads default to no per-attempt total and at most 30 s of silence, within the
    retry deadline); ``retry`` a :class:`RetryPolicy` (its ``deadline`` bounds every
    call, downloads included: raise it for very large attachments). A ``session`` passed
    in is borrowed: used, never closed. Plain ``http://`` is accepted only for loopback
    hosts unless ``allow_insecure_http=True``. ``max_response_bytes`` bounds the body of
    one response read into memory (default 64 MiB, after decompression; ``None``: no
    bound): past it the call fails with :class:`ResponseTooLargeError`; downloads through
    :meth:`stream` are not bounded.

    ``trace_configs`` go to the aiohttp session the client creates. The request headers
    their callbacks receive carry the real token (aiohttp sends those very values): its
    ``repr`` shows ``'***'``, so ``%r`` and logging the header mapping are safe, but the
    value itself is a plain ``str`` to ``json.dumps``, ``%s`` and f-strings. Log headers
    through :func:`~aioyoutrack.redact_headers`::

        async def on_request_start(session, context, params):
            log.debug("%s %s %s", params.method, params.url,
                      json.dumps(redact_headers(params.headers)))

    Use it as ``async with YouTrack(...) as yt:`` or call :meth:`aclose` when done. The
    aiohttp session is created on the first request, inside the running event loop.
    """

    # --- resources: one attribute per YouTrack URL subtree, made on first use ---------

    @cached_property
    def users(self) -> UsersResource:
        """``/api/users``: the current user and user profiles."""
        from .resources.users import UsersResource

        return UsersResource(self)

    @cached_property
    def projects(self) -> ProjectsResource:
        """``/api/admin/projects``: projects and their custom-field schema (cached)."""
        from .resources.projects import ProjectsResource

        return ProjectsResource(self)

    @cached_property
    def issues(self) -> IssuesResource:
        """``/api/issues``: issues, with ``.comments``, ``.custom_fields``, ``.tags``, ..."""
        from .resources.issues import IssuesResource

        return IssuesResource(self)

    @cached_property
    def tags(self) -> TagsResource:
        """``/api/tags``."""
        from .resources.tags import TagsResource

        return TagsResource(self)

    @cached_property
    def commands(self) -> CommandsResource:
        """``/api/commands``."""
        from .resources.commands import CommandsResource

        return CommandsResource(self)

    @cached_property
    def agiles(self) -> AgilesResource:
        """``/api/agiles``: agile boards, with ``.sprints``."""
        from .resources.agiles import AgilesResource

        return AgilesResource(self)

    @cached_property
    def saved_queries(self) -> SavedQueriesResource:
        """``/api/savedQueries``: saved searches and the issues they match."""
        from .resources.saved_queries import SavedQueriesResource

        return SavedQueriesResource(self)

    @cached_property
    def activities(self) -> ActivitiesResource:
        """``/api/activities`` and ``/api/activitiesPage``: history across issues."""
        from .resources.activities import ActivitiesResource

        return ActivitiesResource(self)

    @cached_property
    def articles(self) -> ArticlesResource:
        """``/api/articles``: the knowledge base, with comments, attachments, tags."""
        from .resources.articles import ArticlesResource

        return ArticlesResource(self)

    @cached_property
    def work_items(self) -> WorkItemsResource:
        """``/api/workItems``: time tracking across issues, and work item types."""
        from .resources.work_items import WorkItemsResource

        return WorkItemsResource(self)

    @cached_property
    def link_types(self) -> LinkTypesResource:
        """``/api/issueLinkTypes``: the kinds of issue link."""
        from .resources.links import LinkTypesResource

        return LinkTypesResource(self)

    @cached_property
    def groups(self) -> GroupsResource:
        """``/api/groups``: user groups."""
        from .resources.groups import GroupsResource

        return GroupsResource(self)

    @cached_property
    def custom_fields(self) -> CustomFieldsResource:
        """``/api/admin/customFieldSettings/customFields``: global custom fields."""
        from .resources.custom_fields import CustomFieldsResource

        return CustomFieldsResource(self)

    @cached_property
    def bundles(self) -> BundlesResource:
        """``/api/admin/customFieldSettings/bundles``: ``.enum``, ``.state``, ... ``.user``."""
        from .resources.bundles import BundlesResource

        return BundlesResource(self)

    @cached_property
    def admin(self) -> AdminResource:
        """``/api/admin``: project administration and installation settings."""
        from .resources.admin import AdminResource

        return AdminResource(self)

    @cached_property
    def user_profiles(self) -> UserProfilesResource:
        """``/api/users/{id}/profiles``: users' preferences."""
        from .resources.user_profiles import UserProfilesResource

        return UserProfilesResource(self)

    @cached_property
    def search(self) -> SearchResource:
        """``/api/search/assist``: search-query completion."""
        from .resources.search import SearchResource

        return SearchResource(self)
